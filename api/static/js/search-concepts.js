// The search page's line saying which concepts the words were expanded to, with the names the
// search added in French, Italian and English ("harm reduction → réduction des risques fr").

import { append, clear, el, languageName } from "./util.js";

const LABEL_ORDER = ["fr", "it", "en"]; // the order concept labels are listed in
const order = (code) => (LABEL_ORDER.includes(code) ? LABEL_ORDER.indexOf(code) : LABEL_ORDER.length);

/** Labels that differ only in case are the same word to a reader (accents do count). */
const fold = (text) => String(text).toLocaleLowerCase().trim();

export function createConceptLine() {
  const element = el("p", { class: "concepts", hidden: true });

  /**
   * "Also searched in other languages: harm reduction → réduction des risques fr · riduzione del
   * danno it", or nothing. Every label that is not the words as typed is listed: `languages`
   * says which languages' labels the words matched (an Italian text may use the English term),
   * not which labels the search added, so leaving those languages out would hide real ones.
   */
  function render(concepts) {
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
    append(clear(element), [
      "Also searched in other languages: ",
      items.map((item, index) => (index ? ["; ", item] : item)),
    ]);
    element.hidden = items.length === 0;
  }

  return { element, render };
}
