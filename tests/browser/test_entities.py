"""Entity pages and the entities × countries table in a real browser.

What the pages show is compared with what the API says: the name, the names it was written
under, the documents (and their pages), the countries, the figures, the related entities and
every cell of the table. Links from the search's entity facet and from a document's entity list
lead to the pages, and the links out of them lead to the searches they promise.

Waits and API calls are ui_pages's (tests/support): on what the app shows, never on time.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from ui_pages import api, open_ui, route_params, wait_ready

ORG = "quarkley institute"  # named in these documents only
PERSON = "amina odhiambo"
PAGE_SIZE = 20  # entity.js: documents per page
PLACES = [("Mombasa", "Kenya"), ("Milan", "Italy"), ("Hanoi", "Vietnam")]
COUNT = PAGE_SIZE + 3  # two pages of documents, and more figures than the page lists


def quarkley_text(number: int) -> str:
    city, country = PLACES[number % len(PLACES)]
    return (
        f"The Quarkley Institute counted {100 + number} patients in {city}, {country}, "
        f"said Amina Odhiambo.\n\nLocal clinics in {city} reported long waiting lists."
    )


@pytest.fixture(scope="module")
def quarkley(live_server: str) -> Iterator[list[dict[str, Any]]]:
    """Documents of our own naming one organisation, a person and three countries, most of
    them dated (newest last written), indexed for this module and removed after."""
    records = []
    try:
        for number in range(COUNT):
            body: dict[str, Any] = {
                "text": quarkley_text(number),
                "title": f"Quarkley report {number:02d}",
                "source": f"tests/browser/quarkley-{number:02d}",
                "language": "en",
            }
            if number % 5 != 4:  # every fifth is undated: listed last
                body["published"] = (dt.date(2023, 1, 1) + dt.timedelta(days=number)).isoformat()
            records.append(api(live_server, "/api/documents", method="POST", body=body))
        yield records
    finally:
        for record in records:
            api(live_server, f"/api/documents/{record['id']}", method="DELETE")


def entity_page(base: str, key: str, **params: Any) -> Any:
    """The entity's page as the UI asks for it (names in English: the browser's language)."""
    path = f"/api/entities/{urllib.parse.quote(key)}"
    return api(
        base, path, {"lang": "en", "limit": PAGE_SIZE, "figures": 20, "related": 20, **params}
    )


def section(page: Page, heading_id: str) -> Locator:
    return page.locator(f'section[aria-labelledby="{heading_id}"]')


def doc_hash(document_id: str, figure: int | None = None) -> str:
    suffix = f"?figure={figure}" if figure is not None else ""
    return f"#/doc/{urllib.parse.quote(document_id, safe='')}{suffix}"


def hash_params(href: str | None) -> list[tuple[str, str]]:
    assert href and href.startswith("#/"), href
    return urllib.parse.parse_qsl(href.partition("?")[2])


def search_total(base: str, page: Page) -> int:
    """How many documents the search on screen matches, as the API counts them."""
    return int(api(base, "/api/search", [*route_params(page), ("limit", "0")])["total"])


def test_entity_page_shows_what_the_api_says(
    live_server: str, page: Page, quarkley: list[dict[str, Any]], artifacts: Path
) -> None:
    expected = entity_page(live_server, ORG)
    assert expected["label"] == "ORG"
    assert expected["documents"]["total"] == COUNT, "every document should name the institute"
    open_ui(page, live_server, "#/entity/quarkley%20institute")

    heading = page.locator("h1")
    expect(heading).to_have_text(f"{expected['name']} Organisation")
    expect(heading.locator(".entity-kind")).to_have_text("Organisation")
    expect(page).to_have_title(f"{expected['name']} (Organisation) · PolicyLens")
    expect(page.locator(".entity-summary")).to_contain_text(f"Named in {COUNT} documents")

    forms = section(page, "entity-forms").locator("li")
    expect(forms.locator(".item-main")).to_have_text([item["form"] for item in expected["forms"]])
    expect(forms.locator(".item-count")).to_have_text(
        [
            f"{item['documents']} document{'s' * (item['documents'] != 1)}"
            for item in expected["forms"]
        ]
    )

    # Documents: newest first as the API lists them, each opening its document.
    items = expected["documents"]["items"]
    assert len(items) == PAGE_SIZE
    titles = section(page, "entity-documents").locator(".entity-doc-title")
    expect(titles).to_have_text([item["title"] for item in items])
    assert [titles.nth(i).get_attribute("href") for i in range(len(items))] == [
        doc_hash(item["id"]) for item in items
    ]
    mentions = section(page, "entity-documents").locator(".entity-mentions")
    expect(mentions).to_have_text(
        [f"{n} mention{'s' * (n != 1)}" for n in (i["mentions"] for i in items)]
    )
    first_meta = section(page, "entity-documents").locator(".entity-doc").first
    expect(first_meta.locator("time")).to_have_attribute("datetime", items[0]["published"])
    expect(first_meta.locator(".badge-lang")).to_have_text("en")

    # Countries, each a link to the search for its documents naming the entity.
    countries = section(page, "entity-countries").locator("a[data-country]")
    codes = [item["country"] for item in expected["countries"]]
    assert {"KE", "IT", "VN"} <= set(codes)
    assert [countries.nth(i).get_attribute("data-country") for i in range(len(codes))] == codes
    expect(countries).to_have_count(len(codes))
    expect(section(page, "entity-countries").locator(".item-count")).to_have_text(
        [
            f"{item['documents']} document{'s' * (item['documents'] != 1)}"
            for item in expected["countries"]
        ]
    )
    for index, item in enumerate(expected["countries"]):
        assert hash_params(countries.nth(index).get_attribute("href")) == [
            ("country", item["country"]),
            ("entity", ORG),
            ("label", "ORG"),
        ]

    # Figures whose sentence names it: the latest 20 of them, each opening its document at it.
    figures = expected["figures"]
    assert figures["total"] == COUNT and len(figures["items"]) == 20
    rows = section(page, "entity-figures").locator(".entity-figure")
    expect(rows).to_have_count(len(figures["items"]))
    expect(rows.locator(".entity-figure-sentence")).to_have_text(
        [row["sentence"] for row in figures["items"]]
    )
    expect(rows.locator(".entity-figure-sentence b")).to_have_text(
        [row["text"] for row in figures["items"]]
    )
    values = rows.locator(".entity-figure-value")
    for index, row in enumerate(figures["items"]):
        expect(values.nth(index)).to_contain_text(f"{row['value']:g}")
        assert values.nth(index).get_attribute("href") == doc_hash(row["document_id"], row["start"])
    more = section(page, "entity-figures").get_by_role("link", name="the documents naming it")
    assert hash_params(more.get_attribute("href")) == [("entity", ORG), ("label", "ORG")]

    # Related entities link to their own pages.
    related = section(page, "entity-related").locator("a[data-entity]")
    keys = [item["key"] for item in expected["related"] if item["label"] in {"ORG", "PER", "LOC"}]
    assert PERSON in keys
    assert [related.nth(i).get_attribute("data-entity") for i in range(related.count())] == keys
    person = related.filter(has_text=re.compile("Amina Odhiambo", re.I))
    expect(person).to_have_attribute("href", "#/entity/amina%20odhiambo?label=PER")
    page.screenshot(path=artifacts / "entity.png", full_page=True)

    # The second page of documents, in the address, and back.
    page.get_by_role("button", name="Next documents").click()
    expect(page).to_have_url(re.compile(r"#/entity/quarkley%20institute\?page=2$"))
    wait_ready(page)
    second = entity_page(live_server, ORG, offset=PAGE_SIZE)["documents"]["items"]
    assert len(second) == COUNT - PAGE_SIZE
    expect(titles).to_have_text([item["title"] for item in second])
    expect(page.locator(".pager-where")).to_have_text("Page 2 of 2")
    expect(page.get_by_role("button", name="Next documents")).to_be_disabled()
    expect(page.locator("#entity-documents")).to_be_focused()
    page.reload()
    wait_ready(page)
    expect(titles).to_have_text([item["title"] for item in second])
    page.go_back()
    wait_ready(page)
    expect(titles).to_have_text([item["title"] for item in items])

    # A country's link finds as many documents as the page says it has.
    kenya = next(item for item in expected["countries"] if item["country"] == "KE")
    countries.filter(has_text="Kenya").click()
    expect(page).to_have_url(re.compile(r"#/\?country=KE&entity=quarkley\+institute&label=ORG$"))
    wait_ready(page)
    assert search_total(live_server, page) == kenya["documents"]
    expect(page.get_by_role("status")).to_contain_text(f"{kenya['documents']} documents")
    page.go_back()
    wait_ready(page)
    expect(heading).to_contain_text(expected["name"])


def test_entity_page_at_phone_width(
    live_server: str, page: Page, quarkley: list[dict[str, Any]], artifacts: Path
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_ui(page, live_server, "#/entity/quarkley%20institute")
    expect(page.locator("h1")).to_contain_text("Quarkley Institute")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # One column: the documents come first, the names and countries under them.
    main = page.locator(".entity-main").bounding_box()
    side = page.locator(".entity-side").bounding_box()
    assert main and side and main["y"] + main["height"] <= side["y"]
    page.screenshot(path=artifacts / "entity-phone.png")
    page.screenshot(path=artifacts / "entity-phone-full.png", full_page=True)


def test_related_entity_and_back(
    live_server: str, page: Page, quarkley: list[dict[str, Any]]
) -> None:
    expected = entity_page(live_server, PERSON, label="PER")
    open_ui(page, live_server, "#/entity/quarkley%20institute")
    section(page, "entity-related").locator(f'a[data-entity="{PERSON}"]').click()
    expect(page).to_have_url(re.compile(r"#/entity/amina%20odhiambo\?label=PER$"))
    wait_ready(page)
    expect(page.locator("h1")).to_have_text(f"{expected['name']} Person")
    expect(page.locator("h1")).to_be_focused()  # a new page: focus on its heading
    expect(section(page, "entity-documents").locator(".entity-doc")).to_have_count(
        len(expected["documents"]["items"])
    )
    assert ORG in [item["key"] for item in expected["related"]]
    page.go_back()
    wait_ready(page)
    expect(page.locator("h1")).to_contain_text("Quarkley Institute")


def test_names_in_the_readers_language(browser: Browser, live_server: str) -> None:
    """A body's name follows the browser's language, and the page's language links."""
    names = {
        lang: entity_page(live_server, "who", lang=lang)["name"] for lang in ("en", "fr", "it")
    }
    assert len(set(names.values())) == 3, "the sample names the WHO in three languages"
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    try:
        page = context.new_page()
        open_ui(page, live_server, "#/entity/who")
        heading = page.locator("h1")
        expect(heading).to_have_text(f"{names['fr']} Organisation")
        expect(page.locator('.entity-langs a[aria-current="true"]')).to_have_text("Français")
        page.locator(".entity-langs").get_by_role("link", name="Italiano").click()
        expect(page).to_have_url(re.compile(r"#/entity/who\?lang=it$"))
        wait_ready(page)
        expect(heading).to_have_text(f"{names['it']} Organisation")
        expect(page).to_have_title(f"{names['it']} (Organisation) · PolicyLens")
        page.go_back()
        wait_ready(page)
        expect(heading).to_have_text(f"{names['fr']} Organisation")
    finally:
        context.close()


def test_facet_and_document_link_to_the_entity_page(
    live_server: str, page: Page, quarkley: list[dict[str, Any]], artifacts: Path
) -> None:
    open_ui(page, live_server, "#/?q=quarkley")
    group = page.locator(".facet-group", has=page.locator('[data-facet="entities:ORG"]'))
    link = group.locator(f'.entity-page-link[data-entity="{ORG}"]')
    expect(link).to_have_accessible_name("Page of Quarkley Institute")
    group.screenshot(path=artifacts / "entity-facet.png")
    link.click()
    expect(page).to_have_url(re.compile(r"#/entity/quarkley%20institute\?label=ORG&q=quarkley$"))
    wait_ready(page)
    expect(page.locator("h1")).to_contain_text("Quarkley Institute")
    page.go_back()
    wait_ready(page)
    # The facet's button still filters the search.
    button = group.locator(f'button[data-value="{ORG}"]')
    button.click()
    expect(page).to_have_url(re.compile(r"[?&]entity=quarkley\+institute&label=ORG(&|$)"))
    wait_ready(page)
    expect(button).to_have_attribute("aria-pressed", "true")
    assert search_total(live_server, page) == COUNT

    # A document's entity list: the mention button steps through the text, the link leaves.
    record = quarkley[0]
    open_ui(page, live_server, doc_hash(record["id"]))
    side = page.locator("#side-entities").locator("xpath=..")
    side.locator(
        ".entity-row", has=page.locator(f'[data-entity="{ORG}"]')
    ).scroll_into_view_if_needed()
    side.screenshot(path=artifacts / "entity-document-links.png")
    person = side.locator(f'.entity-page-link[data-entity="{PERSON}"]')
    expect(person).to_have_attribute("href", "#/entity/amina%20odhiambo?label=PER")
    side.locator(f'.entity-page-link[data-entity="{ORG}"]').click()
    expect(page).to_have_url(re.compile(r"#/entity/quarkley%20institute\?label=ORG$"))
    wait_ready(page)
    expect(page.locator("h1")).to_contain_text("Quarkley Institute")
    page.go_back()
    wait_ready(page)
    expect(page.locator(".doc-header h1")).to_have_text(record["title"])


def table_cells(page: Page) -> dict[tuple[str, str], str]:
    """(entity key, country code) -> the cell's text, for the cells that count any document."""
    cells = page.locator(".entity-table tbody td[data-country] a").evaluate_all(
        """links => links.map((a) =>
             [a.closest("tr").dataset.entity, a.closest("td").dataset.country, a.textContent])"""
    )
    return {(key, code): text for key, code, text in cells}


def expected_cells(table: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {
        (row["key"], item["country"]): str(item["documents"])
        for row in table["entities"]
        for item in row["countries"]
        if item["documents"]
    }


def check_table(page: Page, table: dict[str, Any]) -> None:
    """The table on screen is the API's: rows, columns, totals and every cell."""
    expect(page.locator(".entity-table tbody tr")).to_have_count(len(table["entities"]))
    rows = page.locator(".entity-table tbody tr")
    assert rows.evaluate_all("rows => rows.map((row) => row.dataset.entity)") == [
        row["key"] for row in table["entities"]
    ]
    names = [row["name"] or (row["forms"] or [row["key"]])[0] for row in table["entities"]]
    expect(rows.locator("th a")).to_have_text(names)
    columns = page.locator(".entity-table thead th[data-country]")
    assert columns.evaluate_all("cells => cells.map((cell) => cell.dataset.country)") == [
        item["country"] for item in table["countries"]
    ]
    expect(rows.locator("td:nth-of-type(1)")).to_have_text(
        [str(row["documents"]) for row in table["entities"]]
    )
    assert table_cells(page) == expected_cells(table)


def test_entities_table_matches_the_api_and_links_to_searches(
    live_server: str, page: Page, quarkley: list[dict[str, Any]], artifacts: Path
) -> None:
    table = api(live_server, "/api/entities/by-country", {"label": "ORG", "name_lang": "en"})
    open_ui(page, live_server)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Entities", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"#/entities$"))
    wait_ready(page)
    expect(page).to_have_title("Organisations by country · Entities · PolicyLens")
    expect(page.get_by_role("link", name="Organisations", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    check_table(page, table)
    assert ORG in [row["key"] for row in table["entities"]]
    expect(page.get_by_role("status")).to_contain_text(
        f"counted over {table['documents']} documents"
    )
    page.screenshot(path=artifacts / "entities.png", full_page=True)

    # A cell leads to the search for the documents it counts, which finds as many.
    row = next(row for row in table["entities"] if row["key"] == ORG)
    kenya = next(item for item in row["countries"] if item["country"] == "KE")
    cell = page.locator(f'.entity-table tr[data-entity="{ORG}"] td[data-country="KE"] a')
    expect(cell).to_have_accessible_name(
        f"{kenya['documents']} documents naming Quarkley Institute about Kenya"
    )
    cell.click()
    expect(page).to_have_url(re.compile(r"#/\?country=KE&entity=quarkley\+institute&label=ORG$"))
    wait_ready(page)
    assert search_total(live_server, page) == kenya["documents"]
    page.go_back()
    wait_ready(page)
    # A row's name leads to the entity's page.
    page.locator(f'.entity-table tr[data-entity="{ORG}"] th a').click()
    expect(page).to_have_url(re.compile(r"#/entity/quarkley%20institute\?label=ORG$"))
    wait_ready(page)
    page.go_back()
    wait_ready(page)

    # People instead of organisations.
    page.get_by_role("link", name="People", exact=True).click()
    expect(page).to_have_url(re.compile(r"#/entities\?label=PER$"))
    wait_ready(page)
    people = api(live_server, "/api/entities/by-country", {"label": "PER", "name_lang": "en"})
    check_table(page, people)
    expect(page.locator(".entity-table thead th").first).to_have_text("Person")


def test_entities_table_filters_by_country_name(
    live_server: str, page: Page, quarkley: list[dict[str, Any]], artifacts: Path
) -> None:
    open_ui(page, live_server, "#/entities")
    # A country's name as typed, spaces and case kept: the server resolves it (Italian for GB).
    page.get_by_label("Countries").fill("Regno Unito")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"#/entities\?label=ORG&country=Regno\+Unito$"))
    wait_ready(page)
    table = api(
        live_server,
        "/api/entities/by-country",
        [("label", "ORG"), ("country", "Regno Unito"), ("name_lang", "en")],
    )
    assert table["entities"], "the sample has a document about the United Kingdom"
    check_table(page, table)
    # The cell links name the country by code, once: the search shows it as its facets do.
    first = table["entities"][0]
    cell = page.locator(f'.entity-table tr[data-entity="{first["key"]}"] td[data-country="GB"] a')
    assert hash_params(cell.get_attribute("href")) == [
        ("country", "GB"),
        ("entity", first["key"]),
        ("label", "ORG"),
    ]
    page.reload()
    wait_ready(page)
    expect(page.get_by_label("Countries")).to_have_value("Regno Unito")
    check_table(page, table)

    # A name that is no country: the server's message, and no table.
    page.get_by_label("Countries").fill("Atlantide")
    page.get_by_role("button", name="Apply filters").click()
    wait_ready(page)
    expect(page.get_by_role("alert")).to_contain_text("names no country")
    expect(page.locator(".entity-table")).to_be_hidden()

    page.set_viewport_size({"width": 390, "height": 844})
    open_ui(page, live_server, "#/entities?label=ORG&lang=en")
    check_table(page, api(live_server, "/api/entities/by-country", {"label": "ORG", "lang": "en"}))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.locator(".table-wrap")
    assert wrap.evaluate("node => node.scrollWidth > node.clientWidth")
    page.screenshot(path=artifacts / "entities-phone.png", full_page=True)


def test_an_entity_no_document_names(live_server: str, page: Page) -> None:
    open_ui(page, live_server, "#/entity/zzyzx%20nobody")
    expect(page.locator("h1")).to_have_text("No document names “zzyzx nobody”")
    expect(page).to_have_title("Not found · PolicyLens")
    expect(page.get_by_role("link", name="Browse the entities")).to_have_attribute(
        "href", "#/entities"
    )
    expect(page.get_by_role("link", name="search for “zzyzx nobody”")).to_have_attribute(
        "href", "#/?q=zzyzx+nobody"
    )
    # A key some document names, but not under the label asked for.
    open_ui(page, live_server, "#/entity/who?label=PER")
    expect(page.locator("h1")).to_have_text("No document names “who” as person")
