// The entities view (#/entities?label=ORG&country=VN&lang=fr&q=nazioni&top=20): the top
// organisations (or people, places) of the documents, against the countries those documents are
// about. Each cell counts the documents naming the entity that are about the country, and leads
// to the search for them. The address holds every filter.

import { ApiError, getJSON } from "./api.js";
import { countryList, createCountryInput, formatCountries, parseCountries, showCountriesByName } from "./country-picker.js";
import { field, fillLanguages } from "./form-fields.js";
import { entityHash, entitySearchHash, readerLanguage } from "./entity-links.js";
import {
  LABELS,
  LABEL_SINGULAR,
  countryName,
  el,
  fold,
  formatCount,
  languageName,
  navigate,
  routeHash,
} from "./util.js";

const KINDS = ["ORG", "PER", "LOC"];
const ROWS = [20, 50, 100];

function readState(params) {
  const top = Number.parseInt(params.get("top") ?? "", 10);
  return {
    label: KINDS.includes(params.get("label")) ? params.get("label") : "ORG",
    // Codes or names, as typed: the server resolves names (and says which it cannot).
    country: params.getAll("country").map((item) => item.trim()).filter(Boolean),
    lang: params.get("lang") || "",
    q: params.get("q") ?? "",
    top: ROWS.includes(top) ? top : ROWS[0],
  };
}

function stateEntries(state) {
  const entries = [["label", state.label]];
  for (const country of state.country) entries.push(["country", country]);
  if (state.lang) entries.push(["lang", state.lang]);
  if (state.q.trim()) entries.push(["q", state.q.trim()]);
  if (state.top !== ROWS[0]) entries.push(["top", String(state.top)]);
  return entries;
}

const stateHash = (state) => routeHash("/entities", stateEntries(state));

/** The API's parameters: names in the documents' language, else `q`'s, else the reader's. */
function apiParams(state) {
  const entries = stateEntries(state).filter(([key]) => key !== "top");
  entries.push(["top", String(state.top)]);
  if (!state.lang && !state.q.trim()) entries.push(["name_lang", readerLanguage()]);
  return entries;
}

const displayName = (entity) => entity.name || entity.forms?.[0] || entity.key;

export function createEntitiesView() {
  let state = readState(new URLSearchParams());
  const countryCodes = new Map(); // a country's code and names, folded -> its code
  const countryField = createCountryInput("entities-country");
  const inputs = {
    q: el("input", { type: "search", name: "q", autocomplete: "off", spellcheck: "false" }),
    country: countryField.input,
    lang: el("select", { name: "lang" }, el("option", { value: "", text: "Any language" })),
    top: el(
      "select",
      { name: "top" },
      ROWS.map((count) => el("option", { value: String(count), text: String(count) })),
    ),
  };
  const kinds = el("nav", { class: "kind-switch", "aria-label": "Kind of entity" });
  const form = el(
    "form",
    { class: "filters", "aria-label": "Entity filters", onsubmit: onSubmit },
    el(
      "div",
      { class: "filter-grid entity-filter-grid" },
      field("entities-q", "Name contains", inputs.q, "Any of its names, in any language"),
      field(
        "entities-country",
        "Countries",
        inputs.country,
        "Names or codes, with commas: documents about all of them",
      ),
      field("entities-lang", "Language", inputs.lang, "Of the documents"),
      field("entities-top", "Rows", inputs.top),
    ),
    el(
      "div",
      { class: "form-actions" },
      el("button", { type: "submit", class: "primary", text: "Apply filters" }),
      el("button", {
        type: "button",
        text: "Reset",
        onclick: () => navigate(stateHash(readState(new URLSearchParams([["label", state.label]])))),
      }),
    ),
    countryField.options,
  );
  const status = el("p", { class: "result-count", role: "status", "aria-live": "polite", tabindex: "-1" });
  const errorBox = el("div", { class: "error", role: "alert", hidden: true });
  const caption = el("caption", { class: "visually-hidden" });
  const headRow = el("tr");
  const tbody = el("tbody");
  const table = el("table", { class: "entity-table" }, caption, el("thead", {}, headRow), tbody);
  const tableWrap = el(
    "div",
    {
      class: "table-wrap",
      role: "region",
      "aria-label": "Entities by country, scrolls sideways",
      tabindex: "0",
    },
    table,
  );

  function onSubmit(event) {
    event.preventDefault();
    navigate(
      stateHash({
        ...state,
        q: inputs.q.value.trim(),
        country: parseCountries(inputs.country.value),
        lang: inputs.lang.value,
        top: Number(inputs.top.value),
      }),
    );
  }

  function mount(container) {
    container.append(
      el("h1", { tabindex: "-1", text: "Entities" }),
      el("p", {
        class: "lead",
        text:
          "The organisations, people and places the documents name most, by the countries those " +
          "documents are about.",
      }),
      kinds,
      form,
      el("div", { class: "results-head" }, status),
      errorBox,
      tableWrap,
    );
    fillPickers();
  }

  function fillPickers() {
    showCountriesByName(inputs.country, () => state.country);
    fillLanguages(inputs.lang, () => state.lang);
  }

  function syncForm() {
    inputs.q.value = state.q;
    inputs.country.value = formatCountries(state.country);
    if (state.lang && ![...inputs.lang.options].some((option) => option.value === state.lang)) {
      inputs.lang.append(el("option", { value: state.lang, text: languageName(state.lang) }));
    }
    inputs.lang.value = state.lang;
    inputs.top.value = String(state.top);
    kinds.replaceChildren(
      ...KINDS.map((label) =>
        el("a", {
          href: stateHash({ ...state, label }),
          "aria-current": label === state.label ? "page" : null,
          dataset: { label },
          text: LABELS[label],
        }),
      ),
    );
  }

  async function update(params, { signal }) {
    state = readState(params);
    syncForm();
    const plural = LABELS[state.label].toLowerCase();
    document.title = `${LABELS[state.label]} by country · Entities · PolicyLens`;
    status.textContent = `Counting ${plural}…`;
    tbody.setAttribute("aria-busy", "true");
    errorBox.hidden = true;
    let result;
    try {
      [result] = await Promise.all([
        getJSON("/api/entities/by-country", apiParams(state), { signal }),
        learnCountryCodes(),
      ]);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      tbody.removeAttribute("aria-busy");
      headRow.replaceChildren();
      tbody.replaceChildren();
      tableWrap.hidden = true;
      status.textContent = "";
      errorBox.replaceChildren(el("strong", { text: "Could not count the entities. " }), error.message);
      errorBox.hidden = false;
      return;
    }
    tbody.removeAttribute("aria-busy");
    tableWrap.hidden = result.entities.length === 0;
    const rows = result.entities.length;
    const listed = formatCount(rows, LABEL_SINGULAR[state.label].toLowerCase(), plural);
    const over = formatCount(result.documents, "document");
    status.textContent = rows
      ? `${rows === state.top ? "Top " : ""}${listed}, counted over ${over}`
      : `No ${plural} in the ${over} these filters match.`;
    renderTable(result);
  }

  /** The country list's names, so that cell links name countries by code, as the search does. */
  async function learnCountryCodes() {
    if (countryCodes.size) return;
    try {
      for (const entry of await countryList()) {
        for (const name of [entry.code, entry.name, ...Object.values(entry.names ?? {})]) {
          if (name) countryCodes.set(fold(name), entry.code);
        }
      }
    } catch {
      // links keep the countries as typed: the search resolves them as well
    }
  }

  function renderTable(result) {
    const columns = result.countries.map((item) => item.country);
    const singular = LABEL_SINGULAR[state.label];
    caption.textContent = `Documents naming each ${singular.toLowerCase()}, by the country they are about`;
    headRow.replaceChildren(
      el("th", { scope: "col", class: "entity-col", text: singular }),
      el("th", { scope: "col", class: "num total-col", text: "All" }),
      ...columns.map((code) =>
        el("th", {
          scope: "col",
          class: "num country-col",
          title: code,
          dataset: { country: code },
          text: countryName(code),
        }),
      ),
    );
    const cells = result.entities.flatMap((row) => row.countries.map((item) => item.documents));
    const most = Math.max(1, ...cells);
    tbody.replaceChildren(
      ...result.entities.map((row) => {
        const counts = new Map(row.countries.map((item) => [item.country, item.documents]));
        const name = displayName(row);
        return el(
          "tr",
          { dataset: { entity: row.key } },
          el(
            "th",
            { scope: "row", class: "entity-col" },
            el("a", {
              href: entityHash(row.key, { label: row.label, lang: state.lang, q: state.q }),
              text: name,
            }),
          ),
          el("td", { class: "num total-col" }, cellLink(row, name, row.documents, null)),
          ...columns.map((code) => {
            const count = counts.get(code) ?? 0;
            if (!count) {
              return el(
                "td",
                { class: "num zero", dataset: { country: code } },
                el("span", { "aria-hidden": "true", text: "·" }),
                el("span", { class: "visually-hidden", text: "0" }),
              );
            }
            // The cell's shade grows with its count, so the eye finds the big ones first.
            const shade = (0.06 + 0.24 * (count / most)).toFixed(3);
            return el(
              "td",
              { class: "num", dataset: { country: code }, style: `--shade: ${shade}` },
              cellLink(row, name, count, code),
            );
          }),
        );
      }),
    );
  }

  /** The search for the documents a cell counts: the table's filters, the entity, the column. */
  function cellLink(row, name, count, code) {
    const filters = state.country.map((item) => countryCodes.get(fold(item)) ?? item);
    const country = code ? [...filters.filter((item) => item !== code), code] : filters;
    const where = code ? ` about ${countryName(code)}` : "";
    return el("a", {
      href: entitySearchHash(row.key, row.label, { country, lang: state.lang || null }),
      "aria-label": `${formatCount(count, "document")} naming ${name}${where}`,
      title: `${formatCount(count, "document")} naming ${name}${where}`,
      text: String(count),
    });
  }

  return { mount, update };
}
