// Small DOM and formatting helpers shared by the views.
//
// Rule for the whole UI: text from the API only ever reaches the page through text nodes
// (el(), textContent). The one place markup from the API is honoured is snippetNodes(), which
// rebuilds `<b>` itself instead of handing the string to the HTML parser.

/** An element with attributes and children; strings become text nodes, never markup. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Append nodes or strings (as text); null, undefined and false are skipped. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Undo the server's HTML escaping of snippet text: named basics and numeric references. */
export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * A snippet (server HTML: escaped text, matched words in <b>) as DOM nodes.
 * Only the exact tags <b> and </b> are honoured; anything else stays literal text, so a stray
 * tag can never become markup even if the server's escaping were to fail.
 */
export function snippetNodes(html) {
  const fragment = document.createDocumentFragment();
  let target = fragment;
  for (const token of String(html).split(/(<\/?b>)/)) {
    if (token === "<b>") {
      if (target === fragment) target = fragment.appendChild(document.createElement("b"));
    } else if (token === "</b>") {
      target = fragment;
    } else if (token) {
      target.append(document.createTextNode(decodeEntities(token)));
    }
  }
  return fragment;
}

/**
 * Map code-point offsets (what the Python API counts) to UTF-16 offsets (what JS strings
 * count). They differ after any character outside the BMP, e.g. an emoji.
 */
export function codePointIndex(text) {
  if (!/[\ud800-\udfff]/.test(text)) return (offset) => offset;
  const units = [0];
  for (const char of text) units.push(units[units.length - 1] + char.length);
  return (offset) => units[Math.max(0, Math.min(offset, units.length - 1))];
}

const languageNames = safeDisplayNames("language");
const regionNames = safeDisplayNames("region");

function safeDisplayNames(type) {
  try {
    return new Intl.DisplayNames(["en"], { type });
  } catch {
    return null;
  }
}

function displayName(names, code) {
  if (!code) return "";
  try {
    return names?.of(code) ?? code;
  } catch {
    return code; // not a well-formed code: show it as it is
  }
}

/** Lower case without accents, for matching what a reader types against names and labels. */
export const fold = (text) =>
  String(text)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim();

export const languageName = (code) => displayName(languageNames, code);
export const countryName = (code) => displayName(regionNames, code);

export const LABELS = { PER: "People", ORG: "Organisations", LOC: "Places", MISC: "Other names" };
export const LABEL_SINGULAR = { PER: "Person", ORG: "Organisation", LOC: "Place", MISC: "Other" };

const numbers = new Intl.NumberFormat("en", { maximumFractionDigits: 4 });
export const formatNumber = (value) => (value === null || value === undefined ? "" : numbers.format(value));

export function formatCount(count, one, many = `${one}s`) {
  return `${numbers.format(count)} ${count === 1 ? one : many}`;
}

const QUALIFIER_WORDS = {
  approx: "approx.",
  more_than: "more than",
  less_than: "less than",
  at_least: "at least",
  up_to: "up to",
};

/** The number a figure states: a value, or a min–max range; "" when it has neither. */
export function figureNumber(figure) {
  if (figure.value !== null && figure.value !== undefined) return formatNumber(figure.value);
  if (figure.value_min !== null || figure.value_max !== null) {
    return `${formatNumber(figure.value_min)}–${formatNumber(figure.value_max)}`;
  }
  return "";
}

/** A figure as one readable phrase: "approx. 45 percent", "3 of 10 per week" (counts go unsaid). */
export function figureSummary(figure) {
  const parts = [];
  if (figure.qualifier) parts.push(qualifierWords(figure.qualifier));
  parts.push(figureNumber(figure) || "?");
  if (figure.of !== null && figure.of !== undefined) parts.push(`of ${formatNumber(figure.of)}`);
  if (figure.unit !== "count") parts.push(figure.unit);
  if (figure.per !== null && figure.per !== undefined) parts.push(`per ${figure.per}`);
  return parts.join(" ");
}

/** A figure row's sentence with the figure in bold, found by its text (the row has no sentence
 * offsets): nodes and strings for el(). */
export function sentenceWithFigure(row) {
  const at = row.sentence.indexOf(row.text);
  if (at < 0) return [row.sentence];
  return [row.sentence.slice(0, at), el("b", { text: row.text }), row.sentence.slice(at + row.text.length)];
}

export const qualifierWords = (qualifier) => QUALIFIER_WORDS[qualifier] ?? qualifier ?? "";

/** Only http(s) URLs become links: a document's `url` is user input. */
export function safeHttpUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function prefersReducedMotion() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** Go to a route; going to the address already shown reloads its view (a repeated search). */
export function navigate(hash) {
  if (location.hash === hash || (hash === "#/" && location.hash === "")) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = hash;
  }
}

/** A hash route from a path and params (URLSearchParams or entries); no "?" when empty. */
export function routeHash(path, params) {
  const query = new URLSearchParams(params).toString();
  return `#${path}${query ? `?${query}` : ""}`;
}
