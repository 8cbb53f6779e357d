"""The FastAPI dependencies the routes take, one alias each: the services, the key checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.security import require_read_key, require_write_key
from api.services import Services


# `async` although it never waits: FastAPI runs a plain `def` dependency on its thread pool, a
# hand-off per request for one attribute read.
async def services_of(request: Request) -> Services:
    """The services the app was built with."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(services_of)]
# For a route's or router's `dependencies=[...]`: they give the route nothing.
ReadKey = Depends(require_read_key)
WriteKey = Depends(require_write_key)
