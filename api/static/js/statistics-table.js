// The statistics view's country × year table, and the panel that lists one cell's figures.
// Each cell of the table is a button (the chart's points do the same): it opens, in the panel,
// the figures behind the cell's median, each with its sentence and a link to it in its
// document, and a link to the same figures on the figures page.

import { getJSON } from "./api.js";
import {
  countryName,
  el,
  figureNumber,
  formatCount,
  formatNumber,
  languageName,
  qualifierWords,
  routeHash,
  sentenceWithFigure,
} from "./util.js";

// A cell rarely holds more; past this, the panel says how many more the figures page lists.
const PANEL_LIMIT = 100;

/** A cell's key, as the address carries it (`cell=IT-2024`). */
export const cellKey = (country, year) => `${country}-${year}`;

/** { country, year } from a cell's key. */
export function parseCellKey(key) {
  const cut = key.lastIndexOf("-");
  return { country: key.slice(0, cut), year: Number(key.slice(cut + 1)) };
}

/** A cell's figures_query (lists repeat their key) as [key, value] entries. */
export function queryEntries(query) {
  return Object.entries(query).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((item) => [key, String(item)]),
  );
}

/** The median as the table shows it; a cell too large for one has none. */
const median = (cell) => (cell.median === null ? "–" : formatNumber(cell.median));

/** Whether some of the cell's figures have their year from their document's publication. */
const byPublication = (cell) => (cell.basis?.published ?? 0) > 0;

export function createStatisticsTable({ onPick }) {
  const hint = el("p", {
    class: "hint",
    text: "Each number opens its figures. A figure of a document about two countries counts in both.",
  });
  const footnote = el("p", {
    class: "hint stats-footnote",
    text: "* Some of the cell's figures have no as-of date: they count under their document's publication year.",
  });
  const wrap = el("div", {
    class: "table-wrap stats-table-wrap",
    role: "region",
    "aria-labelledby": "stats-table-caption",
    tabindex: "0",
  });
  const element = el("div", { class: "stats-table" }, wrap, hint, footnote);

  /** `model`: countries, years and cell(country, year); `caption`: what the medians are of;
   * `selected`: the key of the cell shown in the panel, if any. */
  function render(model, { caption, selected }) {
    element.hidden = false;
    const head = el(
      "tr",
      {},
      el("th", { scope: "col", text: "Country" }),
      model.years.map((year) => el("th", { scope: "col", class: "num", text: String(year) })),
    );
    const rows = model.countries.map((code) =>
      el(
        "tr",
        {},
        el("th", { scope: "row" }, countryName(code), el("span", { class: "muted stats-code", text: ` ${code}` })),
        model.years.map((year) => {
          const cell = model.cell(code, year);
          return el("td", { class: "num" }, cell ? cellButton(cell, cellKey(code, year) === selected) : "");
        }),
      ),
    );
    wrap.replaceChildren(
      el(
        "table",
        { class: "figures-table stats-grid" },
        el("caption", { id: "stats-table-caption", text: caption }),
        el("thead", {}, head),
        el("tbody", {}, rows),
      ),
    );
    const dated = (code) => model.years.some((year) => byPublication(model.cell(code, year) ?? {}));
    footnote.hidden = !model.countries.some(dated);
  }

  function cellButton(cell, pressed) {
    const dated = byPublication(cell);
    return el(
      "button",
      {
        type: "button",
        class: "stats-cell",
        "aria-pressed": pressed ? "true" : "false",
        dataset: { country: cell.country, year: String(cell.year) },
        onclick: () => onPick(cell.country, cell.year),
      },
      el("span", { class: "visually-hidden", text: "Median " }),
      el(
        "span",
        { class: "stats-median" },
        median(cell),
        dated ? el("span", { class: "stats-basis", "aria-hidden": "true", text: "*" }) : null,
      ),
      el("span", { class: "visually-hidden", text: ", " }),
      el("span", { class: "stats-count", text: formatCount(cell.count, "figure") }),
      dated ? el("span", { class: "visually-hidden", text: ", some dated by publication" }) : null,
    );
  }

  function hide() {
    element.hidden = true;
  }

  /** Focus on a cell's button (the panel it opened was closed), if the table has it. */
  function focusCell(key) {
    const { country, year } = parseCellKey(key);
    for (const button of wrap.querySelectorAll(".stats-cell")) {
      if (button.dataset.country === country && button.dataset.year === String(year)) button.focus();
    }
  }

  return { element, render, hide, focusCell };
}

/** The panel of one cell's figures: `show(cell, { unit, signal })` fetches and lists them. */
export function createCellPanel({ onClose }) {
  const heading = el("h3", { id: "stats-cell-title", class: "stats-cell-title", tabindex: "-1" });
  const facts = el("p", { class: "stats-cell-facts" });
  const status = el("p", { class: "muted stats-cell-status" });
  const body = el("div", { class: "stats-cell-body" });
  const openLink = el("a", { class: "button-link", text: "Open in Figures" });
  const close = el("button", { type: "button", class: "link-button", text: "Close", onclick: onClose });
  const element = el(
    "section",
    { class: "stats-cell-panel", "aria-labelledby": "stats-cell-title", hidden: true },
    el("div", { class: "stats-cell-head" }, heading, close),
    facts,
    body,
    el("div", { class: "stats-cell-foot" }, status, openLink),
  );

  function hide() {
    element.hidden = true;
    body.replaceChildren();
  }

  /** A cell the address names but the series does not have (a bookmark, the data changed). */
  function missing(country, year) {
    element.hidden = false;
    heading.textContent = `${countryName(country)}, ${year}`;
    facts.textContent = "This series has no figures for this country and year.";
    status.textContent = "";
    openLink.hidden = true;
    body.replaceChildren();
  }

  /** `unit`: the series' unit and rate, said after the median unless it is a plain count. */
  async function show(cell, { unit, signal }) {
    element.hidden = false;
    openLink.hidden = false;
    heading.textContent = `${countryName(cell.country)}, ${cell.year}: ${formatCount(cell.count, "figure")}`;
    const range = cell.min === cell.max ? "" : `, from ${formatNumber(cell.min)} to ${formatNumber(cell.max)}`;
    const dated = [];
    if (cell.basis.as_of) dated.push(`${formatNumber(cell.basis.as_of)} from an as-of date`);
    if (cell.basis.published) dated.push(`${formatNumber(cell.basis.published)} from the document's publication`);
    facts.textContent =
      (cell.median === null
        ? "Too many figures for a median"
        : `Median ${formatNumber(cell.median)}${unit === "count" ? "" : ` ${unit}`}`) +
      `${range}. Their year: ${dated.join(", ")}.`;
    const entries = queryEntries(cell.figures_query);
    openLink.href = routeHash("/figures", entries);
    status.textContent = "Loading the figures…";
    body.replaceChildren();
    const page = await getJSON(
      "/api/figures",
      [...entries, ["sort", "value"], ["limit", String(PANEL_LIMIT)], ["facets", "false"]],
      { signal },
    );
    body.replaceChildren(figureList(page.rows, cell));
    status.textContent =
      page.total > page.rows.length
        ? `The first ${page.rows.length} of ${formatCount(page.total, "figure")}, smallest first.`
        : `${formatCount(page.total, "figure")}, smallest first.`;
  }

  /** The cell's figures, one block each: value and unit, date, sentence, document. A list
   * rather than a table, so that it reads as well beside the table as under it. */
  function figureList(rows, cell) {
    return el(
      "ol",
      { class: "stats-figures", "aria-label": `Figures of ${countryName(cell.country)} in ${cell.year}` },
      rows.map(figureItem),
    );
  }

  function figureItem(row) {
    const value = el("span", { class: "stats-figure-value" });
    if (row.qualifier) value.append(el("span", { class: "qualifier", text: `${qualifierWords(row.qualifier)} ` }));
    value.append(figureNumber(row));
    if (row.of !== null) value.append(el("span", { class: "muted", text: ` of ${formatNumber(row.of)}` }));
    const dated = row.as_of ? `as of ${row.as_of}` : row.published ? `published ${row.published}` : "";
    const link = routeHash(`/doc/${encodeURIComponent(row.document_id)}`, [["figure", String(row.start)]]);
    return el(
      "li",
      { class: "stats-figure" },
      el(
        "p",
        { class: "stats-figure-head" },
        value,
        " ",
        el("span", {
          class: "stats-figure-unit",
          text: row.per === null ? row.unit : `${row.unit} per ${row.per}`,
        }),
        dated ? el("span", { class: "muted stats-figure-date", text: ` · ${dated}` }) : null,
      ),
      el("p", { class: "sentence" }, sentenceWithFigure(row)),
      el(
        "p",
        { class: "stats-figure-doc" },
        el("a", { href: link, text: row.title || row.source }),
        row.language
          ? el("span", { class: "badge badge-lang", title: languageName(row.language), text: row.language })
          : null,
        row.page ? el("span", { class: "figure-page", text: `p. ${row.page}` }) : null,
      ),
    );
  }

  /** Focus on the panel's heading, the whole panel scrolled into view (or its top, if taller). */
  function focus() {
    heading.focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest" });
  }

  return { element, show, missing, hide, focus };
}
