"""The API tests' HTTP client: the app over the test module's own `services`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

if TYPE_CHECKING:
    from api.services import Services


@pytest.fixture(scope="module")
def client(services: Services) -> TestClient:
    """The app over `services`, which a module using this defines module-scoped, with the
    settings and documents its tests need. A module that posts documents first overrides
    `client` with a fixture that takes this one (`def client(client)`), posts and returns it."""
    from api.app import create_app

    return TestClient(create_app(services))
