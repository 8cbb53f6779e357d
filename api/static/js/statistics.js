// The statistics view (#/statistics?measure=people-in-treatment&country=IT): a measure's
// figures (or those words or a topic find) per country and year, from /api/figures/summary.
// Only comparable figures, of one unit and rate, share a chart: when there are several such
// series a picker says which one is shown (the one with the most figures, unless the address
// says), and a note says what was left out and why (statistics-series.js). The chart
// (statistics-chart.js) draws the medians per year, one line per country; the table
// (statistics-table.js) gives the same numbers, each a button that lists its figures in a panel.
// The address holds the filters, the series, the scale and the open cell, so a bookmark or the
// back button comes back to the same view.

import { ApiError, apiUrl, getJSON } from "./api.js";
import { createCountryInput, formatCountries, parseCountries, showCountriesByName } from "./country-picker.js";
import { field, fillLanguages } from "./form-fields.js";
import { createMeasurePicker } from "./measure-picker.js";
import { createStatisticsChart } from "./statistics-chart.js";
import {
  createLeftOut,
  createSeriesPicker,
  figuresIn,
  NO_PER,
  perKey,
  sameSeries,
  seriesName,
  unplaced,
} from "./statistics-series.js";
import { cellKey, createCellPanel, createStatisticsTable, parseCellKey } from "./statistics-table.js";
import { createTopicInput } from "./concept-picker.js";
import {
  append,
  clear,
  countryName,
  el,
  formatCount,
  formatNumber,
  languageName,
  navigate,
  routeHash,
} from "./util.js";

// The filters, in the API's names (lists repeat the key); the series shown (unit, per), the
// scale and the open cell are the view's own.
const FILTERS = ["measure", "q", "cross_lingual", "topic", "country", "lang"];
const LISTS = new Set(["measure", "topic", "country"]);
const MAX_SERIES = 50; // the API's most: every series comes, and the view shows one at a time
const SUGGESTED = 6; // measures offered on the page before one is picked

function readState(params) {
  const state = {};
  for (const key of FILTERS) {
    state[key] = LISTS.has(key) ? params.getAll(key).filter(Boolean) : (params.get(key) ?? "");
  }
  state.cross_lingual = state.cross_lingual === "false" ? "false" : "";
  state.unit = params.get("unit") ?? "";
  state.per = state.unit ? (params.get("per") ?? NO_PER) : "";
  state.scale = params.get("scale") === "log" ? "log" : "";
  state.cell = params.get("cell") ?? "";
  return state;
}

/** The filters as API parameters: what the summary, the counts and the downloads are asked. */
function filterEntries(state, skip = "") {
  const entries = [];
  for (const key of FILTERS) {
    if (key === skip) continue;
    for (const value of LISTS.has(key) ? state[key] : [state[key]]) {
      if (value !== "") entries.push([key, value]);
    }
  }
  return entries;
}

function go(state) {
  const entries = filterEntries(state);
  if (state.unit) entries.push(["unit", state.unit], ["per", state.per || NO_PER]);
  if (state.scale) entries.push(["scale", state.scale]);
  if (state.cell) entries.push(["cell", state.cell]);
  navigate(routeHash("/statistics", entries));
}

const asked = (state) => state.measure.length > 0 || state.q !== "" || state.topic.length > 0;
const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** The cells of one series as the chart and the table read them. */
function seriesModel(series) {
  const cells = new Map(series.cells.map((cell) => [cellKey(cell.country, cell.year), cell]));
  const byName = (a, b) => countryName(a).localeCompare(countryName(b));
  const countries = [...new Set(series.cells.map((cell) => cell.country))].sort(byName);
  const years = [...new Set(series.cells.map((cell) => cell.year))].sort((a, b) => a - b);
  const span = []; // every year from the first to the last: the chart's time runs evenly
  for (let year = years[0]; year <= years.at(-1); year += 1) span.push(year);
  return { countries, years, span, cell: (country, year) => cells.get(cellKey(country, year)) };
}

export function createStatisticsView() {
  let state = readState(new URLSearchParams());
  let summary = null;
  let summaryKey = null; // the filters `summary` answers: another series or cell asks nothing again
  let focusPanel = false; // a cell was picked: its panel takes focus once shown
  let focusCell = ""; // the panel was closed: its cell's button takes focus back

  const measures = createMeasurePicker();
  const topicField = createTopicInput("stats-topic");
  const countryField = createCountryInput("stats-country");
  const q = el("input", { type: "search", name: "q", autocomplete: "off" });
  const crossLingual = el("input", { type: "checkbox", name: "cross_lingual", id: "stats-cross-lingual" });
  const lang = el("select", { name: "lang" }, el("option", { value: "", text: "Any language" }));
  const form = el(
    "form",
    { class: "filters stats-filters", "aria-label": "What to count", onsubmit: onSubmit },
    el(
      "div",
      { class: "filter-grid" },
      field("stats-measure", "Measure", measures.select, "What the figures count (how many match)"),
      append(field("stats-q", "Words", q, "In the figure's sentence"), [
        el("label", { class: "check", for: "stats-cross-lingual" }, crossLingual, "Cross-lingual"),
      ]),
      field("stats-topic", "Topics", topicField.input, "Ids or names: methadone, HIV"),
      field("stats-country", "Countries", countryField.input, "Names or codes, with commas: documents about all of them"),
      field("stats-lang", "Language", lang),
    ),
    el(
      "div",
      { class: "form-actions" },
      el("button", { type: "submit", class: "primary", text: "Show statistics" }),
      el("button", { type: "button", text: "Reset", onclick: () => go(readState(new URLSearchParams())) }),
    ),
    topicField.options,
    countryField.options,
  );
  const status = el("p", { class: "result-count", role: "status", "aria-live": "polite", tabindex: "-1" });
  // `download` with no name: the server names the file for what it holds and the day.
  const xlsx = el("a", { class: "button-link", download: true, text: "Download figures (xlsx)" });
  const csv = el("a", { class: "button-link", download: true, text: "CSV" });
  const downloads = el(
    "div",
    { class: "downloads", role: "group", "aria-label": "Download the figures" },
    xlsx,
    csv,
  );
  const errorBox = el("div", { class: "error", role: "alert", hidden: true });
  const intro = el("section", { class: "stats-intro", "aria-label": "Getting started", hidden: true });
  const title = el("h2", { id: "stats-title", class: "stats-title" });
  const notice = el("p", {
    class: "stats-notice",
    hidden: true,
    text:
      "No measure picked: these figures may count different things (patients, places, budgets …). " +
      "Pick a measure so that a series counts one thing.",
  });
  const showSeries = (series) => go({ ...state, unit: series.unit, per: perKey(series.per), cell: "" });
  const seriesPicker = createSeriesPicker({ onPick: showSeries });
  const leftOut = createLeftOut({ onPick: showSeries });
  const empty = el("p", { class: "empty stats-empty", hidden: true });
  const chart = createStatisticsChart({
    onPick: pick,
    onScale: (log) => go({ ...state, scale: log ? "log" : "" }),
  });
  const chartHint = el("p", {
    class: "hint stats-chart-hint",
    text:
      "The median of each country's figures per year. " +
      "Pick a point, or a number in the table, for its figures.",
  });
  const table = createStatisticsTable({ onPick: pick });
  const panel = createCellPanel({ onClose: closeCell });
  const result = el(
    "section",
    { class: "stats-result", "aria-labelledby": "stats-title", hidden: true },
    title,
    notice,
    seriesPicker.element,
    empty,
    chart.element,
    chartHint,
    leftOut.element,
    el("div", { class: "stats-detail" }, table.element, panel.element),
  );

  function pick(country, year) {
    focusPanel = true;
    go({ ...state, cell: cellKey(country, year) });
  }

  function closeCell() {
    focusCell = state.cell;
    go({ ...state, cell: "" });
  }

  async function onSubmit(event) {
    event.preventDefault();
    const topic = await topicField.read();
    summaryKey = null; // asked again: the numbers are fetched again
    go({
      measure: measures.select.value ? [measures.select.value] : [],
      q: q.value.trim(),
      cross_lingual: crossLingual.checked ? "" : "false",
      topic,
      country: parseCountries(countryField.input.value),
      lang: lang.value,
      unit: "",
      per: "",
      scale: state.scale,
      cell: "",
    });
  }

  function mount(container) {
    container.append(
      el("h1", { tabindex: "-1", text: "Statistics" }),
      el("p", {
        class: "lead",
        text: "What the figures say per country and year: a measure's medians over time, comparable figures only.",
      }),
      form,
      el("div", { class: "results-head" }, status, downloads),
      errorBox,
      intro,
      result,
    );
    fillLanguages(lang, () => state.lang);
    showCountriesByName(countryField.input, () => state.country);
  }

  function syncForm() {
    measures.pick(state.measure[0] ?? "");
    q.value = state.q;
    crossLingual.checked = state.cross_lingual !== "false";
    topicField.input.value = state.topic.join(", ");
    if (document.activeElement !== countryField.input) countryField.input.value = formatCountries(state.country);
    if (state.lang && ![...lang.options].some((option) => option.value === state.lang)) {
      lang.append(el("option", { value: state.lang, text: languageName(state.lang) }));
    }
    lang.value = state.lang;
  }

  async function update(params, { signal }) {
    state = readState(params);
    document.title = "Statistics · PolicyLens";
    errorBox.hidden = true;
    await measures.load();
    syncForm();
    // The picker's counts are for the other filters: they come when they come, but the page
    // before a measure is picked offers the measures with the most figures, so it waits.
    const counting = measures.count(filterEntries(state, "measure"));
    if (!asked(state)) {
      await counting;
      return showIntro();
    }
    intro.hidden = true;
    const key = JSON.stringify(filterEntries(state));
    if (key !== summaryKey) {
      status.textContent = "Counting the figures…";
      downloads.hidden = true;
      try {
        summary = await getJSON(
          "/api/figures/summary",
          [...filterEntries(state), ["by", "country,year"], ["series", String(MAX_SERIES)]],
          { signal },
        );
        summaryKey = key;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        summary = summaryKey = null;
        return showError("Could not count the figures. ", error);
      }
    }
    await showSummary(signal);
  }

  function showError(lead, error) {
    result.hidden = true;
    downloads.hidden = true;
    status.textContent = "";
    errorBox.replaceChildren(el("strong", { text: lead }), error.message);
    errorBox.hidden = false;
  }

  function showIntro() {
    result.hidden = true;
    downloads.hidden = true;
    status.textContent = "";
    const top = measures.top().slice(0, SUGGESTED);
    const suggestion = (id, index) => [
      index ? ", " : "",
      el("a", {
        href: routeHash("/statistics", [["measure", id]]),
        text: `${measures.name(id)} (${formatNumber(measures.countOf(id))})`,
      }),
    ];
    clear(intro);
    append(intro, [
      el("p", {
        text:
          "Pick a measure (what the figures count), or give words or a topic, to see its figures " +
          "per country and year.",
      }),
      top.length ? el("p", {}, "Measures with the most figures: ", top.map(suggestion), ".") : null,
    ]);
    intro.hidden = false;
  }

  /** What the view counts: the measure's name, else the words or topics asked. */
  function subject() {
    if (state.measure.length) return state.measure.map(measures.name).join(" or ");
    const parts = [];
    if (state.q) parts.push(`figures matching “${state.q}”`);
    if (state.topic.length) parts.push(`figures about ${state.topic.join(" and ")}`);
    return parts.join(", ");
  }

  async function showSummary(signal) {
    result.hidden = false;
    const what = subject();
    title.textContent = `${capitalise(what)}, per country and year`;
    notice.hidden = state.measure.length > 0;
    const { series } = summary;
    const wanted = state.unit ? series.find((entry) => sameSeries(entry, state)) : null;
    const shown = wanted ?? series[0] ?? null;
    seriesPicker.render(series, shown);
    leftOut.render(summary, shown, state.unit && !wanted ? state : null);
    if (shown) setDownloads(shown);
    else downloads.hidden = true;
    if (!shown?.cells.length) return showNothing(shown);

    empty.hidden = true;
    const model = seriesModel(shown);
    const years = model.years.length > 1 ? `${model.years[0]}–${model.years.at(-1)}` : String(model.years[0]);
    const charted = shown.figures - unplaced(summary, shown);
    const of =
      charted === summary.total
        ? formatCount(charted, "figure")
        : `${formatNumber(charted)} of ${formatCount(summary.total, "figure")}`;
    const countries = formatCount(model.countries.length, "country", "countries");
    status.textContent = `${of} in the chart: ${countries}, ${years}`;
    const name = seriesName(shown);
    table.render(model, { caption: `Median ${what} (${name}), per country and year`, selected: state.cell });
    if (focusCell) table.focusCell(focusCell);
    focusCell = "";
    await showCell(model, name, signal);
    chartHint.hidden = false;
    const drawn = await chart.render(model, {
      what: `${what} (${name})`,
      axis: `Median, ${name}`,
      log: state.scale === "log",
      signal,
    });
    chartHint.hidden = !drawn;
  }

  /** No cell to show: no figures match, or none of the series shown has a country and a year. */
  function showNothing(shown) {
    chart.hide();
    chartHint.hidden = true;
    table.hide();
    panel.hide();
    empty.hidden = false;
    if (!summary.total) {
      empty.textContent = "No figures match these filters.";
      status.textContent = "No figures";
    } else {
      const series = figuresIn(shown, shown.figures);
      empty.textContent = `No figure of this series (${series}) has both a country and a year: see why below.`;
      status.textContent = `${formatCount(summary.total, "figure")}, none in the chart`;
    }
  }

  async function showCell(model, unit, signal) {
    if (!state.cell) return panel.hide();
    const { country, year } = parseCellKey(state.cell);
    const cell = model.cell(country, year);
    if (!cell) {
      panel.missing(country, year);
    } else {
      try {
        await panel.show(cell, { unit, signal });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        panel.hide();
        return showError("Could not list the cell's figures. ", error);
      }
    }
    if (focusPanel) panel.focus();
    focusPanel = false;
  }

  /** The figures of the series shown, with the view's filters, as a workbook and as CSV. */
  function setDownloads(shown) {
    const entries = [...filterEntries(state), ["unit", shown.unit], ["per", perKey(shown.per)]];
    xlsx.href = apiUrl("/api/figures", [...entries, ["format", "xlsx"]]);
    csv.href = apiUrl("/api/figures", [...entries, ["format", "csv"], ["bom", "true"]]);
    downloads.hidden = false;
  }

  return { mount, update };
}
