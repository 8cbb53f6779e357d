"""What the browser tests share: calling the live server's API, and waiting for a view.

Every wait is on something the app shows: `<main>` gets aria-busy="false" and data-rendered set
to the address once the view for that address is on screen. The API is asked directly (with no
proxy, like conftest) for the numbers the UI should show.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

from playwright.sync_api import Page

TIMEOUT_MS = 15_000
READY = """() => {
  const main = document.querySelector("main");
  return main.getAttribute("aria-busy") === "false" && main.dataset.rendered === location.hash;
}"""
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

Params = Mapping[str, Any] | Sequence[tuple[str, str]]


def api(base: str, path: str, params: Params | None = None, **request: Any) -> Any:
    """A JSON call to the live server (params: a mapping, or pairs to repeat a key); `request`
    holds method and a JSON body if any."""
    url = base + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    body = request.get("body")
    req = urllib.request.Request(
        url,
        method=request.get("method", "GET"),
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with _OPENER.open(req, timeout=60) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def wait_ready(page: Page) -> None:
    page.wait_for_function(READY, timeout=TIMEOUT_MS)


def open_ui(page: Page, base: str, route: str = "") -> None:
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(base + "/" + route)
    wait_ready(page)


def route_params(page: Page) -> list[tuple[str, str]]:
    """The query string of the route on screen, which is also what the view asked the API."""
    fragment = urllib.parse.urlsplit(page.url).fragment
    return urllib.parse.parse_qsl(fragment.partition("?")[2])
