// The figures view's filter form: words, topics, measure, countries, language, year, unit and
// rate, value and as-of ranges. Concepts and countries may be typed by name in any language;
// the form sends what the API takes (concept ids, country names it resolves).

import { createMeasureInput, createTopicInput } from "./concept-picker.js";
import { createCountryInput, formatCountries, parseCountries, showCountriesByName } from "./country-picker.js";
import { FILTERS, LISTS, firstPage, readState } from "./figures-state.js";
import { field, fillLanguages } from "./form-fields.js";
import { append, el, languageName } from "./util.js";

const COMMON_UNITS = ["count", "percent", "fraction", "EUR", "USD", "times", "year"];
const COMMON_RATES = ["none", "day", "week", "month", "year", "inhabitant", "1000", "100000"];

/** `go(state)` goes to a figures state; `current()` is the one on screen. */
export function createFigureFilters({ go, current }) {
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
  const element = el(
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
    go(firstPage(current(), change));
  }

  /** Fill the pickers (countries by name, languages, concepts); resolves once the topics'
   * names are known. */
  function load() {
    showCountriesByName(inputs.country, () => current().country);
    fillLanguages(inputs.lang, () => current().lang);
    const topics = topicField.load();
    measureField.load();
    return topics;
  }

  /** The fields as the state on screen says. */
  function sync() {
    const state = current();
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

  /** Offer the units of these rows too, beside the common ones, in the unit field. */
  function learnUnits(rows) {
    for (const row of rows) seenUnits.add(row.unit);
    unitOptions.replaceChildren(...[...seenUnits].sort().map((unit) => el("option", { value: unit })));
  }

  return { element, load, sync, learnUnits, topicNames: topicField.names };
}
