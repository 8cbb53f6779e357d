// The search page's active filters as removable chips, and "Clear all filters". A chip names
// its filter as the reader saw it: an entity by the name its facet gave, a topic by the name a
// facet or, for a shared link whose topics no facet named yet, the thesaurus gives.

import { topicLabel, topicList } from "./api.js";
import { chips, withoutFilters } from "./search-state.js";
import { el } from "./util.js";

/** `go(state)` goes to a search; `current()` is the search on screen. */
export function createFilterChips({ go, current }) {
  const element = el("ul", { class: "chips", "aria-label": "Active filters" });
  const topicNames = new Map(); // concept id -> the name last shown for it (facets, thesaurus)
  const topicName = (id) => topicNames.get(id) || id;
  // Entity key -> display name from the facets: a filter's chip shows the name, not the key
  // (the filtered entity is in every hit, so in the facet, once the results have come).
  const entityNames = new Map();
  const entityName = (key) => entityNames.get(key) || key;

  /** Keep the names a search's facets give its topics and entities. */
  function learn(facets) {
    for (const facet of facets?.topics ?? []) {
      if (facet.name) topicNames.set(facet.value, facet.name);
    }
    for (const facet of facets?.entities ?? []) {
      if (facet.name) entityNames.set(facet.value, facet.name);
    }
  }

  function render() {
    const state = current();
    const list = chips(state, topicName, entityName);
    if (state.topic.some((id) => !topicNames.has(id))) nameTopics();
    element.replaceChildren(
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
      element.append(
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
    element.hidden = list.length === 0;
  }

  /** Topic chips whose concept no facet named yet (a shared link, say): ask the thesaurus. */
  let naming = null;
  function nameTopics() {
    naming ??= topicList()
      .then((list) => {
        for (const concept of list.concepts ?? []) {
          if (!topicNames.has(concept.id)) topicNames.set(concept.id, topicLabel(concept, current().lang ?? "en"));
        }
        render();
      })
      .catch(() => {}); // the chips keep showing the ids
  }

  return { element, learn, render };
}
