"""The statistics view in a real browser: a measure's medians per country and year, drawn as one
line per country and given as a country x year table whose cells list their figures; only
comparable figures (one unit and rate) in a series, with what was left out said; the address
keeps the filters, the series and the open cell, so the back button comes back to them."""

from __future__ import annotations

import csv
import io
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, Route, expect
from ui_pages import api, open_ui, route_params, wait_ready

TREATMENT = "people-in-treatment"
# People in treatment in three countries the sample corpus states no such figures for, two
# years each, in the three languages; "traitement de substitution" is opioid agonist therapy,
# a narrower measure that `measure=people-in-treatment` includes. Portugal's 2022 holds two
# figures from two documents, so its median is the mean of the middle two. The Dublin clinic's
# figure has no date, nor has its document: it is left out, for want of a year.
DOCUMENTS = [
    {
        "title": "Traitements de substitution au Portugal",
        "language": "fr",
        "text": "Au 31 décembre 2021, 1 200 personnes étaient en traitement de substitution au "
        "Portugal. Au 31 décembre 2022, 1 350 personnes étaient en traitement de substitution "
        "au Portugal.",
    },
    {
        "title": "Bilan des soins au Portugal",
        "language": "fr",
        "text": "Fin 2022, 1 450 patients étaient suivis en traitement de substitution au "
        "Portugal.",
    },
    {
        "title": "Trattamenti in Austria",
        "language": "it",
        "text": "Al 31 dicembre 2021, 2.100 persone erano in trattamento sostitutivo in Austria. "
        "Alla fine del 2022 le persone in trattamento in Austria erano 2.300.",
    },
    {
        "title": "Treatment in Ireland",
        "language": "en",
        "text": "At the end of 2021, 3,000 people were receiving treatment for drug use in "
        "Ireland. By December 2022, 3,200 people were in treatment in Ireland. The Dublin clinic "
        "treats 450 patients.",
    },
    # Far more people in treatment in Germany: the chart offers a logarithmic scale.
    {
        "title": "Treatment in Germany",
        "language": "en",
        "text": "At the end of 2022, 180,000 people were receiving treatment for drug use in "
        "Germany.",
    },
    # Budgets in euros and in dollars: two series, never one. None of these sentences dates its
    # figure, so the year is the document's publication year. The share of women is no budget.
    {
        "title": "Budget du programme portugais",
        "language": "fr",
        "published": "2023-03-01",
        "text": "Le budget du programme de traitement au Portugal était de 2,5 millions d'euros. "
        "Parmi les personnes en traitement au Portugal, 12 % étaient des femmes.",
    },
    {
        "title": "Budget du programme portugais 2024",
        "language": "fr",
        "published": "2024-02-01",
        "text": "Le budget du programme de traitement au Portugal atteint 2,7 millions d'euros.",
    },
    {
        "title": "Bilancio del programma austriaco",
        "language": "it",
        "published": "2023-04-01",
        "text": "Il bilancio del programma di trattamento in Austria era di 1,8 milioni di euro.",
    },
    {
        "title": "Irish programme budget",
        "language": "en",
        "published": "2023-05-01",
        "text": "The budget of the treatment programme in Ireland was USD 3 million.",
    },
]
# (value, measure, year of its as-of date, countries) of each document's figures, as the API
# gives them: what the view is then expected to show.
EXPECTED_FIGURES = {
    "Traitements de substitution au Portugal": [
        (1200.0, "people-in-opioid-agonist-therapy", "2021", ["PT"]),
        (1350.0, "people-in-opioid-agonist-therapy", "2022", ["PT"]),
    ],
    "Bilan des soins au Portugal": [(1450.0, "people-in-opioid-agonist-therapy", "2022", ["PT"])],
    "Trattamenti in Austria": [
        (2100.0, "people-in-treatment", "2021", ["AT"]),
        (2300.0, "people-in-treatment", "2022", ["AT"]),
    ],
    "Treatment in Ireland": [
        (3000.0, "people-in-treatment", "2021", ["IE"]),
        (3200.0, "people-in-treatment", "2022", ["IE"]),
        (450.0, "people-in-treatment", None, ["IE"]),
    ],
    "Treatment in Germany": [(180_000.0, "people-in-treatment", "2022", ["DE"])],
    "Budget du programme portugais": [
        (2_500_000.0, "budget", None, ["PT"]),
        (12.0, None, None, ["PT"]),
    ],
    "Budget du programme portugais 2024": [(2_700_000.0, "budget", None, ["PT"])],
    "Bilancio del programma austriaco": [(1_800_000.0, "budget", None, ["AT"])],
    "Irish programme budget": [(3_000_000.0, "budget", None, ["IE"])],
}
# The cells of these documents: (count, median) per (country, year).
TREATMENT_CELLS = {
    ("AT", 2021): (1, 2100.0),
    ("AT", 2022): (1, 2300.0),
    ("DE", 2022): (1, 180_000.0),
    ("IE", 2021): (1, 3000.0),
    ("IE", 2022): (1, 3200.0),
    ("PT", 2021): (1, 1200.0),
    ("PT", 2022): (2, 1400.0),
}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def documents(live_server: str) -> Iterator[dict[str, dict[str, Any]]]:
    """The documents above, indexed for this module's tests and removed after, by title."""
    records: dict[str, dict[str, Any]] = {}
    try:
        for number, document in enumerate(DOCUMENTS):
            body = {**document, "source": f"tests/browser/statistics-{number}"}
            body["text"] = f"{document['title']}.\n\n{document['text']}"
            records[document["title"]] = api(
                live_server, "/api/documents", method="POST", body=body
            )
        yield records
    finally:
        for record in records.values():
            api(live_server, f"/api/documents/{record['id']}", method="DELETE")


def number(value: float) -> str:
    """A number as the UI writes it (en: thousands with commas, up to four decimals)."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def figure_rows(base: str, document_id: str) -> list[dict[str, Any]]:
    return list(api(base, "/api/figures", {"document": document_id, "limit": 100})["rows"])


def cell_button(page: Page, country: str, year: int) -> Locator:
    return page.locator(f'.stats-cell[data-country="{country}"][data-year="{year}"]')


def lines(page: Page) -> list[list[tuple[float, float]]]:
    """The chart's lines (one per country), each as its points, in SVG coordinates."""
    found = []
    for path in page.locator('.stats-chart svg path[fill="none"][stroke-width="2.5"]').all():
        d = path.get_attribute("d") or ""
        found.append(
            [(float(x), float(y)) for x, y in re.findall(r"[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)", d)]
        )
    return found


def table_rows(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(".stats-grid tbody th").all_text_contents()]


def params_of(href: str) -> list[tuple[str, str]]:
    return sorted(urllib.parse.parse_qsl(href.partition("?")[2]))


def test_the_documents_figures_count_people_in_treatment_and_budgets(
    live_server: str, documents: dict[str, dict[str, Any]]
) -> None:
    """What the API makes of the documents, which the other tests rely on."""
    for title, expected in EXPECTED_FIGURES.items():
        rows = figure_rows(live_server, documents[title]["id"])
        got = [
            (row["value"], row["measure"], (row["as_of"] or "")[:4] or None, row["countries"])
            for row in rows
        ]
        assert got == expected, title


def test_a_measure_by_country_and_year_as_a_chart_and_a_table(
    live_server: str, page: Page, artifacts: Path, documents: dict[str, dict[str, Any]]
) -> None:
    summary = api(live_server, "/api/figures/summary", {"measure": TREATMENT})
    series = summary["series"][0]
    assert (series["unit"], series["per"]) == ("count", None)
    cells = {(cell["country"], cell["year"]): cell for cell in series["cells"]}
    assert {key: (cells[key]["count"], cells[key]["median"]) for key in TREATMENT_CELLS} == (
        TREATMENT_CELLS
    )
    countries = sorted({cell["country"] for cell in series["cells"]})

    open_ui(page, live_server, f"#/statistics?measure={TREATMENT}")
    expect(page.get_by_role("link", name="Statistics")).to_have_attribute("aria-current", "page")
    expect(page.get_by_label("Measure")).to_have_value(TREATMENT)
    expect(
        page.get_by_role("heading", name="People in treatment, per country and year")
    ).to_be_visible()
    # The chart: an image to a screen reader, named by what it shows; one line per country,
    # each through as many points as the country has years.
    chart = page.get_by_role(
        "img", name=re.compile(r"^Line chart of the median people in treatment")
    )
    expect(chart).to_have_attribute(
        "aria-label", re.compile(r"Austria.*Germany.*Ireland.*Portugal")
    )
    drawn = lines(page)
    assert len(drawn) == len(countries)
    per_country = sorted(sum(1 for key in cells if key[0] == code) for code in countries)
    assert sorted(len(points) for points in drawn) == per_country
    labels = page.locator(".stats-chart svg text").all_text_contents()
    assert {"Austria", "Ireland", "Portugal", "Median, count", "2021", "2022"} <= set(labels)

    # The table: a row per country, a column per year, each cell its median and count.
    table = page.locator(".stats-grid")
    expect(table.locator("caption")).to_have_text(
        "Median people in treatment (count), per country and year"
    )
    assert len(table_rows(page)) == len(countries)
    assert table.locator("thead th").all_text_contents() == ["Country"] + [
        str(year) for year in sorted({cell["year"] for cell in series["cells"]})
    ]
    for (country, year), cell in cells.items():
        button = cell_button(page, country, year)
        # A star marks a cell some of whose figures have their year from their publication.
        star = "*" if cell["basis"]["published"] else ""
        expect(button.locator(".stats-median")).to_have_text(number(cell["median"]) + star)
        expect(button.locator(".stats-count")).to_have_text(
            f"{cell['count']} figure{'s' if cell['count'] > 1 else ''}"
        )
    # What was left out, and why: the figures of no year (the Dublin clinic's among them).
    no_year = next(
        e for e in summary["left_out"] if e["reason"] == "no_year" and e["unit"] == "count"
    )
    expect(page.locator(".left-out")).to_contain_text(
        f"{no_year['figures']} counts left out: no year (no as-of date, and their document has no "
        "publication date)."
    )
    placed = series["figures"] - sum(
        e["figures"]
        for e in summary["left_out"]
        if e["reason"] != "other_series" and e["unit"] == "count" and e["per"] is None
    )
    expect(page.get_by_role("status")).to_have_text(
        re.compile(
            rf"^{placed} of {summary['total']} figures in the chart: {len(countries)} countries, "
        )
    )
    page.screenshot(path=artifacts / "statistics.png", full_page=True)
    page.locator(".stats-result").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "statistics-chart.png")

    # A cell opens its figures in the panel: value, unit, sentence, document; the address says so.
    cell_button(page, "PT", 2022).click()
    expect(page).to_have_url(re.compile(rf"#/statistics\?measure={TREATMENT}&cell=PT-2022$"))
    wait_ready(page)
    panel = page.get_by_role("region", name="Portugal, 2022: 2 figures")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading")).to_be_focused()
    expect(panel).to_contain_text("Median 1,400, from 1,350 to 1,450.")
    expect(cell_button(page, "PT", 2022)).to_have_attribute("aria-pressed", "true")
    rows = sorted(
        (
            row
            for title in ("Traitements de substitution au Portugal", "Bilan des soins au Portugal")
            for row in figure_rows(live_server, documents[title]["id"])
            if row["as_of"].startswith("2022")
        ),
        key=lambda row: row["value"],
    )
    shown = panel.get_by_role("listitem")
    expect(shown).to_have_count(2)
    for index, row in enumerate(rows):
        item = shown.nth(index)
        expect(item.locator(".stats-figure-value")).to_have_text(number(row["value"]))
        expect(item.locator(".stats-figure-unit")).to_have_text("count")
        expect(item.locator(".sentence")).to_have_text(row["sentence"])
        expect(item.locator(".sentence b")).to_have_text(row["text"])
        link = item.get_by_role("link", name=row["title"])
        expect(link).to_have_attribute("href", f"#/doc/{row['document_id']}?figure={row['start']}")
    opener = panel.get_by_role("link", name="Open in Figures")
    query = cells[("PT", 2022)]["figures_query"]
    expected_query = sorted(
        (key, str(item))
        for key, value in query.items()
        for item in (value if isinstance(value, list) else [value])
    )
    assert params_of(opener.get_attribute("href") or "") == expected_query
    page.screenshot(path=artifacts / "statistics-cell.png")

    # The figures page lists exactly the cell's figures, and the back button comes back to the
    # open cell, then to the table before it.
    opener.click()
    wait_ready(page)
    expect(page.get_by_role("status")).to_have_text("1–2 of 2 figures")
    assert sorted(page.locator("tbody td.figure-text").all_text_contents()) == sorted(
        row["text"] for row in rows
    )
    page.go_back()
    wait_ready(page)
    expect(page.get_by_role("region", name="Portugal, 2022: 2 figures")).to_be_visible()
    page.go_back()
    wait_ready(page)
    assert ("cell", "PT-2022") not in route_params(page)
    expect(page.locator(".stats-cell-panel")).to_be_hidden()
    expect(cell_button(page, "PT", 2022)).to_have_attribute("aria-pressed", "false")

    # Medians orders of magnitude apart: a logarithmic scale is offered, and kept in the address.
    page.get_by_label("Logarithmic scale").check()
    expect(page).to_have_url(re.compile(rf"#/statistics\?measure={TREATMENT}&scale=log$"))
    wait_ready(page)
    expect(page.get_by_label("Logarithmic scale")).to_be_checked()
    assert "Median, count (log scale)" in page.locator(".stats-chart svg text").all_text_contents()
    page.locator(".stats-result").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "statistics-log.png")

    # A point of the chart says what it stands for.
    point = page.locator('.stats-chart svg path[transform^="matrix"]').first
    box = point.bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator(".stats-chart")).to_contain_text(
        re.compile(r"(median of \d+ figures|1 figure)")
    )


def test_a_country_by_name_and_a_log_scale(
    live_server: str, page: Page, artifacts: Path, documents: dict[str, dict[str, Any]]
) -> None:
    open_ui(page, live_server, f"#/statistics?measure={TREATMENT}")
    # Names are sent as typed, spaces and all: the server resolves them.
    page.get_by_label("Countries").fill("Portugal")
    page.get_by_role("button", name="Show statistics").click()
    expect(page).to_have_url(re.compile(rf"#/statistics\?measure={TREATMENT}&country=Portugal$"))
    wait_ready(page)
    assert table_rows(page) == ["Portugal PT"]
    [line] = lines(page)
    assert len(line) == 2 and line[1][1] < line[0][1]  # 1,400 in 2022 stands above 1,200 in 2021
    point = page.locator('.stats-chart svg path[transform^="matrix"]').nth(1)
    box = point.bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator(".stats-chart")).to_contain_text("Portugal: 1,400 (median of 2 figures)")
    # Portugal and Austria's medians are close: no log scale is offered.
    expect(page.get_by_label("Logarithmic scale")).to_be_hidden()

    # A name of two words is one country; none of the documents is about it.
    nowhere = {"measure": TREATMENT, "country": "Nuova Zelanda"}
    assert api(live_server, "/api/figures/summary", nowhere)["total"] == 0
    page.get_by_label("Countries").fill("Nuova Zelanda")
    page.get_by_role("button", name="Show statistics").click()
    expect(page).to_have_url(re.compile(r"&country=Nuova\+Zelanda$"))
    wait_ready(page)
    expect(page.locator(".stats-empty")).to_have_text("No figures match these filters.")
    expect(page.get_by_role("status")).to_have_text("No figures")

    page.get_by_label("Countries").fill("Atlantide")
    page.get_by_role("button", name="Show statistics").click()
    wait_ready(page)
    expect(page.get_by_role("alert")).to_contain_text("country='Atlantide' names no country")
    expect(page.locator(".stats-result")).to_be_hidden()
    page.screenshot(path=artifacts / "statistics-error.png")


def test_several_units_are_several_series_and_what_is_left_out_is_said(
    live_server: str, page: Page, artifacts: Path, documents: dict[str, dict[str, Any]]
) -> None:
    summary = api(live_server, "/api/figures/summary", {"measure": "budget", "series": 50})
    by_unit = {series["unit"]: series for series in summary["series"]}
    assert summary["series"][0]["unit"] == "EUR"
    euros, dollars = by_unit["EUR"], by_unit["USD"]
    assert {(c["country"], c["year"]) for c in euros["cells"]} >= {
        ("AT", 2023),
        ("PT", 2023),
        ("PT", 2024),
    }
    assert ("IE", 2023) in {(c["country"], c["year"]) for c in dollars["cells"]}

    open_ui(page, live_server, "#/statistics?measure=budget")
    picker = page.get_by_role("group", name="Series shown")
    expect(picker.get_by_role("button")).to_have_count(len(summary["series"]))
    expect(picker.get_by_role("button", name=re.compile(r"\bEUR\b"))).to_have_attribute(
        "aria-pressed", "true"
    )
    left_out = page.locator(".left-out")
    plural = "figure" if dollars["figures"] == 1 else "figures"
    expect(left_out).to_contain_text(
        f"{dollars['figures']} {plural} in USD left out: another unit."
    )
    # A year from the publication date is marked, and the mark explained.
    expect(cell_button(page, "PT", 2023).locator(".stats-median")).to_have_text(
        number(2_500_000) + "*"
    )
    expect(page.locator(".stats-footnote")).to_be_visible()
    # The downloads are the figures of the series shown.
    xlsx = page.get_by_role("link", name="Download figures (xlsx)")
    expect(xlsx).to_have_attribute(
        "href", "/api/figures?measure=budget&unit=EUR&per=none&format=xlsx"
    )
    csv_link = page.get_by_role("link", name="CSV", exact=True)
    href = csv_link.get_attribute("href") or ""
    assert params_of(href) == sorted(
        [
            ("measure", "budget"),
            ("unit", "EUR"),
            ("per", "none"),
            ("format", "csv"),
            ("bom", "true"),
        ]
    )
    with _OPENER.open(live_server + href, timeout=60) as response:
        text = response.read().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == euros["figures"]
    assert {row["unit"] for row in rows} == {"EUR"}
    page.screenshot(path=artifacts / "statistics-series.png", full_page=True)

    # Another series is one click away, and the back button takes it back.
    left_out.get_by_role("button", name=f"Show them: {dollars['figures']} {plural} in USD").click()
    expect(page).to_have_url(re.compile(r"#/statistics\?measure=budget&unit=USD&per=none$"))
    wait_ready(page)
    expect(picker.get_by_role("button", name=re.compile(r"\bUSD\b"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(cell_button(page, "IE", 2023).locator(".stats-median")).to_have_text(
        number(3_000_000) + "*"
    )
    expect(cell_button(page, "PT", 2023)).to_have_count(0)
    expect(left_out).to_contain_text(f"{euros['figures']} figures in EUR left out: another unit.")
    page.go_back()
    wait_ready(page)
    expect(cell_button(page, "PT", 2023)).to_be_visible()


def test_without_the_chart_library_the_table_stays(
    live_server: str, page: Page, artifacts: Path, documents: dict[str, dict[str, Any]]
) -> None:
    def missing(route: Route) -> None:
        route.fulfill(status=404, json={"error": "not_found", "detail": "Not Found"})

    page.route(re.compile(r"/vendor/echarts/"), missing)
    open_ui(page, live_server, f"#/statistics?measure={TREATMENT}")
    message = page.locator(".stats-chart .chart-missing")
    expect(message).to_be_visible()
    expect(message).to_contain_text("make vendor")
    expect(page.get_by_role("img", name=re.compile("Line chart"))).to_have_count(0)
    expect(cell_button(page, "PT", 2022).locator(".stats-median")).to_have_text("1,400")
    cell_button(page, "PT", 2022).click()
    wait_ready(page)
    expect(page.get_by_role("region", name="Portugal, 2022: 2 figures")).to_be_visible()
    page.screenshot(path=artifacts / "statistics-no-library.png", full_page=True)


def test_before_a_measure_is_picked_the_page_suggests_some(
    live_server: str, page: Page, documents: dict[str, dict[str, Any]]
) -> None:
    facets = api(live_server, "/api/figures", {"limit": 1})["facets"]["measures"]
    assert facets
    open_ui(page, live_server, "#/statistics")
    intro = page.locator(".stats-intro")
    expect(intro).to_contain_text("Pick a measure")
    expect(page.locator(".stats-result")).to_be_hidden()
    expect(intro.get_by_role("link").first).to_have_attribute(
        "href", re.compile(r"^#/statistics\?measure=")
    )
    page.get_by_label("Measure").select_option(TREATMENT)
    page.get_by_role("button", name="Show statistics").click()
    expect(page).to_have_url(re.compile(rf"#/statistics\?measure={TREATMENT}$"))
    wait_ready(page)
    expect(cell_button(page, "AT", 2021)).to_be_visible()
