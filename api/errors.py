"""The one table from the packages' exceptions to HTTP statuses, and the error body shape."""

from __future__ import annotations

from ingest.errors import IngestError
from nlp.errors import NlpError
from search.errors import BackendUnavailable, InvalidQuery, SearchError

# Most specific first: the first matching class decides the status.
HTTP_STATUS: list[tuple[type[Exception], int, str]] = [
    (InvalidQuery, 422, "invalid_query"),
    (BackendUnavailable, 503, "search_unavailable"),
    (SearchError, 500, "search_error"),
    (IngestError, 422, "invalid_document"),
    (NlpError, 503, "nlp_unavailable"),
]


def status_for(error: Exception) -> tuple[int, str]:
    """The HTTP status and error code for a package exception."""
    for kind, status, code in HTTP_STATUS:
        if isinstance(error, kind):
            return status, code
    return 500, "internal_error"


def error_body(error: str, detail: object) -> dict[str, object]:
    return {"error": error, "detail": detail}
