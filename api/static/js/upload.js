// The upload page (#/upload): drop or pick files of any format the API reads, give the API key
// when the server asks for one, and follow each file (upload-item.js) as the uploads of this
// tab (upload-queue.js) send it; a line sums them up. Files are checked against what the
// server says it reads before any is sent.

import { ApiError, apiKey, getJSON, setApiKey } from "./api.js";
import { megabytes } from "./upload-item.js";
import { add, pump, uploads } from "./upload-queue.js";
import { el, formatCount } from "./util.js";

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
      uploads.replacing = replace.checked;
    },
  });
  replace.checked = uploads.replacing;
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
        uploads.keyRefused = false;
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
  uploads.list ??= el("ol", { class: "upload-list", "aria-label": "Uploaded files" });

  function render() {
    const has = Boolean(apiKey());
    keyForm.hidden = !uploads.keyNeeded || has;
    keyRefusal.hidden = !uploads.keyRefused;
    keyStatus.hidden = !has;
    keyStatus.replaceChildren("An API key is set for this tab. ", forget);
    const counts = { done: 0, failed: 0, busy: 0, waiting: 0 };
    for (const item of uploads.items) {
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
    const { length } = uploads.items;
    summary.textContent = length ? `${formatCount(length, "file")}: ${parts.join(", ")}.` : "";
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
    uploads.onChange = render;
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
        uploads.list,
      ),
    );
    render();
  }

  async function update(_params, { signal }) {
    document.title = "Upload · PolicyLens";
    if (!uploads.formats) {
      try {
        uploads.formats = await getJSON("/api/documents/upload/formats", {}, { signal });
        uploads.keyNeeded ||= uploads.formats.key_required;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 401 || error.status === 403) uploads.keyNeeded = true;
        accepted.textContent = "The server did not say which files it reads: it will tell for each file sent.";
        render();
        return;
      }
    }
    const { formats } = uploads;
    accepted.textContent = `Reads ${formats.suffixes.join(", ")}; up to ${megabytes(formats.max_request_bytes)} per file.`;
    input.accept = formats.suffixes.join(",");
    render();
  }

  return { mount, update };
}
