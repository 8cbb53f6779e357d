// The JSON API client. Every failure becomes an ApiError whose message is fit to show a person.

export class ApiError extends Error {
  constructor(message, { status = 0, code = "network_error" } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/**
 * "/api/x?..." from a path and params: an object (arrays repeat the key) or a list of
 * [key, value] entries. Empty values are left out.
 */
export function apiUrl(path, params = {}) {
  const entries = Array.isArray(params)
    ? params
    : Object.entries(params).flatMap(([key, value]) =>
        (Array.isArray(value) ? value : [value]).map((item) => [key, item]),
      );
  const query = new URLSearchParams();
  for (const [key, value] of entries) {
    if (value !== undefined && value !== null && value !== "") query.append(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The `detail` of an error body as one line: a string, or the fields a 422 names. */
function describe(detail) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((item) => {
        if (!item || typeof item !== "object") return String(item);
        const field = String(item.field ?? "").replace(/^query\./, "");
        return field ? `${field}: ${item.message}` : String(item.message);
      })
      .join("; ");
  }
  return detail === undefined ? "" : JSON.stringify(detail);
}

const KEY_STORE = "policylens.apiKey";

/**
 * The API key the reader gave (the upload page asks when the server says it needs one). It is
 * kept in sessionStorage only: gone when the tab closes, never written to disk by us.
 */
export function apiKey() {
  try {
    return sessionStorage.getItem(KEY_STORE) ?? "";
  } catch {
    return ""; // storage switched off: the key lives as long as the page
  }
}

export function setApiKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORE, key);
    else sessionStorage.removeItem(KEY_STORE);
  } catch {
    // storage switched off: nothing to keep it in
  }
}

/** Headers for an API request: JSON wanted, and the key when there is one (reads may need
 * it on servers with read_requires_key). */
export function apiHeaders() {
  const key = apiKey();
  return key ? { Accept: "application/json", "X-API-Key": key } : { Accept: "application/json" };
}

/** An error answer's body as an ApiError with a message fit to show a person. */
export function apiError(status, statusText, body) {
  const detail = body && typeof body === "object" ? describe(body.detail) : "";
  const code = (body && body.error) || `http_${status}`;
  return new ApiError(detail || `The server answered ${status} ${statusText}.`, { status, code });
}

export async function getJSON(path, params = {}, { signal } = {}) {
  let response;
  try {
    response = await fetch(apiUrl(path, params), { signal, headers: apiHeaders() });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("Could not reach the PolicyLens server. Check that it is running, then retry.");
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    if (error.name === "AbortError") throw error;
    // A body that is not JSON (a proxy's error page, say) still gets a readable message below.
  }
  if (!response.ok) throw apiError(response.status, response.statusText, body);
  if (body === null) throw new ApiError("The server sent a response that is not JSON.");
  return body;
}

let overview = null;

/** Languages and countries over the whole index, for filter pickers; fetched once a session. */
export function corpusOverview() {
  overview ??= getJSON("/api/search", { limit: 0, facet_size: 200 }).catch((error) => {
    overview = null; // let a later call retry
    throw error;
  });
  return overview;
}

let thesaurus = null;

/** Every thesaurus concept (/api/topics), for topic pickers and names; fetched once a session. */
export function topicList() {
  thesaurus ??= getJSON("/api/topics").catch((error) => {
    thesaurus = null; // let a later call retry
    throw error;
  });
  return thesaurus;
}

let measures = null;

/** Every measure (/api/measures: what figures count), for measure pickers and names; fetched
 * once a session. Measures have labels as concepts do: topicLabel names them. */
export function measureList() {
  measures ??= getJSON("/api/measures").catch((error) => {
    measures = null; // let a later call retry
    throw error;
  });
  return measures;
}

/** A concept's preferred label in `language`, else English, else any; "" when it has none. */
export function topicLabel(concept, language = "en") {
  const labels = concept?.labels ?? {};
  const entry = labels[language] ?? labels.en ?? Object.values(labels)[0];
  return typeof entry === "string" ? entry : (entry?.pref ?? "");
}
