// The search page's facets: the "Refine" panel of filter groups (language, country, topic,
// year, then entities by label), each value a toggle with its count, the first few shown until
// the reader asks for all; an entity also links to its page.

import { entityPageLink, hasPage } from "./entity-links.js";
import { FACETS } from "./search-state.js";
import { LABELS, clear, el } from "./util.js";

const FACET_PREVIEW = 8;

/** `go(state)` goes to a search; `current()` is the search on screen. */
export function createFacetPanel({ go, current }) {
  const expanded = new Set(); // facet groups the reader opened in full
  const groups = el("div", { class: "facet-groups" });
  // Closed at first on a phone, so results are in view without scrolling past every filter.
  const element = el(
    "details",
    { class: "facet-panel", open: !window.matchMedia("(max-width: 600px)").matches },
    el("summary", {}, el("h2", { id: "facets-title", class: "panel-title", text: "Refine" })),
    groups,
  );

  /** `data`: the result's facets; `sampled`: the share of the results they were counted on. */
  function render(data, sampled) {
    const approximate = sampled !== null;
    const list = [];
    for (const name of ["language", "countries", "topics", "year"]) {
      if (data[name]?.length) list.push(facetGroup(name, FACETS[name].title, FACETS[name], data[name], approximate));
    }
    const entities = data.entities ?? [];
    for (const label of Object.keys(LABELS)) {
      const values = entities.filter((facet) => facet.label === label);
      if (values.length) list.push(facetGroup(`entities:${label}`, LABELS[label], FACETS.entities, values, approximate));
    }
    groups.replaceChildren(...list);
    if (!list.length) groups.append(el("p", { class: "muted", text: "No filters for these results." }));
    else if (approximate) {
      const share = Math.max(1, Math.round(sampled * 100));
      groups.prepend(el("p", { class: "muted facet-note", text: `Counts estimated from ${share} % of the results.` }));
    }
  }

  function facetGroup(id, title, facet, values, approximate = false) {
    const open = expanded.has(id);
    const shown = open ? values : values.slice(0, FACET_PREVIEW);
    const state = current();
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
              onclick: () => go(facet.toggle(current(), value)),
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

  return {
    element,
    render,
    clear: () => clear(groups),
    /** The facet button a selector names, if the facets on screen have it. */
    find: (selector) => groups.querySelector(selector),
  };
}
