// The figures view: a filterable (figures-filters.js), sortable, paged table (figures-table.js)
// of every figure, and its CSV and XLSX exports. The address holds the filters, the sort and
// the page (#/figures?unit=percent&page=12; figures-state.js), so a bookmark or the back button
// comes back to the same rows. The statistics view links here with a cell's exact figures
// (measure, country, unit, per and year).

import { ApiError, apiUrl, getJSON } from "./api.js";
import { createFigureFilters } from "./figures-filters.js";
import {
  LAST_OFFSET_PAGE,
  PAGE_SIZE,
  figuresHash,
  onPage,
  pageEntries,
  queryEntries,
  readState,
} from "./figures-state.js";
import { createFigureTable } from "./figures-table.js";
import { el, formatCount, navigate } from "./util.js";

function go(state) {
  navigate(figuresHash(state));
}

export function createFiguresView() {
  let state = readState(new URLSearchParams());
  const current = () => state;
  const trails = new Map(); // query -> cursor of each page past the offset limit seen
  const filters = createFigureFilters({ go, current });
  const table = createFigureTable({ go, current, topicNames: filters.topicNames });
  const status = el("p", { class: "result-count", role: "status", "aria-live": "polite", tabindex: "-1" });
  // `download` with no name: the server names the file for what it holds and the day.
  const csv = el("a", { class: "button-link", download: true, text: "Download CSV" });
  const xlsx = el("a", { class: "button-link", download: true, text: "Download XLSX" });
  const errorBox = el("div", { class: "error", role: "alert", hidden: true });
  const pager = el("nav", { class: "pager", "aria-label": "Figure pages" });

  function mount(container) {
    container.append(
      el("h1", { tabindex: "-1", text: "Figures" }),
      el("p", { class: "lead", text: "Every figure the documents state, with where it comes from." }),
      filters.element,
      el("div", { class: "results-head" }, status, el("div", { class: "downloads" }, csv, xlsx)),
      errorBox,
      el(
        "div",
        {
          class: "table-wrap",
          role: "region",
          "aria-label": "Figures table, scrolls sideways",
          tabindex: "0",
        },
        table.element,
      ),
      pager,
    );
    filters.load().then(table.nameTopics);
  }

  async function update(params, { signal }) {
    state = readState(params);
    filters.sync();
    table.loading();
    // A byte-order mark, so that Excel on Windows reads "Échange" as written.
    csv.href = apiUrl("/api/figures", [["format", "csv"], ["bom", "true"], ...queryEntries(state)]);
    xlsx.href = apiUrl("/api/figures", [["format", "xlsx"], ...queryEntries(state)]);
    document.title = "Figures · PolicyLens";
    status.textContent = "Loading figures…";
    errorBox.hidden = true;

    let page;
    try {
      page = await getJSON(
        "/api/figures",
        [...queryEntries(state), ["limit", PAGE_SIZE], ...pageEntries(state)],
        { signal },
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      table.failed();
      pager.replaceChildren();
      status.textContent = "";
      errorBox.replaceChildren(el("strong", { text: "Could not load figures. " }), error.message);
      errorBox.hidden = false;
      return;
    }
    const number = state.cursor ? state.page : Math.min(state.page, LAST_OFFSET_PAGE);
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    // A bookmark of a page the figures no longer reach (fewer match now) says so.
    const past = page.total > 0 && number > 1;
    table.render(page.rows, past ? `Page ${number} is past the last page, ${pages}.` : "No figures match these filters.");
    filters.learnUnits(page.rows);
    const first = (number - 1) * PAGE_SIZE + 1;
    status.textContent = page.rows.length
      ? `${first}–${first + page.rows.length - 1} of ${formatCount(page.total, "figure")}`
      : `${formatCount(page.total, "figure")}`;
    renderPager(page, number, pages, JSON.stringify(queryEntries(state)));
  }

  function renderPager(page, number, pages, key) {
    const trail = trails.get(key) ?? [];
    trails.set(key, trail);
    if (state.cursor) trail[number] = state.cursor;
    const turn = (target) => () => {
      go(target);
      status.focus({ preventScroll: true });
    };
    // Back by offset while it reaches; past it, by the cursor seen for that page, else to the
    // last page an offset reaches (a bookmark far on knows no cursors before its own).
    let back = Math.min(number - 1, pages);
    if (back > LAST_OFFSET_PAGE && !trail[back]) back = LAST_OFFSET_PAGE;
    const prev = el("button", {
      type: "button",
      text: back === number - 1 ? "← Previous" : `← Page ${back}`,
      onclick: turn(onPage(state, back, trail[back])),
    });
    prev.disabled = number === 1;
    const more = el("button", {
      type: "button",
      text: "Next →",
      onclick: turn(onPage(state, number + 1, page.next_cursor)),
    });
    more.disabled = !page.next_cursor;
    pager.replaceChildren(prev, el("span", { class: "pager-where", text: `Page ${number} of ${pages}` }), more);
    pager.hidden = page.total <= PAGE_SIZE && number === 1;
  }

  return { mount, update };
}
