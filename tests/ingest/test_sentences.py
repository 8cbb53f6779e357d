"""The two readings of where sentences end: the shared coarse one and a reader's."""

from __future__ import annotations

from ingest.sentences import Sentences, sentence_spans

TEXT = "Le ministre Clément P. Sawadogo a cité 1.5 million. Dr. Rossi a confirmé; fin.\nFin"


def test_sentences_end_at_full_stops_not_at_initials_or_decimals() -> None:
    starts = [TEXT[start:end].split()[0] for start, end in sentence_spans(TEXT)]
    assert starts == ["Le", "Dr.", "Fin"]


def test_the_coarse_reading_ends_at_every_stop_and_semicolon() -> None:
    sentences = Sentences(TEXT)
    rossi = TEXT.index("Rossi")
    assert TEXT[slice(*sentences.around(rossi, rossi + 5))] == "Rossi a confirmé;"
    sawadogo = TEXT.index("Sawadogo")
    assert TEXT[slice(*sentences.around(sawadogo, sawadogo + 8))].startswith("Sawadogo a cité 1.5")
