// The measure picker: a select of every measure (/api/measures: what figures count) by its
// English name, each with how many figures match the other filters, its narrower measures
// included, as `measure=` selects them (the counts come from the figures' measure facet).
// Measures with figures come first; the others stay pickable, under "No figures yet".

import { getJSON, measureList, topicLabel } from "./api.js";
import { el, formatNumber } from "./util.js";

const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

export function createMeasurePicker() {
  const select = el("select", { name: "measure" });
  const measures = new Map(); // id -> { name, narrower }, once /api/measures answered
  let counts = null; // id -> figures that count it (not its narrower ones); null: unknown
  let countsKey = null;
  let selected = "";

  /** The measures' names, once a session; without them the picker offers ids. */
  async function load() {
    if (measures.size) return;
    try {
      const list = await measureList();
      for (const measure of list.measures ?? []) {
        const name = topicLabel(measure, "en") || measure.id;
        measures.set(measure.id, { name, narrower: measure.narrower ?? [] });
      }
    } catch {
      // no names: the picker offers the measure in the address, by id
    }
  }

  const name = (id) => measures.get(id)?.name ?? id;

  /** Figures that count a measure or one of its narrower ones. */
  function countOf(id, seen = new Set()) {
    if (seen.has(id)) return 0;
    seen.add(id);
    const narrower = measures.get(id)?.narrower ?? [];
    return (counts?.get(id) ?? 0) + narrower.reduce((sum, child) => sum + countOf(child, seen), 0);
  }

  /** The measures with figures, most first (none while the counts are unknown). */
  function top() {
    if (!counts) return [];
    return [...measures.keys()].filter((id) => countOf(id) > 0).sort((a, b) => countOf(b) - countOf(a));
  }

  /** Count again for `filters` (API parameter entries, no measure among them) if they changed. */
  async function count(filters) {
    const key = JSON.stringify(filters);
    if (key === countsKey) return;
    countsKey = key;
    try {
      const page = await getJSON("/api/figures", [...filters, ["limit", "1"]]);
      if (key !== countsKey) return; // the filters changed meanwhile
      counts = new Map((page.facets?.measures ?? []).map((facet) => [facet.value, facet.count]));
    } catch {
      if (key === countsKey) counts = null; // the picker goes without counts
    }
    fill();
  }

  /** Show `id` as picked ("" for none); an id the list does not have is offered as it is. */
  function pick(id) {
    selected = id;
    fill();
  }

  function fill() {
    const option = (id) => {
      const number = counts && countOf(id) ? ` (${formatNumber(countOf(id))})` : "";
      return el("option", { value: id, text: `${capitalise(name(id))}${number}` });
    };
    const ids = [...measures.keys()].sort((a, b) => name(a).localeCompare(name(b)));
    if (selected && !measures.has(selected)) ids.unshift(selected);
    const items = [el("option", { value: "", text: "Any measure" })];
    if (counts) {
      const found = ids.filter((id) => countOf(id) > 0 || id === selected);
      const others = ids.filter((id) => !found.includes(id));
      items.push(el("optgroup", { label: "Measures with figures" }, found.map(option)));
      if (others.length) items.push(el("optgroup", { label: "No figures yet" }, others.map(option)));
    } else {
      items.push(...ids.map(option));
    }
    select.replaceChildren(...items);
    select.value = selected;
  }

  return { select, load, name, countOf, top, count, pick };
}
