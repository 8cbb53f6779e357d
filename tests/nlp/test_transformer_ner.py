"""The optional transformers NER path, on a tiny BERT and WordPiece tokenizer built here."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.model import Document, LanguageSpan
from nlp.analyzer import Analyzer
from nlp.entities import Candidate
from nlp.errors import NerModelUnavailable
from nlp.pipelines import Pipelines
from nlp.transformer_ner import (
    MAX_PARAGRAPH_CHARS,
    entity_label,
    load_ner_model,
    paragraph_spans,
    transformer_candidates,
)

ROOT = Path(__file__).resolve().parents[2]
LABELS = ["O", "B-PERSON", "I-PERSON", "B-ORG", "I-ORG", "B-GPE", "I-GPE", "B-DATE", "I-DATE"]
# Sentences of our own, one (words, tags) pair each; the tiny model learns them by heart.
TRAINING = [
    ("Amara Diallo visite Lyon en 2021 .", "B-PERSON I-PERSON O B-GPE O B-DATE O"),
    ("Lucia Ferri lavora con l' OMS a Torino .", "B-PERSON I-PERSON O O O B-ORG O B-GPE O"),
    ("Tom Baker met the OMS in Leeds in 2019 .", "B-PERSON I-PERSON O O B-ORG O B-GPE O B-DATE O"),
    ("le rapport de l' OMS cite Amara Diallo .", "O O O O B-ORG O B-PERSON I-PERSON O"),
    ("a Lyon e a Leeds il rapporto cita Lucia Ferri", "O B-GPE O O B-GPE O O O B-PERSON I-PERSON"),
    ("the report from Torino names Tom Baker", "O O O B-GPE O B-PERSON I-PERSON"),
    ("en 2019 le rapport et en 2021 la visite", "O B-DATE O O O O B-DATE O O"),
    ("the team met the report with the visite", "O O O O O O O O"),
    ("In 2021 Il rapporto e Le rapport avec the team", "O B-DATE O O O O O O O O"),
]
# Three paragraphs in three languages; the names recur in new company.
DOCUMENT = (
    "Amara Diallo visite Lyon avec le rapport de l'OMS en 2021.\n\n"
    "Lucia Ferri ha letto il rapporto a Torino.\n"
    "\n  \n"
    "In 2019 Tom Baker met the team in Leeds."
)
EXPECTED = {
    ("Amara Diallo", "PER"),
    ("Lyon", "LOC"),
    ("OMS", "ORG"),
    ("Lucia Ferri", "PER"),
    ("Torino", "LOC"),
    ("Tom Baker", "PER"),
    ("Leeds", "LOC"),
}


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 1-layer BERT token classifier, trained for a few steps, saved with its tokenizer."""
    with pytest.MonkeyPatch.context() as patch:
        # Nothing may come from a hub: whatever loads must be the files written here.
        patch.setenv("HF_HUB_OFFLINE", "1")
        reason = "the transformers extra is not installed (pip install -e '.[transformers]')"
        torch = pytest.importorskip("torch", reason=reason)
        pytest.importorskip("transformers", reason=reason)
        from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
        from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

        wordpiece = Tokenizer(models.WordPiece(unk_token="[UNK]"))
        wordpiece.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=False)
        wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        trainer = trainers.WordPieceTrainer(vocab_size=300, special_tokens=specials)
        wordpiece.train_from_iterator([words for words, _ in TRAINING], trainer)
        # No model_max_length: the loader must take the bound from the model's positions.
        tokenizer = BertTokenizerFast(
            vocab=wordpiece.get_vocab(), do_lower_case=False, strip_accents=False
        )
        torch.manual_seed(0)
        config = BertConfig(
            vocab_size=len(wordpiece.get_vocab()),
            hidden_size=32,
            num_hidden_layers=1,
            num_attention_heads=2,
            intermediate_size=64,
            max_position_embeddings=32,
            id2label=dict(enumerate(LABELS)),
            label2id={label: index for index, label in enumerate(LABELS)},
        )
        model = BertForTokenClassification(config)
        _train(model, tokenizer, torch)
        directory = tmp_path_factory.mktemp("tiny-ner")
        model.save_pretrained(directory)
        tokenizer.save_pretrained(directory)
        yield directory


def _train(model: Any, tokenizer: Any, torch: Any) -> None:
    """Forty steps over TRAINING, enough to learn it by heart; a word's pieces share its tag."""
    batch = tokenizer(
        [words.split() for words, _ in TRAINING],
        is_split_into_words=True,
        padding=True,
        return_tensors="pt",
    )
    targets = []
    for row, (_, tags) in enumerate(TRAINING):
        names = tags.split()
        targets.append(
            [-100 if word is None else LABELS.index(names[word]) for word in batch.word_ids(row)]
        )
    labels = torch.tensor(targets)
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for _ in range(40):
        optimiser.zero_grad()
        loss = model(**batch, labels=labels).loss
        loss.backward()
        optimiser.step()
    model.eval()


def _pairs(text: str, candidates: list[Candidate]) -> set[tuple[str, str]]:
    return {(text[c.start : c.end], c.label) for c in candidates}


def _document(text: str, languages: list[tuple[int, int, str]]) -> Document:
    """Paragraphs in these languages; no document language, so the analyser stops at entities."""
    spans = [LanguageSpan(start=s, end=e, language=lang) for s, e, lang in languages]
    return Document(id="d", source="d", text=text, paragraph_languages=spans)


def test_labels_map_onto_ours() -> None:
    assert entity_label("B-PER") == entity_label("I-PERSON") == entity_label("per") == "PER"
    assert entity_label("B-GPE") == entity_label("LOC") == entity_label("S-LOCATION") == "LOC"
    assert entity_label("I-ORG") == entity_label("ORGANIZATION") == "ORG"
    assert entity_label("B-MISC") == entity_label("NORP") == "MISC"
    assert entity_label("B-DATE") is None and entity_label("LABEL_3") is None
    assert entity_label("O") is None


def test_paragraphs_are_cut_at_blank_lines_and_when_long() -> None:
    spans = list(paragraph_spans(DOCUMENT))
    assert [DOCUMENT[s:e] for s, e in spans] == [
        "Amara Diallo visite Lyon avec le rapport de l'OMS en 2021.",
        "Lucia Ferri ha letto il rapporto a Torino.",
        "In 2019 Tom Baker met the team in Leeds.",
    ]
    long = "mot " * MAX_PARAGRAPH_CHARS
    pieces = list(paragraph_spans(long))
    assert len(pieces) >= 2 and all(e - s <= MAX_PARAGRAPH_CHARS for s, e in pieces)
    assert all(long[s:e].strip() == long[s:e] for s, e in pieces)  # cut between words
    # Within a region only: the second paragraph alone.
    start = DOCUMENT.index("Lucia")
    assert list(paragraph_spans(DOCUMENT, start - 2, DOCUMENT.index("In 2019"))) == [
        (start, DOCUMENT.index("\n", start))
    ]


def test_entities_come_back_at_document_offsets(tiny_model: Path) -> None:
    model = load_ner_model(str(tiny_model))
    assert load_ner_model(str(tiny_model)) is model  # loaded once
    assert model.aggregation == "first" and model.stride is not None
    found = transformer_candidates(model, DOCUMENT)
    assert _pairs(DOCUMENT, found) == EXPECTED  # the DATE tags are dropped
    first_paragraph_end = DOCUMENT.index("\n")
    for candidate in found:
        name = DOCUMENT[candidate.start : candidate.end]
        assert name == name.strip() and candidate.priority == 2
        if name in ("Lucia Ferri", "Torino", "Tom Baker", "Leeds"):
            assert candidate.start > first_paragraph_end
            assert candidate.start == DOCUMENT.index(name)


def test_batches_of_any_size_find_the_same(tiny_model: Path) -> None:
    model = load_ner_model(str(tiny_model))
    text = "\n\n".join([DOCUMENT] * 3)
    one_call = transformer_candidates(model, text, batch_size=16)
    assert transformer_candidates(model, text, batch_size=2) == one_call
    assert transformer_candidates(model, text, batch_size=1) == one_call
    assert sorted(c.start for c in one_call if text[c.start : c.end] == "Leeds") == [
        i for i in range(len(text)) if text.startswith("Leeds", i)
    ]


def test_paragraph_longer_than_the_model_window(tiny_model: Path) -> None:
    model = load_ner_model(str(tiny_model))
    filler = " ".join(["the report"] * 20)  # 40 tokens: the window holds 30
    text = f"Amara Diallo {filler} Leeds {filler} Torino"
    found = _pairs(text, transformer_candidates(model, text))
    assert {("Amara Diallo", "PER"), ("Leeds", "LOC"), ("Torino", "LOC")} <= found


def test_regions_limit_where_the_model_reads(tiny_model: Path) -> None:
    model = load_ner_model(str(tiny_model))
    start = DOCUMENT.index("Lucia")
    found = transformer_candidates(model, DOCUMENT, [(start, DOCUMENT.index("In 2019"))])
    assert _pairs(DOCUMENT, found) == {("Lucia Ferri", "PER"), ("Torino", "LOC")}


def test_analyzer_merges_the_model_with_the_rules(tiny_model: Path) -> None:
    pipelines = Pipelines({"fr": "blank:fr", "it": "blank:it", "en": "blank:en"})
    italian, english = DOCUMENT.index("Lucia"), DOCUMENT.index("In 2019")
    document = _document(
        DOCUMENT, [(0, italian, "fr"), (italian, english, "it"), (english, len(DOCUMENT), "en")]
    )
    rules_only = Analyzer(pipelines).analyze_one(document)
    merged = Analyzer(pipelines, ner_model=str(tiny_model)).analyze_one(document)
    found = {(e.text, e.label) for e in merged.entities}
    assert found >= EXPECTED
    # The gazetteer knows a place called Amara; the model's longer person name wins.
    assert ("Amara", "LOC") in {(e.text, e.label) for e in rules_only.entities}
    assert ("Amara", "LOC") not in found and ("Amara Diallo", "PER") in found
    for entity in rules_only.entities:  # every other rule entity stays, or lies in a longer one
        assert any(m.start <= entity.start and entity.end <= m.end for m in merged.entities)
    for entity in merged.entities:
        assert DOCUMENT[entity.start : entity.end] == entity.text
    # On the same span the organisation gazetteer (priority 3) outranks the model (2).
    oms = next(e for e in merged.entities if e.text == "OMS")
    assert oms == next(e for e in rules_only.entities if e.text == "OMS")


def test_analyzer_reads_only_the_languages_it_analyses(tiny_model: Path) -> None:
    italian = DOCUMENT.index("Lucia")
    document = _document(DOCUMENT, [(0, italian, "fr"), (italian, len(DOCUMENT), "de")])
    analyzer = Analyzer(Pipelines({"fr": "blank:fr"}), ner_model=str(tiny_model))
    names = {e.text for e in analyzer.analyze_one(document).entities}
    assert "Amara Diallo" in names and "Lucia Ferri" not in names


def test_a_missing_model_names_the_setting(tmp_path: Path) -> None:
    pytest.importorskip("transformers", reason="the transformers extra is not installed")
    with pytest.raises(NerModelUnavailable, match="ner_model 'nobody/no-such-ner': not a dir"):
        load_ner_model("nobody/no-such-ner")
    with pytest.raises(NerModelUnavailable, match="holds no loadable"):
        load_ner_model(str(tmp_path))


def test_without_ner_model_transformers_is_never_imported() -> None:
    script = (
        "import json, sys\n"
        "from ingest.model import Document, LanguageSpan\n"
        "from nlp.analyzer import Analyzer\n"
        "from nlp.pipelines import Pipelines\n"
        "text = 'Amara Diallo visite Lyon.'\n"
        "span = LanguageSpan(start=0, end=len(text), language='fr')\n"
        "doc = Document(id='d', source='d', text=text, paragraph_languages=[span])\n"
        "Analyzer(Pipelines({'fr': 'blank:fr'})).analyze_one(doc)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('transformers', 'tokenizers', 'huggingface_hub'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
