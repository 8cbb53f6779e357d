"""Who may call what: API keys for writes (and optionally reads), compared in constant time."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from api.settings import Settings

# The dependencies are `async` although they never wait: FastAPI runs a plain `def` dependency
# on its thread pool, a hand-off per dependency per request; these are a few attribute reads.


def _settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.services.settings
    return settings


def _check_key(request: Request) -> None:
    expected = _settings_of(request).api_key
    if expected is None:
        return
    given = request.headers.get("x-api-key") or ""
    authorization = request.headers.get("authorization", "")
    if not given and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    # compare_digest: the time taken says nothing about how much of the key was right.
    if not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        raise HTTPException(401, "a valid API key is required (X-API-Key or Bearer token)")


async def require_write_key(request: Request) -> None:
    """Writes (ingest, delete) need the API key whenever one is set."""
    _check_key(request)


async def require_read_key(request: Request) -> None:
    """Reads are open unless `read_requires_key` closes them."""
    if _settings_of(request).read_requires_key:
        _check_key(request)
