// Addresses that lead to an entity: its page (#/entity/<key>) and the search for the documents
// naming it. Every view that names entities links them through here.
//
// An entity page names the entity in `lang` when its address gives one, else in the language of
// `q` (the words of the search that led there, so the page names it as that search's facet
// did), else in the reader's language (the browser's, when it is French, Italian or English).

import { readState, stateParams } from "./search-state.js";
import { el, routeHash } from "./util.js";

/** The labels an entity page exists for (the API keeps no page for MISC). */
export const PAGE_LABELS = ["ORG", "PER", "LOC"];
/** The languages entities are named in, with their names in their own language. */
export const NAME_LANGUAGES = { en: "English", fr: "Français", it: "Italiano" };

export const hasPage = (label) => PAGE_LABELS.includes(label);

/** The reader's language among those entities are named in: the browser's first one, else en. */
export function readerLanguage() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = String(tag ?? "")
      .slice(0, 2)
      .toLowerCase();
    if (code in NAME_LANGUAGES) return code;
  }
  return "en";
}

/** A name language from an address or a filter: fr, it or en, else null. */
export const nameLanguage = (code) => (code && code in NAME_LANGUAGES ? code : null);

/**
 * The page of the entity `key`: read as `label` when given, named in `lang` (else as the words
 * `q` would name it). Paging is the page's own affair, so no page is ever in these links.
 */
export function entityHash(key, { label = null, lang = null, q = "" } = {}) {
  const params = [];
  if (label) params.push(["label", label]);
  if (nameLanguage(lang)) params.push(["lang", lang]);
  else if (q && q.trim()) params.push(["q", q.trim()]);
  return routeHash(`/entity/${encodeURIComponent(key)}`, params);
}

/** The search for the documents naming the entity, about all of `country` and in `lang`. */
export function entitySearchHash(key, label, { country = [], lang = null } = {}) {
  const state = readState(new URLSearchParams());
  const countries = [...new Set(country)];
  return routeHash("/", stateParams({ ...state, entity: [key], label, country: countries, lang }));
}

/** The small link beside an entity's name in a list (a facet, a document's side list). */
export function entityPageLink(key, label, name, options = {}) {
  return el("a", {
    class: "entity-page-link",
    href: entityHash(key, { label, ...options }),
    title: `Page of ${name}`,
    "aria-label": `Page of ${name}`,
    dataset: { entity: key, label },
    text: "→",
  });
}
