"""The FastAPI application factory: JSON routes over the shared services."""

from __future__ import annotations

import hmac
import logging
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.errors import error_body, status_for
from api.services import Services, build_services
from ingest.errors import IngestError
from ingest.model import Document, Failure
from ingest.submitted import SubmittedDocument
from nlp.errors import NlpError
from search.backend import MAX_LIMIT, SearchQuery, SearchResult
from search.errors import SearchError

log = logging.getLogger(__name__)


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    documents: int = Field(examples=[12])
    models_loaded: list[str] = Field(examples=[["fr", "en"]])


def create_app(services: Services | None = None) -> FastAPI:
    """The HTTP app; `services` defaults to ones built from the environment's settings."""
    services = services or build_services()
    app = FastAPI(
        title="PolicyLens",
        version="0.1.0",
        description="Search French, Italian and English policy documents, with the entities, "
        "figures and countries extracted from them.",
    )
    app.state.services = services

    @app.exception_handler(HTTPException)
    async def _http_error(_: Request, error: HTTPException) -> JSONResponse:
        code = {401: "unauthorized", 404: "not_found"}.get(error.status_code, "http_error")
        return JSONResponse(error_body(code, error.detail), status_code=error.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        detail = [
            {"field": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
            for e in error.errors()
        ]
        return JSONResponse(error_body("invalid_request", detail), status_code=422)

    for kind in (SearchError, IngestError, NlpError):

        @app.exception_handler(kind)
        async def _package_error(_: Request, error: Exception) -> JSONResponse:
            status, code = status_for(error)
            if status >= 500:
                log.error("%s: %s", code, error)
            return JSONResponse(error_body(code, str(error)), status_code=status)

    def require_key(request: Request) -> None:
        expected = services.settings.api_key
        if expected is None:
            return
        given = request.headers.get("x-api-key") or ""
        authorization = request.headers.get("authorization", "")
        if not given and authorization.lower().startswith("bearer "):
            given = authorization[7:].strip()
        if not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
            raise HTTPException(401, "a valid API key is required (X-API-Key or Bearer token)")

    @app.get("/api/health", response_model=Health, tags=["service"])
    def health() -> Health:
        """Liveness and the size of the index; never waits for models to load."""
        return Health(
            status="ok",
            documents=services.backend.count(),
            models_loaded=services.pipelines.loaded(),
        )

    @app.get("/api/search", response_model=SearchResult, tags=["search"])
    def search(
        q: Annotated[str, Query(max_length=1000, examples=["toxicomanie"])] = "",
        lang: Annotated[str | None, Query(pattern="^[a-z]{2,3}$", examples=["fr"])] = None,
        entity: Annotated[list[str] | None, Query(examples=[["nghe an"]])] = None,
        limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 10,
        offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    ) -> SearchResult:
        """Full-text search with highlighted snippets and facet counts."""
        query = SearchQuery(q=q, lang=lang, entity=tuple(entity or ()), limit=limit, offset=offset)
        return services.backend.search(query)

    @app.get("/api/documents/{document_id}", response_model=Document, tags=["documents"])
    def get_document(document_id: str) -> Document:
        """The full analysis record of one document."""
        document = services.backend.get(document_id)
        if document is None:
            raise HTTPException(404, f"no document with id {document_id!r}")
        return document

    @app.post(
        "/api/documents",
        response_model=Document,
        status_code=201,
        tags=["documents"],
        dependencies=[Depends(require_key)],
        responses={422: {"description": "The document could not be analysed or indexed."}},
    )
    def post_document(submitted: SubmittedDocument) -> Document:
        """Analyse one document and index it; the same id replaces the earlier version."""
        try:
            document = submitted.to_document()
        except ValueError as error:
            raise IngestError(str(error)) from error
        [result] = list(services.analyze([document]))
        if isinstance(result, Failure):
            raise IngestError(result.reason)
        failures = services.index([result])
        if failures:
            raise IngestError(failures[0].reason)
        return result

    return app
