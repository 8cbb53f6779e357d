// The uploads of this browser tab: every file given, sent AT_ONCE at a time, each in a request
// of its own, so each has its own progress, its own answer and its own failure (one bad or
// oversized file, or one long OCR, holds up no other), and each gets the server's whole time
// budget (max_request_seconds) to itself. A server that wants its API key has the files wait
// for it. All of this outlives the upload page: going to a document and back finds it as it was.

import { ApiError, apiError, apiHeaders, apiKey, setApiKey } from "./api.js";
import { analysing, createItem, finish, megabytes, setState } from "./upload-item.js";

// Files sent at once: the server reads and analyses on its cores (two here); more at once
// would only queue there, and slow everyone's searches meanwhile.
const AT_ONCE = 2;

/** What the page shows and sets, kept across its visits. */
export const uploads = {
  items: [], // every file of this session's uploads, oldest first
  formats: null, // what the server takes (GET /api/documents/upload/formats), once known
  keyNeeded: false, // the server said so (formats, or a 401/403 answer)
  keyRefused: false, // the last key given was refused
  replacing: false, // the "replace documents with the same name" box
  list: null, // the <ol> of items
  onChange: () => {}, // the mounted page's summary and key field follow the items
};
const queue = []; // items waiting for a free slot
let running = 0;

function suffixOf(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

/** Why the server would refuse this file, known before sending it; null when it may go. */
function refusal(file) {
  const { formats } = uploads;
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

export function add(files) {
  for (const file of files) {
    const item = createItem(file, () => uploads.onChange());
    uploads.items.push(item);
    uploads.list?.append(item.node);
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

/** Send what waits, as slots free up; or have it wait for the API key. */
export function pump() {
  if (uploads.keyNeeded && !apiKey()) {
    const text = uploads.keyRefused
      ? "The server refused the API key: enter it again above."
      : "Waiting for the API key (above).";
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
    request.open("POST", `/api/documents/upload?replace=${uploads.replacing}`);
    for (const [header, value] of Object.entries(apiHeaders())) request.setRequestHeader(header, value);
    item.progress.value = 0;
    setState(item, "sending", "Sending… 0 %");
    request.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      const percent = Math.round((event.loaded / event.total) * 100);
      item.progress.value = percent;
      item.status.textContent = `Sending… ${percent} %`;
    };
    request.upload.onload = () => analysing(item);
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
        uploads.keyNeeded = true;
        uploads.keyRefused = Boolean(apiKey());
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

window.addEventListener("beforeunload", (event) => {
  // Leaving the page would drop the answers of uploads still on their way (not their work).
  if (running || queue.length) event.preventDefault();
});
