"""The web UI in a real browser: search with facets and paging, documents, figures, escaping.

Waits and API calls are ui_pages's (tests/support): on what the app shows, never on time.
"""

from __future__ import annotations

import csv
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page, Route, expect
from ui_pages import TIMEOUT_MS, api, open_ui, route_params, wait_ready

NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
MARKUP_TEXT = (
    "Clinic notes: <script>alert(1)</script> and <b>bold</b> words about zanzibarquux care 😀 "
    "in Kenya.\n\nAbout 45 per cent of the 1,200 patients in Mombasa stayed in treatment 🎉."
)


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
    # The words are expanded to the concept's labels (metadone, terapia metadonica, ...), so
    # snippets bold those too: every hit has a bold word, and the word as typed is among them.
    for snippet in page.locator(".hit .snippet").all():
        assert snippet.locator("b").count() > 0
    bold = [text.lower() for text in page.locator(".hit .snippet b").all_text_contents()]
    assert "methadone" in bold
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
    # The newest document comes first, and its card shows when it was published.
    [newest] = api(live_server, "/api/search", {"sort": "date", "limit": 1})["hits"]
    assert newest["published"]
    expect(page.locator(".hit-title a").first).to_have_text(newest["title"] or newest["source"])
    first_date = page.locator(".hit").first.locator(".hit-meta time")
    expect(first_date).to_have_attribute("datetime", newest["published"])


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
        "href", "/api/figures?format=csv&bom=true&unit=percent&sort=value&order=desc"
    )
    with page.expect_download(timeout=TIMEOUT_MS) as download_info:
        link.click()
    path = download_info.value.path()
    # A byte-order mark from the UI by default: Excel on Windows needs it for accents.
    assert Path(path).read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == expected
    assert {row["unit"] for row in rows} == {"percent"}
    sort_keys = [float(row["value"] or row["value_min"]) for row in rows]
    assert sort_keys == sorted(sort_keys, reverse=True)


def test_figures_pages_turn_both_ways(live_server: str, page: Page) -> None:
    total = api(live_server, "/api/figures", {"limit": 1})["total"]
    assert total > 50
    open_ui(page, live_server, "#/figures")
    status = page.get_by_role("status")
    expect(status).to_have_text(f"1–50 of {total} figures")
    # Rows show a topic's id until /api/topics answers, then its name: compare settled rows.
    expect(page.locator("#figures-topic-options option").first).to_be_attached()
    first_rows = page.locator("tbody tr").all_text_contents()

    page.get_by_role("button", name="Next →").click()
    expect(page).to_have_url(re.compile(r"#/figures\?page=2$"))
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


# Concepts the sample corpus names in every language; the thesaurus grows, these stay.
ROBUST_TOPICS = ("methadone", "harm-reduction", "hiv")


def languages(result: dict[str, Any]) -> set[str]:
    return {facet["value"] for facet in result["facets"]["language"]}


def test_search_cross_lingual_concepts(live_server: str, page: Page, artifacts: Path) -> None:
    query = "harm reduction"
    expanded = api(live_server, "/api/search", {"q": query, "limit": 10})
    words_only = api(live_server, "/api/search", {"q": query, "limit": 0, "cross_lingual": "false"})
    concept = next(item for item in expanded["concepts"] if item["id"] == "harm-reduction")
    other_languages = languages(expanded) - languages(words_only)
    assert other_languages, "the expansion should find documents in another language"

    open_ui(page, live_server)
    cross_lingual = page.get_by_label("Cross-lingual")
    expect(cross_lingual).to_be_checked()
    page.get_by_label("Search policy documents").fill(query)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"#/\?q=harm\+reduction$"))
    wait_ready(page)

    line = page.locator(".concepts")
    expect(line).to_be_visible()
    expect(line).to_contain_text("Also searched in other languages:")
    item = line.locator('[data-concept="harm-reduction"]')
    expect(item.locator("em")).to_have_text(concept["matched"])
    labels = [
        label for label in concept["labels"].values() if label.lower() != concept["matched"].lower()
    ]
    assert labels
    expect(item.locator(".concept-label [lang]")).to_have_text(labels)
    expect(page.get_by_role("status")).to_contain_text(f"{expanded['total']} document")
    # Hits in the other languages are listed, as the API lists them.
    assert badge_texts(page, ".hit .badge-lang") == [hit["language"] for hit in expanded["hits"]]
    assert other_languages & {hit["language"] for hit in expanded["hits"]}
    for code in other_languages:
        expect(page.locator(f'[data-facet="language"][data-value="{code}"]')).to_be_visible()
    expect(page.locator('[data-facet="topics"]').first).to_be_visible()
    page.screenshot(path=artifacts / "search-concepts.png", full_page=True)

    cross_lingual.uncheck()
    expect(page).to_have_url(re.compile(r"[?&]cross_lingual=false(&|$)"))
    wait_ready(page)
    expect(line).to_be_hidden()
    expect(page.get_by_role("status")).to_contain_text(f"{words_only['total']} document")
    assert words_only["total"] < expanded["total"]
    assert set(badge_texts(page, ".hit .badge-lang")) <= languages(words_only)
    # The switch lives in the address: a reload keeps it off, and turning it on drops it.
    page.reload()
    wait_ready(page)
    expect(cross_lingual).not_to_be_checked()
    expect(line).to_be_hidden()
    cross_lingual.check()
    expect(page).to_have_url(re.compile(r"#/\?q=harm\+reduction$"))
    wait_ready(page)
    expect(line).to_be_visible()


def test_search_concepts_at_phone_width(live_server: str, page: Page, artifacts: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_ui(page, live_server, "#/?q=harm%20reduction")
    expect(page.locator(".concepts")).to_be_visible()
    page.locator(".facet-panel > summary").click()  # closed at first on a phone
    expect(page.locator('[data-facet="topics"]').first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "search-concepts-phone.png", full_page=True)


def test_topic_facet_adds_a_chip_and_narrows(live_server: str, page: Page) -> None:
    everything = api(live_server, "/api/search", {"limit": 0, "facet_size": 40})
    facets = {facet["value"]: facet for facet in everything["facets"]["topics"]}
    topic = next(
        facets[id_]
        for id_ in ROBUST_TOPICS
        if id_ in facets and facets[id_]["count"] < everything["total"]
    )
    open_ui(page, live_server)
    button = page.locator(f'[data-facet="topics"][data-value="{topic["value"]}"]')
    if not button.count():  # past the first few values: open the whole group
        group = page.locator(".facet-group", has=page.locator('[data-facet="topics"]'))
        group.get_by_role("button", name=re.compile(r"^Show all")).click()
    expect(button.locator(".facet-name")).to_have_text(topic["name"])
    expect(button.locator(".facet-count")).to_have_text(str(topic["count"]))
    button.click()
    expect(page).to_have_url(re.compile(rf"#/\?topic={re.escape(topic['value'])}$"))
    wait_ready(page)

    narrowed = api(live_server, "/api/search", [*route_params(page), ("limit", "0")])["total"]
    assert narrowed == topic["count"] < everything["total"]
    expect(page.get_by_role("status")).to_contain_text(f"{narrowed} document")
    expect(page.locator(".hit")).to_have_count(min(narrowed, 10))
    chip = page.get_by_role("button", name=f"Remove filter Topic: {topic['name']}")
    expect(chip).to_be_visible()
    expect(button).to_have_attribute("aria-pressed", "true")

    # A shared link names its topic chip too.
    page.reload()
    wait_ready(page)
    expect(chip).to_be_visible()
    chip.click()
    wait_ready(page)
    assert "topic=" not in page.url
    expect(page.get_by_role("status")).to_contain_text(f"of {everything['total']} documents")
    expect(chip).to_have_count(0)


def test_figures_topic_filter_and_csv(live_server: str, page: Page, artifacts: Path) -> None:
    topic = "methadone"
    expected = api(live_server, "/api/figures", {"topic": topic, "limit": 50})
    every = api(live_server, "/api/figures", {"limit": 1})["total"]
    assert 0 < expected["total"] < every

    open_ui(page, live_server, "#/figures")
    page.get_by_label("Topics", exact=True).fill(topic)
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(rf"#/figures\?topic={topic}$"))
    wait_ready(page)
    expect(page.get_by_role("status")).to_contain_text(f"of {expected['total']} figure")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(len(expected["rows"]))
    shown = [
        row.locator(".topic-tag").evaluate_all("tags => tags.map((tag) => tag.dataset.topic)")
        for row in rows.all()
    ]
    assert shown == [row["topics"] for row in expected["rows"]]
    page.screenshot(path=artifacts / "figures-topics.png", full_page=True)

    link = page.get_by_role("link", name="Download CSV")
    expect(link).to_have_attribute("href", f"/api/figures?format=csv&bom=true&topic={topic}")
    with page.expect_download(timeout=TIMEOUT_MS) as download_info:
        link.click()
    with open(download_info.value.path(), newline="", encoding="utf-8-sig") as handle:
        assert len(list(csv.DictReader(handle))) == expected["total"]

    # A concept's name works as well as its id once the thesaurus has loaded, and the CSV link
    # follows every filter shown, the cross-lingual switch included.
    page.wait_for_function("document.querySelectorAll('#figures-topic-options option').length > 0")
    page.get_by_label("Topics", exact=True).fill("harm reduction")
    page.get_by_label("Words").fill("methadone")
    page.get_by_label("Cross-lingual").uncheck()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(
        re.compile(r"#/figures\?q=methadone&cross_lingual=false&topic=harm-reduction$")
    )
    wait_ready(page)
    expect(link).to_have_attribute(
        "href",
        "/api/figures?format=csv&bom=true&q=methadone&cross_lingual=false&topic=harm-reduction",
    )
    total = api(
        live_server,
        "/api/figures",
        {"q": "methadone", "cross_lingual": "false", "topic": "harm-reduction", "limit": 1},
    )["total"]
    expect(page.get_by_role("status")).to_contain_text(f"{total} figure")
    expect(page.get_by_label("Topics", exact=True)).to_have_value("harm-reduction")


def test_estimated_facet_counts_are_marked(live_server: str, page: Page) -> None:
    """The sample corpus is far below the size where facets are sampled, so the real answer is
    fetched and given the `facets_sampled` share the API adds on very large result sets."""

    def sampled(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, json={**response.json(), "facets_sampled": 0.213})

    page.route(re.compile(r"/api/search\?"), sampled)
    open_ui(page, live_server, "#/?q=methadone")
    expect(page.locator(".facet-note")).to_have_text("Counts estimated from 21 % of the results.")
    counts = page.locator(".facet-count").all_text_contents()
    assert counts and all(re.fullmatch(r"≈\d+", count) for count in counts)


def test_scanned_pages_show_in_hits_documents_and_figures(
    live_server: str, page: Page, artifacts: Path
) -> None:
    open_ui(page, live_server, "#/?q=buprénorphine Limoges")
    hit = page.locator(".hit").filter(has_text="Nouvelle-Aquitaine")
    expect(hit.locator(".hit-page")).to_have_text("page 2")
    hit.locator(".hit-title a").click()
    wait_ready(page)
    meta = page.locator(".doc-meta")
    expect(meta).to_contain_text("Pages")
    expect(meta.locator(".badge-ocr")).to_have_text("OCR: all")
    figure = page.locator(".doc-side .side-item").filter(has_text="640 patients")
    expect(figure).to_contain_text("page 2")
    # Where page 2 begins is marked in the text, and the text itself is unchanged.
    document_id = urllib.parse.unquote(page.url.rsplit("/", 1)[1])
    record = api(live_server, f"/api/documents/{urllib.parse.quote(document_id)}")
    expect(page.locator(".doc-text .page-start")).to_have_count(1)
    expect(page.locator('.doc-text .page-start[data-page="2"]')).to_have_attribute(
        "aria-label", "Page 2"
    )
    assert page.locator(".doc-text").text_content() == record["text"]
    page.screenshot(path=artifacts / "scanned-document.png")
    open_ui(page, live_server, "#/figures?q=usagers")
    row = page.locator("tbody tr").filter(has_text="2 450 usagers")
    expect(row.locator(".figure-page")).to_have_text("p. 1")


def test_a_message_and_its_attachment_link_to_each_other(live_server: str, page: Page) -> None:
    open_ui(page, live_server, "#/?q=naloxone pharmacies trousses")
    page.locator(".hit-title a", has_text="Annexe des chiffres de la naloxone").click()
    wait_ready(page)
    parent = page.locator(".doc-meta dd a", has_text="Note de service sur la naloxone")
    expect(parent).to_be_visible()
    parent.click()
    wait_ready(page)
    expect(page.locator("h1")).to_have_text("Note de service sur la naloxone")
    expect(page.locator(".doc-meta")).to_contain_text("Attachments")
    expect(page.locator(".doc-meta dd a", has_text="Annexe des chiffres")).to_be_visible()


def test_pages_ocr_was_unsure_of_or_left_unread_are_flagged(
    live_server: str, page: Page, artifacts: Path
) -> None:
    hits = api(live_server, "/api/search", {"q": "buprénorphine Limoges"})["hits"]
    [scan] = [hit for hit in hits if hit["source"].endswith("nouvelle-aquitaine-scan.pdf")]

    # Our renders read too well for Tesseract to be unsure: page 2's confidence is lowered in
    # the API's answer, as a poor scan would have it.
    def unsure(route: Route) -> None:
        response = route.fetch()
        record = response.json()
        record["pages"][1]["ocr_confidence"] = 0.42
        record["pages"][0]["ocr_coverage"] = 0.61  # and most of page 1 left unread
        route.fulfill(response=response, json=record)

    page.route(re.compile(rf"/api/documents/{scan['id']}$"), unsure)
    open_ui(page, live_server, f"#/doc/{scan['id']}")
    expect(page.locator(".doc-meta .badge-unsure:not(.badge-missed)")).to_have_text("OCR unsure: 2")
    expect(page.locator(".doc-meta .badge-missed")).to_have_text("OCR missed text: 1")
    page.locator(".doc-meta").screenshot(path=artifacts / "ocr-flags.png")


def test_entity_facet_shows_the_body_name_not_its_key(live_server: str, page: Page) -> None:
    # The UI asks for 40 entity values, one list for all labels, grouped by label.
    everything = api(live_server, "/api/search", {"limit": 0, "facet_size": 40})
    facets = everything["facets"]["entities"]
    named = [f for f in facets if f.get("name") and f["name"] != f["value"]]
    assert named, "the sample corpus names at least one body of the bodies table"
    entity = named[0]
    group_id = f"entities:{entity['label']}"
    open_ui(page, live_server)
    button = page.locator(f'[data-facet="{group_id}"][data-value="{entity["value"]}"]')
    if not button.count():  # past the first few values: open the whole group
        group = page.locator(".facet-group", has=page.locator(f'[data-facet="{group_id}"]'))
        group.get_by_role("button", name=re.compile(r"^Show all")).click()
    expect(button.locator(".facet-name")).to_have_text(entity["name"])
    # Filtering by it names it in the chip too, not by its key.
    button.click()
    wait_ready(page)
    label = {"ORG": "Organisation", "PER": "Person", "LOC": "Place"}[entity["label"]]
    chip = page.get_by_role("button", name=f"Remove filter {label}: {entity['name']}")
    expect(chip).to_be_visible()
