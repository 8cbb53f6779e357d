"""Writing to the alias: documents and their figure entries in bulk, deleting in the same request
what their files no longer hold; deleting a document with what is attached to it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ingest.model import Document, Failure
from search.elasticsearch_connection import Connection
from search.entity_pages import figure_entity_terms
from search.es_schema import figure_id, figure_source, to_source
from search.families import leftovers
from search.figures import figure_rows

# (ok, item) per action, as elasticsearch.helpers.streaming_bulk reports them.
BulkResult = tuple[bool, Mapping[str, Any]]


def upsert(
    connection: Connection,
    alias: str,
    documents: Sequence[Document],
    *,
    refresh: bool,
    chunk_size: int,
) -> list[Failure]:
    """Bulk-index with retries on 429; every rejected document comes back as a Failure."""
    from elasticsearch import helpers

    sources = {document.id: document.source for document in documents}
    # A new version of a document may have fewer figures: drop the old ones first. A crash
    # between the two steps is mended by ingesting again (ids are stable).
    connection.call(
        "remove old figures", connection.client.delete_by_query, index=alias,
        query={"bool": {"filter": [{"terms": {"doc_id": list(sources)}},
                                   {"term": {"kind": "figure"}}]}},
        refresh=refresh, conflicts="proceed",
    )  # fmt: skip
    # What the files read no longer hold is deleted in the bulk request that writes them.
    actions = bulk_actions(alias, documents, _leftover_entries(connection, alias, documents))
    results = connection.call(
        "index documents",
        lambda: list(
            helpers.streaming_bulk(
                connection.client,
                actions,
                chunk_size=chunk_size,
                max_retries=5,
                initial_backoff=1,
                max_backoff=30,
                raise_on_error=False,
                raise_on_exception=True,
                refresh="wait_for" if refresh else False,
            )
        ),
    )
    return bulk_failures(results, sources)


def bulk_actions(
    alias: str, documents: Sequence[Document], leftover: Iterable[tuple[str, str]]
) -> Iterator[dict[str, Any]]:
    """The bulk actions: delete the `leftover` entries ((_id, index) pairs) first, then index
    each document and its figure entries."""
    for entry, index in leftover:
        yield {"_op_type": "delete", "_index": index, "_id": entry}
    for document in documents:
        yield {"_index": alias, "_id": document.id, "_source": to_source(document)}
        rows = zip(figure_rows(document), figure_entity_terms(document), strict=True)
        for row, terms in rows:
            yield {"_index": alias, "_id": figure_id(row), "_source": figure_source(row, terms)}


def bulk_failures(results: Iterable[BulkResult], sources: Mapping[str, str]) -> list[Failure]:
    """A Failure per rejected action, naming the source of its document (`sources` by id);
    a delete of what is gone already is no failure."""
    failures = []
    for ok, item in results:
        if "delete" in item and item["delete"].get("status") in (200, 404):
            continue  # gone, or gone already
        if not ok:
            detail = {**next(iter(item.values()))}
            # A figure entry's id is its document's, then '#' and the figure's place.
            detail["_id"] = document_id = str(detail.get("_id", "")).split("#", 1)[0]
            reason = detail.get("error", detail)
            failures.append(
                Failure(source=sources.get(document_id, document_id),
                        reason=f"Elasticsearch rejected the document: {reason}")
            )  # fmt: skip
    return failures


def delete(connection: Connection, alias: str, document_ids: list[str], *, refresh: bool) -> bool:
    """Remove the documents and their figure entries in one request; whether any was there."""
    deleted = connection.call(
        "delete a document", connection.client.delete_by_query, index=alias,
        query={"terms": {"doc_id": document_ids}}, refresh=refresh, conflicts="proceed",
    )  # fmt: skip
    return bool(deleted.get("deleted"))


def _leftover_entries(
    connection: Connection, alias: str, documents: Sequence[Document]
) -> list[tuple[str, str]]:
    """(_id, index) of the entries, documents and figures, of what `leftovers` names."""
    under: dict[str, list[tuple[str, str, str]]] = {}

    def indexed_under(prefix: str) -> list[str]:
        under[prefix] = list(_entries_under(connection, alias, prefix))
        return [doc_id for doc_id, _, _ in under[prefix]]

    gone = leftovers(documents, indexed_under)
    return [(entry, index) for found in under.values() for doc_id, entry, index in found
            if doc_id in gone]  # fmt: skip


def _entries_under(
    connection: Connection, alias: str, prefix: str
) -> Iterator[tuple[str, str, str]]:
    """(doc_id, _id, index) of every entry whose source starts with `prefix`."""
    body = {
        "query": {"prefix": {"source": prefix}},
        "sort": [{"entry_id": "asc"}],
        "source_includes": ["doc_id"],
    }
    for hit in connection.every_hit("find a file's documents", alias, body):
        yield hit["_source"]["doc_id"], hit["_id"], hit["_index"]
