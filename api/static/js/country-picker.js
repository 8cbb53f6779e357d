// The country picker: a text field for one or more countries, by name in French, Italian or
// English or by ISO code, separated by commas (names have spaces: "Regno Unito"). It offers
// every country's name as the reader types; the server resolves names to codes and answers
// 422 for one that names no country, so what is typed is sent as typed.

import { getJSON } from "./api.js";
import { el } from "./util.js";

let countries = null;
let namesByCode = new Map(); // filled once the list has come: what formatCountries shows

/** Every country's code and names (/api/countries), fetched once a session. */
export function countryList() {
  countries ??= getJSON("/api/countries", { lang: "en" })
    .then((body) => {
      namesByCode = new Map(body.countries.map((entry) => [entry.code, entry.name]));
      return body.countries;
    })
    .catch((error) => {
      countries = null; // let a later call retry
      throw error;
    });
  return countries;
}

/** "Viêt Nam, IT; Regno Unito" -> ["Viêt Nam", "IT", "Regno Unito"]. */
export function parseCountries(text) {
  return text
    .split(/[,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The field's text for filter values: codes (from facets and links) shown by the server's
 * name for them once the list has come (a name it will resolve back), else as codes. */
export function formatCountries(values) {
  return values.map((value) => namesByCode.get(value) ?? value).join(", ");
}

/**
 * An input and its datalist of country names. The list is filled on first focus, so a page
 * that never uses the field never asks for it; a failure leaves a plain text field.
 */
export function createCountryInput(id) {
  const options = el("datalist", { id: `${id}-options` });
  const input = el("input", {
    type: "text",
    id,
    name: "country",
    list: options.id,
    autocomplete: "off",
    spellcheck: "false",
  });
  input.addEventListener(
    "focus",
    async () => {
      try {
        const entries = await countryList();
        options.replaceChildren(
          ...entries.map((entry) => {
            const other = [entry.names.fr, entry.names.it].filter((name) => name !== entry.name);
            const label = [entry.code, ...new Set(other)].join(" · ");
            return el("option", { value: entry.name, label });
          }),
        );
      } catch {
        // the picker only helps: typing a name or code still works
      }
    },
    { once: true },
  );
  return { input, options };
}

/** Once the names have come, the field shows `values()` by name, unless the reader is in it. */
export function showCountriesByName(input, values) {
  countryList()
    .then(() => {
      if (document.activeElement !== input) input.value = formatCountries(values());
    })
    .catch(() => {}); // codes stay as they are: the server reads them alike
}
