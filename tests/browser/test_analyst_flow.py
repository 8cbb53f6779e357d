"""Issue 20's "done when", in the UI alone, as an analyst would go: upload three reports (French,
Italian, English; three formats), watch them arrive, chart people in treatment by country and
year, open one cell's sentences, go to the page of the body those sentences name, and export
the figures to a spreadsheet that keeps its accents and its whole numbers."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import docx
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from ui_pages import TIMEOUT_MS, api, open_ui, wait_ready

WORD = "flowquux"  # in these reports' titles only
SETTLED = """() => [...document.querySelectorAll('.upload-item')].every(
  (item) => ['done', 'failed'].includes(item.dataset.state))"""
# The reports' figures of people in treatment, as (country, year) -> value: one per cell.
CELLS = {
    ("BE", 2022): 17450,
    ("BE", 2023): 18120,
    ("IT", 2022): 65300,
    ("IT", 2023): 66850,
    ("IE", 2022): 10712,
    ("IE", 2023): 11050,
}
BODY = "euda"  # the European Union Drugs Agency (EMCDDA, OEDT) of nlp/data/bodies.json


def write_reports(folder: Path) -> list[Path]:
    belgium = folder / "belgique-traitement.txt"
    belgium.write_text(
        f"Traitement de substitution en Belgique ({WORD})\n\n"
        "Selon l'Observatoire européen des drogues et des toxicomanies (OEDT), 17 450 personnes "
        "étaient en traitement de substitution aux opiacés en Belgique au 31 décembre 2022.\n\n"
        "Au 31 décembre 2023, 18 120 personnes suivaient un traitement de substitution, dont une "
        "partie dans les centres de l'Échange de seringues de Liège, d'après le même Observatoire "
        "européen des drogues et des toxicomanies.\n",
        encoding="utf-8",
    )
    italy = docx.Document()
    italy.add_heading(f"Trattamenti per le dipendenze in Italia ({WORD})", 1)
    italy.add_paragraph(
        "Secondo l'Osservatorio europeo delle droghe e delle tossicodipendenze (OEDT), al 31 "
        "dicembre 2022 le persone in trattamento con agonisti oppioidi in Italia erano 65.300."
    )
    italy.add_paragraph(
        "Un anno dopo, al 31 dicembre 2023, i pazienti in trattamento erano 66.850, riferisce "
        "ancora l'Osservatorio europeo delle droghe e delle tossicodipendenze."
    )
    italy.save(folder / "italia-trattamento.docx")
    ireland = folder / "ireland-treatment.md"
    ireland.write_text(
        f"# Opioid agonist treatment in Ireland ({WORD})\n\n"
        "According to the European Monitoring Centre for Drugs and Drug Addiction (EMCDDA), "
        "10,712 people were in opioid agonist treatment in Ireland at the end of 2022.\n\n"
        "By the end of 2023 the number of people in treatment had reached 11,050, the European "
        "Monitoring Centre for Drugs and Drug Addiction reported.\n",
        encoding="utf-8",
    )
    return [belgium, folder / "italia-trattamento.docx", ireland]


def test_upload_chart_read_a_cell_open_the_body_and_export(
    live_server: str, page: Page, artifacts: Path, tmp_path: Path, uploaded: set[str]
) -> None:
    # 1. Upload three files and watch them arrive.
    open_ui(page, live_server, "#/")
    page.get_by_role("link", name="Upload").click()
    wait_ready(page)
    page.locator("#upload-files").set_input_files(write_reports(tmp_path))
    page.wait_for_function(SETTLED, timeout=120_000)
    items = page.locator(".upload-item")
    expect(items).to_have_count(3)
    for index in range(3):
        expect(items.nth(index)).to_have_attribute("data-state", "done")
        expect(items.nth(index).locator(".upload-badge")).to_have_text("New")
    # Each links to its document by its title (the Word file's is its first heading).
    links = page.locator(".upload-results a")
    expect(links).to_have_text(
        [
            f"Traitement de substitution en Belgique ({WORD})",
            f"Trattamenti per le dipendenze in Italia ({WORD})",
            f"Opioid agonist treatment in Ireland ({WORD})",
        ]
    )
    hrefs = links.evaluate_all("links => links.map((a) => a.hash)")
    uploaded |= {urllib.parse.unquote(href.removeprefix("#/doc/")) for href in hrefs}
    assert len(uploaded) == 3
    page.screenshot(path=artifacts / "flow-1-upload.png", full_page=True)

    # 2. Chart people in treatment by country and year.
    page.get_by_role("link", name="Statistics").click()
    wait_ready(page)
    page.get_by_label("Measure").select_option("people-in-treatment")
    page.get_by_role("button", name="Show statistics").click()
    wait_ready(page)
    for (country, year), value in CELLS.items():
        cell = page.locator(f'.stats-cell[data-country="{country}"][data-year="{year}"]')
        expect(cell.locator(".stats-median")).to_have_text(f"{value:,}")
    # A row per country, by name; the sample corpus's figures of people in treatment have no
    # year, so they are in no row.
    rows = page.locator(".stats-grid tbody th")
    for name in ("Belgium", "Ireland", "Italy"):
        expect(rows.filter(has_text=name)).to_have_count(1)
    expect(page.locator(".stats-chart svg")).to_be_visible()
    page.screenshot(path=artifacts / "flow-2-statistics.png", full_page=True)

    # 3. Open one cell's sentences: Italy in 2022.
    page.locator('.stats-cell[data-country="IT"][data-year="2022"]').click()
    panel = page.locator(".stats-cell-panel")
    expect(panel).to_be_visible()
    figure = panel.locator(".stats-figure")
    expect(figure).to_have_count(1)
    expect(figure.locator(".sentence")).to_contain_text("le persone in trattamento")
    expect(figure.locator(".sentence")).to_contain_text("65.300")
    page.screenshot(path=artifacts / "flow-3-cell.png", full_page=True)

    # 4. From the sentence's document to the page of the body that published the figures.
    statistics = page.url.partition("#")[2]
    figure.locator(".stats-figure-doc a").first.click()
    wait_ready(page)
    expect(page).to_have_url(re.compile(r"#/doc/[^?]+\?figure=\d+$"))
    # The way back leads to the statistics, open cell and all.
    back = page.locator(".back-link")
    expect(back).to_have_text("← Back to statistics")
    expect(back).to_have_attribute("href", f"#{statistics}")
    page.locator(f'.doc-side a[href^="#/entity/{BODY}"]').first.click()
    wait_ready(page)
    expect(page.locator("h1")).to_contain_text("European Union Drugs Agency")
    entity = api(live_server, f"/api/entities/{BODY}", {"lang": "en", "figures": 100})
    forms = {form["form"] for form in entity["forms"]}
    italian = "Osservatorio europeo delle droghe e delle tossicodipendenze"
    assert {"OEDT", "EMCDDA", italian} <= forms
    # Its page lists the figures of all three reports: their sentences name it.
    for value in (17450, 65300, 10712):
        expect(page.get_by_text(f"{value:,}", exact=True).first).to_be_visible()
    page.screenshot(path=artifacts / "flow-4-body.png", full_page=True)

    # 5. Back to the statistics, and export their figures as a workbook.
    page.go_back()
    wait_ready(page)
    page.go_back()
    wait_ready(page)
    expect(page.locator(".stats-cell-panel")).to_be_visible()
    with page.expect_download(timeout=TIMEOUT_MS) as download_info:
        page.get_by_role("link", name="Download figures (xlsx)").click()
    with open(download_info.value.path(), "rb") as handle:
        sheet = load_workbook(handle, read_only=True).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    value_at, sentence_at = header.index("value"), header.index("sentence")
    values = [row[value_at] for row in body]
    assert set(CELLS.values()) <= set(values)
    # Whole numbers stay whole (an int, written "18120", not 18120.0) ...
    assert all(type(value) is int for value in values if value in CELLS.values())
    # ... and accents stay as written.
    assert any("l'Échange de seringues de Liège" in (row[sentence_at] or "") for row in body)
