// The search view: the query box with its cross-lingual switch, and the layout that puts
// together the filter chips (search-chips.js), the facets (search-facets.js), the hits with
// their pager and downloads (search-hits.js), the line saying which concepts the words were
// expanded to (search-concepts.js) and the timeline of publication dates (timeline.js), whose
// drag sets the date filters. Each search is one request; its answer updates them all.

import { ApiError, getJSON } from "./api.js";
import { createFilterChips } from "./search-chips.js";
import { createConceptLine } from "./search-concepts.js";
import { createFacetPanel } from "./search-facets.js";
import { PAGE_SIZE, createHits } from "./search-hits.js";
import { next, readState, stateParams } from "./search-state.js";
import { createTimeline } from "./timeline.js";
import { el, navigate, routeHash } from "./util.js";

const ENTITY_FACET_SIZE = 40; // one list for all labels, so ask for enough to fill each group

function go(state) {
  navigate(routeHash("/", stateParams(state)));
}

export function createSearchView() {
  let state = readState(new URLSearchParams());
  let focusResults = false;
  const current = () => state;

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
  const chips = createFilterChips({ go, current });
  const facets = createFacetPanel({ go, current });
  const sort = el(
    "select",
    { id: "search-sort", onchange: () => go(next(state, { sort: sort.value })) },
    el("option", { value: "relevance", text: "Relevance" }),
    el("option", { value: "date", text: "Newest first" }),
  );
  const errorBox = el("div", { class: "error", role: "alert", hidden: true });
  const concepts = createConceptLine();
  const hits = createHits({
    turn: (offset) => {
      focusResults = true;
      go({ ...state, offset });
    },
  });
  const timeline = createTimeline({
    onRange: (from, to) => go(next(state, { published_from: from, published_to: to })),
  });

  function onSubmit(event) {
    event.preventDefault();
    go(next(state, { q: input.value }));
  }

  function mount(container) {
    container.append(
      el("h1", { class: "visually-hidden", tabindex: "-1", text: "Search" }),
      form,
      chips.element,
      el(
        "div",
        { class: "search-layout" },
        el("aside", { class: "facets", "aria-labelledby": "facets-title" }, facets.element),
        el(
          "section",
          { class: "results-panel", "aria-labelledby": "results-title" },
          el("h2", { id: "results-title", class: "visually-hidden", text: "Results" }),
          el(
            "div",
            { class: "results-head" },
            hits.status,
            hits.downloads,
            el("div", { class: "field-inline" }, el("label", { for: "search-sort", text: "Sort by" }), sort),
          ),
          errorBox,
          timeline.element,
          concepts.element,
          hits.list,
          hits.pager,
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
    chips.render();
    document.title = state.q ? `${state.q} · Search · PolicyLens` : "Search · PolicyLens";
    hits.searching();
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
      hits.failed();
      facets.clear();
      timeline.hide();
      concepts.render([]);
      errorBox.replaceChildren(el("strong", { text: "Search failed. " }), error.message);
      errorBox.hidden = false;
      return;
    }
    chips.learn(result.facets);
    chips.render();
    concepts.render(result.concepts ?? []);
    hits.render(result, state);
    facets.render(result.facets ?? {}, result.facets_sampled ?? null);
    const facetButton = refocus && facets.find(refocus);
    if (facetButton) facetButton.focus();
    else if (focusResults || refocus) hits.status.focus();
    focusResults = false;
    // Last: the chart library may still be loading, and the results need not wait for it.
    await timeline.render(result.facets?.published_month ?? [], {
      total: result.total,
      sampled: typeof result.facets_sampled === "number",
      dated: Boolean(state.published_from || state.published_to),
      signal,
    });
  }

  return { mount, update };
}
