// Charts: the one module that knows the chart library, Apache ECharts, which `make vendor`
// installs from npm into /vendor/echarts/ (never a CDN). Views get it from here, loaded on
// first use, with the house look; every chart comes with its numbers as a table (a toggle
// under it), for screen readers and for anyone who wants the exact counts. When the file is
// missing (a server started without make), the chart's place says so and the table opens.

import { el } from "./util.js";

const LIBRARY_URL = "/vendor/echarts/echarts.esm.min.js";

// The house style's colours and font (style.css): charts are drawn as SVG, so their text is
// the page's font, crisp at any zoom and in screenshots.
export const COLORS = { accent: "#1a5fb4", accentSoft: "#e8f0fa", text: "#1d2125", muted: "#5c6670", line: "#d9dee3" };
// Charts of several series (a line per country) colour them in this order: the house blue, then
// Okabe and Ito's colour-blind-safe hues (their yellow left out: unreadable on white), the text
// colour and a brown. Each series also gets a point shape of its own, so that no reader needs
// the colours to tell the lines apart.
export const SERIES_COLORS = [COLORS.accent, "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", COLORS.text, "#8a5a00"];
export const SERIES_SYMBOLS = [
  "circle",
  "rect",
  "triangle",
  "diamond",
  "emptyCircle",
  "emptyRect",
  "emptyTriangle",
  "emptyDiamond",
];
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';

class ChartsUnavailable extends Error {
  constructor(cause) {
    super(
      `The chart library is missing (${LIBRARY_URL} did not load). ` +
        "Run make vendor (make run does it) and reload; the numbers are in the table below.",
    );
    this.name = "ChartsUnavailable";
    this.cause = cause;
  }
}

let loading = null;

/** The ECharts module, loaded once; rejects with ChartsUnavailable when it cannot be had. */
function loadCharts() {
  loading ??= import(LIBRARY_URL).catch((error) => {
    loading = null; // the next chart tries again: `make vendor` may have run meanwhile
    throw new ChartsUnavailable(error);
  });
  return loading;
}

/** Options every chart shares: the house font and colours (`colors`: the series', in order),
 * no animation (a chart that moves while it is read, or screenshotted, helps nobody), and
 * ECharts' ARIA description. */
export function baseOption(description, colors = [COLORS.accent]) {
  return {
    animation: false,
    color: colors,
    textStyle: { fontFamily: FONT, color: COLORS.text, fontSize: 12 },
    aria: { enabled: true, label: { description } },
  };
}

/**
 * A chart drawn in `container` (SVG), resized with it and disposed of when the container
 * leaves the page. `setOption` and the event handlers are ECharts' own. The container is an
 * image to assistive technology, named by the ARIA description ECharts writes on it (its
 * inner SVG would read as a jumble of axis numbers); the table under it holds the data.
 */
function createChart(charts, container) {
  const chart = charts.init(container, null, { renderer: "svg" });
  container.setAttribute("role", "img");
  const observer = new ResizeObserver(() => {
    if (chart.isDisposed()) {
      observer.disconnect();
    } else if (!container.isConnected) {
      observer.disconnect();
      chart.dispose();
    } else {
      chart.resize();
    }
  });
  observer.observe(container);
  return chart;
}

/** The message shown where a chart could not be drawn. */
function chartMissing(error) {
  const message = error instanceof ChartsUnavailable ? error.message : `The chart could not be drawn: ${error.message}`;
  return el("p", { class: "chart-missing", role: "note", text: message });
}

/**
 * A chart's place on the page, `box`. `draw(option, { signal, onMissing })` shows `option`
 * (replacing what was shown) and resolves to the chart, made on first use (`setup(chart)`
 * then adds its handlers), or to null when there is none
 * to draw on: `signal` was aborted while the library loaded, or the library is missing, when
 * the message takes the chart's place and `onMissing()` lets the view point at its table.
 * `remove()` takes the chart away (the box goes back to plain content).
 */
export function createChartPlace(box, setup = () => {}) {
  let chart = null;

  function remove() {
    if (chart && !chart.isDisposed()) chart.dispose();
    chart = null;
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
  }

  async function draw(option, { signal, onMissing = () => {} } = {}) {
    let charts;
    try {
      charts = await loadCharts();
    } catch (error) {
      remove();
      box.replaceChildren(chartMissing(error));
      box.classList.add("missing");
      onMissing();
      return null;
    }
    if (signal?.aborted) return null;
    box.classList.remove("missing");
    if (!chart || chart.isDisposed()) {
      box.replaceChildren();
      chart = createChart(charts, box);
      setup(chart);
    }
    // New data gets new bars: ECharts would otherwise reuse the old bar of the same name with
    // its state, and a bar hovered when the pointer left mid-drag stayed highlighted.
    chart.clear();
    chart.setOption(option, { notMerge: true });
    return chart;
  }

  return { draw, remove };
}

/**
 * A chart's numbers as a table behind a toggle: `columns` are header texts, each row a list
 * of cells (strings or nodes). The first column holds the row's headers.
 */
export function dataTable({ summary = "Show the numbers as a table", caption, columns, rows }) {
  const table = el(
    "table",
    { class: "data-table" },
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, columns.map((text) => el("th", { scope: "col", text })))),
    el(
      "tbody",
      {},
      rows.map(([first, ...rest]) =>
        el("tr", {}, el("th", { scope: "row" }, first), rest.map((cell) => el("td", {}, cell))),
      ),
    ),
  );
  return el("details", { class: "chart-data" }, el("summary", { text: summary }), el("div", { class: "data-table-wrap" }, table));
}
