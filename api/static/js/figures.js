// The figures view: a filterable, sortable, paged table of every figure, and its CSV export.
// The address holds the filters, the sort and the page (#/figures?unit=percent&page=12), so a
// bookmark or the back button comes back to the same rows. The statistics view links here with
// a cell's exact figures (measure, country, unit, per and year).

import { ApiError, apiUrl, getJSON } from "./api.js";
import { createMeasureInput, createTopicInput } from "./concept-picker.js";
import { createCountryInput, formatCountries, parseCountries, showCountriesByName } from "./country-picker.js";
import { field, fillLanguages } from "./form-fields.js";
import {
  append,
  countryName,
  el,
  figureNumber,
  formatCount,
  formatNumber,
  languageName,
  navigate,
  qualifierWords,
  routeHash,
  sentenceWithFigure,
} from "./util.js";

const PAGE_SIZE = 50;
// Pages up to this one are asked for by offset (the API takes offsets up to 10,000), so their
// address is just `page=N`; later ones follow the previous page's cursor, which their address
// carries too (`page=N&cursor=...`).
const LAST_OFFSET_PAGE = Math.floor(10_000 / PAGE_SIZE) + 1;
// The filters, in the API's names; the form fields carry the same names. Lists repeat the key.
const FILTERS = [
  "q",
  "cross_lingual",
  "topic",
  "measure",
  "country",
  "lang",
  "unit",
  "per",
  "value_min",
  "value_max",
  "year",
  "as_of_from",
  "as_of_to",
];
const LISTS = new Set(["country", "topic", "measure"]);
const SORTS = ["document", "value", "as_of"];
const COMMON_UNITS = ["count", "percent", "fraction", "EUR", "USD", "times", "year"];
const COMMON_RATES = ["none", "day", "week", "month", "year", "inhabitant", "1000", "100000"];

function readState(params) {
  const state = {};
  for (const key of FILTERS) {
    state[key] = LISTS.has(key) ? params.getAll(key).filter(Boolean) : (params.get(key) ?? "");
  }
  // On unless switched off, as in the API: "" or "false", so the address only says it when off.
  state.cross_lingual = state.cross_lingual === "false" ? "false" : "";
  state.sort = SORTS.includes(params.get("sort")) ? params.get("sort") : "";
  state.order = ["asc", "desc"].includes(params.get("order")) ? params.get("order") : "";
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  state.page = Number.isFinite(page) && page > 1 ? page : 1;
  // A cursor only ever stands for a page past the offset limit.
  state.cursor = state.page > LAST_OFFSET_PAGE ? (params.get("cursor") ?? "") : "";
  return state;
}

/** Filters and sort as API parameters (no paging): the CSV link and the trail key. */
function queryEntries(state) {
  const entries = [];
  for (const key of FILTERS) {
    for (const value of LISTS.has(key) ? state[key] : [state[key]]) {
      if (value !== "") entries.push([key, value]);
    }
  }
  if (state.sort) entries.push(["sort", state.sort]);
  if (state.order) entries.push(["order", state.order]);
  return entries;
}

function go(state) {
  const entries = queryEntries(state);
  if (state.page > 1) entries.push(["page", String(state.page)]);
  if (state.cursor) entries.push(["cursor", state.cursor]);
  navigate(routeHash("/figures", entries));
}

const firstPage = (state, change) => ({ ...state, ...change, cursor: "", page: 1 });

/** The state of page `page`: by offset while it can be, else after `cursor`. */
const onPage = (state, page, cursor = "") => ({ ...state, page, cursor: page > LAST_OFFSET_PAGE ? cursor : "" });

/** What the API is asked for the page a state shows; a page past the offset limit with no
 * cursor (typed in by hand) shows the last page an offset reaches. */
function pageEntries(state) {
  if (state.cursor) return [["cursor", state.cursor]];
  const page = Math.min(state.page, LAST_OFFSET_PAGE);
  return page > 1 ? [["offset", String((page - 1) * PAGE_SIZE)]] : [];
}

export function createFiguresView() {
  let state = readState(new URLSearchParams());
  const trails = new Map(); // query -> cursor of each page past the offset limit seen
  const seenUnits = new Set(COMMON_UNITS);
  const topicField = createTopicInput("figures-topic");
  const measureField = createMeasureInput("figures-measure");

  const countryField = createCountryInput("figures-country");
  const inputs = {
    q: el("input", { type: "search", name: "q", autocomplete: "off" }),
    cross_lingual: el("input", { type: "checkbox", name: "cross_lingual", id: "figures-cross-lingual" }),
    topic: topicField.input,
    country: countryField.input,
    measure: measureField.input,
    lang: el("select", { name: "lang" }, el("option", { value: "", text: "Any language" })),
    unit: el("input", {
      type: "text",
      name: "unit",
      list: "figure-units",
      autocomplete: "off",
      spellcheck: "false",
    }),
    per: el("input", {
      type: "text",
      name: "per",
      list: "figure-rates",
      autocomplete: "off",
      spellcheck: "false",
    }),
    value_min: el("input", { type: "number", name: "value_min", step: "any", inputmode: "decimal" }),
    value_max: el("input", { type: "number", name: "value_max", step: "any", inputmode: "decimal" }),
    year: el("input", { type: "number", name: "year", min: "0", max: "9999", inputmode: "numeric" }),
    as_of_from: el("input", { type: "date", name: "as_of_from" }),
    as_of_to: el("input", { type: "date", name: "as_of_to" }),
  };
  const unitOptions = el("datalist", { id: "figure-units" });
  const rateOptions = el(
    "datalist",
    { id: "figure-rates" },
    COMMON_RATES.map((value) => el("option", { value })),
  );
  const form = el(
    "form",
    { class: "filters", "aria-label": "Figure filters", onsubmit: onSubmit },
    el(
      "div",
      { class: "filter-grid" },
      append(field("figures-q", "Words", inputs.q, "In what the figure is about, or its sentence"), [
        el(
          "label",
          {
            class: "check",
            for: "figures-cross-lingual",
            title: "Words that name a policy concept also find its French, Italian and English names",
          },
          inputs.cross_lingual,
          "Cross-lingual",
        ),
      ]),
      field("figures-topic", "Topics", inputs.topic, "Concept ids or names, e.g. methadone, HIV"),
      field("figures-measure", "Measure", inputs.measure, "What the figure counts, by name or id: people in treatment"),
      field("figures-country", "Countries", inputs.country, "Names or ISO codes, with commas: documents about all of them"),
      field("figures-lang", "Language", inputs.lang),
      field("figures-year", "Year", inputs.year, "As of, else published"),
      field("figures-unit", "Unit", inputs.unit, "count, percent, EUR, …"),
      field("figures-per", "Rate, per", inputs.per, "day, 100000, …; none: no rate"),
      field("figures-value-min", "Value at least", inputs.value_min),
      field("figures-value-max", "Value at most", inputs.value_max),
      field("figures-as-of-from", "As of, from", inputs.as_of_from),
      field("figures-as-of-to", "As of, until", inputs.as_of_to),
    ),
    el(
      "div",
      { class: "form-actions" },
      el("button", { type: "submit", class: "primary", text: "Apply filters" }),
      el("button", { type: "button", text: "Reset", onclick: () => go(readState(new URLSearchParams())) }),
    ),
    countryField.options,
    unitOptions,
    topicField.options,
    measureField.options,
    rateOptions,
  );
  const status = el("p", { class: "result-count", role: "status", "aria-live": "polite", tabindex: "-1" });
  const csv = el("a", { class: "button-link", download: "figures.csv", text: "Download CSV" });
  const xlsx = el("a", { class: "button-link", download: "figures.xlsx", text: "Download XLSX" });
  const errorBox = el("div", { class: "error", role: "alert", hidden: true });
  const headRow = el("tr");
  const tbody = el("tbody");
  const table = el(
    "table",
    { class: "figures-table" },
    el("caption", {
      class: "visually-hidden",
      text: "Figures, one per row; sortable columns have buttons in their headers",
    }),
    el("thead", {}, headRow),
    tbody,
  );
  const pager = el("nav", { class: "pager", "aria-label": "Figure pages" });

  async function onSubmit(event) {
    event.preventDefault();
    // Labels typed in any language, as the concept ids the API takes.
    const concepts = { topic: await topicField.read(), measure: await measureField.read() };
    const change = {};
    for (const key of FILTERS) {
      const value = inputs[key].value.trim();
      if (key === "country") {
        change[key] = parseCountries(value);
      } else if (key in concepts) {
        change[key] = concepts[key];
      } else if (key === "cross_lingual") {
        change[key] = inputs[key].checked ? "" : "false";
      } else {
        change[key] = value;
      }
    }
    go(firstPage(state, change));
  }

  function mount(container) {
    container.append(
      el("h1", { tabindex: "-1", text: "Figures" }),
      el("p", { class: "lead", text: "Every figure the documents state, with where it comes from." }),
      form,
      el("div", { class: "results-head" }, status, el("div", { class: "downloads" }, csv, xlsx)),
      errorBox,
      el(
        "div",
        {
          class: "table-wrap",
          role: "region",
          "aria-label": "Figures table, scrolls sideways",
          tabindex: "0",
        },
        table,
      ),
      pager,
    );
    fillPickers();
    // Topic tags in the rows show by name once the names have come.
    topicField.load().then(() => {
      for (const tag of tbody.querySelectorAll(".topic-tag")) {
        tag.textContent = topicField.names.get(tag.dataset.topic) ?? tag.dataset.topic;
      }
    });
    measureField.load();
  }

  function fillPickers() {
    showCountriesByName(inputs.country, () => state.country);
    fillLanguages(inputs.lang, () => state.lang);
  }

  function syncForm() {
    inputs.cross_lingual.checked = state.cross_lingual !== "false";
    for (const key of FILTERS) {
      if (key === "cross_lingual") continue;
      const value =
        key === "country" ? formatCountries(state[key]) : LISTS.has(key) ? state[key].join(", ") : state[key];
      if (key === "lang" && value && ![...inputs.lang.options].some((option) => option.value === value)) {
        inputs.lang.append(el("option", { value, text: languageName(value) }));
      }
      inputs[key].value = value;
    }
  }

  function renderHead() {
    const sort = state.sort || "document";
    const order = state.order || "asc";
    const sortable = (label, key) => {
      const current = sort === key;
      const th = el("th", {
        scope: "col",
        "aria-sort": current ? (order === "asc" ? "ascending" : "descending") : "none",
      });
      th.append(
        el(
          "button",
          {
            type: "button",
            class: "sort-button",
            dataset: { sort: key },
            onclick: () =>
              go(firstPage(state, { sort: key, order: current && order === "asc" ? "desc" : "asc" })),
          },
          label,
          el("span", {
            class: "sort-mark",
            "aria-hidden": "true",
            text: current ? (order === "asc" ? "▲" : "▼") : "↕",
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
    seenUnits.add(row.unit);
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
                  text: topicField.names.get(id) ?? id,
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

  async function update(params, { signal }) {
    state = readState(params);
    syncForm();
    renderHead();
    // A byte-order mark, so that Excel on Windows reads "Échange" as written.
    csv.href = apiUrl("/api/figures", [["format", "csv"], ["bom", "true"], ...queryEntries(state)]);
    xlsx.href = apiUrl("/api/figures", [["format", "xlsx"], ...queryEntries(state)]);
    document.title = "Figures · PolicyLens";
    status.textContent = "Loading figures…";
    tbody.setAttribute("aria-busy", "true");
    errorBox.hidden = true;

    let page;
    try {
      page = await getJSON(
        "/api/figures",
        [...queryEntries(state), ["limit", PAGE_SIZE], ...pageEntries(state)],
        { signal },
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      tbody.removeAttribute("aria-busy");
      tbody.replaceChildren();
      pager.replaceChildren();
      status.textContent = "";
      errorBox.replaceChildren(el("strong", { text: "Could not load figures. " }), error.message);
      errorBox.hidden = false;
      return;
    }
    tbody.removeAttribute("aria-busy");
    tbody.replaceChildren(...page.rows.map(renderRow));
    const number = state.cursor ? state.page : Math.min(state.page, LAST_OFFSET_PAGE);
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    if (!page.rows.length) {
      // A bookmark of a page the figures no longer reach (fewer match now) says so.
      const past = page.total > 0 && number > 1;
      tbody.append(
        el(
          "tr",
          {},
          el("td", {
            colspan: String(headRow.children.length),
            class: "empty",
            text: past ? `Page ${number} is past the last page, ${pages}.` : "No figures match these filters.",
          }),
        ),
      );
    }
    unitOptions.replaceChildren(...[...seenUnits].sort().map((unit) => el("option", { value: unit })));
    const first = (number - 1) * PAGE_SIZE + 1;
    status.textContent = page.rows.length
      ? `${first}–${first + page.rows.length - 1} of ${formatCount(page.total, "figure")}`
      : `${formatCount(page.total, "figure")}`;
    renderPager(page, number, pages, JSON.stringify(queryEntries(state)));
  }

  function renderPager(page, number, pages, key) {
    const trail = trails.get(key) ?? [];
    trails.set(key, trail);
    if (state.cursor) trail[number] = state.cursor;
    const turn = (target) => () => {
      go(target);
      status.focus({ preventScroll: true });
    };
    // Back by offset while it reaches; past it, by the cursor seen for that page, else to the
    // last page an offset reaches (a bookmark far on knows no cursors before its own).
    let back = Math.min(number - 1, pages);
    if (back > LAST_OFFSET_PAGE && !trail[back]) back = LAST_OFFSET_PAGE;
    const prev = el("button", {
      type: "button",
      text: back === number - 1 ? "← Previous" : `← Page ${back}`,
      onclick: turn(onPage(state, back, trail[back])),
    });
    prev.disabled = number === 1;
    const more = el("button", {
      type: "button",
      text: "Next →",
      onclick: turn(onPage(state, number + 1, page.next_cursor)),
    });
    more.disabled = !page.next_cursor;
    pager.replaceChildren(prev, el("span", { class: "pager-where", text: `Page ${number} of ${pages}` }), more);
    pager.hidden = page.total <= PAGE_SIZE && number === 1;
  }

  return { mount, update };
}
