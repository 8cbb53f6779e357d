// Hash router: #/?query (search), #/doc/<id>?figure=<start> (document), #/figures?query,
// #/statistics?query, #/upload. The hash holds all view state (filters, page), so back/forward, reload and
// bookmarks restore a view; the upload page's list of files lives in upload-queue.js instead.

import { createDocumentView } from "./document.js";
import { createEntitiesView } from "./entities.js";
import { createEntityView } from "./entity.js";
import { createFiguresView } from "./figures.js";
import { createSearchView } from "./search.js";
import { createStatisticsView } from "./statistics.js";
import { createUploadView } from "./upload.js";
import { el } from "./util.js";

const main = document.getElementById("main");
// Where a document's "Back" link leads: the view the reader came from (a document opened
// from the statistics goes back there, not to some earlier search), else the search.
const session = { back: { hash: "#/", label: "search" } };
const BACK_LABELS = { search: "search", figures: "figures", statistics: "statistics", entities: "entities", upload: "upload" };
let shown = null; // the view on screen: { key, hash }
let current = null;
let controller = null;

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const cut = raw.indexOf("?");
  const path = cut < 0 ? raw : raw.slice(0, cut);
  const params = new URLSearchParams(cut < 0 ? "" : raw.slice(cut + 1));
  return { path, params };
}

function resolve(path) {
  if (path === "/" || path === "") return { key: "search", nav: "search", create: createSearchView };
  if (path === "/figures") return { key: "figures", nav: "figures", create: createFiguresView };
  if (path === "/statistics") return { key: "statistics", nav: "statistics", create: createStatisticsView };
  if (path === "/upload") return { key: "upload", nav: "upload", create: createUploadView };
  const doc = path.match(/^\/doc\/(.+)$/);
  if (doc) {
    const id = decodeURIComponent(doc[1]);
    return { key: `doc:${id}`, nav: null, create: () => createDocumentView(id, session) };
  }
  // #/entities?label=ORG&country=...: entities × countries; #/entity/<key>?page=...: one entity.
  if (path === "/entities") return { key: "entities", nav: "entities", create: createEntitiesView };
  const entity = path.match(/^\/entity\/(.+)$/);
  if (entity) {
    return { key: `entity:${entity[1]}`, nav: "entities", create: () => createEntityView(entity[1]) };
  }
  return { key: "missing", nav: null, create: createMissingView };
}

function createMissingView() {
  return {
    mount(container) {
      container.append(
        el("h1", { tabindex: "-1", text: "Page not found" }),
        el("p", {}, "There is nothing at this address. ", el("a", { href: "#/", text: "Go to search" }), "."),
      );
    },
    async update() {
      document.title = "Not found · PolicyLens";
    },
  };
}

function markNav(name) {
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function route() {
  const hash = location.hash;
  const { path, params } = parseHash();
  const target = resolve(path);
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;

  if (target.key.startsWith("doc:") && shown && !shown.key.startsWith("doc:")) {
    // An entity page is named by its title ("European Union Drugs Agency (Organisation)").
    const label = BACK_LABELS[shown.key] ?? document.title.split(" · ")[0];
    session.back = { hash: shown.hash, label };
  }
  if (!current || current.key !== target.key) {
    const firstView = current === null;
    current = { key: target.key, view: target.create() };
    main.replaceChildren();
    current.view.mount(main);
    markNav(target.nav);
    // A new view is a new page to a screen reader: move focus to its heading, as a page load
    // would. Not on first load, where focus belongs at the top of the document.
    if (!firstView) main.querySelector("h1")?.focus({ preventScroll: true });
    if (!firstView) window.scrollTo(0, 0);
  }

  main.setAttribute("aria-busy", "true");
  delete main.dataset.rendered;
  try {
    await current.view.update(params, { signal });
  } catch (error) {
    if (error.name === "AbortError") return;
    console.error(error);
    main.append(el("p", { class: "error", role: "alert", text: `Something went wrong: ${error.message}` }));
  }
  if (signal.aborted) return;
  main.setAttribute("aria-busy", "false");
  // Lets tests (and anyone curious) tell which address the content on screen belongs to.
  main.dataset.rendered = hash;
  shown = { key: target.key, hash: hash || "#/" };
}

document.querySelector(".skip-link")?.addEventListener("click", (event) => {
  event.preventDefault(); // a plain #main would be taken for a route
  main.focus();
});

window.addEventListener("hashchange", route);
route();
