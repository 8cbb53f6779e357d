// The figures view's table: a row per figure (its text, value, unit and rate, what it is
// about with its topics, as-of date, document and sentence), and the column headers that sort.

import { firstPage } from "./figures-state.js";
import {
  countryName,
  el,
  figureNumber,
  formatNumber,
  languageName,
  qualifierWords,
  routeHash,
  sentenceWithFigure,
} from "./util.js";

/** `go(state)` goes to a figures state; `current()` is the one on screen; `topicNames`: id ->
 * name, of the topics named so far. */
export function createFigureTable({ go, current, topicNames }) {
  const headRow = el("tr");
  const tbody = el("tbody");
  const element = el(
    "table",
    { class: "figures-table" },
    el("caption", {
      class: "visually-hidden",
      text: "Figures, one per row; sortable columns have buttons in their headers",
    }),
    el("thead", {}, headRow),
    tbody,
  );

  function renderHead() {
    const state = current();
    const sort = state.sort || "document";
    const order = state.order || "asc";
    const sortable = (label, key) => {
      const now = sort === key;
      const th = el("th", {
        scope: "col",
        "aria-sort": now ? (order === "asc" ? "ascending" : "descending") : "none",
      });
      th.append(
        el(
          "button",
          {
            type: "button",
            class: "sort-button",
            dataset: { sort: key },
            onclick: () => go(firstPage(current(), { sort: key, order: now && order === "asc" ? "desc" : "asc" })),
          },
          label,
          el("span", {
            class: "sort-mark",
            "aria-hidden": "true",
            text: now ? (order === "asc" ? "▲" : "▼") : "↕",
          }),
        ),
      );
      return th;
    };
    const plain = (label) => el("th", { scope: "col", text: label });
    headRow.replaceChildren(
      plain("Figure"),
      sortable("Value", "value"),
      plain("Unit"),
      plain("About"),
      sortable("As of", "as_of"),
      sortable("Document", "document"),
      plain("Sentence"),
    );
  }

  function renderRow(row) {
    const value = el("td", { class: "num" });
    if (row.qualifier)
      value.append(el("span", { class: "qualifier", text: `${qualifierWords(row.qualifier)} ` }));
    value.append(figureNumber(row));
    if (row.of !== null) value.append(el("span", { class: "muted", text: ` of ${formatNumber(row.of)}` }));
    const link = routeHash(`/doc/${encodeURIComponent(row.document_id)}`, [["figure", String(row.start)]]);
    return el(
      "tr",
      {},
      el("td", { class: "figure-text", text: row.text }),
      value,
      el("td", { class: "unit", text: row.per === null ? row.unit : `${row.unit} per ${row.per}` }),
      // The table has no room for a topics column: the concepts go under what the figure is about.
      el(
        "td",
        { class: "about" },
        row.about ?? "",
        row.topics?.length
          ? el(
              "span",
              { class: "topic-tags" },
              el("span", { class: "visually-hidden", text: "Topics: " }),
              row.topics.map((id) =>
                el("span", {
                  class: "topic-tag",
                  title: `Topic: ${id}`,
                  dataset: { topic: id },
                  text: topicNames.get(id) ?? id,
                }),
              ),
            )
          : null,
      ),
      el("td", { class: "nowrap", text: row.as_of ?? "" }),
      el(
        "td",
        { class: "doc-cell" },
        el("a", { class: "clamp", href: link, text: row.title || row.source }),
        el(
          "span",
          { class: "doc-badges" },
          row.language
            ? el("span", { class: "badge badge-lang", title: languageName(row.language), text: row.language })
            : null,
          row.countries.map((code) =>
            el("span", { class: "badge badge-country", title: countryName(code), text: code }),
          ),
          row.page ? el("span", { class: "figure-page", text: `p. ${row.page}` }) : null,
        ),
      ),
      el("td", { class: "sentence" }, el("span", { class: "clamp" }, sentenceWithFigure(row))),
    );
  }

  function loading() {
    renderHead();
    tbody.setAttribute("aria-busy", "true");
  }

  function failed() {
    tbody.removeAttribute("aria-busy");
    tbody.replaceChildren();
  }

  /** The rows, or when there are none, a row saying `empty`. */
  function render(rows, empty) {
    tbody.removeAttribute("aria-busy");
    tbody.replaceChildren(...rows.map(renderRow));
    if (!rows.length) {
      tbody.append(
        el("tr", {}, el("td", { colspan: String(headRow.children.length), class: "empty", text: empty })),
      );
    }
  }

  /** Topic tags in the rows by name, once the names have come. */
  function nameTopics() {
    for (const tag of tbody.querySelectorAll(".topic-tag")) {
      tag.textContent = topicNames.get(tag.dataset.topic) ?? tag.dataset.topic;
    }
  }

  return { element, loading, failed, render, nameTopics };
}
