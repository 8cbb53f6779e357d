// The document view: metadata, the text with figures and entities marked in place, and side
// lists of figures, entities and countries that jump to their place in the text.

import { ApiError, getJSON } from "./api.js";
import { entityPageLink, hasPage } from "./entity-links.js";
import { highlightText, markPages } from "./highlight.js";
import {
  LABELS,
  LABEL_SINGULAR,
  countryName,
  el,
  figureSummary,
  formatCount,
  languageName,
  prefersReducedMotion,
  routeHash,
  safeHttpUrl,
} from "./util.js";

/** Bring a highlight into view and flash it, so the eye finds it after the jump. */
function reveal(node) {
  node.scrollIntoView({ block: "center", behavior: prefersReducedMotion() ? "auto" : "smooth" });
  node.classList.remove("flash");
  void node.offsetWidth; // restart the animation when the same highlight is revealed twice
  node.classList.add("flash");
  node.focus({ preventScroll: true });
}

function metaRow(term, ...value) {
  return [el("dt", { text: term }), el("dd", {}, ...value)];
}

/** "1–3, 5" for page numbers 1, 2, 3, 5. */
function pageRanges(numbers) {
  const ranges = [];
  for (const number of numbers) {
    const last = ranges[ranges.length - 1];
    if (last && number === last[1] + 1) last[1] = number;
    else ranges.push([number, number]);
  }
  return ranges.map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`)).join(", ");
}

/** A link to another document, named by its id until its title (or source) has been fetched. */
function documentLink(id) {
  const link = el("a", { href: routeHash(`/doc/${encodeURIComponent(id)}`, []), class: "break", text: id });
  getJSON(`/api/documents/${encodeURIComponent(id)}`)
    .then((linked) => {
      link.textContent = linked.title || linked.source;
      link.title = linked.source;
    })
    .catch(() => {
      link.classList.add("missing"); // deleted, or not indexed: the id is all there is
    });
  return link;
}

export function createDocumentView(id, session) {
  let record = null;
  let marks = null;
  const back = el("a", { class: "back-link" });
  const heading = el("h1", { tabindex: "-1", text: "Loading document…" });
  const status = el("p", { class: "muted", role: "status", "aria-live": "polite" });
  const body = el("div", { class: "doc-layout" });

  function mount(container) {
    container.append(
      el(
        "article",
        { class: "document" },
        back,
        el("header", { class: "doc-header" }, heading),
        status,
        body,
      ),
    );
  }

  async function update(params, { signal }) {
    back.href = session.back.hash;
    back.textContent = `← Back to ${session.back.label}`;
    if (!record) {
      status.textContent = "Loading…";
      try {
        record = await getJSON(`/api/documents/${encodeURIComponent(id)}`, {}, { signal });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        heading.textContent = error.status === 404 ? "Document not found" : "Could not load the document";
        document.title = `${heading.textContent} · PolicyLens`;
        status.textContent = "";
        body.replaceChildren(el("p", { class: "error", role: "alert", text: error.message }));
        return;
      }
      render();
    }
    const start = params.get("figure");
    if (start !== null) {
      const index = record.figures.findIndex((figure) => String(figure.start) === start);
      const node = marks.figureNodes.get(index);
      if (node) reveal(node);
    }
  }

  function render() {
    const title = record.title || record.source;
    heading.textContent = title;
    document.title = `${title} · PolicyLens`;
    status.textContent = "";
    marks = highlightText(record.text, record.figures, record.entities);
    markPages(marks.root, record.text, record.pages);
    body.replaceChildren(
      el(
        "div",
        { class: "doc-main" },
        metadata(),
        el(
          "section",
          { class: "doc-text-panel", "aria-labelledby": "doc-text-title" },
          el("h2", { id: "doc-text-title", class: "panel-title", text: "Text" }),
          legend(),
          marks.root,
        ),
      ),
      el(
        "aside",
        { class: "doc-side", "aria-label": "Extracted data" },
        figureList(),
        entityList(),
        countryList(),
      ),
    );
  }

  function metadata() {
    const rows = [metaRow("Source", el("span", { class: "break", text: record.source }))];
    if (record.language)
      rows.push(metaRow("Language", `${languageName(record.language)} (${record.language})`));
    rows.push(
      metaRow(
        "Published",
        record.published ? el("time", { datetime: record.published, text: record.published }) : "Unknown",
      ),
    );
    if (record.countries.length) {
      rows.push(
        metaRow(
          "About",
          // Names, not codes: "About: VN" told a reader little.
          record.countries.map((code) => el("span", { class: "badge badge-country", title: code, text: countryName(code) })),
        ),
      );
    }
    const pages = record.pages ?? [];
    if (pages.length) {
      const scanned = pages.filter((page) => page.ocr).map((page) => page.number);
      const ocr = scanned.length === pages.length ? "all" : scanned.length ? pageRanges(scanned) : "";
      // Pages Tesseract was unsure of (the CLI's threshold too): worth reading with care.
      const unsure = pages
        .filter((page) => page.ocr && page.ocr_confidence != null && page.ocr_confidence < 0.6)
        .map((page) => page.number);
      // Pages whose ink was partly left unread (the CLI's 90 % too): text is missing there.
      const missed = pages
        .filter((page) => page.ocr && page.ocr_coverage != null && page.ocr_coverage < 0.9)
        .map((page) => page.number);
      rows.push(
        metaRow(
          "Pages",
          `${pages[pages.length - 1].number}`,
          ocr
            ? el("span", {
                class: "badge badge-ocr",
                title: "Text recognised from the page images (OCR)",
                text: `OCR: ${ocr}`,
              })
            : null,
          unsure.length
            ? el("span", { class: "badge badge-unsure", text: `OCR unsure: ${pageRanges(unsure)}` })
            : null,
          missed.length
            ? el("span", {
                class: "badge badge-unsure badge-missed",
                title: "Part of these pages' text was not recognised: read the scan itself there",
                text: `OCR missed text: ${pageRanges(missed)}`,
              })
            : null,
        ),
      );
    }
    if (record.attached_to) rows.push(metaRow("Attached to", documentLink(record.attached_to)));
    if (record.attachments?.length)
      rows.push(metaRow("Attachments", ...record.attachments.map((id) => el("div", {}, documentLink(id)))));
    const url = record.url && safeHttpUrl(record.url);
    if (url)
      rows.push(
        metaRow("Original", el("a", { href: url, rel: "noopener noreferrer", class: "break", text: url })),
      );
    else if (record.url) rows.push(metaRow("Original", el("span", { class: "break", text: record.url })));
    return el("dl", { class: "doc-meta" }, rows.flat());
  }

  function legend() {
    return el(
      "p",
      { class: "legend" },
      el("span", { class: "legend-item" }, el("mark", { class: "fig", text: "Figure" })),
      ...["PER", "ORG", "LOC"].map((label) =>
        el(
          "span",
          { class: "legend-item" },
          el("span", { class: `ent ent-${label}`, text: LABEL_SINGULAR[label] }),
        ),
      ),
    );
  }

  function figureList() {
    const items = record.figures.map((figure, index) => {
      const node = marks.figureNodes.get(index);
      const lines = [
        el("span", { class: "item-main", text: figure.text }),
        el("span", { class: "item-detail", text: figureSummary(figure) }),
      ];
      if (figure.about) lines.push(el("span", { class: "item-detail", text: `about: ${figure.about}` }));
      if (figure.as_of) lines.push(el("span", { class: "item-detail", text: `as of ${figure.as_of}` }));
      if (figure.page) lines.push(el("span", { class: "item-detail", text: `page ${figure.page}` }));
      const attrs = { type: "button", class: "side-item", dataset: { figure: String(index) } };
      if (node) attrs.onclick = () => reveal(node);
      else attrs.disabled = true; // its offsets did not fit the text
      return el("li", {}, el("button", attrs, lines));
    });
    return sideSection("Figures", record.figures.length, items, "No figures found.");
  }

  function entityList() {
    // One entry per distinct entity (label + key); clicking steps through its mentions.
    const groups = new Map();
    record.entities.forEach((entity, index) => {
      const id = `${entity.label}:${entity.key}`;
      if (!groups.has(id)) groups.set(id, { entity, indexes: [] });
      groups.get(id).indexes.push(index);
    });
    const sections = Object.keys(LABELS)
      .map((label) => {
        const entries = [...groups.values()].filter((group) => group.entity.label === label);
        if (!entries.length) return null;
        return el(
          "div",
          { class: "entity-group" },
          el("h3", { text: `${LABELS[label]} (${entries.length})` }),
          el("ul", { class: "side-list" }, entries.map(entityItem)),
        );
      })
      .filter(Boolean);
    const count = record.entities.length;
    return el(
      "section",
      { class: "side-section", "aria-labelledby": "side-entities" },
      el("h2", { id: "side-entities", class: "panel-title", text: `Entities (${count})` }),
      sections.length ? sections : el("p", { class: "muted", text: "No entities found." }),
    );
  }

  function entityItem({ entity, indexes }) {
    let turn = 0;
    const nodes = indexes.map((index) => marks.entityNodes.get(index)?.[0]).filter(Boolean);
    const attrs = {
      type: "button",
      class: "side-item side-item-row",
      title: `${LABEL_SINGULAR[entity.label] ?? entity.label}: ${entity.key}`,
      onclick: () => {
        reveal(nodes[turn % nodes.length]);
        turn += 1;
      },
    };
    if (!nodes.length) attrs.disabled = true;
    return el(
      "li",
      { class: hasPage(entity.label) ? "entity-row" : null },
      el(
        "button",
        attrs,
        el("span", { class: "item-main", text: entity.text }),
        el("span", { class: "badge badge-label", text: entity.label }),
        indexes.length > 1 ? el("span", { class: "item-count", text: `×${indexes.length}` }) : null,
      ),
      hasPage(entity.label) ? entityPageLink(entity.key, entity.label, entity.text) : null,
    );
  }

  function countryList() {
    const mentioned = Object.entries(record.countries_mentioned ?? {}).sort((a, b) => b[1] - a[1]);
    for (const code of record.countries)
      if (!(code in (record.countries_mentioned ?? {}))) mentioned.push([code, 0]);
    const items = mentioned.map(([code, count]) =>
      el(
        "li",
        { class: "country-item" },
        el("span", { class: "badge badge-country", text: code }),
        el("span", { class: "item-main", text: countryName(code) }),
        record.countries.includes(code) ? el("span", { class: "tag", text: "main" }) : null,
        count ? el("span", { class: "item-count", text: formatCount(count, "mention") }) : null,
      ),
    );
    return sideSection("Countries", mentioned.length, items, "No countries found.");
  }

  function sideSection(title, count, items, empty) {
    const id = `side-${title.toLowerCase()}`;
    return el(
      "section",
      { class: "side-section", "aria-labelledby": id },
      el("h2", { id, class: "panel-title", text: `${title} (${count})` }),
      items.length ? el("ul", { class: "side-list" }, items) : el("p", { class: "muted", text: empty }),
    );
  }

  return { mount, update };
}
