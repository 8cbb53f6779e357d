"""The figures summary and the year and rate filters, the same on every backend."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ingest.model import Document, Figure
from search import figure_summary
from search.backend import QueryRewrite, SearchBackend
from search.figure_summary import FigureSummary, SummaryQuery
from search.figures import FigureQuery

_TEXT = "x" * 200


def _figure(start: int, value: float | None, **fields: Any) -> Figure:
    fields.setdefault("measure", "drug-users")
    return Figure(text=str(value), start=start, end=start + 4, value=value, **fields)


# Twelve figures: counts of drug users in four documents (one about two countries, one about
# none, one with no date), and one figure each of three other series (percent, EUR a day,
# count per 100,000) that must never be mixed with the counts.
DOCUMENTS = [
    Document(
        id="a", source="a.txt", text=_TEXT, language="fr", countries=["VN"],
        published=dt.date(2023, 10, 6),
        figures=[
            _figure(0, 3810, as_of="2023-09-30"),  # 2023 by its as-of date
            _figure(10, 1200),  # 2023 by the publication date
            _figure(20, 45, unit="percent", as_of="2022", measure=None),
        ],
    ),
    Document(
        id="b", source="b.txt", text=_TEXT, language="fr", countries=["VN", "LA"],
        published=dt.date(2022, 5, 1),
        figures=[
            _figure(0, 2000, as_of="2019/2021"),  # an interval: as it stood at its end
            _figure(10, None, value_min=100, value_max=200, as_of="XXXX-09"),  # year unknown
            _figure(20, 400, unit="EUR", per="day", measure=None),
        ],
    ),
    Document(
        id="c", source="c.txt", text=_TEXT, language="it", countries=[],
        published=dt.date(2021, 1, 1), figures=[_figure(0, 5)],
    ),
    Document(
        id="d", source="d.txt", text=_TEXT, language="it", countries=["IT"],
        figures=[
            _figure(0, 7),  # no as-of date, no publication date: no year
            _figure(10, 9, as_of="2023"),
            _figure(20, 217, per=100000, as_of="2023", measure=None),
        ],
    ),
    Document(
        id="e", source="e.txt", text=_TEXT, language="en", countries=["VN"],
        published=dt.date(2023, 2, 1),
        figures=[_figure(0, 1000, as_of="2023"), _figure(10, 3000)],
    ),
]  # fmt: skip


@pytest.fixture
def filled(backend: SearchBackend) -> SearchBackend:
    assert backend.upsert(DOCUMENTS) == []
    return backend


def _cells(summary: FigureSummary, unit: str = "count", per: object = None) -> list[tuple]:  # type: ignore[type-arg]
    [series] = [s for s in summary.series if (s.unit, s.per) == (unit, per)]
    return [
        (c.country, c.year, c.count, c.min, c.median, c.max, c.basis["as_of"], c.basis["published"])
        for c in series.cells
    ]


def test_cells_by_country_and_year_with_their_year_basis(filled: SearchBackend) -> None:
    summary = filled.summarise_figures(SummaryQuery())
    assert summary.total == 12 and summary.by == ["country", "year"]
    assert [(s.unit, s.per, s.figures) for s in summary.series] == [
        ("count", None, 9),
        ("EUR", "day", 1),
        ("count", 100000, 1),
        ("percent", None, 1),
    ]
    # A figure counts in the cell of each country its document is about (b: VN and LA); a
    # range counts its lower bound; an even count's median is the mean of the middle two.
    assert _cells(summary) == [
        ("IT", 2023, 1, 9, 9, 9, 1, 0),
        ("LA", 2021, 1, 2000, 2000, 2000, 1, 0),
        ("LA", 2022, 1, 100, 100, 100, 0, 1),
        ("VN", 2021, 1, 2000, 2000, 2000, 1, 0),
        ("VN", 2022, 1, 100, 100, 100, 0, 1),
        ("VN", 2023, 4, 1000, 2100, 3810, 2, 2),
    ]
    assert _cells(summary, "EUR", "day") == [
        ("LA", 2022, 1, 400, 400, 400, 0, 1),
        ("VN", 2022, 1, 400, 400, 400, 0, 1),
    ]
    assert _cells(summary, "count", 100000) == [("IT", 2023, 1, 217, 217, 217, 1, 0)]
    # What no cell holds, and why, with counts.
    assert [(o.reason, o.unit, o.per, o.figures) for o in summary.left_out] == [
        ("no_country", "count", None, 1),
        ("no_year", "count", None, 1),
    ]


def test_each_cell_names_the_figure_query_that_lists_its_figures(filled: SearchBackend) -> None:
    summary = filled.summarise_figures(SummaryQuery(measure=["drug-users"]))
    cells = [cell for series in summary.series for cell in series.cells]
    assert cells
    for cell in cells:
        query = FigureQuery.model_validate({**cell.figures_query, "limit": 100})
        values = sorted(
            row.value if row.value is not None else row.value_min  # type: ignore[misc]
            for row in filled.search_figures(query).rows
        )
        assert (len(values), values[0], values[-1]) == (cell.count, cell.min, cell.max)
    vietnam = next(c for c in cells if (c.country, c.year) == ("VN", 2023))
    assert vietnam.figures_query == {
        "country": ["VN"],
        "measure": ["drug-users"],
        "per": "none",
        "unit": "count",
        "year": 2023,
    }


def test_the_dominant_series_alone_says_what_it_leaves_out(filled: SearchBackend) -> None:
    summary = filled.summarise_figures(SummaryQuery(series=1))
    assert [(s.unit, s.per) for s in summary.series] == [("count", None)]
    assert [(o.reason, o.unit, o.per, o.figures) for o in summary.left_out] == [
        ("other_series", "EUR", "day", 1),
        ("other_series", "count", 100000, 1),
        ("other_series", "percent", None, 1),
        ("no_country", "count", None, 1),
        ("no_year", "count", None, 1),
    ]
    assert all(o.detail for o in summary.left_out)


def test_by_one_dimension_and_filters(filled: SearchBackend) -> None:
    by_year = filled.summarise_figures(SummaryQuery(by=["year"], unit="count", per="none"))
    assert _cells(by_year) == [
        (None, 2021, 2, 5, 1002.5, 2000, 1, 1),
        (None, 2022, 1, 100, 100, 100, 0, 1),
        (None, 2023, 5, 9, 1200, 3810, 3, 2),
    ]
    assert [(o.reason, o.figures) for o in by_year.left_out] == [("no_year", 1)]
    by_country = filled.summarise_figures(SummaryQuery(by=["country"], measure=["drug-users"]))
    assert [(c, n, median) for c, _, n, _, median, *_ in _cells(by_country)] == [
        ("IT", 2, 8),
        ("LA", 2, 1050),
        ("VN", 6, 1600),
    ]
    # Asked for one country, the cells are that country's (b is also about VN).
    laos = filled.summarise_figures(SummaryQuery(country=["LA"]))
    assert [(s.unit, [c.country for c in s.cells]) for s in laos.series] == [
        ("count", ["LA", "LA"]),
        ("EUR", ["LA"]),
    ]
    assert laos.series[0].cells[0].figures_query["country"] == ["LA"]
    assert filled.summarise_figures(SummaryQuery(q="nothing matches this")).series == []


def test_the_year_and_rate_filters_of_figure_searches(filled: SearchBackend) -> None:
    def values(**query: Any) -> list[float | None]:
        rows = filled.search_figures(FigureQuery(limit=100, **query)).rows
        return sorted(row.value or row.value_min or 0 for row in rows)

    assert values(year=2021) == [5, 2000]
    assert values(year=2023, unit="count", per="none") == [9, 1000, 1200, 3000, 3810]
    assert values(per="100000") == [217]
    assert values(per="day") == [400]
    assert values(year=1999) == []


def test_medians_cell_by_cell_when_the_values_are_too_many_for_one_request(
    filled: SearchBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = filled.summarise_figures(SummaryQuery())
    # The values are fetched cell by cell past this, and a cell past it has no median.
    monkeypatch.setattr(figure_summary, "VALUES_PER_REQUEST", 3)
    cell_by_cell = filled.summarise_figures(SummaryQuery())
    assert _cells(cell_by_cell, "EUR", "day") == _cells(expected, "EUR", "day")
    large = [c for c in cell_by_cell.series[0].cells if c.count > 3]
    assert [(c.country, c.year, c.median) for c in large] == [("VN", 2023, None)]
    rest = [c.median for c in cell_by_cell.series[0].cells if c.count <= 3]
    assert rest == [c.median for c in expected.series[0].cells if c.count <= 3]


def test_the_rewrite_decides_the_measures_and_words(filled: SearchBackend) -> None:
    rewrite = QueryRewrite(text="", measures=["drug-users"])
    summary = filled.summarise_figures(SummaryQuery(), rewrite)
    assert [(s.unit, s.figures) for s in summary.series] == [("count", 9)]
