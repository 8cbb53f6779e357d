"""Smoke tests of the browser infrastructure: Chromium reaches the live app and screenshots work.

/docs is not used: Swagger UI loads its JS and CSS from a CDN, which is unreachable here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SEARCH = "/api/search?q=metadone"


def test_search_json_shows_in_the_browser(live_server: str, page: Page, artifacts: Path) -> None:
    response = page.goto(live_server + SEARCH)
    assert response is not None
    assert response.status == 200
    assert '"total"' in page.locator("body").inner_text()
    # Chromium's JSON viewer keeps the raw text in a <pre> (its Pretty-print toggle sits beside).
    assert json.loads(page.locator("pre").first.inner_text())["total"] > 0
    shot = artifacts / "smoke.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 0


def test_phone_width_renders(live_server: str, page: Page, artifacts: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + SEARCH)
    assert '"total"' in page.locator("body").inner_text()
    assert page.evaluate("window.innerWidth") == 390
    shot = artifacts / "smoke-phone.png"
    page.screenshot(path=shot)
    assert shot.stat().st_size > 0


def test_api_docs_render_offline(page: Page, live_server: str, artifacts: Path) -> None:
    page.goto(f"{live_server}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    assert page.locator(".opblock").count() >= 7
    page.screenshot(path=str(artifacts / "docs.png"))
