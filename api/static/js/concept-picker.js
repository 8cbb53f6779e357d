// Concept pickers: a text field for one or more thesaurus concepts (topics, or measures: what
// figures count), by id or by any of their labels in French, Italian or English, separated by
// commas (labels have spaces: "harm reduction", "people in treatment"). The API takes concept
// ids, so a typed label is sent as its concept's id; an unknown one is sent as typed, and the
// API's 422 says so.

import { measureList, topicLabel, topicList } from "./api.js";
import { el, fold } from "./util.js";

/**
 * An input, its datalist of concepts, `read()`: the typed concepts as ids, and `names`: each
 * concept's English name once `load()` has fetched them (on first focus, or when asked).
 */
function createConceptInput(id, name, fetchConcepts) {
  const options = el("datalist", { id: `${id}-options` });
  const input = el("input", {
    type: "text",
    id,
    name,
    list: options.id,
    autocomplete: "off",
    spellcheck: "false",
  });
  const names = new Map(); // id -> English name
  const byLabel = new Map(); // any label, folded -> its concept's id
  let loading = null;

  function load() {
    loading ??= fetchConcepts()
      .then((concepts) => {
        const items = [];
        for (const concept of concepts) {
          names.set(concept.id, topicLabel(concept, "en") || concept.id);
          for (const labels of Object.values(concept.labels ?? {})) {
            for (const label of [labels.pref, ...(labels.alt ?? [])]) {
              if (label && !byLabel.has(fold(label))) byLabel.set(fold(label), concept.id);
            }
          }
          const shown = ["en", "fr", "it"].map((code) => topicLabel(concept, code)).filter(Boolean);
          items.push(el("option", { value: concept.id, label: [...new Set(shown)].join(" · ") }));
        }
        options.replaceChildren(...items.sort((a, b) => a.value.localeCompare(b.value)));
      })
      .catch(() => {
        loading = null; // the picker only helps: typing an id still works
      });
    return loading;
  }
  input.addEventListener("focus", load, { once: true });

  async function read() {
    await load();
    return input.value
      .split(/[,;]+/)
      .map((item) => item.trim())
      .filter(Boolean)
      .map((text) => (names.has(text) ? text : (byLabel.get(fold(text)) ?? text.toLowerCase())));
  }

  return { input, options, read, load, names };
}

export const createTopicInput = (id) =>
  createConceptInput(id, "topic", () => topicList().then((list) => list.concepts ?? []));

export const createMeasureInput = (id) =>
  createConceptInput(id, "measure", () => measureList().then((list) => list.measures ?? []));
