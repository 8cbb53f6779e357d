// The parts of an entity page (entity.js) that list what the API gives as it is: the figures
// whose sentence names the entity, the names it was written under, the countries of its
// documents and the entities named with it. Each is a section headed by its count.

import { entityHash, entitySearchHash, hasPage } from "./entity-links.js";
import { LABEL_SINGULAR, countryName, el, figureSummary, formatCount, routeHash } from "./util.js";

export const displayName = (entity) => entity.name || entity.forms?.[0] || entity.key;
export const kind = (label) => LABEL_SINGULAR[label] ?? label;
export const documentHash = (id, params = []) => routeHash(`/doc/${encodeURIComponent(id)}`, params);

export function countryBadges(codes) {
  return codes.map((code) =>
    el("span", { class: "badge badge-country", title: countryName(code), text: code }),
  );
}

/** The sentence with the figure in bold, found by its text (the row has no sentence offsets). */
function sentenceWithFigure(row) {
  const at = row.sentence.indexOf(row.text);
  if (at < 0) return [row.sentence];
  return [row.sentence.slice(0, at), el("b", { text: row.text }), row.sentence.slice(at + row.text.length)];
}

function section(id, title, count, ...content) {
  return el(
    "section",
    { class: "entity-section", "aria-labelledby": id },
    el("h2", { id, class: "panel-title", text: `${title} (${count})` }),
    ...content,
  );
}

/** The figures whose sentence names the entity, each opening its document at the figure. */
export function figureList(page) {
  const { total, items } = page.figures;
  const rows = items.map((row) =>
    el(
      "li",
      { class: "entity-figure" },
      el(
        "p",
        { class: "entity-figure-head" },
        el("a", {
          class: "entity-figure-value",
          href: documentHash(row.document_id, [["figure", String(row.start)]]),
          text: figureSummary(row),
        }),
        row.about ? el("span", { class: "item-detail", text: ` ${row.about}` }) : null,
        row.as_of ? el("span", { class: "item-detail", text: ` · as of ${row.as_of}` }) : null,
      ),
      el("p", { class: "entity-figure-sentence" }, sentenceWithFigure(row)),
      el(
        "p",
        { class: "hit-meta" },
        el("span", { class: "entity-figure-doc", text: row.title || row.source }),
        row.language ? el("span", { class: "badge badge-lang", text: row.language }) : null,
        countryBadges(row.countries ?? []),
      ),
    ),
  );
  // /api/figures cannot filter by entity: the rest are found through the documents naming it.
  const more =
    total > items.length
      ? el(
          "p",
          { class: "muted" },
          `${items.length} of ${total} shown. The others are in `,
          el("a", { href: entitySearchHash(page.key, page.label), text: "the documents naming it" }),
          ".",
        )
      : null;
  return section(
    "entity-figures",
    "Figures in sentences naming it",
    total,
    rows.length ? el("ul", { class: "entity-figures" }, rows) : el("p", { class: "muted", text: "None." }),
    more,
  );
}

/** The names the entity was written under, with how many documents write each. */
export function formList(page) {
  const items = page.forms.map((item) =>
    el(
      "li",
      { class: "count-item" },
      el("span", { class: "item-main", text: item.form }),
      el("span", { class: "item-count", text: formatCount(item.documents, "document") }),
    ),
  );
  return section("entity-forms", "Written as", items.length, el("ul", { class: "side-list" }, items));
}

/** The countries of its documents, each leading to the search for those naming it. */
export function countryCounts(page) {
  const items = page.countries.map((item) =>
    el(
      "li",
      { class: "count-item" },
      el("span", { class: "badge badge-country", "aria-hidden": "true", text: item.country }),
      el("a", {
        class: "item-main",
        href: entitySearchHash(page.key, page.label, { country: [item.country] }),
        text: countryName(item.country),
        dataset: { country: item.country },
      }),
      el("span", { class: "item-count", text: formatCount(item.documents, "document") }),
    ),
  );
  return section(
    "entity-countries",
    "Countries of its documents",
    items.length,
    items.length
      ? el("ul", { class: "side-list" }, items)
      : el("p", { class: "muted", text: "Its documents are about no country." }),
  );
}

/** The entities named in the most of the same documents, named as `names` asks (lang, q). */
export function relatedList(page, names) {
  const items = page.related.map((item) =>
    el(
      "li",
      { class: "count-item" },
      el("span", { class: "badge badge-label", title: kind(item.label), text: item.label }),
      hasPage(item.label)
        ? el("a", {
            class: "item-main",
            href: entityHash(item.key, { label: item.label, ...names }),
            text: displayName(item),
            dataset: { entity: item.key },
          })
        : el("span", { class: "item-main", text: displayName(item) }),
      el("span", {
        class: "item-count",
        title: "Documents naming both",
        text: formatCount(item.documents, "document"),
      }),
    ),
  );
  return section(
    "entity-related",
    "Named with it most",
    items.length,
    items.length
      ? el("ul", { class: "side-list" }, items)
      : el("p", { class: "muted", text: "No other entity is named in its documents." }),
  );
}
