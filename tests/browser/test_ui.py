"""The web UI in a real browser: search with facets and paging, documents, figures, escaping.

Every wait is on something the app shows: `<main>` gets aria-busy="false" and data-rendered set
to the address once the view for that address is on screen. The API is asked directly (with no
proxy, like conftest) for the numbers the UI should show.
"""

from __future__ import annotations

import csv
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page, expect

TIMEOUT_MS = 15_000
READY = """() => {
  const main = document.querySelector("main");
  return main.getAttribute("aria-busy") === "false" && main.dataset.rendered === location.hash;
}"""
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
MARKUP_TEXT = (
    "Clinic notes: <script>alert(1)</script> and <b>bold</b> words about zanzibarquux care 😀 "
    "in Kenya.\n\nAbout 45 per cent of the 1,200 patients in Mombasa stayed in treatment 🎉."
)
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def api(base: str, path: str, params: dict[str, Any] | None = None, **request: Any) -> Any:
    """A JSON call to the live server; `request` holds method and a JSON body if any."""
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


def badge_texts(page: Page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_text_contents()]


def first_number(text: str) -> float:
    match = NUMBER.search(text)
    assert match, f"no number in {text!r}"
    return float(match.group().replace(",", ""))


def test_search_highlights_and_facets(live_server: str, page: Page, artifacts: Path) -> None:
    open_ui(page, live_server)
    page.get_by_label("Search policy documents").fill("methadone")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"#/\?q=methadone$"))
    wait_ready(page)

    total = api(live_server, "/api/search", {"q": "methadone", "limit": 0})["total"]
    assert total > 0
    expect(page.locator(".hit")).to_have_count(min(total, 10))
    bold = page.locator(".hit .snippet b")
    assert bold.count() > 0
    assert all("thadone" in text.lower() for text in bold.all_text_contents())
    page.screenshot(path=artifacts / "search.png", full_page=True)

    page.locator('[data-facet="language"][data-value="en"]').click()
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    wait_ready(page)
    english = api(live_server, "/api/search", {"q": "methadone", "lang": "en", "limit": 0})
    assert 0 < english["total"] < total
    expect(page.locator(".hit")).to_have_count(min(english["total"], 10))
    assert set(badge_texts(page, ".hit .badge-lang")) == {"en"}
    expect(page.locator('[data-facet="language"][data-value="en"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("status")).to_contain_text(str(english["total"]))

    next_page = page.get_by_role("button", name="Next page")
    if next_page.count() and next_page.is_enabled():
        next_page.click()
        expect(page).to_have_url(re.compile(r"[?&]offset=10(&|$)"))
        wait_ready(page)
        assert set(badge_texts(page, ".hit .badge-lang")) == {"en"}

    # Removing the filter chip widens the results again.
    page.get_by_role("button", name="Remove filter Language: English").click()
    wait_ready(page)
    assert "lang=" not in page.url
    expect(page.locator(".hit")).to_have_count(min(total, 10))


def test_search_pages_and_history(live_server: str, page: Page) -> None:
    # An empty query lists every document: the sample corpus alone fills two pages.
    total = api(live_server, "/api/search", {"limit": 0})["total"]
    assert total > 10
    open_ui(page, live_server)
    status = page.get_by_role("status")
    expect(status).to_have_text(f"1–10 of {total} documents")
    expect(page.get_by_role("button", name="Previous page")).to_be_disabled()

    page.get_by_role("button", name="Next page").click()
    expect(page).to_have_url(re.compile(r"#/\?offset=10$"))
    wait_ready(page)
    expect(page.locator(".hit")).to_have_count(min(total - 10, 10))
    expect(status).to_have_text(f"11–{min(total, 20)} of {total} documents")

    page.reload()
    wait_ready(page)
    expect(status).to_have_text(f"11–{min(total, 20)} of {total} documents")

    page.go_back()
    wait_ready(page)
    expect(page.locator(".hit")).to_have_count(10)
    expect(status).to_have_text(f"1–10 of {total} documents")

    page.get_by_label("Sort by").select_option("date")
    expect(page).to_have_url(re.compile(r"[?&]sort=date(&|$)"))
    wait_ready(page)
    expect(page.get_by_label("Sort by")).to_have_value("date")


def test_document_shows_figures_in_place(live_server: str, page: Page, artifacts: Path) -> None:
    open_ui(page, live_server, "#/?q=methadone")
    link = page.locator(".hit-title a").first
    link.click()
    expect(page).to_have_url(re.compile(r"#/doc/[\w.:-]+$"))
    wait_ready(page)
    document_id = urllib.parse.unquote(page.url.rsplit("/", 1)[1])
    record = api(live_server, f"/api/documents/{urllib.parse.quote(document_id)}")

    expect(page.locator("h1")).to_have_text(record["title"] or record["source"])
    marks = page.locator(".doc-text mark.fig")
    assert 0 < marks.count() <= len(record["figures"])
    for index in (0, marks.count() - 1):
        mark = marks.nth(index)
        figure = record["figures"][int(mark.get_attribute("data-figure") or "")]
        assert mark.text_content() == figure["text"]
    assert page.locator(".doc-text .ent").count() > 0
    assert page.locator(".doc-text").text_content() == record["text"]
    page.screenshot(path=artifacts / "document.png")

    # The last figure in the side list is far down the text: clicking it brings it into view.
    last = len(record["figures"]) - 1
    page.locator(f'.doc-side button[data-figure="{last}"]').click()
    target = page.locator(f"#figure-{last}")
    expect(target).to_have_class(re.compile(r"\bflash\b"))
    expect(target).to_be_in_viewport()
    expect(target).to_be_focused()


def test_figures_filter_sort_and_csv(live_server: str, page: Page, artifacts: Path) -> None:
    open_ui(page, live_server, "#/figures")
    page.get_by_label("Unit").fill("percent")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"#/figures\?unit=percent$"))
    wait_ready(page)
    expected = api(live_server, "/api/figures", {"unit": "percent", "limit": 1})["total"]
    assert expected > 0
    units = page.locator("tbody td.unit")
    expect(units).to_have_count(min(expected, 50))
    assert set(units.all_text_contents()) == {"percent"}

    value_header = page.locator("thead th", has=page.locator('[data-sort="value"]'))
    for order in ("ascending", "descending"):
        page.locator('[data-sort="value"]').click()
        wait_ready(page)
        expect(value_header).to_have_attribute("aria-sort", order)
    expect(page).to_have_url(re.compile(r"[?&]sort=value&order=desc$"))
    values = [first_number(text) for text in page.locator("tbody td.num").all_text_contents()]
    assert len(values) == min(expected, 50)
    assert values == sorted(values, reverse=True)
    page.screenshot(path=artifacts / "figures.png", full_page=True)

    link = page.get_by_role("link", name="Download CSV")
    expect(link).to_have_attribute(
        "href", "/api/figures?format=csv&unit=percent&sort=value&order=desc"
    )
    with page.expect_download(timeout=TIMEOUT_MS) as download_info:
        link.click()
    path = download_info.value.path()
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == expected
    assert {row["unit"] for row in rows} == {"percent"}
    sort_keys = [float(row["value"] or row["value_min"]) for row in rows]
    assert sort_keys == sorted(sort_keys, reverse=True)


def test_figures_pages_follow_the_cursor(live_server: str, page: Page) -> None:
    total = api(live_server, "/api/figures", {"limit": 1})["total"]
    assert total > 50
    open_ui(page, live_server, "#/figures")
    status = page.get_by_role("status")
    expect(status).to_have_text(f"1–50 of {total} figures")
    first_rows = page.locator("tbody tr").all_text_contents()

    page.get_by_role("button", name="Next →").click()
    expect(page).to_have_url(re.compile(r"[?&]cursor=[^&]+&page=2$"))
    wait_ready(page)
    expect(status).to_have_text(f"51–{min(total, 100)} of {total} figures")
    assert page.locator("tbody tr").all_text_contents() != first_rows

    page.get_by_role("button", name="← Previous").click()
    wait_ready(page)
    expect(status).to_have_text(f"1–50 of {total} figures")
    assert page.locator("tbody tr").all_text_contents() == first_rows
    # Each row opens its document at the figure.
    page.locator("tbody td.doc-cell a").first.click()
    expect(page).to_have_url(re.compile(r"#/doc/[^?]+\?figure=\d+$"))
    wait_ready(page)
    expect(page.locator(".doc-text mark.fig.flash")).to_have_count(1)


@pytest.fixture
def markup_document(live_server: str) -> Iterator[dict[str, Any]]:
    """A document whose text and title hold HTML, indexed for one test and removed after."""
    record = api(
        live_server,
        "/api/documents",
        method="POST",
        body={
            "text": MARKUP_TEXT,
            "title": "Markup <i>test</i> record",
            "source": "tests/browser/markup",
            "language": "en",
        },
    )
    try:
        yield record
    finally:
        api(live_server, f"/api/documents/{record['id']}", method="DELETE")


def test_document_text_never_becomes_markup(
    live_server: str, page: Page, markup_document: dict[str, Any]
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    open_ui(page, live_server, f"#/doc/{markup_document['id']}")
    text = page.locator(".doc-text")
    assert text.text_content() == markup_document["text"]
    assert "<script>alert(1)</script>" in page.locator("body").inner_text()
    assert "<b>bold</b>" in (text.text_content() or "")
    expect(page.locator("h1")).to_have_text("Markup <i>test</i> record")
    assert page.locator("main script, main i, .doc-text b").count() == 0
    # Offsets count code points; the emoji before the figures must not shift the highlights.
    marks = page.locator(".doc-text mark.fig").all_text_contents()
    assert marks == [figure["text"] for figure in markup_document["figures"]]
    assert marks

    open_ui(page, live_server, "#/?q=zanzibarquux")
    expect(page.locator(".hit")).to_have_count(1)
    snippet = page.locator(".hit .snippet")
    assert "<script>alert(1)</script>" in (snippet.text_content() or "")
    assert "<b>bold</b>" in (snippet.text_content() or "")
    assert snippet.locator("b").all_text_contents() == ["zanzibarquux"]
    assert snippet.locator("script").count() == 0
    expect(page.locator(".hit-title")).to_have_text("Markup <i>test</i> record")
    assert dialogs == []


def test_phone_width(live_server: str, page: Page, artifacts: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_ui(page, live_server, "#/?q=methadone")
    expect(page.locator(".hit").first).to_be_visible()
    facets = page.locator(".facets").bounding_box()
    results = page.locator(".results").bounding_box()
    assert facets and results
    assert facets["y"] + facets["height"] <= results["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "search-phone.png", full_page=True)

    open_ui(page, live_server, "#/figures")
    table = page.locator(".table-wrap")
    assert table.evaluate("node => node.scrollWidth > node.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
