"""The figures summary: comparable figures counted per country and year, the same on every backend.

A backend only runs aggregations over the figures some filters select (`Aggregate`); what to
ask for and how to read it is here, once. Figures are comparable when they share a unit and a
rate (`per`): each (unit, per) group is a series of its own, never mixed with another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
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
# makes up to about two per value fetched: all cells' values come with the cells up to this
# many, else one request per cell, and a cell holding more than this many has no median.
VALUES_PER_REQUEST = 25_000
# Terms sizes above the number of units, rates, years and countries there can be: no bucket cut.
_SIZES = {"unit": 500, "per": 100, "basis": 3, "year": 1000, "country": 400}
# The bucket keys of figures with no year (nor year basis) and of figures whose document is
# about no country.
_NO_YEAR = -1
_NO_BASIS = _NO_COUNTRY = "-"
_BY_DEFAULT: tuple[Dimension, ...] = ("country", "year")
_STATS = {"stats": {"stats": {"field": "value"}}}
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


def dimension_aggregations(
    by: Sequence[Dimension], country_field: str, leaves: dict[str, Any]
) -> dict[str, Any]:
    """Year, then country buckets (those `by` names), with `leaves` in each.

    Year comes before country whatever `by` says: a figure has one year but may have several
    countries, so counting figures with no year in the year bucket counts each once.
    """
    level = leaves
    if "country" in by:
        country = {"field": country_field, "size": _SIZES["country"], "missing": _NO_COUNTRY}
        level = _terms("country", country, level)
    if "year" in by:
        level = _terms(
            "year", {"field": "year", "size": _SIZES["year"], "missing": _NO_YEAR}, level
        )
    return level


def cell_aggregations(
    by: Sequence[Dimension], country_field: str, leaves: dict[str, Any]
) -> dict[str, Any]:
    """Unit, rate and year basis buckets above the dimensions' (dimension_aggregations).

    The basis is a level, not a count in each cell: a terms aggregation in every cell costs
    tantivy about as much as all the rest.
    """
    level = dimension_aggregations(by, country_field, leaves)
    basis = {"field": "year_basis", "size": _SIZES["basis"], "missing": _NO_BASIS}
    level = _terms("basis", basis, level)
    level = _terms("per", {"field": "per_key", "size": _SIZES["per"]}, level)
    return _terms("unit", {"field": "unit", "size": _SIZES["unit"]}, level)


def _terms(name: str, terms: dict[str, Any], below: dict[str, Any]) -> dict[str, Any]:
    aggregation: dict[str, Any] = {"terms": terms}
    if below:
        aggregation["aggs"] = below
    return {name: aggregation}


def values_leaves(size: int) -> dict[str, Any]:
    """A cell's values, one bucket each: enough to find its median when `size` covers them."""
    return {"values": {"terms": {"field": "value", "size": max(size, 1)}}}


def median(counted: Iterable[tuple[float, int]]) -> float | None:
    """The median of values given as (value, how many figures have it); a value may come
    more than once (from the cell's two year bases)."""
    pairs = sorted(counted)
    total = sum(count for _, count in pairs)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle rank, or the two middle ones
    found: list[float] = []
    seen = 0
    for value, count in pairs:
        seen += count
        while wanted and wanted[0] < seen:
            found.append(float(value))
            wanted.pop(0)
    return (found[0] + found[1]) / 2


@dataclass
class _Cell:
    """One cell's figures, added up from the basis buckets they come in."""

    count: int = 0
    basis: Counter[str] = field(default_factory=Counter)
    low: float | None = None
    high: float | None = None
    # The values' terms buckets as fetched (a list per request or basis): read only once, for
    # the median, since turning every bucket into numbers costs more than the aggregation.
    values: list[list[dict[str, Any]]] = field(default_factory=list)
    fetched: bool = False  # its values were fetched ...
    cut: bool = False  # ... but not all of them

    def add(self, basis: str, leaf: dict[str, Any]) -> None:
        self.count += leaf["doc_count"]
        self.basis[basis] += leaf["doc_count"]
        stats = leaf["stats"]
        if stats.get("count"):
            self.low = min(self.low, stats["min"]) if self.low is not None else stats["min"]
            self.high = max(self.high, stats["max"]) if self.high is not None else stats["max"]
        if "values" in leaf:
            self.take(leaf["values"])

    def take(self, values: dict[str, Any]) -> None:
        """Values fetched for this cell, or for the part of it of one basis."""
        self.fetched = True
        self.cut = self.cut or bool(values.get("sum_other_doc_count"))
        self.values.append(values["buckets"])

    def median(self) -> float | None:
        if not self.fetched or self.cut:
            return None
        return median((b["key"], b["doc_count"]) for buckets in self.values for b in buckets)


Key = tuple[str, str, str | None, int | None]  # unit, per key, country, year


@dataclass
class _Series:
    """A series as the cell aggregation found it, cells by country, then year."""

    unit: str
    per: str
    figures: int
    cells: list[tuple[Key, _Cell]]


def summarise(query: SummaryQuery, aggregate: Aggregate, country_field: str) -> FigureSummary:
    """The summary `query` asks for, from the aggregations `aggregate` runs on a backend.

    A first, flat aggregation counts the figures per country and year, which bounds how many
    values the cells hold: when they fit in one request, the cells come with their values;
    else without, and the values then come cell by cell.
    """
    filters = query.filters()
    [sizes] = aggregate([(filters, dimension_aggregations(query.by, country_field, {}))])
    counts = list(_leaf_counts(sizes, query.by))
    together = sum(counts) <= VALUES_PER_REQUEST
    leaves = {**_STATS, **values_leaves(max(counts, default=1))} if together else _STATS
    [raw] = aggregate([(filters, cell_aggregations(query.by, country_field, leaves))])
    groups = sorted(_series(raw), key=lambda group: (-group[2]["doc_count"], group[0], group[1]))
    left_out = [
        _left_out("other_series", unit, per, bucket["doc_count"])
        for unit, per, bucket in groups[query.series :]
    ]
    found = []
    for unit, per, bucket in groups[: query.series]:
        cells, no_country, no_year = _cells(bucket, query.by)
        keyed = [
            ((unit, per, country, year), cell)
            for (country, year), cell in sorted(cells.items(), key=_cell_order)
            # A figure is in the cell of each country its document is about: keep those asked.
            if not query.country or country in query.country
        ]
        found.append(_Series(unit, per, bucket["doc_count"], keyed))
        missing: list[tuple[LeftOutReason, int]] = [
            ("no_country", no_country),
            ("no_year", no_year),
        ]
        left_out += [_left_out(reason, unit, per, count) for reason, count in missing if count]
    if not together:
        _fetch_values(filters, aggregate, [cell for series in found for cell in series.cells])
    asked = filters.model_dump(mode="json", exclude_defaults=True)
    return FigureSummary(
        total=sum(bucket["doc_count"] for _, _, bucket in groups),
        by=query.by,
        series=[
            SummarySeries(
                unit=series.unit,
                per=per_value(series.per),
                figures=series.figures,
                cells=[_cell(asked, key, cell) for key, cell in series.cells],
            )
            for series in found
        ],
        left_out=left_out,
    )


def _leaf_counts(sizes: dict[str, Any], by: Sequence[Dimension]) -> Iterator[int]:
    """How many figures each (year, country) bucket of the flat aggregation holds."""
    for year_bucket in sizes["year"]["buckets"] if "year" in by else [sizes]:
        countries = year_bucket["country"]["buckets"] if "country" in by else [year_bucket]
        yield from (country["doc_count"] for country in countries)


def _series(raw: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(unit, per key, bucket) of every series the aggregation found."""
    for unit in raw["unit"]["buckets"]:
        for per in unit["per"]["buckets"]:
            yield str(unit["key"]), str(per["key"]), per


def _cells(
    bucket: dict[str, Any], by: Sequence[Dimension]
) -> tuple[dict[tuple[str | None, int | None], _Cell], int, int]:
    """A series' cells by (country, year), and how many of its figures have no country and
    how many have a country but no year."""
    cells: dict[tuple[str | None, int | None], _Cell] = {}
    no_country = no_year = 0
    for basis_bucket in bucket["basis"]["buckets"]:
        basis = str(basis_bucket["key"])
        for year_bucket in basis_bucket["year"]["buckets"] if "year" in by else [basis_bucket]:
            year = int(float(year_bucket["key"])) if "year" in by else None
            countries = year_bucket["country"]["buckets"] if "country" in by else [year_bucket]
            countryless = 0
            for country_bucket in countries:
                country = str(country_bucket["key"]) if "country" in by else None
                if country == _NO_COUNTRY:
                    countryless = country_bucket["doc_count"]
                elif year != _NO_YEAR:
                    cells.setdefault((country, year), _Cell()).add(basis, country_bucket)
            no_country += countryless
            if year == _NO_YEAR:
                no_year += year_bucket["doc_count"] - countryless
    return cells, no_country, no_year


def _cell_order(item: tuple[tuple[str | None, int | None], _Cell]) -> tuple[str, int]:
    (country, year), _ = item
    return country or "", year or 0


def _fetch_values(
    filters: FigureFilters, aggregate: Aggregate, cells: list[tuple[Key, _Cell]]
) -> None:
    """Each cell's values, one request per cell (a cell too large for one request gets none)."""
    fitting = [(key, cell) for key, cell in cells if cell.count <= VALUES_PER_REQUEST]
    answers = aggregate(
        [(_cell_filters(filters, key), values_leaves(cell.count)) for key, cell in fitting]
    )
    for (_, cell), answer in zip(fitting, answers, strict=True):
        cell.take(answer["values"])


def _cell_filters(filters: FigureFilters, key: Key) -> FigureFilters:
    """The filters that select one cell's figures: the summary's, and the cell's own."""
    unit, per, country, year = key
    update: dict[str, Any] = {"unit": unit, "per": per}
    if country is not None:
        update["country"] = list(dict.fromkeys([*filters.country, country]))
    if year is not None:
        update["year"] = year
    return filters.model_copy(update=update)


def _cell(asked: dict[str, Any], key: Key, cell: _Cell) -> SummaryCell:
    """A cell of the answer; `asked` is the summary's filters as /api/figures parameters."""
    unit, per, country, year = key
    # What _cell_filters selects, as parameters: built from a dict, since a model per cell
    # (copied, then dumped) costs more than the rest of the answer.
    selects: dict[str, Any] = {**asked, "unit": unit, "per": per}
    if country is not None:
        selects["country"] = list(dict.fromkeys([*asked.get("country", ()), country]))
    if year is not None:
        selects["year"] = year
    return SummaryCell(
        country=country,
        year=year,
        count=cell.count,
        min=cell.low,
        median=cell.median(),
        max=cell.high,
        basis={"as_of": cell.basis["as_of"], "published": cell.basis["published"]},
        figures_query=selects,
    )


def _left_out(reason: LeftOutReason, unit: str, per: str, figures: int) -> LeftOut:
    return LeftOut(
        reason=reason,
        unit=unit,
        per=per_value(per),
        figures=figures,
        detail=_LEFT_OUT_DETAIL[reason],
    )
