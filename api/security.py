"""Who may call what: API keys for writes (and optionally reads), compared in constant time."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from api.services import Services


def services_of(request: Request) -> Services:
    """The services the app was built with (a FastAPI dependency)."""
    services: Services = request.app.state.services
    return services


def _check_key(request: Request) -> None:
    expected = services_of(request).settings.api_key
    if expected is None:
        return
    given = request.headers.get("x-api-key") or ""
    authorization = request.headers.get("authorization", "")
    if not given and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    # compare_digest: the time taken says nothing about how much of the key was right.
    if not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        raise HTTPException(401, "a valid API key is required (X-API-Key or Bearer token)")


def require_write_key(request: Request) -> None:
    """Writes (ingest, delete) need the API key whenever one is set."""
    _check_key(request)


def require_read_key(request: Request) -> None:
    """Reads are open unless `read_requires_key` closes them."""
    if services_of(request).settings.read_requires_key:
        _check_key(request)
