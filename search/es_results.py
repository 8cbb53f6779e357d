"""Our result models from Elasticsearch responses: hits, facets, totals and next-page cursors.
Pure functions from the response dicts, so they are tested as data without a cluster."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from search.backend import Hit, SearchQuery, SearchResult, encode_cursor
from search.es_schema import row_from_source
from search.facets import FacetValue
from search.figures import FigurePage, FigureQuery
from search.hit_pages import snippet_page
from search.month_facet import MONTH_FACET, months

Response = Mapping[str, Any]

# The terms aggregations of search.es_query.search_body, read back in this order.
_TERMS_FACETS = ("language", "entities", "countries", "year", "topics")


def total(response: Response) -> int:
    """How many matched: `hits.total` is an object, or a number when asked as one."""
    counted = response["hits"]["total"]
    return int(counted["value"] if isinstance(counted, dict) else counted)


def next_cursor(
    hits: Sequence[Mapping[str, Any]], limit: int, offset: int, cursor: str | None, total: int
) -> str | None:
    """The cursor of the page after `hits`, None on the last page.

    A full page read from a cursor has no offset to compare with the total, so it may be
    followed by an empty page; one read by offset knows whether anything is left.
    """
    if not hits or len(hits) != limit:
        return None
    if not cursor and offset + len(hits) >= total:
        return None
    return encode_cursor({"after": hits[-1]["sort"]})


def search_result(
    response: Response,
    query: SearchQuery,
    texts: Mapping[str, str],
    facets: dict[str, list[FacetValue]],
) -> SearchResult:
    """The result of `query` from its search response; `texts` are the texts of paged hits
    (see `paged_ids`), `facets` those read from the response and completed."""
    raw_hits = response["hits"]["hits"]
    matched = total(response)
    return SearchResult(
        total=matched,
        hits=[to_hit(hit, texts.get(hit["_source"]["id"], "")) for hit in raw_hits],
        facets=facets,
        next_cursor=next_cursor(raw_hits, query.limit, query.offset, query.cursor, matched),
    )


def to_hit(hit: Mapping[str, Any], text: str) -> Hit:
    """A search hit; `text` is the document's text when it has pages, to find the snippet's."""
    source = hit["_source"]
    highlight = hit.get("highlight", {})
    language = source.get("language")
    fragments = highlight.get(f"text.{language}") or highlight.get("text") or [""]
    page = snippet_page(text, source.get("pages", ()), fragments[0])
    return Hit(
        id=source["id"],
        score=float(hit.get("_score") or 0.0),
        title=source.get("title"),
        source=source["source"],
        language=language,
        published=source.get("published"),
        countries=source.get("countries", []),
        snippet=fragments[0],
        page=page,
    )


def paged_ids(hits: Sequence[Mapping[str, Any]]) -> list[str]:
    """The ids of the hits of several pages: the search leaves their text out of `_source`,
    and the page a snippet comes from is found by finding the snippet in the text."""
    return [hit["_source"]["id"] for hit in hits if len(hit["_source"].get("pages", ())) > 1]


def found_texts(response: Response) -> dict[str, str]:
    """Text by id, from an mget of the text of some documents; those not found are left out."""
    return {
        found["_id"]: found["_source"].get("text", "")
        for found in response["docs"]
        if found.get("found")
    }


def search_facets(aggregations: Mapping[str, Any]) -> dict[str, list[FacetValue]]:
    """The facets of a search's aggregations; entity values are `label:key` terms, split."""
    facets: dict[str, list[FacetValue]] = {}
    for name in _TERMS_FACETS:
        buckets = aggregations.get(name, {}).get("buckets", [])
        if name == "entities":
            facets[name] = [
                FacetValue(value=b["key"].split(":", 1)[1], label=b["key"].split(":", 1)[0],
                           count=b["doc_count"])
                for b in buckets
            ]  # fmt: skip
        else:
            facets[name] = [FacetValue(value=str(b["key"]), count=b["doc_count"]) for b in buckets]
    if MONTH_FACET in aggregations:
        facets[MONTH_FACET] = months(aggregations[MONTH_FACET].get("buckets", []))
    return facets


def figure_page(response: Response, query: FigureQuery) -> FigurePage:
    """A page of figure rows, with the figures per measure when the body asked for them."""
    hits = response["hits"]["hits"]
    matched = total(response)
    facets = {}
    aggregations = response.get("aggregations", {})
    if "measures" in aggregations:
        buckets = aggregations["measures"]["buckets"]
        facets["measures"] = [
            FacetValue(value=str(b["key"]), count=b["doc_count"]) for b in buckets
        ]
    return FigurePage(
        total=matched,
        rows=[row_from_source(hit["_source"]) for hit in hits],
        next_cursor=next_cursor(hits, query.limit, query.offset, query.cursor, matched),
        facets=facets,
    )
