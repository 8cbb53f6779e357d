"""The behaviour every search backend must show: sets, counts and unambiguous top hits only."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.model import DateMention, Document, Entity, Figure, Topic
from ingest.normalize import paged_text
from ingest.pages import PageText
from search.backend import QueryRewrite, SearchBackend, SearchQuery
from search.concept_encoding import concept_token
from search.errors import InvalidQuery
from search.figures import FigureQuery


def _entity(text: str, label: str, start: int) -> Entity:
    return Entity(text=text, label=label, start=start, end=start + len(text), key=text.lower())  # type: ignore[arg-type]


FR = Document(
    id="fr1",
    source="fr1.txt",
    title="Traitement de la toxicomanie à Nghe An",
    published=dt.date(2023, 10, 6),
    text="Au 30 septembre 2023, la province comptait 3 810 toxicomanes selon Tran Anh Tuan.",
    language="fr",
    entities=[_entity("Tran Anh Tuan", "PER", 67)],
    countries=["VN"],
    figures=[
        Figure(
            text="3 810 toxicomanes",
            start=43,
            end=60,
            value=3810,
            about="toxicomanes",
            measure="drug-users",
            as_of="2023-09-30",
            topics=["addiction"],
        ),
    ],
    topics=[Topic(concept="addiction-treatment", count=2), Topic(concept="addiction", count=1)],
)
IT = Document(
    id="it1",
    source="it1.txt",
    title="Metadone in Lombardia",
    published=dt.date(2021, 3, 1),
    text="I servizi per le tossicodipendenze della Lombardia seguono 1.572 pazienti in metadone.",
    language="it",
    countries=["IT"],
    figures=[
        Figure(
            text="1.572 pazienti",
            start=59,
            end=73,
            value=1572,
            about="pazienti",
            measure="people-in-treatment",
            topics=["methadone"],
        ),
        Figure(text="metadone", start=77, end=85, value=84.1, unit="percent"),
    ],
    topics=[Topic(concept="methadone", count=2)],
)
EN = Document(
    id="en1",
    source="en1.txt",
    title="Harm reduction in Scotland",
    text="Drug deaths fell as harm reduction services reached more than 1,100 people <b>daily</b>.",
    language="en",
    countries=["GB"],
)
DE = Document(id="de1", source="de1.txt", text="Die Suchthilfe in Berlin wächst.", language="de")


@pytest.fixture
def filled(backend: SearchBackend) -> SearchBackend:
    assert backend.upsert([FR, IT, EN, DE]) == []
    return backend


def _ids(backend: SearchBackend, **query: object) -> set[str]:
    return {hit.id for hit in backend.search(SearchQuery(limit=100, **query)).hits}  # type: ignore[arg-type]


def test_count_get_and_round_trip(filled: SearchBackend) -> None:
    assert filled.count() == 4
    assert filled.get("fr1") == FR
    assert filled.get("nope") is None
    assert {d.id for d in filled.iter_documents()} == {"fr1", "it1", "en1", "de1"}


def test_upsert_replaces_by_id(filled: SearchBackend) -> None:
    changed = FR.model_copy(update={"title": "Nouveau titre"})
    filled.upsert([changed])
    assert filled.count() == 4
    stored = filled.get("fr1")
    assert stored is not None and stored.title == "Nouveau titre"


def test_stemming_per_language(filled: SearchBackend) -> None:
    assert _ids(filled, q="toxicomane") == {"fr1"}
    assert _ids(filled, q="tossicodipendenza") == {"it1"}
    assert _ids(filled, q="death") == {"en1"}


def test_accents_are_folded(filled: SearchBackend) -> None:
    assert _ids(filled, q="wachst") == {"de1"}
    assert _ids(filled, q="Lombardía") == {"it1"}


def test_terms_are_all_required_by_default(filled: SearchBackend) -> None:
    assert _ids(filled, q="metadone pazienti") == {"it1"}
    assert _ids(filled, q="metadone toxicomanes") == set()
    assert _ids(filled, q="metadone OR toxicomanes") == {"it1", "fr1"}


def test_filters_by_language_and_entity(filled: SearchBackend) -> None:
    assert _ids(filled, lang="it") == {"it1"}
    assert _ids(filled, entity=("tran anh tuan",)) == {"fr1"}
    assert _ids(filled, q="toxicomanes", lang="it") == set()


def test_empty_query_lists_everything_with_total(filled: SearchBackend) -> None:
    result = filled.search(SearchQuery(limit=2))
    assert result.total == 4 and len(result.hits) == 2
    second = filled.search(SearchQuery(limit=2, offset=2))
    assert {h.id for h in result.hits}.isdisjoint({h.id for h in second.hits})


@pytest.mark.parametrize("text", ["💩", "\x00", "\\", "??", " ?! ", "()"])
def test_a_query_with_no_word_in_it_matches_nothing(filled: SearchBackend, text: str) -> None:
    # Typed but wordless: nothing to look for, unlike the empty query that lists everything.
    assert filled.search(SearchQuery(q=text)).total == 0
    assert filled.search_figures(FigureQuery(q=text)).total == 0


def test_facets_count_languages_and_entities(filled: SearchBackend) -> None:
    result = filled.search(SearchQuery())
    assert result.facets_sampled is None  # a few documents: counted exactly
    facets = result.facets
    assert {(f.value, f.count) for f in facets["language"]} == {
        ("fr", 1),
        ("it", 1),
        ("en", 1),
        ("de", 1),
    }
    assert [(f.value, f.label, f.count) for f in facets["entities"]] == [
        ("tran anh tuan", "PER", 1)
    ]
    assert {f.value for f in facets["countries"]} == {"VN", "IT", "GB"}


def test_snippets_highlight_and_escape(filled: SearchBackend) -> None:
    [hit] = filled.search(SearchQuery(q="toxicomanes")).hits
    assert "<b>toxicomanes</b>" in hit.snippet
    [english] = filled.search(SearchQuery(q="harm")).hits
    assert "&lt;b&gt;daily" in english.snippet and "<b>daily" not in english.snippet
    assert "<b>harm</b>" in english.snippet


def test_delete(filled: SearchBackend) -> None:
    assert filled.delete("it1") is True
    assert filled.delete("it1") is False
    assert filled.count() == 3 and filled.get("it1") is None


def test_bad_query_is_a_clear_error(filled: SearchBackend) -> None:
    with pytest.raises(InvalidQuery, match="cannot parse query"):
        filled.search(SearchQuery(q='"unclosed phrase AND ('))


def test_filters_by_country_source_label_and_dates(filled: SearchBackend) -> None:
    assert _ids(filled, country=("VN",)) == {"fr1"}
    assert _ids(filled, source="it1.txt") == {"it1"}
    assert _ids(filled, entity=("tran anh tuan",), label="PER") == {"fr1"}
    assert _ids(filled, entity=("tran anh tuan",), label="ORG") == set()
    assert _ids(filled, entity=("PER:tran anh tuan",)) == {"fr1"}
    assert _ids(filled, entity=("LOC:tran anh tuan",)) == set()
    assert _ids(filled, published_from=dt.date(2022, 1, 1)) == {"fr1"}
    assert _ids(filled, published_to=dt.date(2022, 1, 1)) == {"it1"}
    assert _ids(filled, published_from=dt.date(2021, 3, 1), published_to=dt.date(2023, 10, 6)) == {
        "fr1",
        "it1",
    }


def test_not_and_exact_forms(filled: SearchBackend) -> None:
    assert _ids(filled, q="metadone NOT pazienti") == set()
    assert _ids(filled, q="metadone AND NOT toxicomanes") == {"it1"}
    assert _ids(filled, q="-metadone", lang="it") == set()
    assert _ids(filled, q="toxicomane", stem=False) == set()
    assert _ids(filled, q="toxicomanes", stem=False) == {"fr1"}


def test_sort_by_date_puts_the_newest_first(filled: SearchBackend) -> None:
    hits = filled.search(SearchQuery(sort="date", limit=2)).hits
    assert [hit.id for hit in hits] == ["fr1", "it1"]


def test_sort_by_date_pages_newest_first_and_undated_last(filled: SearchBackend) -> None:
    older = EN.model_copy(
        update={"id": "en0", "source": "en0.txt", "published": dt.date(2022, 5, 9)}
    )
    filled.upsert([older])
    seen: list[tuple[str, dt.date | None]] = []
    cursor = None
    for _ in range(10):
        page = filled.search(SearchQuery(sort="date", limit=2, cursor=cursor))
        seen += [(hit.id, hit.published) for hit in page.hits]
        if (cursor := page.next_cursor) is None:
            break
    assert seen[:3] == [
        ("fr1", dt.date(2023, 10, 6)),
        ("en0", dt.date(2022, 5, 9)),
        ("it1", dt.date(2021, 3, 1)),
    ]
    assert sorted(seen[3:]) == [("de1", None), ("en1", None)]


def test_cursor_pages_through_everything_once(filled: SearchBackend) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = filled.search(SearchQuery(limit=1, cursor=cursor))
        seen += [hit.id for hit in page.hits]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == ["de1", "en1", "fr1", "it1"]


def test_year_facet(filled: SearchBackend) -> None:
    facets = filled.search(SearchQuery()).facets
    assert {(f.value, f.count) for f in facets["year"]} == {("2023", 1), ("2021", 1)}


def test_year_facet_counts_the_publication_year_not_the_years_the_text_names(
    filled: SearchBackend,
) -> None:
    text = "Entre 2017 et 2019, les admissions ont doublé."
    report = Document(
        id="fr2",
        source="fr2.txt",
        published=dt.date(2020, 2, 3),
        text=text,
        language="fr",
        dates=[DateMention(text="Entre 2017 et 2019", start=0, end=18, value="2017/2019")],
    )
    filled.upsert([report])
    facets = filled.search(SearchQuery(q="admissions")).facets
    assert [(f.value, f.count) for f in facets["year"]] == [("2020", 1)]
    [hit] = filled.search(SearchQuery(q="admissions")).hits
    assert hit.published == dt.date(2020, 2, 3)


def test_limit_zero_counts_without_hits(filled: SearchBackend) -> None:
    result = filled.search(SearchQuery(limit=0))
    assert (result.total, result.hits) == (4, [])
    assert {f.value for f in result.facets["language"]} == {"fr", "it", "en", "de"}


def _rows(backend: SearchBackend, **query: object) -> list[tuple[str, float | None]]:
    page = backend.search_figures(FigureQuery(limit=100, **query))  # type: ignore[arg-type]
    return [(row.document_id, row.value) for row in page.rows]


def test_figures_carry_provenance(filled: SearchBackend) -> None:
    page = filled.search_figures(FigureQuery(document="fr1"))
    assert page.total == 1
    [row] = page.rows
    assert (row.text, row.value, row.unit, row.as_of) == (
        "3 810 toxicomanes",
        3810,
        "count",
        "2023-09-30",
    )
    assert (row.title, row.language, row.countries, row.source) == (
        FR.title,
        "fr",
        ["VN"],
        "fr1.txt",
    )
    assert row.sentence == FR.text  # one sentence
    assert FR.text[row.start : row.end] == row.text


def test_figures_filter_by_words_unit_value_country_and_date(filled: SearchBackend) -> None:
    assert sorted(_rows(filled)) == [("fr1", 3810), ("it1", 84.1), ("it1", 1572)]
    assert _rows(filled, q="toxicomane") == [("fr1", 3810)]
    assert _rows(filled, unit="percent") == [("it1", 84.1)]
    assert sorted(_rows(filled, value_min=1000)) == [("fr1", 3810), ("it1", 1572)]
    assert _rows(filled, value_max=100) == [("it1", 84.1)]
    assert sorted(_rows(filled, country=["IT"])) == [("it1", 84.1), ("it1", 1572)]
    assert _rows(filled, lang="fr") == [("fr1", 3810)]
    assert _rows(filled, as_of_from=dt.date(2023, 1, 1)) == [("fr1", 3810)]
    assert _rows(filled, as_of_to=dt.date(2022, 1, 1)) == []


def test_figures_sort_page_and_stream(filled: SearchBackend) -> None:
    assert _rows(filled, sort="value", order="desc") == [
        ("fr1", 3810),
        ("it1", 1572),
        ("it1", 84.1),
    ]
    first = filled.search_figures(FigureQuery(sort="value", limit=2))
    second = filled.search_figures(FigureQuery(sort="value", limit=2, cursor=first.next_cursor))
    assert [r.value for r in first.rows + second.rows] == [84.1, 1572, 3810]
    assert second.next_cursor is None
    streamed = list(filled.iter_figures(FigureQuery(sort="value", limit=1)))
    assert [r.value for r in streamed] == [84.1, 1572, 3810]


def test_deleting_or_replacing_a_document_takes_its_figures(filled: SearchBackend) -> None:
    filled.upsert([IT.model_copy(update={"figures": IT.figures[:1]})])
    assert sorted(_rows(filled)) == [("fr1", 3810), ("it1", 1572)]
    filled.delete("fr1")
    assert _rows(filled) == [("it1", 1572)]
    assert filled.count() == 3


def test_entity_facet_by_label_and_size(filled: SearchBackend) -> None:
    filled.upsert(
        [
            EN.model_copy(
                update={"entities": [_entity("Harm", "ORG", 0), _entity("Scotland", "LOC", 0)]}
            )
        ]
    )
    people = filled.search(SearchQuery(limit=0, facet_label="PER")).facets["entities"]
    assert [(f.value, f.label) for f in people] == [("tran anh tuan", "PER")]
    one = filled.search(SearchQuery(limit=0, facet_size=1)).facets["entities"]
    assert len(one) == 1


def test_topic_filters_match_any_concept_of_their_group(filled: SearchBackend) -> None:
    def ids(*groups: list[str]) -> set[str]:
        rewrite = QueryRewrite(text="", topics=list(groups))
        return {hit.id for hit in filled.search(SearchQuery(limit=10), rewrite).hits}

    assert ids(["methadone"]) == {"it1"}
    assert ids(["addiction-treatment", "methadone"]) == {"fr1", "it1"}
    assert ids(["addiction-treatment", "methadone"], ["addiction"]) == {"fr1"}
    assert ids(["nothing-like-it"]) == set()
    # Without a rewrite, each topic value is a filter of its own.
    assert _ids(filled, topic=["methadone"]) == {"it1"}


def test_topics_facet_counts_documents(filled: SearchBackend) -> None:
    facets = filled.search(SearchQuery(limit=0)).facets["topics"]
    assert {(f.value, f.count) for f in facets} == {
        ("addiction-treatment", 1),
        ("addiction", 1),
        ("methadone", 1),
    }


def test_a_rewrite_replaces_the_text_and_preferred_matches_rank_first(
    filled: SearchBackend,
) -> None:
    for preferred, first in (("metadone", "it1"), ("toxicomanes", "fr1")):
        rewrite = QueryRewrite(text="toxicomanes OR metadone OR harm", prefer=preferred)
        result = filled.search(SearchQuery(q=preferred, limit=10), rewrite)
        assert {hit.id for hit in result.hits} == {"fr1", "it1", "en1"}
        assert result.hits[0].id == first


def test_figures_filter_by_the_topics_of_their_sentence(filled: SearchBackend) -> None:
    def texts(groups: list[list[str]]) -> set[str]:
        rewrite = QueryRewrite(text="", topics=groups)
        return {row.text for row in filled.search_figures(FigureQuery(), rewrite).rows}

    assert texts([["methadone"]]) == {"1.572 pazienti"}
    assert texts([["addiction", "methadone"]]) == {"1.572 pazienti", "3 810 toxicomanes"}
    streamed = filled.iter_figures(FigureQuery(), QueryRewrite(text="", topics=[["addiction"]]))
    assert [row.topics for row in streamed] == [["addiction"]]


def test_figures_filter_by_any_of_their_measures(filled: SearchBackend) -> None:
    assert _rows(filled, measure=["people-in-treatment"]) == [("it1", 1572)]
    assert sorted(_rows(filled, measure=["people-in-treatment", "drug-users"])) == [
        ("fr1", 3810),
        ("it1", 1572),
    ]
    assert _rows(filled, measure=["prisoners"]) == []
    assert _rows(filled, measure=["drug-users"], lang="it") == []
    # A rewrite carries the measures that satisfy the filter (the asked one and narrower ones).
    rewrite = QueryRewrite(
        text="", measures=["people-in-opioid-agonist-therapy", "people-in-treatment"]
    )
    rows = filled.search_figures(FigureQuery(measure=["people-in-treatment"]), rewrite).rows
    assert [(row.text, row.measure) for row in rows] == [("1.572 pazienti", "people-in-treatment")]
    streamed = filled.iter_figures(
        FigureQuery(sort="value"), QueryRewrite(text="", measures=["drug-users"])
    )
    assert [row.measure for row in streamed] == ["drug-users"]


def test_figure_pages_count_the_figures_per_measure(filled: SearchBackend) -> None:
    def counts(**query: object) -> set[tuple[str, int]]:
        page = filled.search_figures(FigureQuery(**query))  # type: ignore[arg-type]
        return {(facet.value, facet.count) for facet in page.facets.get("measures", [])}

    # Figures without a measure are not counted.
    assert counts() == {("drug-users", 1), ("people-in-treatment", 1)}
    assert counts(lang="it") == {("people-in-treatment", 1)}
    assert counts(unit="percent") == set()
    assert counts(measure=["drug-users"], limit=1) == {("drug-users", 1)}
    assert filled.search_figures(FigureQuery(facets=False)).facets == {}


def test_punctuation_in_queries_is_text_not_syntax(filled: SearchBackend) -> None:
    # An elision opens a quote and a colon names a field in tantivy's own grammar.
    assert _ids(filled, q="province d'Asie") == set()
    assert _ids(filled, q="'toxicomanes'") == {"fr1"}
    assert _ids(filled, q="toxicomanes: province") == {"fr1"}
    assert _ids(filled, q="[province] toxicomanes! {selon}") == {"fr1"}


def test_expanded_phrases_match_with_slop_on_every_backend(filled: SearchBackend) -> None:
    # Labels lose their function words ("servizi per le tossicodipendenze"), hence the slop.
    rewrite = QueryRewrite(
        text='(Suchthilfe OR "servizi tossicodipendenze"~3)', prefer="Suchthilfe"
    )
    result = filled.search(SearchQuery(q="Suchthilfe", limit=10), rewrite)
    assert [hit.id for hit in result.hits] == ["de1", "it1"]
    exact = QueryRewrite(text='"servizi tossicodipendenze"')
    assert filled.search(SearchQuery(limit=10), exact).hits == []


def test_snippets_light_up_the_highlight_text_which_matches_nothing(
    filled: SearchBackend,
) -> None:
    # Matching goes by a concept word; the label phrase is only for the snippet.
    rewrite = QueryRewrite(
        text=concept_token("methadone"),
        highlight=f'({concept_token("methadone")}) OR "servizi tossicodipendenze"~3',
    )
    hits = filled.search(SearchQuery(limit=10), rewrite).hits
    assert [hit.id for hit in hits] == ["it1"]
    assert "<b>servizi</b>" in hits[0].snippet and "<b>tossicodipendenze</b>" in hits[0].snippet
    only_highlight = QueryRewrite(text="Suchthilfe", highlight='"servizi tossicodipendenze"~3')
    assert [hit.id for hit in filled.search(SearchQuery(limit=10), only_highlight).hits] == ["de1"]


def test_concept_words_find_the_documents_and_figures_tagged_with_them(
    filled: SearchBackend,
) -> None:
    word = concept_token("methadone")
    assert {
        hit.id for hit in filled.search(SearchQuery(limit=10), QueryRewrite(text=word)).hits
    } == {"it1"}
    rows = filled.search_figures(FigureQuery(), QueryRewrite(text=concept_token("addiction"))).rows
    assert [row.text for row in rows] == ["3 810 toxicomanes"]


def test_facets_can_be_left_out(filled: SearchBackend) -> None:
    result = filled.search(SearchQuery(q="metadone", facets=False))
    assert result.facets == {} and [hit.id for hit in result.hits] == ["it1"]


def test_far_dates_are_stored_and_filtered_without_error(filled: SearchBackend) -> None:
    far = Document(
        id="far1", source="far1.txt", text="Un rapport daté de loin.", language="fr",
        published=dt.date(2300, 1, 1),
    )  # fmt: skip
    assert filled.upsert([far]) == []
    stored = filled.get("far1")
    assert stored is not None and stored.published == dt.date(2300, 1, 1)
    for bounds in ({"published_from": dt.date(2263, 1, 1)}, {"published_to": dt.date(1500, 1, 1)}):
        assert filled.search(SearchQuery(limit=10, **bounds)).total >= 0  # type: ignore[arg-type]
    rows = filled.search_figures(
        FigureQuery(as_of_from=dt.date(1000, 1, 1), as_of_to=dt.date(9999, 1, 1))
    )
    assert rows.total >= 0


def test_hits_and_figure_rows_say_which_page_they_come_from(filled: SearchBackend) -> None:
    pages = [
        "Le rapport annuel décrit la méthadone dans la province.",
        "Au deuxième trimestre, 420 patients ont reçu de la buprénorphine en prison.",
        "Les équipes mobiles ont distribué des trousses de naloxone.",
    ]
    text, spans = paged_text(
        [PageText(page, ocr=number == 2) for number, page in enumerate(pages, 1)]
    )
    start = text.index("420 patients")
    scanned = Document(
        id="scan1", source="scan1.pdf", text=text, language="fr", pages=spans,
        figures=[Figure(text="420 patients", start=start, end=start + 12, value=420, page=2)],
        attached_to="fr1",
    )  # fmt: skip
    assert filled.upsert([scanned]) == []
    [hit] = filled.search(SearchQuery(q="buprénorphine", limit=5)).hits
    assert (hit.id, hit.page) == ("scan1", 2)
    [hit] = filled.search(SearchQuery(q="naloxone", limit=5)).hits
    assert hit.page == 3
    # A document of one page (or none) has no page to name.
    assert {hit.page for hit in filled.search(SearchQuery(q="toxicomanes", limit=5)).hits} == {None}
    [row] = filled.search_figures(FigureQuery(document="scan1")).rows
    assert (row.value, row.page) == (420, 2)
    stored = filled.get("scan1")
    assert stored is not None and stored.pages == spans and stored.attached_to == "fr1"
    assert [page.ocr for page in stored.pages] == [False, True, False]


def test_entity_facet_lists_each_key_once_with_the_names_it_was_seen_under(
    filled: SearchBackend,
) -> None:
    def body(text: str, start: int) -> Entity:
        return Entity(text=text, label="ORG", start=start, end=start + len(text), key="unodc")

    filled.upsert(
        [
            FR.model_copy(update={"entities": [body("ONUDC", 0), body("ONUDC", 9)]}),
            IT.model_copy(update={"entities": [body("Ufficio delle Nazioni Unite", 0)]}),
            EN.model_copy(update={"entities": [body("UNODC", 0), _entity("Harm", "ORG", 0)]}),
        ]
    )
    bodies = filled.search(SearchQuery(limit=0, facet_label="ORG")).facets["entities"]
    unodc = [f for f in bodies if f.value == "unodc"]
    assert [(f.label, f.count) for f in unodc] == [("ORG", 3)]
    assert sorted(unodc[0].forms) == ["ONUDC", "UNODC", "Ufficio delle Nazioni Unite"]
    # Names are matched on the folded keys, plus the keys the caller found by other names.
    by_key = QueryRewrite(text="", entity_match="nod")
    matched = filled.search(SearchQuery(limit=0), by_key).facets["entities"]
    assert [f.value for f in matched] == ["unodc"]
    by_table = QueryRewrite(text="", entity_match="nazioni", entity_keys=["unodc"])
    assert [f.value for f in filled.search(SearchQuery(limit=0), by_table).facets["entities"]] == [
        "unodc"
    ]
    nothing = QueryRewrite(text="", entity_match="zzz")
    assert filled.search(SearchQuery(limit=0), nothing).facets["entities"] == []


def test_the_names_of_many_facet_values_come_back_whatever_their_number(
    filled: SearchBackend,
) -> None:
    # Both engines cap an include pattern's size: 150 keys take several patterns.
    names = [f"Agency number {number:03d} for drug policy" for number in range(150)]
    entities, start = [], 0
    for name in names:
        entities.append(Entity(text=name, label="ORG", start=start, end=start + len(name),
                               key=name.lower()))  # fmt: skip
        start += len(name) + 1
    filled.upsert([EN.model_copy(update={"entities": entities})])
    facets = filled.search(SearchQuery(limit=0, facet_label="ORG", facet_size=200)).facets
    agencies = {f.value: f.forms for f in facets["entities"] if f.value.startswith("agency")}
    assert len(agencies) == 150
    assert all(forms == [name] for name in names for forms in [agencies[name.lower()]])


def test_a_keys_names_are_not_crowded_out_by_a_key_written_many_ways(
    filled: SearchBackend,
) -> None:
    # One body written sixty ways in several documents, one place written once: each facet value
    # lists its own names, whatever the other's number.
    def entity(text: str, key: str, label: str = "ORG") -> Entity:
        return Entity(text=text, label=label, start=0, end=len(text), key=key)  # type: ignore[arg-type]

    documents = [
        EN.model_copy(
            update={
                "id": f"many{number}",
                "source": f"many{number}.txt",
                "entities": [entity(f"Drug Agency {way}", "drug agency") for way in range(60)],
            }
        )
        for number in range(3)
    ]
    documents.append(FR.model_copy(update={"entities": [entity("Nghệ An", "nghe an", "LOC")]}))
    filled.upsert(documents)
    facets = filled.search(SearchQuery(limit=0)).facets["entities"]
    forms = {facet.value: facet.forms for facet in facets}
    assert forms["nghe an"] == ["Nghệ An"]
    assert len(forms["drug agency"]) == 10  # the most shown of one key's names
