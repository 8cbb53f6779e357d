"""Addresses that keep their place: a bookmarked figures page opens on its page with its
filters, and the back button brings back the previous search, words, filters and all."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from ui_pages import api, open_ui, wait_ready

PAGE_SIZE = 50  # figures.js


def rows_of(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("tbody td.figure-text").all_text_contents()]


def test_a_bookmarked_figures_page_opens_on_that_page(live_server: str, page: Page) -> None:
    query = {"sort": "value", "order": "desc"}
    total = api(live_server, "/api/figures", {**query, "limit": 1})["total"]
    assert total > 2 * PAGE_SIZE, "the sample corpus states enough figures for three pages"
    third = api(live_server, "/api/figures", {**query, "limit": PAGE_SIZE, "offset": 2 * PAGE_SIZE})
    pages = -(-total // PAGE_SIZE)

    open_ui(page, live_server, "#/figures?sort=value&order=desc&page=3")
    status = page.get_by_role("status")
    expect(status).to_have_text(f"101–{min(total, 150)} of {total} figures")
    expect(page.locator(".pager-where")).to_have_text(f"Page 3 of {pages}")
    assert rows_of(page) == [row["text"] for row in third["rows"]]
    expect(page.locator("thead th", has=page.locator('[data-sort="value"]'))).to_have_attribute(
        "aria-sort", "descending"
    )

    # Turning pages writes the page into the address; back and reload come back to it.
    page.get_by_role("button", name="← Previous").click()
    expect(page).to_have_url(re.compile(r"#/figures\?sort=value&order=desc&page=2$"))
    wait_ready(page)
    expect(status).to_have_text(f"51–100 of {total} figures")
    page.go_back()
    wait_ready(page)
    expect(status).to_have_text(f"101–{min(total, 150)} of {total} figures")
    assert rows_of(page) == [row["text"] for row in third["rows"]]
    page.reload()
    wait_ready(page)
    expect(page.locator(".pager-where")).to_have_text(f"Page 3 of {pages}")
    # A filter starts again at the first page, and says so in the address.
    page.get_by_label("Unit").fill("count")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"#/figures\?unit=count&sort=value&order=desc$"))
    wait_ready(page)
    expect(page.locator(".pager-where")).to_have_text(re.compile(r"^Page 1 of \d+$"))


def test_a_figures_page_past_the_last_says_so(live_server: str, page: Page) -> None:
    total = api(live_server, "/api/figures", {"limit": 1})["total"]
    pages = -(-total // PAGE_SIZE)
    open_ui(page, live_server, "#/figures?page=99")
    expect(page.locator("td.empty")).to_have_text(f"Page 99 is past the last page, {pages}.")
    page.get_by_role("button", name=f"← Page {pages}").click()
    expect(page).to_have_url(re.compile(rf"#/figures\?page={pages}$"))
    wait_ready(page)
    expect(page.locator("tbody td.figure-text")).to_have_count(total - (pages - 1) * PAGE_SIZE)


def test_the_back_button_restores_the_previous_search(live_server: str, page: Page) -> None:
    english = api(live_server, "/api/search", {"q": "methadone", "lang": "en", "limit": 0})
    heroin = api(live_server, "/api/search", {"q": "heroin", "limit": 0})
    open_ui(page, live_server)
    box = page.get_by_label("Search policy documents")
    box.fill("methadone")
    page.get_by_role("button", name="Search", exact=True).click()
    wait_ready(page)
    page.locator('[data-facet="language"][data-value="en"]').click()
    expect(page).to_have_url(re.compile(r"#/\?q=methadone&lang=en$"))
    wait_ready(page)
    box.fill("heroin")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"#/\?q=heroin&lang=en$"))
    wait_ready(page)
    # The filter stays on a new query: drop it, to be two steps from the English methadone.
    page.get_by_role("button", name="Remove filter Language: English").click()
    expect(page).to_have_url(re.compile(r"#/\?q=heroin$"))
    wait_ready(page)
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"{heroin['total']} document")

    page.go_back()
    wait_ready(page)
    page.go_back()
    wait_ready(page)
    expect(page).to_have_url(re.compile(r"#/\?q=methadone&lang=en$"))
    expect(box).to_have_value("methadone")
    expect(status).to_contain_text(f"{english['total']} document")
    expect(page.get_by_role("button", name="Remove filter Language: English")).to_be_visible()
    expect(page.locator('[data-facet="language"][data-value="en"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    page.go_forward()
    wait_ready(page)
    expect(box).to_have_value("heroin")
