// A document's text as DOM, with figures and entities marked where the API's offsets say.
//
// Figures take precedence: each figure is one <mark> whose text is exactly the figure, and an
// entity that overlaps a figure's edge is cut into pieces on either side of (or inside) it.
// Overlaps within one kind keep the earlier span. Offsets count code points, as Python does.

import { LABEL_SINGULAR, codePointIndex, el, figureSummary } from "./util.js";

/** Spans with UTF-16 offsets, sorted, inside the text, and not overlapping each other. */
function spans(items, toUnit, length) {
  const valid = items
    .map((item, index) => ({ item, index, start: toUnit(item.start), end: toUnit(item.end) }))
    .filter((span) => Number.isInteger(span.start) && Number.isInteger(span.end))
    .filter((span) => span.start >= 0 && span.start < span.end && span.end <= length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  for (const span of valid) {
    if (!kept.length || span.start >= kept[kept.length - 1].end) kept.push(span);
  }
  return kept;
}

/** Cut each entity at the figure edges that fall strictly inside it. */
function entityPieces(entities, figures) {
  const edges = figures.flatMap((figure) => [figure.start, figure.end]);
  const pieces = [];
  for (const entity of entities) {
    const cuts = edges.filter((edge) => edge > entity.start && edge < entity.end);
    const bounds = [entity.start, ...cuts, entity.end];
    for (let i = 0; i + 1 < bounds.length; i += 1) {
      pieces.push({ ...entity, start: bounds[i], end: bounds[i + 1] });
    }
  }
  return pieces;
}

/**
 * The highlighted text, plus the elements of each figure (by its index in `figures`) and of
 * each entity (by index; an entity cut by a figure has several).
 */
export function highlightText(text, figures, entities) {
  const toUnit = codePointIndex(text);
  const figureSpans = spans(figures, toUnit, text.length);
  const pieces = entityPieces(spans(entities, toUnit, text.length), figureSpans);
  const figureNodes = new Map();
  const entityNodes = new Map();
  let piece = 0;

  // Pieces never cross a figure edge, so walking ranges in text order visits each once.
  function plain(parent, from, to) {
    let at = from;
    while (piece < pieces.length && pieces[piece].end <= to) {
      const span = pieces[piece];
      piece += 1;
      if (span.start < at) continue;
      parent.append(text.slice(at, span.start));
      const label = span.item.label;
      const node = el("span", {
        class: `ent ent-${label}`,
        title: `${LABEL_SINGULAR[label] ?? label}: ${span.item.key}`,
        dataset: { entity: String(span.index), label },
        text: text.slice(span.start, span.end),
      });
      parent.append(node);
      entityNodes.set(span.index, [...(entityNodes.get(span.index) ?? []), node]);
      at = span.end;
    }
    parent.append(text.slice(at, to));
  }

  const root = el("div", { class: "doc-text" });
  let at = 0;
  for (const span of figureSpans) {
    plain(root, at, span.start);
    const mark = el("mark", {
      class: "fig",
      id: `figure-${span.index}`,
      tabindex: "-1",
      title: figureSummary(span.item),
      dataset: { figure: String(span.index) },
    });
    plain(mark, span.start, span.end);
    root.append(mark);
    figureNodes.set(span.index, mark);
    at = span.end;
  }
  plain(root, at, text.length);
  root.normalize(); // merge the empty and adjacent text nodes the walk leaves
  return { root, figureNodes, entityNodes };
}

/**
 * Mark where each page after the first begins, inside the highlighted text `root`: an empty
 * element (its label comes from CSS), so the text itself is unchanged, offsets included.
 */
export function markPages(root, text, pages) {
  const toUnit = codePointIndex(text);
  const starts = (pages ?? [])
    .slice(1)
    .map((page) => ({ at: toUnit(page.start), number: page.number }))
    .filter((start) => Number.isInteger(start.at));
  const places = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let offset = 0;
  let next = 0;
  for (let node = walker.nextNode(); node && next < starts.length; node = walker.nextNode()) {
    const end = offset + node.data.length;
    while (next < starts.length && starts[next].at < end) {
      places.push({ node, at: Math.max(0, starts[next].at - offset), number: starts[next].number });
      next += 1;
    }
    offset = end;
  }
  // From the last: splitting a text node leaves the earlier places in it where they were.
  for (const { node, at, number } of places.reverse()) {
    const rest = node.splitText(at);
    const marker = el("span", {
      class: "page-start",
      role: "separator",
      "aria-label": `Page ${number}`,
      dataset: { page: String(number) },
    });
    rest.parentNode.insertBefore(marker, rest);
  }
}
