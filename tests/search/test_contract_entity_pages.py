"""Entity pages and the entities-by-country table: the same answers from both backends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from entity_documents import UNODC, A, B, C, D, E
from tests_support import osmem_backend

from search.backend import QueryRewrite, SearchBackend, SearchQuery
from search.entity_pages import EntityPage, EntityPageQuery, figure_entity_terms
from search.open import open_backend


@pytest.fixture
def filled(backend: SearchBackend) -> SearchBackend:
    assert backend.upsert([A, B, C, D, E]) == []
    return backend


def _page(backend: SearchBackend, key: str = "nghe an", **options: Any) -> EntityPage:
    page = backend.entity_page(EntityPageQuery(key=key, **options))
    assert page is not None
    return page


def test_a_page_gives_label_forms_documents_countries_figures_and_related(
    filled: SearchBackend,
) -> None:
    page = _page(filled)
    assert (page.key, page.label, page.name) == ("nghe an", "LOC", None)  # the API names it
    assert [(c.label, c.documents) for c in page.labels] == [("LOC", 3), ("ORG", 1)]
    assert [(f.form, f.documents) for f in page.forms] == [("Nghe An", 2), ("Nghệ An", 1)]
    # Newest first, undated last, each with its mentions of the key under this label.
    documents = page.documents
    assert documents.total == 3 and documents.next_cursor is None
    assert [(d.id, d.mentions) for d in documents.items] == [("b", 1), ("a", 1), ("c", 3)]
    assert documents.items[1].model_dump() == {
        "id": "a", "title": "Nghe An", "source": "a.txt", "published": dt.date(2023, 10, 6),
        "language": "fr", "countries": ["VN"], "mentions": 1,
    }  # fmt: skip
    assert [(c.country, c.documents) for c in page.countries] == [("VN", 3), ("GB", 1), ("IT", 1)]
    # Figures of sentences naming it: b's figure stands in a sentence about Hanoi.
    assert page.figures.total == 2
    assert [(r.document_id, r.text, r.as_of) for r in page.figures.items] == [
        ("a", "3810 toxicomanes", "2023-09-30"),
        ("c", "44 centri", None),
    ]
    assert page.figures.items[0].sentence.startswith("Au 30 septembre 2023, la province")
    assert [(r.key, r.label, r.documents) for r in page.related] == [
        (UNODC, "ORG", 3), ("hanoi", "LOC", 1), ("tran anh tuan", "PER", 1),
    ]  # fmt: skip
    assert set(page.related[0].forms) == {
        "ONUDC", "UNODC", "Ufficio delle Nazioni Unite contro la droga e il crimine",
    }  # fmt: skip


def test_documents_page_by_cursor_and_by_offset(filled: SearchBackend) -> None:
    first = _page(filled, limit=2)
    assert [d.id for d in first.documents.items] == ["b", "a"]
    assert first.documents.next_cursor
    second = _page(filled, limit=2, cursor=first.documents.next_cursor)
    assert [d.id for d in second.documents.items] == ["c"]
    assert second.documents.next_cursor is None
    assert [d.id for d in _page(filled, limit=2, offset=1).documents.items] == ["a", "c"]
    summary = _page(filled, limit=0, figures=0, related=0)
    assert summary.documents.items == [] and summary.documents.total == 3
    assert summary.figures.total == 2 and summary.figures.items == [] and summary.related == []


def test_a_label_picks_the_key_under_that_label(filled: SearchBackend) -> None:
    company = _page(filled, label="ORG")
    assert company.label == "ORG" and [d.id for d in company.documents.items] == ["d"]
    assert [(c.country, c.documents) for c in company.countries] == [("FR", 1)]
    assert company.figures.total == 0 and company.related == []
    people = _page(filled, related_label="PER").related
    assert [(r.key, r.documents) for r in people] == [("tran anh tuan", 1)]
    assert [r.key for r in _page(filled, related=1).related] == [UNODC]


def test_unknown_keys_and_labels_have_no_page(filled: SearchBackend) -> None:
    assert filled.entity_page(EntityPageQuery(key="atlantis")) is None
    assert filled.entity_page(EntityPageQuery(key="nghe an", label="PER")) is None
    assert filled.entity_page(EntityPageQuery(key="nghe")) is None  # keys match whole


def test_keys_with_accents_and_spaces(filled: SearchBackend) -> None:
    page = _page(filled, "são tomé")
    assert [(f.form, f.documents) for f in page.forms] == [("São Tomé", 1)]
    assert [d.id for d in page.documents.items] == ["e"]
    assert [r.text for r in page.figures.items] == ["12 cliniques"]


def test_a_document_written_again_moves_its_figures(filled: SearchBackend) -> None:
    # The figure's sentence no longer names Nghe An: its page loses the figure.
    moved = A.model_copy(update={"entities": [e for e in A.entities if e.key != "nghe an"]})
    filled.upsert([moved])
    page = _page(filled)
    assert [r.document_id for r in page.figures.items] == ["c"]
    assert _page(filled, "tran anh tuan").figures.total == 1


def _table(backend: SearchBackend, rewrite: QueryRewrite | None = None, **query: Any) -> list[Any]:
    """[documents counted, columns, then a (key, documents, cells) row per entity]."""
    table = backend.entities_by_country(SearchQuery(limit=0, **query), rewrite)
    return [table.documents, [(c.country, c.documents) for c in table.countries]] + [
        (row.key, row.documents, [(c.country, c.documents) for c in row.countries])
        for row in table.entities
    ]


def test_organisations_by_country(filled: SearchBackend) -> None:
    assert _table(filled, facet_label="ORG") == [
        5,
        [("VN", 3), ("FR", 1), ("GB", 1), ("IT", 1)],  # ST: no organisation is named there
        (UNODC, 3, [("VN", 3), ("GB", 1), ("IT", 1)]),
        ("nghe an", 1, [("FR", 1)]),
    ]
    table = filled.entities_by_country(SearchQuery(limit=0, facet_label="ORG"))
    assert set(table.entities[0].forms) == {
        "ONUDC", "UNODC", "Ufficio delle Nazioni Unite contro la droga e il crimine",
    }  # fmt: skip
    assert table.entities[0].name is None  # the API names it


def test_the_table_takes_the_entities_list_filters(filled: SearchBackend) -> None:
    assert _table(filled, facet_label="ORG", lang="fr") == [
        3, [("FR", 1), ("VN", 1)], ("nghe an", 1, [("FR", 1)]), (UNODC, 1, [("VN", 1)]),
    ]  # fmt: skip
    assert _table(filled, facet_label="ORG", country=["IT"]) == [
        1, [("IT", 1), ("VN", 1)], (UNODC, 1, [("IT", 1), ("VN", 1)]),
    ]  # fmt: skip
    assert _table(filled, facet_label="ORG", facet_size=1)[2:] == [
        (UNODC, 3, [("VN", 3), ("GB", 1), ("IT", 1)])
    ]
    by_name = QueryRewrite(text="", entity_match="nazioni", entity_keys=[UNODC])
    assert [row[0] for row in _table(filled, by_name, facet_label="ORG")[2:]] == [UNODC]
    places = _table(filled, facet_label="LOC")
    assert [row[0] for row in places[2:]] == ["nghe an", "hanoi", "são tomé"]


def test_figure_terms_are_the_entities_of_the_figures_sentence() -> None:
    assert figure_entity_terms(A) == [["LOC:nghe an", "PER:tran anh tuan"]]
    assert figure_entity_terms(B) == [["LOC:hanoi"]]
    assert figure_entity_terms(D) == []


@pytest.mark.es
def test_both_backends_give_the_same_page(tmp_path: Path, osmem_clone: object) -> None:
    embedded = open_backend(f"tantivy://{tmp_path / 'index'}")
    server = osmem_backend(osmem_clone.url)  # type: ignore[attr-defined]
    for backend in (embedded, server):
        assert backend.upsert([A, B, C, D, E]) == []
    for key in ("nghe an", UNODC, "hanoi", "tran anh tuan", "são tomé"):
        pages = [backend.entity_page(EntityPageQuery(key=key)) for backend in (embedded, server)]
        assert pages[0] == pages[1], key
    tables = [b.entities_by_country(SearchQuery(facet_label="LOC")) for b in (embedded, server)]
    assert tables[0] == tables[1]
