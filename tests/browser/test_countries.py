"""Names, not codes, in a real browser: the figures page's country field takes names in
French, Italian or English (one of them with a space) and offers them as the reader types; a
name of no country is said so; the document view names the countries it is about; search
results download as a spreadsheet; measures are typed by name too."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from ui_pages import TIMEOUT_MS, api, open_ui, route_params, wait_ready


def _filter_figures_by(page: Page, text: str) -> None:
    field = page.get_by_label("Countries")
    field.fill(text)
    page.get_by_role("button", name="Apply filters").click()
    wait_ready(page)


def test_figures_country_field_takes_names(live_server: str, page: Page, artifacts: Path) -> None:
    open_ui(page, live_server, "#/figures")
    field = page.get_by_label("Countries")
    field.focus()
    # Every country is offered by its English name, with its code and other names beside it.
    option = page.locator("#figures-country-options option[value='United Kingdom']")
    expect(option).to_have_count(1)
    expect(option).to_have_attribute("label", re.compile(r"^GB · Royaume-Uni · Regno Unito$"))

    for typed, code in (("Regno Unito", "GB"), ("Viêt Nam", "VN")):
        _filter_figures_by(page, typed)
        assert route_params(page) == [("country", typed)]  # one name, spaces and all
        expected = api(live_server, "/api/figures", {"country": code, "limit": 1})["total"]
        assert expected > 0, f"the sample corpus has figures about {code}"
        rows = page.locator(".figures-table tbody tr")
        expect(rows).to_have_count(min(expected, 50))
        for row in rows.all()[:5]:
            expect(row.locator(".badge-country", has_text=code)).to_have_count(1)
    page.screenshot(path=artifacts / "figures-country-name.png")

    _filter_figures_by(page, "Atlantide")
    alert = page.locator(".error[role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Atlantide")


def test_a_country_code_from_the_address_shows_by_name(live_server: str, page: Page) -> None:
    open_ui(page, live_server, "#/figures?country=GB")
    expect(page.get_by_label("Countries")).to_have_value("United Kingdom")


def test_document_view_names_its_countries(live_server: str, page: Page) -> None:
    hits = api(live_server, "/api/search", {"country": "VN", "limit": 1})["hits"]
    assert hits, "the sample corpus has a document about Vietnam"
    open_ui(page, live_server, f"#/doc/{urllib.parse.quote(hits[0]['id'])}")
    about = page.locator(".doc-meta .badge-country")
    expect(about.first).to_be_visible()
    names = about.all_text_contents()
    assert "Vietnam" in names
    assert all(not re.fullmatch(r"[A-Z]{2}", name) for name in names), names


def test_search_results_download_as_a_spreadsheet(live_server: str, page: Page) -> None:
    open_ui(page, live_server, "#/?q=methadone&lang=en")
    total = api(live_server, "/api/search", {"q": "methadone", "lang": "en", "limit": 0})["total"]
    assert total > 0
    csv_link = page.get_by_role("link", name="CSV", exact=True)
    expect(csv_link).to_have_attribute(
        "href", "/api/search?format=csv&bom=true&q=methadone&lang=en"
    )
    with page.expect_download(timeout=TIMEOUT_MS) as download_info:
        page.get_by_role("link", name="XLSX", exact=True).click()
    download = download_info.value
    assert re.fullmatch(r"policylens-search-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)
    with open(download.path(), "rb") as handle:  # the saved file has no suffix
        sheet = load_workbook(handle, read_only=True).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("id", "title", "source", "language")
    assert len(rows) - 1 == total
    assert {row[3] for row in rows[1:]} == {"en"}


def test_figures_measure_field_takes_names(live_server: str, page: Page) -> None:
    open_ui(page, live_server, "#/figures")
    page.get_by_label("Measure").fill("People in treatment")  # a name with spaces, any case
    page.get_by_role("button", name="Apply filters").click()
    wait_ready(page)
    assert route_params(page) == [("measure", "people-in-treatment")]
    expected = api(live_server, "/api/figures", {"measure": "people-in-treatment", "limit": 1})
    expect(page.get_by_role("status")).to_contain_text(f"{expected['total']} figure")
    expect(page.locator(".error[role=alert]")).to_be_hidden()
    # Its Italian name works as well.
    page.get_by_label("Measure").fill("persone in trattamento")
    page.get_by_role("button", name="Apply filters").click()
    wait_ready(page)
    assert route_params(page) == [("measure", "people-in-treatment")]
