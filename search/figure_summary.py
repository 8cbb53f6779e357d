"""The figures summary: comparable figures counted per country and year, the same on every backend.

A backend only runs aggregations over the figures some filters select (`Aggregate`); what to
ask for and how to read it is here, once. Figures are comparable when they share a unit and a
rate (`per`): each (unit, per) group is a series of its own, never mixed with another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from search.figures import FigureFilters, per_value

Dimension = Literal["country", "year"]
LeftOutReason = Literal["other_series", "no_country", "no_year"]
# Runs each (filters, aggregations) request over the figure entries the filters select and
# returns each one's aggregation results, in order.
Aggregate = Callable[[Sequence[tuple[FigureFilters, dict[str, Any]]]], list[dict[str, Any]]]

MAX_SERIES = 50
# Medians need the values, fetched as one bucket per distinct value. Engines cap the buckets of
# a request (tantivy at 65,000, Elasticsearch's search.max_buckets at 65,536), and a request
# makes about two per value fetched: all cells' values come in one request up to this many,
# else one request per cell, and a cell holding more than this many figures has no median.
VALUES_PER_REQUEST = 25_000
# Terms sizes above the number of units, rates, years and countries there can be: no bucket cut.
_SIZES = {"unit": 500, "per": 100, "year": 1000, "country": 400}
# The bucket keys of figures with no year and of figures whose document is about no country.
_NO_YEAR = -1
_NO_COUNTRY = "-"
_BY_DEFAULT: tuple[Dimension, ...] = ("country", "year")
_STATS = {
    "stats": {"stats": {"field": "value"}},
    "basis": {"terms": {"field": "year_basis", "size": 2}},
}
_LEFT_OUT_DETAIL = {
    "other_series": "another unit or rate than the series shown: not comparable with them "
    "(a larger `series`, or `unit` and `per`, shows them)",
    "no_country": "their document is about no country",
    "no_year": "neither an as-of date nor a publication date gives their year",
}


class SummaryQuery(FigureFilters):
    """A figures summary: the figure filters, what to count by, and how many series."""

    by: list[Dimension] = Field(
        default_factory=lambda: list(_BY_DEFAULT),
        min_length=1,
        description="What a cell is: `country`, `year` or both, comma-separated or repeated.",
        examples=[["country", "year"]],
    )
    series: int = Field(
        10,
        ge=1,
        le=MAX_SERIES,
        description="How many (unit, per) series to return, most figures first; the others "
        "are counted in `left_out`. 1: the dominant series only.",
    )

    @field_validator("by", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        """`by=country,year` as one parameter, or repeated: either way, each dimension once."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            return value
        parts = [part.strip() for item in items for part in str(item).split(",")]
        return list(dict.fromkeys(part for part in parts if part))

    def filters(self) -> FigureFilters:
        """The figure filters alone, as /api/figures takes them."""
        return FigureFilters.model_validate(
            self.model_dump(include=set(FigureFilters.model_fields))
        )


class SummaryCell(BaseModel):
    """The figures of one series for one country and year, and what their values are."""

    country: str | None = Field(
        description="ISO 3166 code of a country the documents are about; null when the "
        "summary is not by country."
    )
    year: int | None = Field(description="The figures' year; null when not by year.")
    count: int = Field(description="How many figures the cell holds.")
    min: float | None = Field(description="The smallest value (a range counts its lower bound).")
    median: float | None = Field(
        description="The middle value (the mean of the two middle ones for an even count); "
        f"null past {VALUES_PER_REQUEST:,} figures in one cell."
    )
    max: float | None = Field(description="The largest value.")
    basis: dict[str, int] = Field(
        description="How many figures have the year of their as-of date (`as_of`) and how "
        "many that of their document's publication (`published`)."
    )
    figures_query: dict[str, Any] = Field(
        description="The /api/figures parameters that select exactly the cell's figures."
    )


class SummarySeries(BaseModel):
    """Figures of one unit and rate: comparable with each other, cell by cell."""

    unit: str
    per: str | int | None = Field(description="The rate's base (day, 100000 ...); null: none.")
    figures: int = Field(description="Matching figures of this unit and rate, left out or not.")
    cells: list[SummaryCell] = Field(description="By country, then year.")


class LeftOut(BaseModel):
    """Matching figures that are in no cell of the answer, and why."""

    reason: LeftOutReason
    unit: str
    per: str | int | None
    figures: int
    detail: str


class FigureSummary(BaseModel):
    total: int = Field(description="Figures that match the filters.")
    by: list[Dimension]
    series: list[SummarySeries] = Field(description="One per (unit, per), most figures first.")
    left_out: list[LeftOut] = Field(
        description="Figures in no cell: other series, no country, no year; with counts."
    )


def cell_aggregations(
    by: Sequence[Dimension],
    country_field: str,
    leaves: dict[str, Any],
    units: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Unit, then rate, then year, then country buckets, with `leaves` in each cell.

    Year comes before country whatever `by` says: a figure has one year but may have several
    countries, so counting figures with no year in the year bucket counts each once.
    """
    level = leaves
    if "country" in by:
        country = {"field": country_field, "size": _SIZES["country"], "missing": _NO_COUNTRY}
        level = {"country": {"terms": country, "aggs": level}}
    if "year" in by:
        year = {"field": "year", "size": _SIZES["year"], "missing": _NO_YEAR}
        level = {"year": {"terms": year, "aggs": level}}
    per = {"per": {"terms": {"field": "per_key", "size": _SIZES["per"]}, "aggs": level}}
    unit: dict[str, Any] = {"field": "unit", "size": _SIZES["unit"]}
    if units is not None:
        unit["include"] = sorted(units)
    return {"unit": {"terms": unit, "aggs": per}}


def values_leaves(size: int) -> dict[str, Any]:
    """A cell's values, one bucket each: enough to find its median when `size` covers them."""
    return {"values": {"terms": {"field": "value", "size": max(size, 1)}}}


def median(buckets: Sequence[dict[str, Any]]) -> float | None:
    """The median of values given as terms buckets (value, how many have it)."""
    counted = sorted((float(b["key"]), int(b["doc_count"])) for b in buckets)
    total = sum(count for _, count in counted)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle rank, or the two middle ones
    found: list[float] = []
    seen = 0
    for value, count in counted:
        seen += count
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return (found[0] + found[1]) / 2


Key = tuple[str, str, str | None, int | None]  # unit, per key, country, year


@dataclass
class _Series:
    """A series as the cell aggregation found it: its cells' keys and leaf buckets."""

    unit: str
    per: str
    figures: int
    cells: list[tuple[Key, dict[str, Any]]]


def summarise(query: SummaryQuery, aggregate: Aggregate, country_field: str) -> FigureSummary:
    """The summary `query` asks for, from the aggregations `aggregate` runs on a backend."""
    filters = query.filters()
    [raw] = aggregate([(filters, cell_aggregations(query.by, country_field, _STATS))])
    groups = sorted(_series(raw), key=lambda group: (-group[2]["doc_count"], group[0], group[1]))
    left_out = [
        _left_out("other_series", unit, per, bucket["doc_count"])
        for unit, per, bucket in groups[query.series :]
    ]
    found = []
    for unit, per, bucket in groups[: query.series]:
        cells, no_country, no_year = _cells(bucket, query.by)
        if query.country:  # a figure is in the cell of each country its document is about
            cells = [(key, leaf) for key, leaf in cells if key[0] in query.country]
        cells.sort(key=lambda cell: (cell[0][0] or "", cell[0][1] or 0))
        keyed = [((unit, per, country, year), leaf) for (country, year), leaf in cells]
        found.append(_Series(unit, per, bucket["doc_count"], keyed))
        missing: list[tuple[LeftOutReason, int]] = [
            ("no_country", no_country),
            ("no_year", no_year),
        ]
        left_out += [_left_out(reason, unit, per, count) for reason, count in missing if count]
    medians = _medians(query, filters, aggregate, country_field, raw, found)
    return FigureSummary(
        total=sum(bucket["doc_count"] for _, _, bucket in groups),
        by=query.by,
        series=[
            SummarySeries(
                unit=series.unit,
                per=per_value(series.per),
                figures=series.figures,
                cells=[_cell(filters, key, leaf, medians.get(key)) for key, leaf in series.cells],
            )
            for series in found
        ],
        left_out=left_out,
    )


def _series(raw: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(unit, per key, bucket) of every series the aggregation found."""
    for unit in raw["unit"]["buckets"]:
        for per in unit["per"]["buckets"]:
            yield str(unit["key"]), str(per["key"]), per


def _cells(
    bucket: dict[str, Any], by: Sequence[Dimension]
) -> tuple[list[tuple[tuple[str | None, int | None], dict[str, Any]]], int, int]:
    """A series' cells ((country, year), leaf bucket), and how many of its figures have no
    country and how many have a country but no year."""
    cells = []
    no_country = no_year = 0
    for year_bucket in bucket["year"]["buckets"] if "year" in by else [bucket]:
        year = int(float(year_bucket["key"])) if "year" in by else None
        countries = year_bucket["country"]["buckets"] if "country" in by else [year_bucket]
        for country_bucket in countries:
            country = str(country_bucket["key"]) if "country" in by else None
            if country == _NO_COUNTRY:
                no_country += country_bucket["doc_count"]
            elif year != _NO_YEAR:
                cells.append(((country, year), country_bucket))
        if year == _NO_YEAR:
            without = sum(
                b["doc_count"] for b in countries if "country" in by and b["key"] == _NO_COUNTRY
            )
            no_year += year_bucket["doc_count"] - without
    return cells, no_country, no_year


def _medians(
    query: SummaryQuery,
    filters: FigureFilters,
    aggregate: Aggregate,
    country_field: str,
    raw: dict[str, Any],
    found: list[_Series],
) -> dict[Key, float | None]:
    """Each cell's median, from its values: one request for all cells when their values fit
    in one, else one per cell (a cell too large for one request has none)."""
    cells = [(key, leaf["doc_count"]) for series in found for key, leaf in series.cells]
    if not cells:
        return {}
    units = sorted({series.unit for series in found})
    # The request for all cells also fetches the values of what no cell shows (figures with
    # no country or year, other rates of a unit shown): the budget counts them too.
    fetched = sum(_leaf_counts(raw, units, query.by))
    if fetched <= VALUES_PER_REQUEST:
        size = max(count for _, count in cells)
        aggregations = cell_aggregations(query.by, country_field, values_leaves(size), units)
        [values] = aggregate([(filters, aggregations)])
        medians = {
            (unit, per, country, year): _complete_median(leaf["values"])
            for unit, per, bucket in _series(values)
            for (country, year), leaf in _cells(bucket, query.by)[0]
        }
        return {key: medians.get(key) for key, _ in cells}
    fitting = [(key, count) for key, count in cells if count <= VALUES_PER_REQUEST]
    answers = aggregate(
        [(_cell_filters(filters, key), values_leaves(count)) for key, count in fitting]
    )
    return {
        key: _complete_median(answer["values"])
        for (key, _), answer in zip(fitting, answers, strict=True)
    }


def _leaf_counts(
    raw: dict[str, Any], units: Sequence[str], by: Sequence[Dimension]
) -> Iterator[int]:
    for unit, _, bucket in _series(raw):
        if unit in units:
            for year_bucket in bucket["year"]["buckets"] if "year" in by else [bucket]:
                countries = year_bucket["country"]["buckets"] if "country" in by else [year_bucket]
                yield from (country["doc_count"] for country in countries)


def _complete_median(values: dict[str, Any]) -> float | None:
    """The median of a values aggregation, when it holds every value (no bucket was cut)."""
    if values.get("sum_other_doc_count"):
        return None
    return median(values["buckets"])


def _cell_filters(filters: FigureFilters, key: Key) -> FigureFilters:
    """The filters that select one cell's figures: the summary's, and the cell's own."""
    unit, per, country, year = key
    update: dict[str, Any] = {"unit": unit, "per": per}
    if country is not None:
        update["country"] = list(dict.fromkeys([*filters.country, country]))
    if year is not None:
        update["year"] = year
    return filters.model_copy(update=update)


def _cell(
    filters: FigureFilters, key: Key, leaf: dict[str, Any], middle: float | None
) -> SummaryCell:
    stats = leaf["stats"]
    basis = {bucket["key"]: bucket["doc_count"] for bucket in leaf["basis"]["buckets"]}
    return SummaryCell(
        country=key[2],
        year=key[3],
        count=leaf["doc_count"],
        min=stats.get("min"),
        median=middle,
        max=stats.get("max"),
        basis={"as_of": basis.get("as_of", 0), "published": basis.get("published", 0)},
        figures_query=_cell_filters(filters, key).model_dump(mode="json", exclude_defaults=True),
    )


def _left_out(reason: LeftOutReason, unit: str, per: str, figures: int) -> LeftOut:
    return LeftOut(
        reason=reason,
        unit=unit,
        per=per_value(per),
        figures=figures,
        detail=_LEFT_OUT_DETAIL[reason],
    )
