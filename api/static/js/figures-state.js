// Figures state: what the figures view's address holds (filters, sort, page and, past the
// offset limit, a cursor), the API parameters it maps to, and the states a form, a sort
// button or the pager lead to. No DOM here.

import { routeHash } from "./util.js";

export const PAGE_SIZE = 50;
// Pages up to this one are asked for by offset (the API takes offsets up to 10,000), so their
// address is just `page=N`; later ones follow the previous page's cursor, which their address
// carries too (`page=N&cursor=...`).
export const LAST_OFFSET_PAGE = Math.floor(10_000 / PAGE_SIZE) + 1;
// The filters, in the API's names; the form fields carry the same names. Lists repeat the key.
export const FILTERS = [
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
export const LISTS = new Set(["country", "topic", "measure"]);
const SORTS = ["document", "value", "as_of"];

export function readState(params) {
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

/** Filters and sort as API parameters (no paging): the downloads and the trail key. */
export function queryEntries(state) {
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

/** The address of a state. */
export function figuresHash(state) {
  const entries = queryEntries(state);
  if (state.page > 1) entries.push(["page", String(state.page)]);
  if (state.cursor) entries.push(["cursor", state.cursor]);
  return routeHash("/figures", entries);
}

export const firstPage = (state, change) => ({ ...state, ...change, cursor: "", page: 1 });

/** The state of page `page`: by offset while it can be, else after `cursor`. */
export const onPage = (state, page, cursor = "") => ({ ...state, page, cursor: page > LAST_OFFSET_PAGE ? cursor : "" });

/** What the API is asked for the page a state shows; a page past the offset limit with no
 * cursor (typed in by hand) shows the last page an offset reaches. */
export function pageEntries(state) {
  if (state.cursor) return [["cursor", state.cursor]];
  const page = Math.min(state.page, LAST_OFFSET_PAGE);
  return page > 1 ? [["offset", String((page - 1) * PAGE_SIZE)]] : [];
}
