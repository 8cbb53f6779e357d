// Search state: what the route's query string holds, the API parameters it maps to, and how
// each facet click or chip removal changes it. No DOM here.
//
// Topics are thesaurus concept ids (`methadone`); the state holds only ids, and whoever shows
// them passes a `topicName(id)` that knows the labels seen so far.

import { LABEL_SINGULAR, countryName, languageName } from "./util.js";

export function readState(params) {
  const offset = Number.parseInt(params.get("offset") ?? "0", 10);
  return {
    q: params.get("q") ?? "",
    lang: params.get("lang") || null,
    country: params.getAll("country").filter(Boolean),
    entity: params.getAll("entity").filter(Boolean),
    label: params.get("label") || null,
    topic: params.getAll("topic").filter(Boolean),
    published_from: params.get("published_from") || null,
    published_to: params.get("published_to") || null,
    sort: params.get("sort") === "date" ? "date" : "relevance",
    // On unless the address says otherwise, as in the API.
    cross_lingual: params.get("cross_lingual") !== "false",
    offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
  };
}

/** The API parameters of a state; the route's query string is the same list. */
export function stateParams(state) {
  const params = [];
  const add = (key, value) => value !== null && value !== "" && params.push([key, String(value)]);
  add("q", state.q.trim());
  add("lang", state.lang);
  for (const code of state.country) add("country", code);
  for (const key of state.entity) add("entity", key);
  if (state.entity.length) add("label", state.label);
  for (const id of state.topic) add("topic", id);
  add("published_from", state.published_from);
  add("published_to", state.published_to);
  if (state.sort !== "relevance") add("sort", state.sort);
  if (!state.cross_lingual) add("cross_lingual", "false");
  if (state.offset) add("offset", state.offset);
  return params;
}

/** A new state with `change` applied; any change of filters starts again at the first page. */
export const next = (state, change) => ({ ...state, offset: 0, ...change });

function wholeYear(state) {
  const from = state.published_from?.match(/^(\d{4})-01-01$/);
  return from && state.published_to === `${from[1]}-12-31` ? from[1] : null;
}

const monthFormat = new Intl.DateTimeFormat("en", { month: "short", year: "numeric", timeZone: "UTC" });

/** "Jun 2023 – Jul 2023" when the date filters are whole months (the timeline sets them so). */
function wholeMonths(state) {
  const from = state.published_from?.match(/^(\d{4})-(\d{2})-01$/);
  const to = state.published_to?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!from || !to) return null;
  const [year, month, day] = to.slice(1).map(Number);
  if (new Date(Date.UTC(year, month, 0)).getUTCDate() !== day) return null;
  const first = monthFormat.format(new Date(Date.UTC(Number(from[1]), Number(from[2]) - 1, 1)));
  const last = monthFormat.format(new Date(Date.UTC(year, month - 1, 1)));
  return first === last ? first : `${first} – ${last}`;
}

// Each facet: how to show a value, whether it is an active filter, and how clicking toggles it.
export const FACETS = {
  language: {
    title: "Language",
    name: (facet) => languageName(facet.value),
    active: (state, facet) => state.lang === facet.value,
    toggle: (state, facet) => next(state, { lang: state.lang === facet.value ? null : facet.value }),
  },
  countries: {
    title: "Country",
    name: (facet) => countryName(facet.value),
    active: (state, facet) => state.country.includes(facet.value),
    toggle: (state, facet) =>
      next(state, {
        country: state.country.includes(facet.value)
          ? state.country.filter((code) => code !== facet.value)
          : [...state.country, facet.value],
      }),
  },
  topics: {
    title: "Topics",
    name: (facet) => facet.name || facet.value,
    active: (state, facet) => state.topic.includes(facet.value),
    toggle: (state, facet) =>
      next(state, {
        topic: state.topic.includes(facet.value)
          ? state.topic.filter((id) => id !== facet.value)
          : [...state.topic, facet.value],
      }),
  },
  year: {
    title: "Year published",
    name: (facet) => facet.value,
    active: (state, facet) => wholeYear(state) === facet.value,
    toggle: (state, facet) =>
      wholeYear(state) === facet.value
        ? next(state, { published_from: null, published_to: null })
        : next(state, { published_from: `${facet.value}-01-01`, published_to: `${facet.value}-12-31` }),
  },
  entities: {
    // The body's name in the reader's language, else the name most seen, else the key.
    name: (facet) => facet.name || facet.forms?.[0] || facet.value,
    active: (state, facet) =>
      state.entity.includes(facet.value) && (!state.label || state.label === facet.label),
    toggle: (state, facet) => {
      if (state.entity.includes(facet.value)) return withoutEntity(state, facet.value);
      // The API takes one `label` for all entity filters: keep it only while they agree.
      const label = state.entity.length === 0 || state.label === facet.label ? facet.label : null;
      return next(state, { entity: [...state.entity, facet.value], label });
    },
  },
};

function withoutEntity(state, key) {
  const entity = state.entity.filter((item) => item !== key);
  return next(state, { entity, label: entity.length ? state.label : null });
}

/** The state with no filters: the query, sort and cross-lingual switch stay. */
export const withoutFilters = (state) =>
  next(state, {
    lang: null,
    country: [],
    entity: [],
    label: null,
    topic: [],
    published_from: null,
    published_to: null,
  });

/** The active filters as chips: what each says and the state without it. */
export function chips(state, topicName = (id) => id, entityName = (key) => key) {
  const list = [];
  if (state.lang) {
    list.push([`Language: ${languageName(state.lang)}`, next(state, { lang: null })]);
  }
  for (const code of state.country) {
    const country = state.country.filter((item) => item !== code);
    list.push([`Country: ${countryName(code)}`, next(state, { country })]);
  }
  for (const key of state.entity) {
    const kind = state.label ? (LABEL_SINGULAR[state.label] ?? state.label) : "Name";
    list.push([`${kind}: ${entityName(key)}`, withoutEntity(state, key)]);
  }
  for (const id of state.topic) {
    const topic = state.topic.filter((item) => item !== id);
    list.push([`Topic: ${topicName(id)}`, next(state, { topic })]);
  }
  const year = wholeYear(state);
  const months = wholeMonths(state);
  if (year) {
    list.push([`Year: ${year}`, next(state, { published_from: null, published_to: null })]);
  } else if (months) {
    list.push([`Published: ${months}`, next(state, { published_from: null, published_to: null })]);
  } else {
    if (state.published_from) {
      list.push([`Published from ${state.published_from}`, next(state, { published_from: null })]);
    }
    if (state.published_to) {
      list.push([`Published until ${state.published_to}`, next(state, { published_to: null })]);
    }
  }
  return list;
}
