"""The FastAPI application factory: error shape, limits, CORS, and the routers."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware

from api import (
    routes_countries,
    routes_documents,
    routes_entities,
    routes_entity_pages,
    routes_figures,
    routes_search,
    routes_statistics,
    routes_topics,
)
from api.errors import error_body, status_for
from api.limits import LimitBodySize
from api.services import Services, build_services
from ingest.errors import IngestError
from nlp.errors import NlpError
from search.errors import SearchError

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
_HTTP_CODES = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    documents: int = Field(examples=[12])
    models_loaded: list[str] = Field(examples=[["fr", "en"]])


def create_app(services: Services | None = None) -> FastAPI:
    """The HTTP app; `services` defaults to ones built from the environment's settings."""
    services = services or build_services()
    settings = services.settings
    app = FastAPI(
        docs_url=None,  # served below from local files: no CDN is reachable on many hosts
        title="PolicyLens",
        version="0.1.0",
        description="Search French, Italian and English policy documents, with the entities, "
        "figures and countries extracted from them. Errors always have the shape "
        '`{"error": code, "detail": ...}`.',
    )
    app.state.services = services
    app.add_middleware(LimitBodySize, max_bytes=settings.max_request_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["X-API-Key", "Authorization", "Content-Type"],
        )

    @app.exception_handler(HTTPException)
    async def _http_error(_: Request, error: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, "http_error")
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

    @app.get("/api/health", response_model=Health, tags=["service"])
    def health() -> Health:
        """Liveness and the size of the index; never waits for models to load."""
        return Health(
            status="ok",
            documents=services.backend.count(),
            models_loaded=services.pipelines.loaded(),
        )

    # Swagger UI 5 (OpenAPI 3.1) as files from the fastapi-offline package; its code is unused.
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs-assets", StaticFiles(directory=assets), name="docs")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="PolicyLens API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon.png",
        )

    app.include_router(routes_search.router)
    app.include_router(routes_documents.router)
    app.include_router(routes_figures.router)
    app.include_router(routes_statistics.router)
    app.include_router(routes_entities.router)
    # After the entities routes: /api/entities/by-country is theirs, not an entity's page.
    app.include_router(routes_entity_pages.router)
    app.include_router(routes_topics.router)
    app.include_router(routes_countries.router)
    _describe_errors(app)
    # The web UI: static files calling the JSON API, no build step. Mounted last so the API
    # routes and /docs win. Compressed, for the vendored chart library's sake (1.1 MB, 0.37 MB
    # gzipped); the API's answers are left as they are.
    ui = StaticFiles(directory=STATIC, html=True)
    app.mount("/", GZipMiddleware(ui, compresslevel=6), name="ui")
    return app


# What every error answer looks like: `detail` is a sentence, or one entry per invalid field.
ERROR_SCHEMA: dict[str, object] = {
    "title": "Error",
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "examples": ["invalid_request"]},
        "detail": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                    },
                },
            ]
        },
    },
}


def _describe_errors(app: FastAPI) -> None:
    """The OpenAPI document gives 422 answers the shape our handler sends, not FastAPI's."""
    build = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema is None:
            schema = build()
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas["HTTPValidationError"] = ERROR_SCHEMA
            schemas.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
