// The search view: query box, facet filters, removable filter chips, results, paging, sort,
// the cross-lingual switch with the line saying which concepts the words were expanded to, and
// the timeline of publication dates (timeline.js) whose drag sets the date filters.

import { ApiError, apiUrl, getJSON, topicLabel, topicList } from "./api.js";
import { entityPageLink, hasPage } from "./entity-links.js";
import { FACETS, chips, next, readState, stateParams, withoutFilters } from "./search-state.js";
import { createTimeline } from "./timeline.js";
import {
  LABELS,
  append,
  clear,
  countryName,
  el,
  formatCount,
  languageName,
  navigate,
  routeHash,
  snippetNodes,
} from "./util.js";

const PAGE_SIZE = 10;
const MAX_OFFSET = 10_000; // the API's cap on `offset`
const FACET_PREVIEW = 8;
const ENTITY_FACET_SIZE = 40; // one list for all labels, so ask for enough to fill each group
const LABEL_ORDER = ["fr", "it", "en"]; // the order concept labels are listed in
const order = (code) => (LABEL_ORDER.includes(code) ? LABEL_ORDER.indexOf(code) : LABEL_ORDER.length);

/** Labels that differ only in case are the same word to a reader (accents do count). */
const fold = (text) => String(text).toLocaleLowerCase().trim();

function go(state) {
  navigate(routeHash("/", stateParams(state)));
}

export function createSearchView() {
  const expanded = new Set(); // facet groups the reader opened in full
  let state = readState(new URLSearchParams());
  let focusResults = false;
  const topicNames = new Map(); // concept id -> the name last shown for it (facets, thesaurus)
  const topicName = (id) => topicNames.get(id) || id;
  // Entity key -> display name from the facets: a filter's chip shows the name, not the key
  // (the filtered entity is in every hit, so in the facet, once the results have come).
  const entityNames = new Map();
  const entityName = (key) => entityNames.get(key) || key;

  const crossLingual = el("input", {
    id: "search-cross-lingual",
    type: "checkbox",
    name: "cross_lingual",
    "aria-describedby": "search-cross-lingual-hint",
    onchange: () => go(next(state, { cross_lingual: crossLingual.checked })),
  });
  const input = el("input", {
    id: "search-q",
    type: "search",
    name: "q",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "search-hint",
  });
  const form = el(
    "form",
    { class: "search-form", role: "search", onsubmit: onSubmit },
    el("label", { for: "search-q", class: "search-label", text: "Search policy documents" }),
    el(
      "div",
      { class: "search-row" },
      input,
      el("button", { type: "submit", class: "primary", text: "Search" }),
    ),
    el(
      "div",
      { class: "search-options" },
      el(
        "label",
        { class: "check", for: "search-cross-lingual" },
        crossLingual,
        "Cross-lingual",
      ),
      el("span", {
        id: "search-cross-lingual-hint",
        class: "hint",
        text: "Words that name a policy concept also find its French, Italian and English names.",
      }),
    ),
    el(
      "p",
      { id: "search-hint", class: "hint" },
      "Every word is required. ",
      el("kbd", { text: "OR" }),
      " for alternatives, ",
      el("kbd", { text: "-word" }),
      " or ",
      el("kbd", { text: "NOT word" }),
      " to exclude, ",
      el("kbd", { text: '"a phrase"' }),
      " for exact wording. Leave empty to browse everything.",
    ),
  );
  const chipList = el("ul", { class: "chips", "aria-label": "Active filters" });
  const facets = el("div", { class: "facet-groups" });
  // Closed at first on a phone, so results are in view without scrolling past every filter.
  const facetPanel = el(
    "details",
    { class: "facet-panel", open: !window.matchMedia("(max-width: 600px)").matches },
    el("summary", {}, el("h2", { id: "facets-title", class: "panel-title", text: "Refine" })),
    facets,
  );
  const status = el("p", { class: "result-count", role: "status", "aria-live": "polite", tabindex: "-1" });
  const sort = el(
    "select",
    { id: "search-sort", onchange: () => go(next(state, { sort: sort.value })) },
    el("option", { value: "relevance", text: "Relevance" }),
    el("option", { value: "date", text: "Newest first" }),
  );
  const errorBox = el("div", { class: "error", role: "alert", hidden: true });
  const conceptLine = el("p", { class: "concepts", hidden: true });
  const results = el("ol", { class: "results" });
  const timeline = createTimeline({
    onRange: (from, to) => go(next(state, { published_from: from, published_to: to })),
  });
  const pager = el("nav", { class: "pager", "aria-label": "Result pages" });
  // The hits as a table (up to the API's 10,000), from the first, whatever the page on screen.
  const exports = ["csv", "xlsx"].map((format) =>
    el("a", { class: "button-link", download: `search.${format}`, text: format.toUpperCase() }),
  );
  const downloads = el("div", { class: "downloads", role: "group", "aria-label": "Download the results" }, "Download: ", exports);

  function onSubmit(event) {
    event.preventDefault();
    go(next(state, { q: input.value }));
  }

  function mount(container) {
    container.append(
      el("h1", { class: "visually-hidden", tabindex: "-1", text: "Search" }),
      form,
      chipList,
      el(
        "div",
        { class: "search-layout" },
        el("aside", { class: "facets", "aria-labelledby": "facets-title" }, facetPanel),
        el(
          "section",
          { class: "results-panel", "aria-labelledby": "results-title" },
          el("h2", { id: "results-title", class: "visually-hidden", text: "Results" }),
          el(
            "div",
            { class: "results-head" },
            status,
            downloads,
            el("div", { class: "field-inline" }, el("label", { for: "search-sort", text: "Sort by" }), sort),
          ),
          errorBox,
          timeline.element,
          conceptLine,
          results,
          pager,
        ),
      ),
    );
  }

  async function update(params, { signal }) {
    // The controls that were clicked are rebuilt below; keep keyboard focus where it was.
    const focused = document.activeElement;
    const refocus =
      focused?.dataset?.facet !== undefined
        ? `[data-facet="${CSS.escape(focused.dataset.facet)}"][data-value="${CSS.escape(focused.dataset.value)}"]`
        : null;
    if (focused?.classList?.contains("chip")) focusResults = true;
    state = readState(params);
    input.value = state.q;
    sort.value = state.sort;
    crossLingual.checked = state.cross_lingual;
    renderChips();
    document.title = state.q ? `${state.q} · Search · PolicyLens` : "Search · PolicyLens";
    status.textContent = "Searching…";
    results.setAttribute("aria-busy", "true");
    errorBox.hidden = true;

    let result;
    try {
      result = await getJSON(
        "/api/search",
        [
          ...stateParams(state),
          ["limit", PAGE_SIZE],
          ["facet_size", ENTITY_FACET_SIZE],
          ["facet_months", "true"],
        ],
        { signal },
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      results.removeAttribute("aria-busy");
      clear(results);
      clear(facets);
      clear(pager);
      timeline.hide();
      renderConcepts([]);
      status.textContent = "";
      errorBox.replaceChildren(el("strong", { text: "Search failed. " }), error.message);
      errorBox.hidden = false;
      return;
    }
    results.removeAttribute("aria-busy");
    for (const facet of result.facets?.topics ?? []) {
      if (facet.name) topicNames.set(facet.value, facet.name);
    }
    for (const facet of result.facets?.entities ?? []) {
      if (facet.name) entityNames.set(facet.value, facet.name);
    }
    renderChips();
    renderConcepts(result.concepts ?? []);
    renderResults(result);
    renderFacets(result.facets ?? {}, result.facets_sampled ?? null);
    renderPager(result.total);
    const facetButton = refocus && facets.querySelector(refocus);
    if (facetButton) facetButton.focus();
    else if (focusResults || refocus) status.focus();
    focusResults = false;
    // Last: the chart library may still be loading, and the results need not wait for it.
    await timeline.render(result.facets?.published_month ?? [], {
      total: result.total,
      sampled: typeof result.facets_sampled === "number",
      dated: Boolean(state.published_from || state.published_to),
      signal,
    });
  }

  function renderChips() {
    const list = chips(state, topicName, entityName);
    if (state.topic.some((id) => !topicNames.has(id))) nameTopics();
    chipList.replaceChildren(
      ...list.map(([text, without]) =>
        el(
          "li",
          {},
          el(
            "button",
            {
              type: "button",
              class: "chip",
              "aria-label": `Remove filter ${text}`,
              onclick: () => go(without),
            },
            text,
            el("span", { class: "chip-x", "aria-hidden": "true", text: "×" }),
          ),
        ),
      ),
    );
    if (list.length > 1) {
      const none = withoutFilters(state);
      chipList.append(
        el(
          "li",
          {},
          el("button", {
            type: "button",
            class: "link-button",
            onclick: () => go(none),
            text: "Clear all filters",
          }),
        ),
      );
    }
    chipList.hidden = list.length === 0;
  }

  /** Topic chips whose concept no facet named yet (a shared link, say): ask the thesaurus. */
  let naming = null;
  function nameTopics() {
    naming ??= topicList()
      .then((list) => {
        for (const concept of list.concepts ?? []) {
          if (!topicNames.has(concept.id)) topicNames.set(concept.id, topicLabel(concept, state.lang ?? "en"));
        }
        renderChips();
      })
      .catch(() => {}); // the chips keep showing the ids
  }

  /**
   * "Also searched in other languages: harm reduction → réduction des risques fr · riduzione del
   * danno it", or nothing. Every label that is not the words as typed is listed: `languages`
   * says which languages' labels the words matched (an Italian text may use the English term),
   * not which labels the search added, so leaving those languages out would hide real ones.
   */
  function renderConcepts(concepts) {
    const items = [];
    for (const concept of concepts) {
      const seen = new Set([fold(concept.matched)]);
      const labels = [];
      const entries = Object.entries(concept.labels ?? {}).sort(([a], [b]) => order(a) - order(b));
      for (const [code, label] of entries) {
        if (!label || seen.has(fold(label))) continue;
        seen.add(fold(label));
        labels.push([code, label]);
      }
      if (!labels.length) continue;
      const names = labels.map(([code, label], index) =>
        el(
          "span",
          { class: "concept-label" },
          index ? el("span", { class: "sep", "aria-hidden": "true", text: " · " }) : null,
          el("span", { lang: code, text: label }),
          " ",
          el("abbr", { class: "concept-lang", title: languageName(code), text: code }),
          index < labels.length - 1 ? el("span", { class: "visually-hidden", text: "," }) : null,
        ),
      );
      items.push(
        el(
          "span",
          { class: "concept", dataset: { concept: concept.id } },
          el("em", { text: concept.matched }),
          el("span", { "aria-hidden": "true", text: " → " }),
          el("span", { class: "visually-hidden", text: " as " }),
          names,
        ),
      );
    }
    append(clear(conceptLine), [
      "Also searched in other languages: ",
      items.map((item, index) => (index ? ["; ", item] : item)),
    ]);
    conceptLine.hidden = items.length === 0;
  }

  function renderResults(result) {
    const { total, hits } = result;
    const filters = stateParams(state).filter(([key]) => key !== "offset");
    for (const [index, format] of ["csv", "xlsx"].entries()) {
      const extra = format === "csv" ? [["bom", "true"]] : [];
      exports[index].href = apiUrl("/api/search", [["format", format], ...extra, ...filters]);
    }
    downloads.hidden = total === 0;
    const first = Math.min(state.offset + 1, total);
    const last = state.offset + hits.length;
    const what = state.q.trim() ? ` for “${state.q.trim()}”` : "";
    if (total === 0) {
      status.textContent = `No documents${what}.`;
    } else if (total <= PAGE_SIZE && state.offset === 0) {
      status.textContent = `${formatCount(total, "document")}${what}`;
    } else {
      status.textContent = `${first}–${last} of ${formatCount(total, "document")}${what}`;
    }
    results.replaceChildren(...hits.map(renderHit));
    if (total === 0) {
      results.append(
        el("li", {
          class: "empty",
          text: "Nothing matches. Try fewer words, OR between alternatives, or remove a filter.",
        }),
      );
    }
  }

  function renderHit(hit) {
    const href = routeHash(`/doc/${encodeURIComponent(hit.id)}`, []);
    const meta = el("p", { class: "hit-meta" });
    if (hit.language) {
      meta.append(
        el("span", { class: "badge badge-lang", title: languageName(hit.language), text: hit.language }),
      );
    }
    for (const code of hit.countries ?? []) {
      meta.append(el("span", { class: "badge badge-country", title: countryName(code), text: code }));
    }
    if (hit.published) meta.append(el("time", { datetime: hit.published, text: hit.published }));
    if (hit.page) meta.append(el("span", { class: "hit-page", text: `page ${hit.page}` }));
    if (hit.title) meta.append(el("span", { class: "hit-source", text: hit.source }));
    return el(
      "li",
      { class: "hit" },
      el("h3", { class: "hit-title" }, el("a", { href, text: hit.title || hit.source })),
      el("p", { class: "snippet" }, snippetNodes(hit.snippet ?? "")),
      meta,
    );
  }

  function renderFacets(data, sampled) {
    const approximate = sampled !== null;
    const groups = [];
    for (const name of ["language", "countries", "topics", "year"]) {
      if (data[name]?.length) groups.push(facetGroup(name, FACETS[name].title, FACETS[name], data[name], approximate));
    }
    const entities = data.entities ?? [];
    for (const label of Object.keys(LABELS)) {
      const values = entities.filter((facet) => facet.label === label);
      if (values.length) groups.push(facetGroup(`entities:${label}`, LABELS[label], FACETS.entities, values, approximate));
    }
    facets.replaceChildren(...groups);
    if (!groups.length) facets.append(el("p", { class: "muted", text: "No filters for these results." }));
    else if (approximate) {
      const share = Math.max(1, Math.round(sampled * 100));
      facets.prepend(el("p", { class: "muted facet-note", text: `Counts estimated from ${share} % of the results.` }));
    }
  }

  function facetGroup(id, title, facet, values, approximate = false) {
    const open = expanded.has(id);
    const shown = open ? values : values.slice(0, FACET_PREVIEW);
    const list = el(
      "ul",
      { class: "facet-list" },
      shown.map((value) => {
        const active = facet.active(state, value);
        // An entity also links to its page, named as this search names it; the button filters.
        const page =
          id.startsWith("entities:") && hasPage(value.label)
            ? entityPageLink(value.value, value.label, facet.name(value), { lang: state.lang, q: state.q })
            : null;
        return el(
          "li",
          { class: page ? "facet-row" : null },
          el(
            "button",
            {
              type: "button",
              class: "facet",
              "aria-pressed": String(active),
              dataset: { facet: id, value: value.value },
              onclick: () => go(facet.toggle(state, value)),
            },
            el("span", { class: "facet-name", text: facet.name(value) }),
            el("span", { class: "facet-count", text: approximate ? `≈${value.count}` : String(value.count) }),
          ),
          page,
        );
      }),
    );
    const headingId = `facet-${id.replace(/[^a-z]/gi, "-")}`;
    const group = el(
      "section",
      { class: "facet-group", "aria-labelledby": headingId },
      el("h3", { id: headingId, text: title }),
      list,
    );
    if (values.length > FACET_PREVIEW) {
      group.append(
        el("button", {
          type: "button",
          class: "link-button",
          "aria-expanded": String(open),
          text: open ? "Show fewer" : `Show all ${values.length}`,
          onclick: () => {
            if (open) expanded.delete(id);
            else expanded.add(id);
            group.replaceWith(facetGroup(id, title, facet, values));
          },
        }),
      );
    }
    return group;
  }

  function renderPager(total) {
    clear(pager);
    if (total <= PAGE_SIZE) return;
    const pages = Math.ceil(total / PAGE_SIZE);
    const page = Math.floor(state.offset / PAGE_SIZE) + 1;
    const turn = (offset) => () => {
      focusResults = true;
      go({ ...state, offset });
    };
    const prev = el("button", {
      type: "button",
      text: "← Previous",
      "aria-label": "Previous page",
      onclick: turn(Math.max(0, state.offset - PAGE_SIZE)),
    });
    const nextOffset = state.offset + PAGE_SIZE;
    const more = el("button", {
      type: "button",
      text: "Next →",
      "aria-label": "Next page",
      onclick: turn(nextOffset),
    });
    prev.disabled = state.offset === 0;
    more.disabled = nextOffset >= total || nextOffset > MAX_OFFSET;
    pager.append(prev, el("span", { class: "pager-where", text: `Page ${page} of ${pages}` }), more);
  }

  return { mount, update };
}
