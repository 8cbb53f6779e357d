// The statistics view's chart: one series' median per year, one line (with its points) per
// country, drawn through charts.js (the one module that knows the chart library). A point
// opens the figures of its country and year, as the table's numbers do. When the medians span
// orders of magnitude (a national total beside a city's count), a logarithmic scale is offered.

import { baseOption, COLORS, createChartPlace, SERIES_COLORS, SERIES_SYMBOLS } from "./charts.js";
import { countryName, el, formatNumber } from "./util.js";

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
/** Axis numbers: 1,572 as it is, 261,132 as 261.1K (the tooltip and the table give them whole). */
const axisNumber = (value) => (Math.abs(value) >= 10_000 ? compact.format(value) : formatNumber(value));

const HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** The tooltip is HTML: any text in it that is not our own is escaped. */
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

/** "median of 3 figures", or "1 figure" (a median of one is the figure). */
export function medianWords(count) {
  return count === 1 ? "1 figure" : `median of ${formatNumber(count)} figures`;
}

// Medians this many times apart put the small ones flat on the axis: a log scale is offered.
const LOG_RATIO = 100;

/** Whether a log scale can show the medians (all above zero) and helps (they span orders). */
function logHelps(model) {
  const values = [];
  for (const code of model.countries) {
    for (const year of model.years) {
      const median = model.cell(code, year)?.median;
      if (median !== null && median !== undefined) values.push(median);
    }
  }
  if (values.length < 2 || Math.min(...values) <= 0) return false;
  return Math.max(...values) / Math.min(...values) >= LOG_RATIO;
}

function describe(model, what) {
  const names = model.countries.map(countryName).join(", ");
  const [first, last] = [model.years[0], model.years.at(-1)];
  const years = first === last ? `in ${first}` : `from ${first} to ${last}`;
  return (
    `Line chart of the median ${what} per year ${years}, one line per country: ${names}. ` +
    "The numbers are in the table under the chart."
  );
}

/**
 * The chart's place on the page. `render(model, { what, axis, signal })`: `model` as
 * statistics.js builds it (countries, years, span, cell(country, year)), `what` says what the medians
 * are of (for the ARIA description), `axis` names the values' unit, `log` asks for a log scale
 * (drawn only where it can be: every median above zero). Resolves to whether a chart was drawn.
 */
export function createStatisticsChart({ onPick, onScale }) {
  const box = el("div", { class: "stats-chart" });
  const logBox = el("input", {
    type: "checkbox",
    id: "stats-log-scale",
    onchange: () => onScale(logBox.checked),
  });
  const scale = el(
    "label",
    {
      class: "check stats-scale",
      for: "stats-log-scale",
      title: "The medians are orders of magnitude apart: on a log scale, the small ones are not flat",
      hidden: true,
    },
    logBox,
    "Logarithmic scale",
  );
  const element = el("div", { class: "stats-chart-wrap" }, scale, box);
  let model = null;
  const place = createChartPlace(box, (chart) =>
    chart.on("click", (params) => {
      if (params.componentType !== "series" || !model) return;
      const year = model.span[params.dataIndex];
      if (model.cell(params.seriesId, year)) onPick(params.seriesId, year);
    }),
  );

  function hide() {
    element.hidden = true;
  }

  async function render(next, { what, axis, log = false, signal } = {}) {
    model = next;
    element.hidden = false;
    const offered = logHelps(model);
    scale.hidden = !offered;
    logBox.checked = offered && log;
    const chart = await place.draw(option(model, describe(model, what), axis, logBox.checked), {
      signal,
      onMissing: () => {
        scale.hidden = true;
      },
    });
    return chart !== null;
  }

  return { element, render, hide };
}

function option(model, description, axis, log) {
  const { span } = model;
  return {
    ...baseOption(description, SERIES_COLORS),
    grid: { left: 8, right: 24, top: 64, bottom: 8, containLabel: true },
    legend: {
      type: "scroll",
      top: 0,
      left: 0,
      itemGap: 18,
      textStyle: { color: COLORS.text, fontSize: 13 },
    },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "line", lineStyle: { color: COLORS.muted, type: "dashed" } },
      // Our own numbers and words; country names (from the browser's list, or a code the
      // API sent) escaped all the same.
      formatter: (items) => {
        const year = span[items[0].dataIndex];
        const lines = items.flatMap((item) => {
          const cell = model.cell(item.seriesId, year);
          if (!cell || cell.median === null) return [];
          const value = `<b>${escapeHtml(formatNumber(cell.median))}</b>`;
          return [`${item.marker}${escapeHtml(item.seriesName)}: ${value} (${medianWords(cell.count)})`];
        });
        return [`<b>${year}</b>`, ...(lines.length ? lines : ["No figures this year"])].join("<br>");
      },
    },
    xAxis: {
      type: "category",
      data: span.map(String),
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: COLORS.line } },
      axisLabel: { color: COLORS.muted, fontSize: 12, hideOverlap: true },
    },
    yAxis: {
      type: log ? "log" : "value",
      name: log ? `${axis} (log scale)` : axis,
      nameLocation: "end",
      nameGap: 14,
      nameTextStyle: { color: COLORS.muted, align: "left", padding: [0, 0, 0, -4] },
      axisLabel: { color: COLORS.muted, formatter: axisNumber },
      splitLine: { lineStyle: { color: COLORS.line } },
    },
    series: model.countries.map((code, index) => ({
      type: "line",
      id: code,
      name: countryName(code),
      // A year with no figures for the country is a gap the line runs across: its points are
      // the years that have figures.
      data: span.map((year) => model.cell(code, year)?.median ?? null),
      connectNulls: true,
      showSymbol: true,
      symbol: SERIES_SYMBOLS[index % SERIES_SYMBOLS.length],
      symbolSize: 10,
      lineStyle: { width: 2.5 },
      emphasis: { focus: "series" },
    })),
  };
}
