"""The `published_month` facet: documents per month of publication, for the timeline chart.

Asked for with `facet_months=true`; every month with a document is listed, oldest first (a
chart needs them all, so `facet_size` does not apply), as "YYYY-MM". Elasticsearch counts
calendar months itself; tantivy's date histogram takes only fixed intervals, so it counts days
(only the days that have documents come back) and they are added up into months here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from search.facets import FacetValue

MONTH_FACET = "published_month"


def tantivy_aggregation() -> dict[str, Any]:
    """Documents per day of publication, days without documents left out."""
    return {"date_histogram": {"field": "published", "fixed_interval": "1d", "min_doc_count": 1}}


def es_aggregation() -> dict[str, Any]:
    """Documents per calendar month of publication, months without documents left out."""
    return {
        "date_histogram": {
            "field": "published",
            "calendar_interval": "month",
            "format": "yyyy-MM",
            "min_doc_count": 1,
        }
    }


def months(
    buckets: Iterable[dict[str, Any]], count: Callable[[dict[str, Any]], int] | None = None
) -> list[FacetValue]:
    """The facet from either engine's buckets (days or months: "key_as_string" starts with the
    month either way), oldest first; `count` turns a month's summed bucket into its count (the
    embedded index scales a sample's counts with it)."""
    per_month: Counter[str] = Counter()
    for bucket in buckets:
        if bucket.get("doc_count"):
            per_month[str(bucket["key_as_string"])[:7]] += int(bucket["doc_count"])
    count = count or (lambda bucket: int(bucket["doc_count"]))
    return [
        FacetValue(value=month, count=count({"key": month, "doc_count": documents}))
        for month, documents in sorted(per_month.items())
    ]
