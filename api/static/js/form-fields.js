// What the filter forms share: a labelled field with its hint, and the language picker filled
// with the languages the index holds.

import { corpusOverview } from "./api.js";
import { el, languageName } from "./util.js";

/** A labelled control with an optional hint, which the control names as its description. */
export function field(id, label, control, hint) {
  control.id = id;
  if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
  return el(
    "div",
    { class: "field" },
    el("label", { for: id, text: label }),
    control,
    hint ? el("span", { id: `${id}-hint`, class: "hint", text: hint }) : null,
  );
}

/** The index's languages added to a language <select>, then `current()` selected. */
export async function fillLanguages(select, current) {
  let overview;
  try {
    overview = await corpusOverview();
  } catch {
    return; // the picker only helps: the languages already listed still work
  }
  for (const facet of overview.facets?.language ?? []) {
    if (![...select.options].some((option) => option.value === facet.value)) {
      select.append(el("option", { value: facet.value, text: `${languageName(facet.value)} (${facet.value})` }));
    }
  }
  select.value = current();
}
