"""The upload page in a real browser: files of several formats sent one request each, with their
progress, the documents they became (linked, with new / replaced / renamed), the failures with
their reasons, and the API key asked for when the server wants one."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import docx
from playwright.sync_api import Locator, Page, Request, Route, expect
from scans import write_scan
from ui_pages import api, open_ui, wait_ready

WORD = "uploadquux"  # in these files only
SETTLED = """() => [...document.querySelectorAll('.upload-item')].every(
  (item) => ['done', 'failed'].includes(item.dataset.state))"""
OCR_TIMEOUT_MS = 120_000


def document_ids(page: Page) -> set[str]:
    hrefs = page.locator(".upload-results a").evaluate_all("links => links.map((a) => a.hash)")
    return {urllib.parse.unquote(href.removeprefix("#/doc/")) for href in hrefs}


def item(page: Page, name: str) -> Locator:
    return page.locator(".upload-item", has=page.locator(".upload-name", has_text=name))


def write_files(folder: Path) -> list[Path]:
    note = folder / "lyon-note.txt"
    note.write_text(f"Le centre de Lyon ({WORD}) a suivi 40 patients sous méthadone en 2023.\n")
    report = docx.Document()
    report.core_properties.title = f"Leeds clinic report {WORD}"
    report.add_heading(f"Leeds clinic report {WORD}", 1)
    report.add_paragraph("The Leeds clinic saw 120 patients on methadone in 2023.")
    report.save(folder / "leeds-report.docx")
    memo = folder / "bari-memo.md"
    memo.write_text(f"# Bari {WORD}\n\nIl centro di Bari ha seguito 75 pazienti in metadone.\n")
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    return [note, folder / "leeds-report.docx", memo, broken]


def test_upload_files_see_them_arrive_and_the_failures_with_their_reasons(
    live_server: str, page: Page, artifacts: Path, tmp_path: Path, uploaded: set[str]
) -> None:
    open_ui(page, live_server, "#/")
    page.get_by_role("link", name="Upload").click()
    expect(page).to_have_url(re.compile(r"#/upload$"))
    wait_ready(page)
    expect(page.locator("h1")).to_have_text("Upload documents")
    # The formats come from the API.
    formats = api(live_server, "/api/documents/upload/formats")
    expect(page.locator("#upload-accepted")).to_contain_text(", ".join(formats["suffixes"]))

    files = write_files(tmp_path)
    tool = tmp_path / "tool.exe"
    tool.write_bytes(b"MZ\x00\x00")
    page.locator("#upload-files").set_input_files([*files, tool])
    page.wait_for_function(SETTLED, timeout=60_000)
    uploaded |= document_ids(page)

    for name in ("lyon-note.txt", "leeds-report.docx", "bari-memo.md"):
        row = item(page, name)
        expect(row).to_have_attribute("data-state", "done")
        expect(row.locator(".upload-status")).to_have_text("Done: 1 document.")
        expect(row.locator(".upload-badge")).to_have_text("New")
    # The server's reason, and the page's own for a type the API does not read (never sent).
    expect(item(page, "broken.pdf")).to_have_attribute("data-state", "failed")
    expect(item(page, "broken.pdf").locator(".upload-status")).to_contain_text(
        "Failed: not a valid PDF"
    )
    expect(item(page, "tool.exe").locator(".upload-status")).to_contain_text(
        "Not sent: PolicyLens does not read “.exe” files"
    )
    expect(page.get_by_role("status")).to_have_text("5 files: 3 done, 2 failed.")
    assert len(uploaded) == 3
    found = api(live_server, "/api/search", {"q": WORD, "limit": 10, "cross_lingual": "false"})
    assert {hit["id"] for hit in found["hits"]} == uploaded
    page.screenshot(path=artifacts / "upload.png", full_page=True)

    # The same name with other content is kept beside the first, and says so ...
    files[0].write_text(f"Le centre de Lyon ({WORD}) a suivi 55 patients en 2024.\n")
    page.locator("#upload-files").set_input_files([files[0]])
    page.wait_for_function(SETTLED, timeout=60_000)
    renamed = page.locator(".upload-item").last
    expect(renamed.locator(".upload-badge")).to_have_text("New")
    expect(renamed.get_by_role("link")).to_have_text("upload/lyon-note~2.txt")
    expect(renamed.locator(".renamed")).to_have_text(" (another upload holds upload/lyon-note.txt)")
    uploaded |= document_ids(page)
    # ... unless the box asks to replace it.
    page.get_by_label("Replace documents with the same name").check()
    files[0].write_text(f"Le centre de Lyon ({WORD}) a suivi 61 patients en 2025.\n")
    page.locator("#upload-files").set_input_files([files[0]])
    page.wait_for_function(SETTLED, timeout=60_000)
    expect(page.locator(".upload-item").last.locator(".upload-badge")).to_have_text("Replaced")
    page.screenshot(path=artifacts / "upload-renamed.png", full_page=True)

    # Each document is a link to its page, named by its title.
    link = item(page, "leeds-report.docx").get_by_role("link")
    expect(link).to_have_text(f"Leeds clinic report {WORD}")
    link.click()
    wait_ready(page)
    expect(page.locator("h1")).to_have_text(f"Leeds clinic report {WORD}")
    # The list is still there when coming back.
    page.go_back()
    wait_ready(page)
    expect(page.locator(".upload-item")).to_have_count(7)


def test_a_long_reading_shows_the_page_working(
    live_server: str, page: Page, tmp_path: Path, uploaded: set[str]
) -> None:
    """A scan is read by OCR once its bytes are sent: the bar turns indeterminate and counts."""
    scan = write_scan(
        tmp_path / "ocr-report.pdf",
        [[f"Rapport {WORD} sur les addictions", "Le centre de Pau a suivi 310 usagers en 2023."]],
        seed=7,
    )
    open_ui(page, live_server, "#/upload")
    page.locator("#upload-files").set_input_files([scan])
    row = item(page, "ocr-report.pdf")
    expect(row).to_have_attribute("data-state", "analysing")
    expect(row.locator("progress")).not_to_have_attribute("value", re.compile(r".*"))
    expect(row.locator(".upload-status")).to_contain_text("Reading and analysing… ")
    page.wait_for_function(SETTLED, timeout=OCR_TIMEOUT_MS)
    uploaded |= document_ids(page)
    expect(row).to_have_attribute("data-state", "done")
    expect(row.locator("progress")).to_be_hidden()


def test_the_api_key_is_asked_for_when_the_server_wants_one(
    live_server: str, page: Page, artifacts: Path, tmp_path: Path, uploaded: set[str]
) -> None:
    """The live server has no key: the route plays one that has, answering 401 without it."""
    key = "s3cret-key"
    sent_keys: list[str | None] = []

    def keyed(route: Route, request: Request) -> None:
        if request.method != "POST":
            route.continue_()
            return
        sent_keys.append(request.headers.get("x-api-key"))
        if request.headers.get("x-api-key") != key:
            route.fulfill(
                status=401,
                json={"error": "unauthorized", "detail": "a valid API key is required"},
            )
        else:
            route.continue_()

    page.route(re.compile(r"/api/documents/upload\?"), keyed)
    open_ui(page, live_server, "#/upload")
    key_field = page.get_by_label("API key", exact=True)
    expect(key_field).to_be_hidden()  # the formats said no key is needed
    note = tmp_path / "keyed-note.txt"
    note.write_text(f"Il centro di Como ({WORD}) ha seguito 12 pazienti.\n")
    page.locator("#upload-files").set_input_files([note])
    row = item(page, "keyed-note.txt")
    expect(row).to_have_attribute("data-state", "waiting")
    expect(row.locator(".upload-status")).to_have_text("Waiting for the API key (above).")
    expect(row.locator("progress")).to_be_hidden()
    expect(key_field).to_be_visible()
    page.screenshot(path=artifacts / "upload-key.png", full_page=True)

    key_field.fill("wrong")
    page.get_by_role("button", name="Use this key").click()
    expect(page.get_by_text("The server refused that API key.")).to_be_visible()
    key_field.fill(key)
    page.get_by_role("button", name="Use this key").click()
    page.wait_for_function(SETTLED, timeout=60_000)
    uploaded |= document_ids(page)
    expect(row).to_have_attribute("data-state", "done")
    assert sent_keys == [None, "wrong", key]
    # Kept for this tab only.
    assert page.evaluate("sessionStorage.getItem('policylens.apiKey')") == key
    assert page.evaluate("localStorage.length") == 0
    expect(page.get_by_text("An API key is set for this tab.")).to_be_visible()
    expect(key_field).to_be_hidden()


DROP = """([names, text]) => {
  const files = new DataTransfer();
  for (const name of names) files.items.add(new File([text + name], name, { type: "text/plain" }));
  const zone = document.querySelector(".drop-zone");
  for (const type of ["dragenter", "dragover", "drop"]) {
    const event = { dataTransfer: files, bubbles: true, cancelable: true };
    zone.dispatchEvent(new DragEvent(type, event));
  }
}"""


def test_files_dropped_on_the_page_are_uploaded(
    live_server: str, page: Page, uploaded: set[str]
) -> None:
    open_ui(page, live_server, "#/upload")
    text = f"Il centro di Lecce ({WORD}) ha seguito 33 pazienti. "
    page.evaluate(DROP, [["dropped-one.txt", "dropped-two.md"], text])
    page.wait_for_function(SETTLED, timeout=60_000)
    uploaded |= document_ids(page)
    for name in ("dropped-one.txt", "dropped-two.md"):
        expect(item(page, name)).to_have_attribute("data-state", "done")
    assert len(uploaded) == 2
