// The upload page (#/upload): drop or pick files of any format the API reads; each is sent in
// a request of its own, so each has its own progress bar, its own answer and its own failure
// (one bad or oversized file, or one long OCR, holds up no other), and each gets the server's
// whole time budget (max_request_seconds) to itself. The list outlives the page: going to a
// new document and back finds it as it was, uploads still running.

import { ApiError, apiError, apiHeaders, apiKey, getJSON, setApiKey } from "./api.js";
import { append, clear, el, formatCount, routeHash } from "./util.js";

// Files sent at once: the server reads and analyses on its cores (two here); more at once
// would only queue there, and slow everyone's searches meanwhile.
const AT_ONCE = 2;
const STATUS_WORDS = { new: "New", replaced: "Replaced", unchanged: "Unchanged" };

const items = []; // every file of this session's uploads, oldest first
const queue = []; // items waiting for a free slot
let running = 0;
let formats = null; // what the server takes (GET /api/documents/upload/formats), once known
let keyNeeded = false; // the server said so (formats, or a 401/403 answer)
let keyRefused = false; // the last key given was refused
let replacing = false; // the "replace documents with the same name" box, kept across visits
let list = null; // the <ol> of items, kept across visits to the page
let onChange = () => {}; // the mounted view's summary and key field follow the items

const megabytes = (bytes) => `${(bytes / 1e6).toLocaleString("en", { maximumFractionDigits: 1 })} MB`;
const size = (bytes) => (bytes < 1e3 ? formatCount(bytes, "byte") : bytes < 1e6 ? `${Math.round(bytes / 1e3)} KB` : megabytes(bytes));

function suffixOf(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

/** Why the server would refuse this file, known before sending it; null when it may go. */
function refusal(file) {
  if (!formats) return null; // not known: let the server say
  const suffix = suffixOf(file.name);
  if (!formats.suffixes.includes(suffix)) {
    const what = suffix ? `“${suffix}” files` : "files without a type ending (.pdf, .txt …)";
    return `PolicyLens does not read ${what}; the types it reads are listed above.`;
  }
  // The form around the file takes a few hundred bytes of the request's limit too.
  if (file.size > formats.max_request_bytes - 1024) {
    return `Too large: ${megabytes(file.size)}, the server takes at most ${megabytes(formats.max_request_bytes)} per file.`;
  }
  if (file.size === 0) return "The file is empty.";
  return null;
}

function createItem(file) {
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
  return { file, name, node, progress, status, outcome, state: "queued", timer: null };
}

function setState(item, state, text) {
  item.state = state;
  item.progress.hidden = state !== "sending" && state !== "analysing";
  item.node.dataset.state = state;
  item.status.textContent = text;
  clearInterval(item.timer);
  item.timer = null;
  onChange();
}

function add(files) {
  for (const file of files) {
    const item = createItem(file);
    items.push(item);
    list?.append(item.node);
    const reason = refusal(file);
    if (reason) {
      setState(item, "failed", `Not sent: ${reason}`);
    } else {
      setState(item, "queued", "Waiting to be sent…");
      queue.push(item);
    }
  }
  pump();
}

function pump() {
  if (keyNeeded && !apiKey()) {
    const text = keyRefused ? "The server refused the API key: enter it again above." : "Waiting for the API key (above).";
    for (const item of queue) setState(item, "waiting", text);
    return;
  }
  while (running < AT_ONCE && queue.length) {
    running += 1;
    send(queue.shift()).finally(() => {
      running -= 1;
      pump();
    });
  }
}

/** One file, one request: upload progress first, then the server's reading and analysis. */
function send(item) {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append("files", item.file, item.name);
    const request = new XMLHttpRequest();
    request.open("POST", `/api/documents/upload?replace=${replacing}`);
    for (const [header, value] of Object.entries(apiHeaders())) request.setRequestHeader(header, value);
    item.progress.value = 0;
    setState(item, "sending", "Sending… 0 %");
    request.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      const percent = Math.round((event.loaded / event.total) * 100);
      item.progress.value = percent;
      item.status.textContent = `Sending… ${percent} %`;
    };
    // The bytes are there: the server now reads (OCR for scans) and analyses, which a long
    // scan makes take minutes. The bar turns indeterminate and the seconds count, so the page
    // visibly works.
    request.upload.onload = () => {
      item.progress.removeAttribute("value");
      setState(item, "analysing", "Reading and analysing…");
      const started = Date.now();
      item.timer = setInterval(() => {
        const seconds = Math.round((Date.now() - started) / 1000);
        item.status.textContent = `Reading and analysing… ${seconds} s (scanned pages take a while)`;
      }, 1000);
    };
    request.onerror = () => {
      finish(item, null, new ApiError("Could not reach the PolicyLens server. Check that it is running, then retry."));
      resolve();
    };
    request.onload = () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON (a proxy's error page): the status line says enough
      }
      if (request.status === 401 || request.status === 403) {
        // Back in the queue, first: it goes again once a key is given (pump says it waits).
        keyNeeded = true;
        keyRefused = Boolean(apiKey());
        setApiKey("");
        queue.unshift(item);
        resolve();
        return;
      }
      const error = request.status === 200 ? null : apiError(request.status, request.statusText, body);
      if (request.status === 413 && body?.detail) error.message = `Too large: ${error.message}`;
      finish(item, error ? null : body, error);
      resolve();
    };
    request.send(form);
  });
}

/** Show what the server made of a file: its documents with their status, and any failures. */
function finish(item, answer, error) {
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

window.addEventListener("beforeunload", (event) => {
  // Leaving the page would drop the answers of uploads still on their way (not their work).
  if (running || queue.length) event.preventDefault();
});

export function createUploadView() {
  const input = el("input", {
    type: "file",
    id: "upload-files",
    multiple: true,
    class: "visually-hidden",
    tabindex: "-1",
    onchange: () => {
      add([...input.files]);
      input.value = ""; // the same files may be picked again
    },
  });
  const pick = el("button", { type: "button", class: "primary", text: "Choose files…", onclick: () => input.click() });
  const accepted = el("p", { id: "upload-accepted", class: "hint" });
  const zone = el(
    "div",
    { class: "drop-zone", "aria-describedby": "upload-accepted" },
    el("p", { class: "drop-title", text: "Drop files here" }),
    el("p", { class: "muted", text: "or" }),
    pick,
    input,
    accepted,
  );
  const replace = el("input", {
    type: "checkbox",
    id: "upload-replace",
    "aria-describedby": "upload-replace-hint",
    onchange: () => {
      replacing = replace.checked;
    },
  });
  replace.checked = replacing;
  const keyRefusal = el("p", {
    class: "error",
    role: "alert",
    hidden: true,
    text: "The server refused that API key. Check it and enter it again.",
  });
  const keyInput = el("input", {
    type: "password",
    id: "upload-key",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "upload-key-hint",
  });
  const keyForm = el(
    "form",
    {
      class: "key-form",
      hidden: true,
      onsubmit: (event) => {
        event.preventDefault();
        setApiKey(keyInput.value.trim());
        keyRefused = false;
        keyInput.value = "";
        pump();
        render();
      },
    },
    keyRefusal,
    el("label", { for: "upload-key", text: "API key" }),
    el("div", { class: "search-row" }, keyInput, el("button", { type: "submit", class: "primary", text: "Use this key" })),
    el("p", {
      id: "upload-key-hint",
      class: "hint",
      text: "This server needs its API key for uploads. It is kept in this browser tab only (session storage) and sent with each upload.",
    }),
  );
  const keyStatus = el("p", { class: "hint key-status", hidden: true });
  const forget = el("button", {
    type: "button",
    class: "link-button",
    text: "Forget the key",
    onclick: () => {
      setApiKey("");
      render();
    },
  });
  const summary = el("p", { class: "result-count", role: "status", "aria-live": "polite" });
  list ??= el("ol", { class: "upload-list", "aria-label": "Uploaded files" });

  function render() {
    const has = Boolean(apiKey());
    keyForm.hidden = !keyNeeded || has;
    keyRefusal.hidden = !keyRefused;
    keyStatus.hidden = !has;
    keyStatus.replaceChildren("An API key is set for this tab. ", forget);
    const counts = { done: 0, failed: 0, busy: 0, waiting: 0 };
    for (const item of items) {
      if (item.state === "done") counts.done += 1;
      else if (item.state === "failed") counts.failed += 1;
      else if (item.state === "waiting") counts.waiting += 1;
      else counts.busy += 1;
    }
    const parts = [];
    if (counts.busy) parts.push(`${counts.busy} in progress`);
    if (counts.waiting) parts.push(`${counts.waiting} waiting for the API key`);
    if (counts.done) parts.push(`${counts.done} done`);
    if (counts.failed) parts.push(`${counts.failed} failed`);
    summary.textContent = items.length ? `${formatCount(items.length, "file")}: ${parts.join(", ")}.` : "";
  }

  function onDrop(event) {
    event.preventDefault();
    zone.classList.remove("dragging");
    const files = [];
    let folders = 0;
    for (const entry of event.dataTransfer?.items ?? []) {
      if (entry.kind !== "file") continue;
      if (entry.webkitGetAsEntry?.()?.isDirectory) folders += 1;
      else if (entry.getAsFile()) files.push(entry.getAsFile());
    }
    if (!event.dataTransfer?.items?.length) files.push(...(event.dataTransfer?.files ?? []));
    if (folders) alertFolders(folders);
    add(files);
  }

  const folderNote = el("p", { class: "hint", role: "alert", hidden: true });
  function alertFolders(count) {
    folderNote.textContent = `${formatCount(count, "folder")} left out: drop the files inside, or ingest folders with policylens ingest.`;
    folderNote.hidden = false;
  }

  zone.addEventListener("dragover", (event) => {
    event.preventDefault(); // without it the browser would open the file instead
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", onDrop);

  function mount(container) {
    onChange = render;
    container.append(
      el(
        "section",
        { class: "upload" },
        el("h1", { tabindex: "-1", text: "Upload documents" }),
        el("p", {
          class: "lead",
          text: "Each file is read (scans through OCR), analysed and indexed; its documents are then found by search.",
        }),
        el(
          "div",
          { class: "upload-options" },
          el("label", { class: "check", for: "upload-replace" }, replace, "Replace documents with the same name"),
          el("p", {
            id: "upload-replace-hint",
            class: "hint",
            text: "Off: a file whose name another upload holds with other content is kept beside it (report~2.pdf); the same content again changes nothing.",
          }),
        ),
        keyForm,
        keyStatus,
        zone,
        folderNote,
        summary,
        list,
      ),
    );
    render();
  }

  async function update(_params, { signal }) {
    document.title = "Upload · PolicyLens";
    if (!formats) {
      try {
        formats = await getJSON("/api/documents/upload/formats", {}, { signal });
        keyNeeded ||= formats.key_required;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 401 || error.status === 403) keyNeeded = true;
        accepted.textContent = "The server did not say which files it reads: it will tell for each file sent.";
        render();
        return;
      }
    }
    accepted.textContent = `Reads ${formats.suffixes.join(", ")}; up to ${megabytes(formats.max_request_bytes)} per file.`;
    input.accept = formats.suffixes.join(",");
    render();
  }

  return { mount, update };
}
