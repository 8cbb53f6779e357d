// One file of the upload page's list: its name and size, its progress bar, the line saying
// where it is (waiting, sending, analysing, done, failed) and, once the server has answered,
// the documents it yielded (new, replaced, unchanged; renamed ones say so) and the parts that
// failed.

import { append, clear, el, formatCount, routeHash } from "./util.js";

const STATUS_WORDS = { new: "New", replaced: "Replaced", unchanged: "Unchanged" };

export const megabytes = (bytes) => `${(bytes / 1e6).toLocaleString("en", { maximumFractionDigits: 1 })} MB`;
const size = (bytes) => (bytes < 1e3 ? formatCount(bytes, "byte") : bytes < 1e6 ? `${Math.round(bytes / 1e3)} KB` : megabytes(bytes));

/** A file's entry; `changed()` is told each time its state changes. */
export function createItem(file, changed) {
  const name = file.webkitRelativePath || file.name;
  const progress = el("progress", { max: "100", value: "0", "aria-label": `Upload of ${name}` });
  const status = el("p", { class: "upload-status" });
  const outcome = el("div", { class: "upload-outcome" });
  const node = el(
    "li",
    { class: "upload-item", dataset: { state: "queued" } },
    el(
      "div",
      { class: "upload-head" },
      el("span", { class: "upload-name break", text: name }),
      el("span", { class: "muted upload-size", text: size(file.size) }),
    ),
    progress,
    status,
    outcome,
  );
  return { file, name, node, progress, status, outcome, changed, state: "queued", timer: null };
}

export function setState(item, state, text) {
  item.state = state;
  item.progress.hidden = state !== "sending" && state !== "analysing";
  item.node.dataset.state = state;
  item.status.textContent = text;
  clearInterval(item.timer);
  item.timer = null;
  item.changed();
}

/** The bytes are there: the server now reads (OCR for scans) and analyses, which a long scan
 * makes take minutes. The bar turns indeterminate and the seconds count, so the page visibly
 * works. */
export function analysing(item) {
  item.progress.removeAttribute("value");
  setState(item, "analysing", "Reading and analysing…");
  const started = Date.now();
  item.timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    item.status.textContent = `Reading and analysing… ${seconds} s (scanned pages take a while)`;
  }, 1000);
}

/** Show what the server made of a file: its documents with their status, and any failures. */
export function finish(item, answer, error) {
  if (error) {
    setState(item, "failed", `Failed: ${error.message}`);
    return;
  }
  const records = new Map(answer.documents.map((record) => [record.id, record]));
  const results = answer.results.map((result) => {
    const record = records.get(result.id);
    const href = routeHash(`/doc/${encodeURIComponent(result.id)}`, []);
    // A renamed document says under which name it was kept, unless its link already shows it.
    const keptAs = record?.title ? ` as ${result.source}` : "";
    return el(
      "li",
      {},
      el("span", { class: `badge upload-badge status-${result.status}`, text: STATUS_WORDS[result.status] ?? result.status }),
      " ",
      el("a", { href, class: "break", text: record?.title || result.source }),
      result.renamed_from
        ? el("span", {
            class: "muted renamed",
            text: `${keptAs} (another upload holds ${result.renamed_from})`,
          })
        : null,
      result.status === "unchanged"
        ? el("span", { class: "muted renamed", text: " (indexed already with this content)" })
        : null,
    );
  });
  // A file that failed whole says why in its status line; a file that yielded documents may
  // still have parts that failed (a message's attachment, a JSONL line): those are listed.
  const failures = answer.failures.map((failure) =>
    el("li", { class: "upload-failure" }, el("span", { class: "break", text: `${failure.source}: ${failure.reason}` })),
  );
  append(clear(item.outcome), [
    results.length ? el("ul", { class: "upload-results" }, results) : null,
    results.length && failures.length ? el("ul", { class: "upload-failures" }, failures) : null,
  ]);
  if (!results.length) {
    setState(item, "failed", `Failed: ${answer.failures.map((failure) => failure.reason).join("; ") || "no document in it"}`);
  } else {
    const what = formatCount(results.length, "document");
    setState(item, "done", failures.length ? `Done, ${what}; some parts failed:` : `Done: ${what}.`);
  }
}
