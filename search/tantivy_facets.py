"""Facet counts on the embedded index: aggregated on other threads while the search makes its
snippets, then a sample's counts scaled up and the buckets shaped into facet values."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any

import tantivy

from search.entity_facets import FORMS_PER_ENTITY, forms_prefix, written_form
from search.facets import FacetValue
from search.month_facet import MONTH_FACET, months
from search.tantivy_query import FACET_FIELDS, SAMPLE_SIZE, FacetRequest

_FACET_THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="facets")


def count_facets(
    searcher: tantivy.Searcher, counted: tantivy.Query, request: FacetRequest, total: int
) -> PendingFacets:
    """Starts the aggregations of `request` over `counted` (its `counted`, built); tantivy
    releases the GIL while it aggregates."""
    futures = [_FACET_THREADS.submit(searcher.aggregate, counted, g) for g in request.groups]
    return PendingFacets(futures, total, partial(index_forms, searcher))


class PendingFacets:
    """Facet counts being aggregated; `result` waits for them, scales a sample's, shapes them."""

    def __init__(
        self,
        futures: list[Future[dict[str, Any]]],
        total: int,
        named: Callable[[list[FacetValue]], list[FacetValue]],
    ) -> None:
        self._futures = futures
        self._total = total
        self._named = named
        self.sampled: float | None = None

    def result(self) -> dict[str, list[FacetValue]]:
        raw: dict[str, Any] = {}
        for future in self._futures:
            raw.update(future.result())
        scale = 1.0
        if SAMPLE_SIZE in raw:
            counted = int(raw[SAMPLE_SIZE].get("value") or 0)
            if counted:
                self.sampled = round(counted / self._total, 4)
                scale = self._total / counted

        def count(bucket: dict[str, Any]) -> int:
            return min(self._total, round(bucket["doc_count"] * scale))

        facets: dict[str, list[FacetValue]] = {}
        for name, _ in FACET_FIELDS:
            buckets = raw.get(name, {}).get("buckets", [])
            if name == "entities":
                facets[name] = [
                    FacetValue(
                        value=b["key"].split(":", 1)[1],
                        label=b["key"].split(":", 1)[0],
                        count=count(b),
                    )
                    for b in buckets
                ]
            else:
                facets[name] = [FacetValue(value=_key(b["key"]), count=count(b)) for b in buckets]
        if MONTH_FACET in raw:
            facets[MONTH_FACET] = months(raw[MONTH_FACET].get("buckets", []), count)
        if facets.get("entities"):
            facets["entities"] = self._named(facets["entities"])
        return facets


def index_forms(searcher: tantivy.Searcher, entities: list[FacetValue]) -> list[FacetValue]:
    """The entities facet with the names each key is written as in the index, in the most
    documents first.

    They are read from the term dictionary, a prefix walk per key that reads no document:
    an aggregation over the matches took 10-20 ms a search at 100,000 documents (its include
    pattern is compiled each time), and crowded out the names of one key with another's when
    a few keys have many. A name seen only in documents deleted since the segments last
    merged may be listed until they do.
    """
    return [
        facet.model_copy(update={"forms": _forms(searcher, facet)}) if facet.label else facet
        for facet in entities
    ]


def _forms(searcher: tantivy.Searcher, facet: FacetValue) -> list[str]:
    prefix = forms_prefix(facet.label or "", facet.value)
    found = searcher.terms_with_prefix("entity_form", prefix, limit=FORMS_PER_ENTITY)
    return [written_form(term) for term, documents in found if documents]


def measure_facet(aggregated: dict[str, Any]) -> list[FacetValue]:
    """The figures per measure, from the aggregation of search.tantivy_query.figure_facets."""
    buckets = aggregated["measures"]["buckets"]
    return [FacetValue(value=_key(b["key"]), count=b["doc_count"]) for b in buckets]


def _key(value: object) -> str:
    """A bucket key as text: years come back from tantivy as floats."""
    return str(int(value)) if isinstance(value, float) else str(value)
