"""The search page's timeline in a real browser: bars per month of publication, drawn by the
vendored chart library; dragging across them sets the date filters; without the library the
page says so and keeps the numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect
from ui_pages import api, open_ui, route_params, wait_ready

WORD = "chronoquux"  # in these documents only
# Publication dates: two in June 2023, so the tallest bar is known; years apart, so empty
# months stand between the bars.
DATES = ["2022-03-14", "2023-06-02", "2023-06-20", "2023-07-09", "2024-01-15"]
TEXTS = [
    "Le centre de Lille a suivi 120 patients sous méthadone.",
    "Il centro di Torino ha seguito 80 pazienti in metadone.",
    "The Leeds clinic saw 140 patients on methadone.",
    "La clinique de Nantes a accueilli 60 usagers.",
    "The Cardiff service reached 95 people with naloxone kits.",
]
ACCENT = "#1a5fb4"  # the bars' colour (charts.js COLORS.accent)


@pytest.fixture
def dated_documents(live_server: str) -> Iterator[list[dict[str, Any]]]:
    """Five documents published over two years, indexed for one test and removed after."""
    records = [
        api(
            live_server,
            "/api/documents",
            method="POST",
            body={
                "text": f"{WORD.capitalize()} report {number}. {text}",
                "published": published,
                "source": f"tests/browser/timeline-{number}",
            },
        )
        for number, (published, text) in enumerate(zip(DATES, TEXTS, strict=True))
    ]
    try:
        yield records
    finally:
        for record in records:
            api(live_server, f"/api/documents/{record['id']}", method="DELETE")


def bars(page: Page) -> list[dict[str, float]]:
    """The chart's bars that have a height, left to right, as boxes on the page."""
    shapes = page.locator(f'.timeline-chart svg path[fill="{ACCENT}"]')
    boxes = [box for shape in shapes.all() if (box := shape.bounding_box())]
    return sorted((box for box in boxes if box["height"] > 1), key=lambda box: box["x"])


def drag_across(page: Page, first: dict[str, float], last: dict[str, float]) -> None:
    """Press left of `first` bar, drag past the right of `last`, low in the plot, let go."""
    y = first["y"] + first["height"] - 4
    page.mouse.move(first["x"] - 2, y)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, y, steps=10)
    page.mouse.move(last["x"] + last["width"] + 2, y, steps=4)
    page.mouse.up()
    page.mouse.move(1, 1)  # off the chart: a bar under the pointer is drawn highlighted


def month_rows(timeline: Locator) -> list[tuple[str, str]]:
    rows = timeline.locator(".data-table tbody tr")
    return [
        (row.locator("th").inner_text().strip(), row.locator("td").inner_text().strip())
        for row in rows.all()
    ]


def test_the_timeline_shows_months_and_a_drag_sets_the_date_filters(
    live_server: str, page: Page, artifacts: Path, dated_documents: list[dict[str, Any]]
) -> None:
    months = api(live_server, "/api/search", {"q": WORD, "limit": 0, "facet_months": "true"})
    assert [(f["value"], f["count"]) for f in months["facets"]["published_month"]] == [
        ("2022-03", 1),
        ("2023-06", 2),
        ("2023-07", 1),
        ("2024-01", 1),
    ]
    open_ui(page, live_server, f"#/?q={WORD}")
    status = page.get_by_role("status")
    expect(status).to_have_text(f"5 documents for “{WORD}”")
    timeline = page.locator(".timeline")
    expect(timeline).to_be_visible()
    chart = timeline.locator(".timeline-chart")
    # An image to a screen reader, named by ECharts' ARIA description of what it shows.
    described = page.get_by_role("img", name=re.compile(r"^Bar chart of documents per month"))
    expect(described).to_have_attribute("aria-label", re.compile(r"March 2022 to January 2024"))
    shown = bars(page)
    assert len(shown) == 4
    heights = [round(bar["height"]) for bar in shown]
    assert heights[1] == max(heights) and heights[1] > heights[0]  # June 2023: two documents
    # The axes are labelled: months along the bottom, counts up the side.
    labels = chart.locator("svg text").all_text_contents()
    assert "Documents" in labels and "Mar 2022" in labels
    timeline.get_by_text("Show the numbers as a table").click()
    assert month_rows(timeline) == [
        ("Mar 2022", "1"),
        ("Jun 2023", "2"),
        ("Jul 2023", "1"),
        ("Jan 2024", "1"),
    ]
    page.screenshot(path=artifacts / "timeline.png", full_page=True)

    drag_across(page, shown[1], shown[2])
    expect(page).to_have_url(re.compile(r"published_from=2023-06-01&published_to=2023-07-31$"))
    wait_ready(page)
    expect(status).to_have_text(f"3 documents for “{WORD}”")
    assert ("published_from", "2023-06-01") in route_params(page)
    chip = page.get_by_role("button", name="Remove filter Published: Jun 2023 – Jul 2023")
    expect(chip).to_be_visible()
    # The chart redraws after the results: wait for it rather than catch it half drawn.
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('.timeline-chart svg path[fill="{ACCENT}"]')]
          .filter((bar) => bar.getBoundingClientRect().height > 1).length === 2"""
    )
    expect(timeline.get_by_role("button", name="Show all dates")).to_be_visible()
    page.screenshot(path=artifacts / "timeline-brushed.png", full_page=True)

    # The back button takes the drag back.
    page.go_back()
    wait_ready(page)
    expect(status).to_have_text(f"5 documents for “{WORD}”")
    expect(chip).to_have_count(0)
    # Without a mouse: a month in the table is a button that filters to it.
    timeline.get_by_text("Show the numbers as a table").click()
    timeline.get_by_role("button", name="Show only documents published in March 2022").click()
    expect(page).to_have_url(re.compile(r"published_from=2022-03-01&published_to=2022-03-31$"))
    wait_ready(page)
    expect(status).to_have_text(f"1 document for “{WORD}”")


def test_on_a_touch_screen_a_swipe_scrolls_and_a_tap_filters(
    live_server: str, browser: Browser, dated_documents: list[dict[str, Any]]
) -> None:
    # A phone: a finger dragging over the chart is the reader scrolling, never a date range.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        open_ui(page, live_server, f"#/?q={WORD}")
        timeline = page.locator(".timeline")
        expect(timeline.locator("#timeline-hint")).to_contain_text("Tap a bar")
        shown = bars(page)
        assert len(shown) == 4
        # A swipe up over the chart, as the browser's own touch input: no filter is set.
        start = shown[1]
        x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] - 4
        scrolled = page.evaluate("window.scrollY")
        touch = context.new_cdp_session(page)
        points = [(x, y - step * 15) for step in range(12)]
        for kind, (px, py) in [("touchStart", points[0])] + [("touchMove", p) for p in points[1:]]:
            touch.send(
                "Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": px, "y": py}]}
            )
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for_timeout(300)
        assert "published_from" not in page.url
        # A tap on a bar (where it is now the page has scrolled) keeps only its month.
        page.touchscreen.tap(x, y - (page.evaluate("window.scrollY") - scrolled))
        expect(page).to_have_url(re.compile(r"published_from=2023-06-01&published_to=2023-06-30$"))
    finally:
        context.close()


def test_without_the_chart_library_the_page_says_so_and_keeps_the_numbers(
    live_server: str, page: Page, artifacts: Path, dated_documents: list[dict[str, Any]]
) -> None:
    """As when the server was started without `make vendor`: the library's file is missing."""

    def missing(route: Route) -> None:
        route.fulfill(status=404, json={"error": "not_found", "detail": "Not Found"})

    page.route(re.compile(r"/vendor/echarts/"), missing)
    open_ui(page, live_server, f"#/?q={WORD}")
    expect(page.locator(".hit")).to_have_count(5)
    message = page.locator(".timeline .chart-missing")
    expect(message).to_be_visible()
    expect(message).to_contain_text("make vendor")
    expect(page.get_by_role("img", name=re.compile("Bar chart"))).to_have_count(0)
    timeline = page.locator(".timeline")
    expect(timeline.locator("details.chart-data")).to_have_attribute("open", "")
    assert month_rows(timeline)[1] == ("Jun 2023", "2")
    page.screenshot(path=artifacts / "timeline-no-library.png", full_page=True)
