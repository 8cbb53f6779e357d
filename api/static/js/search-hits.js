// The search page's hits: the line counting them, one entry per document (title, snippet,
// language, countries, date, page), the pager, and the links that download them as a table.

import { apiUrl } from "./api.js";
import { stateParams } from "./search-state.js";
import { clear, countryName, el, formatCount, languageName, routeHash, snippetNodes } from "./util.js";

export const PAGE_SIZE = 10;
const MAX_OFFSET = 10_000; // the API's cap on `offset`

/** `turn(offset)` goes to another page of the search on screen. */
export function createHits({ turn }) {
  const status = el("p", { class: "result-count", role: "status", "aria-live": "polite", tabindex: "-1" });
  const list = el("ol", { class: "results" });
  const pager = el("nav", { class: "pager", "aria-label": "Result pages" });
  // The hits as a table (up to the API's 10,000), from the first, whatever the page on screen;
  // the server names the file for what it holds and the day.
  const exports = ["csv", "xlsx"].map((format) =>
    el("a", { class: "button-link", download: true, text: format.toUpperCase() }),
  );
  const downloads = el("div", { class: "downloads", role: "group", "aria-label": "Download the results" }, "Download: ", exports);

  function searching() {
    status.textContent = "Searching…";
    list.setAttribute("aria-busy", "true");
  }

  function failed() {
    list.removeAttribute("aria-busy");
    clear(list);
    clear(pager);
    status.textContent = "";
  }

  function render(result, state) {
    list.removeAttribute("aria-busy");
    const { total, hits } = result;
    const filters = stateParams(state).filter(([key]) => key !== "offset");
    for (const [index, format] of ["csv", "xlsx"].entries()) {
      const extra = format === "csv" ? [["bom", "true"]] : [];
      exports[index].href = apiUrl("/api/search", [["format", format], ...extra, ...filters]);
    }
    downloads.hidden = total === 0;
    const first = Math.min(state.offset + 1, total);
    const last = state.offset + hits.length;
    const what = state.q.trim() ? ` for “${state.q.trim()}”` : "";
    if (total === 0) {
      status.textContent = `No documents${what}.`;
    } else if (total <= PAGE_SIZE && state.offset === 0) {
      status.textContent = `${formatCount(total, "document")}${what}`;
    } else {
      status.textContent = `${first}–${last} of ${formatCount(total, "document")}${what}`;
    }
    list.replaceChildren(...hits.map(renderHit));
    if (total === 0) {
      list.append(
        el("li", {
          class: "empty",
          text: "Nothing matches. Try fewer words, OR between alternatives, or remove a filter.",
        }),
      );
    }
    renderPager(total, state.offset);
  }

  function renderPager(total, offset) {
    clear(pager);
    if (total <= PAGE_SIZE) return;
    const pages = Math.ceil(total / PAGE_SIZE);
    const page = Math.floor(offset / PAGE_SIZE) + 1;
    const prev = el("button", {
      type: "button",
      text: "← Previous",
      "aria-label": "Previous page",
      onclick: () => turn(Math.max(0, offset - PAGE_SIZE)),
    });
    const nextOffset = offset + PAGE_SIZE;
    const more = el("button", {
      type: "button",
      text: "Next →",
      "aria-label": "Next page",
      onclick: () => turn(nextOffset),
    });
    prev.disabled = offset === 0;
    more.disabled = nextOffset >= total || nextOffset > MAX_OFFSET;
    pager.append(prev, el("span", { class: "pager-where", text: `Page ${page} of ${pages}` }), more);
  }

  return { status, downloads, list, pager, searching, failed, render };
}

function renderHit(hit) {
  const href = routeHash(`/doc/${encodeURIComponent(hit.id)}`, []);
  const meta = el("p", { class: "hit-meta" });
  if (hit.language) {
    meta.append(
      el("span", { class: "badge badge-lang", title: languageName(hit.language), text: hit.language }),
    );
  }
  for (const code of hit.countries ?? []) {
    meta.append(el("span", { class: "badge badge-country", title: countryName(code), text: code }));
  }
  if (hit.published) meta.append(el("time", { datetime: hit.published, text: hit.published }));
  if (hit.page) meta.append(el("span", { class: "hit-page", text: `page ${hit.page}` }));
  if (hit.title) meta.append(el("span", { class: "hit-source", text: hit.source }));
  return el(
    "li",
    { class: "hit" },
    el("h3", { class: "hit-title" }, el("a", { href, text: hit.title || hit.source })),
    el("p", { class: "snippet" }, snippetNodes(hit.snippet ?? "")),
    meta,
  );
}
