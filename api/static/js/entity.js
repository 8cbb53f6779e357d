// The entity page (#/entity/<key>?label=&lang=&q=&page=): one person, organisation or place
// across every document. Its name in the reader's language, the names it was written under, the
// documents naming it (paged, the page in the address), their countries, the figures whose
// sentence names it and the entities named in the most of the same documents (those lists are
// entity-lists.js's).

import { ApiError, getJSON } from "./api.js";
import {
  NAME_LANGUAGES,
  entityHash,
  entitySearchHash,
  hasPage,
  nameLanguage,
  readerLanguage,
} from "./entity-links.js";
import {
  countryBadges,
  countryCounts,
  displayName,
  documentHash,
  figureList,
  formList,
  kind,
  relatedList,
} from "./entity-lists.js";
import { el, formatCount, languageName, navigate, routeHash } from "./util.js";

const PAGE_SIZE = 20;
const FIGURES = 20;
const RELATED = 20;
// Pages up to this one are asked for by offset (the API takes offsets up to 10,000); later
// ones follow the previous page's cursor, which their address carries (`page=N&cursor=...`).
const LAST_OFFSET_PAGE = Math.floor(10_000 / PAGE_SIZE) + 1;

function readState(params) {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const state = {
    label: hasPage(params.get("label")) ? params.get("label") : null,
    lang: nameLanguage(params.get("lang")),
    q: params.get("q") ?? "",
    page: Number.isFinite(page) && page > 1 ? page : 1,
  };
  state.cursor = state.page > LAST_OFFSET_PAGE ? (params.get("cursor") ?? "") : "";
  return state;
}

/** The address of a state; the key is the view's. */
function stateHash(key, state) {
  const hash = entityHash(key, state);
  const paging = [];
  if (state.page > 1) paging.push(["page", String(state.page)]);
  if (state.cursor) paging.push(["cursor", state.cursor]);
  if (!paging.length) return hash;
  return `${hash}${hash.includes("?") ? "&" : "?"}${new URLSearchParams(paging)}`;
}

/** The API's parameters for a state: names in `lang`, else as `q` names them, else the reader's. */
function apiParams(state) {
  const params = [
    ["limit", PAGE_SIZE],
    ["figures", FIGURES],
    ["related", RELATED],
  ];
  if (state.label) params.push(["label", state.label]);
  if (state.lang) params.push(["lang", state.lang]);
  else if (state.q.trim()) params.push(["q", state.q.trim()]);
  else params.push(["lang", readerLanguage()]);
  if (state.cursor) params.push(["cursor", state.cursor]);
  else if (state.page > 1) params.push(["offset", (Math.min(state.page, LAST_OFFSET_PAGE) - 1) * PAGE_SIZE]);
  return params;
}


/** The key of an address, URL-decoded; a stray "%" typed in by hand leaves it as it stands. */
function decodeKey(encoded) {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

export function createEntityView(encodedKey) {
  const key = decodeKey(encodedKey);
  let state = readState(new URLSearchParams());
  let focusDocuments = false;
  const trail = []; // cursor of each page past the offset limit seen
  const heading = el("h1", { tabindex: "-1", text: "Loading…" });
  const about = el("div", { class: "entity-about" }); // never the heading: moving it would lose focus
  const header = el("header", { class: "entity-header" }, heading, about);
  const status = el("p", { class: "muted entity-status", role: "status", "aria-live": "polite" });
  const body = el("div", { class: "entity-layout" });

  function mount(container) {
    container.append(el("article", { class: "entity-page" }, header, status, body));
  }

  async function update(params, { signal }) {
    state = readState(params);
    status.textContent = "Loading…";
    let page;
    try {
      page = await getJSON(`/api/entities/${encodeURIComponent(key)}`, apiParams(state), { signal });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status.textContent = "";
      if (error.status === 404) notFound();
      else failed(error);
      return;
    }
    status.textContent = "";
    if (state.cursor) trail[state.page] = state.cursor;
    render(page);
    if (focusDocuments) document.getElementById("entity-documents")?.focus({ preventScroll: false });
    focusDocuments = false;
  }

  function notFound() {
    const as = state.label ? ` as ${kind(state.label).toLowerCase()}` : "";
    heading.textContent = `No document names “${key}”${as}`;
    about.replaceChildren();
    document.title = "Not found · PolicyLens";
    body.replaceChildren(
      el(
        "p",
        { class: "entity-missing" },
        "Entity pages are for the people, organisations and places the documents name. ",
        el("a", { href: "#/entities", text: "Browse the entities" }),
        " or ",
        el("a", { href: routeHash("/", [["q", key]]), text: `search for “${key}”` }),
        ".",
      ),
    );
  }

  function failed(error) {
    heading.textContent = "Could not load this entity";
    about.replaceChildren();
    document.title = `${heading.textContent} · PolicyLens`;
    body.replaceChildren(el("p", { class: "error", role: "alert", text: error.message }));
  }

  function render(page) {
    const name = displayName(page);
    heading.replaceChildren(name, " ", el("span", { class: "entity-kind", text: kind(page.label) }));
    document.title = `${name} (${kind(page.label)}) · PolicyLens`;
    about.replaceChildren(...[summary(page), languages(page), otherLabels(page)].filter(Boolean));
    body.replaceChildren(
      el("div", { class: "entity-main" }, documentList(page), figureList(page)),
      el("aside", { class: "entity-side", "aria-label": "Names, countries and related entities" }, [
        formList(page),
        countryCounts(page),
        relatedList(page, { lang: state.lang, q: state.q }),
      ]),
    );
  }

  function summary(page) {
    const { documents, countries, figures } = page;
    const parts = [`Named in ${formatCount(documents.total, "document")}`];
    if (countries.length) parts.push(` about ${formatCount(countries.length, "country", "countries")}`);
    parts.push(". ");
    if (figures.total) parts.push(`${formatCount(figures.total, "figure")} in sentences naming it. `);
    return el(
      "p",
      { class: "lead entity-summary" },
      parts.join(""),
      el("a", {
        href: entitySearchHash(page.key, page.label),
        text: documents.total === 1 ? "The document in Search" : `All ${documents.total} documents in Search`,
      }),
    );
  }

  /** Links to the page with names in each language; the one on screen is marked. */
  function languages(page) {
    const current = state.lang ?? (state.q.trim() ? null : readerLanguage());
    const links = Object.entries(NAME_LANGUAGES).map(([code, label], index) => [
      index ? el("span", { class: "sep", "aria-hidden": "true", text: " · " }) : null,
      el("a", {
        href: entityHash(page.key, { label: state.label, lang: code }),
        lang: code,
        hreflang: code,
        "aria-current": code === current ? "true" : null,
        text: label,
      }),
    ]);
    return el("p", { class: "entity-langs" }, "Names in ", links);
  }

  /** The same key under other labels (a place and a company of the same name), if any. */
  function otherLabels(page) {
    const others = (page.labels ?? []).filter((item) => item.label !== page.label && hasPage(item.label));
    if (!others.length) return null;
    return el(
      "p",
      { class: "entity-labels" },
      "Also named as ",
      others.map((item, index) => [
        index ? ", " : null,
        el("a", {
          href: entityHash(page.key, { label: item.label, lang: state.lang, q: state.q }),
          text: `${kind(item.label).toLowerCase()} in ${formatCount(item.documents, "document")}`,
        }),
      ]),
      ".",
    );
  }

  function documentList(page) {
    const { total, items } = page.documents;
    const list = el(
      "ol",
      { class: "entity-docs" },
      items.map((item) =>
        el(
          "li",
          { class: "entity-doc" },
          el("a", {
            class: "entity-doc-title",
            href: documentHash(item.id),
            text: item.title || item.source,
          }),
          el(
            "p",
            { class: "hit-meta" },
            item.language
              ? el("span", {
                  class: "badge badge-lang",
                  title: languageName(item.language),
                  text: item.language,
                })
              : null,
            countryBadges(item.countries ?? []),
            item.published
              ? el("time", { datetime: item.published, text: item.published })
              : el("span", { text: "undated" }),
            el("span", { class: "entity-mentions", text: formatCount(item.mentions, "mention") }),
          ),
        ),
      ),
    );
    const heading = el("h2", {
      id: "entity-documents",
      class: "panel-title",
      tabindex: "-1",
      text: `Documents (${total})`,
    });
    const empty = !items.length && total ? el("p", { class: "muted", text: pastTheEnd(total) }) : null;
    return el(
      "section",
      { class: "entity-section", "aria-labelledby": "entity-documents" },
      heading,
      list,
      empty,
      pager(page),
    );
  }

  const pageCount = (total) => Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pastTheEnd = (total) => `Page ${state.page} is past the last page, ${pageCount(total)}.`;

  function pager(page) {
    const { total, next_cursor: nextCursor } = page.documents;
    const number = state.cursor ? state.page : Math.min(state.page, LAST_OFFSET_PAGE);
    if (total <= PAGE_SIZE && number === 1) return null;
    const pages = pageCount(total);
    const turn = (target) => () => {
      focusDocuments = true;
      navigate(stateHash(key, target));
    };
    const to = (target, cursor = "") => ({
      ...state,
      page: target,
      cursor: target > LAST_OFFSET_PAGE ? cursor : "",
    });
    // Back by offset while it reaches; past it, by the cursor seen for that page.
    let back = Math.min(number - 1, pages);
    if (back > LAST_OFFSET_PAGE && !trail[back]) back = LAST_OFFSET_PAGE;
    const prev = el("button", {
      type: "button",
      text: "← Previous",
      "aria-label": "Previous documents",
      onclick: turn(to(back, trail[back])),
    });
    prev.disabled = number === 1;
    const more = el("button", {
      type: "button",
      text: "Next →",
      "aria-label": "Next documents",
      onclick: turn(to(number + 1, nextCursor)),
    });
    more.disabled = !nextCursor;
    return el(
      "nav",
      { class: "pager", "aria-label": "Document pages" },
      prev,
      el("span", { class: "pager-where", text: `Page ${number} of ${pages}` }),
      more,
    );
  }

  return { mount, update };
}
