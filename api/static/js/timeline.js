// The search page's timeline: how many of the matching documents were published each month
// (the API's `published_month` facet), as a bar chart; dragging across it, or picking a month
// in its table, narrows the search to those months (published_from / published_to).

import { baseOption, COLORS, createChartPlace, dataTable } from "./charts.js";
import { el, formatCount } from "./util.js";

// Past this many months from the first to the last, one bar per month gets too thin to see or
// to pick: the chart shows years instead (a stray date decades off would otherwise do it).
const MAX_MONTH_BARS = 240;
const MONTH = /^(\d{4})-(\d{2})$/;
const monthFormat = new Intl.DateTimeFormat("en", { month: "short", year: "numeric", timeZone: "UTC" });
const longMonthFormat = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" });

const pad = (number) => String(number).padStart(2, "0");
const lastDay = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Bars from the facet: one per month from the first to the last (months without documents
 * included, so time runs evenly), or one per year when that is too many. Each bin knows its
 * label and the first and last day it covers.
 */
export function timelineBins(facet) {
  const counts = new Map();
  for (const { value, count } of facet) {
    if (MONTH.test(value)) counts.set(value, (counts.get(value) ?? 0) + count);
  }
  if (!counts.size) return [];
  const keys = [...counts.keys()].sort();
  const [firstYear, firstMonth] = keys[0].match(MONTH).slice(1).map(Number);
  const [lastYear, lastMonth] = keys.at(-1).match(MONTH).slice(1).map(Number);
  const span = (lastYear - firstYear) * 12 + (lastMonth - firstMonth) + 1;
  const bins = [];
  if (span <= MAX_MONTH_BARS) {
    for (let index = 0; index < span; index += 1) {
      const year = firstYear + Math.floor((firstMonth - 1 + index) / 12);
      const month = ((firstMonth - 1 + index) % 12) + 1;
      const key = `${year}-${pad(month)}`;
      const date = new Date(Date.UTC(year, month - 1, 1));
      bins.push({
        key,
        label: monthFormat.format(date),
        longLabel: longMonthFormat.format(date),
        from: `${key}-01`,
        to: `${key}-${pad(lastDay(year, month))}`,
        count: counts.get(key) ?? 0,
      });
    }
  } else {
    for (let year = firstYear; year <= lastYear; year += 1) {
      const count = keys.filter((key) => key.startsWith(`${year}-`)).reduce((sum, key) => sum + counts.get(key), 0);
      const label = String(year);
      bins.push({ key: label, label, longLabel: label, from: `${year}-01-01`, to: `${year}-12-31`, count });
    }
  }
  return bins;
}

/** The chart's description for screen readers: what it shows, its span and its peak. */
function describe(bins, byYear) {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  const peak = bins.reduce((best, bin) => (bin.count > best.count ? bin : best), bins[0]);
  const unit = byYear ? "year" : "month";
  return (
    `Bar chart of documents per ${unit} of publication, ${bins[0].longLabel} to ${bins.at(-1).longLabel}: ` +
    `${formatCount(total, "dated document")}, the most in ${peak.longLabel} (${peak.count}). ` +
    "The numbers are in the table under the chart."
  );
}

export function createTimeline({ onRange }) {
  const clearDates = el("button", {
    type: "button",
    class: "link-button",
    hidden: true,
    text: "Show all dates",
    onclick: () => onRange(null, null),
  });
  const hint = el("p", { id: "timeline-hint", class: "hint" });
  const box = el("div", { class: "timeline-chart", "aria-describedby": "timeline-hint" });
  const note = el("p", { class: "muted timeline-note", hidden: true });
  const tableSlot = el("div", { class: "timeline-table" });
  const element = el(
    "section",
    { class: "timeline", "aria-labelledby": "timeline-title", hidden: true },
    el(
      "div",
      { class: "timeline-head" },
      el("h3", { id: "timeline-title", class: "timeline-title", text: "Publication dates" }),
      clearDates,
    ),
    hint,
    box,
    note,
    tableSlot,
  );
  let bins = [];
  const place = createChartPlace(box, (chart) => {
    chart.on("brushEnd", onBrush);
    chart.on("click", (params) => {
      const bin = bins[params.dataIndex];
      if (params.componentType === "series" && bin) onRange(bin.from, bin.to);
    });
  });

  function hide() {
    element.hidden = true;
  }

  /** `facet`: the published_month values; `sampled`: counts are estimates; `dated`: whether a
   * date filter is on (then "Show all dates" lifts it). */
  async function render(facet, { total, sampled = false, dated = false, signal } = {}) {
    if (!total) return hide();
    element.hidden = false;
    clearDates.hidden = !dated;
    bins = timelineBins(facet);
    const byYear = bins.length > 0 && !MONTH.test(bins[0].key);
    const approximate = (count) => (sampled ? `≈${count}` : String(count));
    const shown = bins.reduce((sum, bin) => sum + bin.count, 0);
    note.hidden = true;
    if (!sampled && shown < total) {
      const undated = total - shown;
      note.textContent = `${formatCount(undated, "document")} ${undated === 1 ? "has" : "have"} no publication date.`;
      note.hidden = false;
    } else if (sampled) {
      note.textContent = "Counts estimated from a sample of the results.";
      note.hidden = false;
    }
    // One bar is no timeline (nothing to drag across): a sentence says it.
    if (bins.length < 2) {
      place.remove();
      box.hidden = true;
      tableSlot.replaceChildren();
      if (!bins.length) hint.textContent = "None of these documents has a publication date.";
      else if (shown === 1) hint.textContent = `The one dated document was published in ${bins[0].longLabel}.`;
      else hint.textContent = `${sampled ? "About " : ""}${shown} dated documents, all published in ${bins[0].longLabel}.`;
      return;
    }
    box.hidden = false;
    const unitName = byYear ? "year" : "month";
    hint.textContent = dragsToBrush()
      ? `Drag across the bars to show only the documents of those ${unitName}s, or pick one in the table.`
      : `Tap a bar to show only the documents of its ${unitName}, or pick one in the table.`;
    const unit = byYear ? "Year" : "Month";
    const table = dataTable({
      caption: `Documents per ${unit.toLowerCase()} of publication`,
      columns: [unit, "Documents"],
      rows: bins
        .filter((bin) => bin.count > 0)
        .map((bin) => [
          el("button", {
            type: "button",
            class: "link-button",
            "aria-label": `Show only documents published in ${bin.longLabel}`,
            text: bin.label,
            dataset: { from: bin.from, to: bin.to },
            onclick: () => onRange(bin.from, bin.to),
          }),
          approximate(bin.count),
        ]),
    });
    tableSlot.replaceChildren(table);

    const chart = await place.draw(option(bins, describe(bins, byYear), sampled), {
      signal,
      onMissing: () => {
        hint.textContent = `Pick a ${unit.toLowerCase()} in the table to show only its documents.`;
        table.open = true;
      },
    });
    if (!chart) return;
    // The last drag's range outlives the new data (bars outside it stay faded): the filter it
    // set is now the whole chart, so it goes.
    chart.dispatchAction({ type: "brush", areas: [] });
    // Dragging draws the range at once, with no toolbox button to press first; not on a touch
    // screen, where a drag over the chart is the reader scrolling the page.
    if (dragsToBrush()) {
      chart.dispatchAction({
        type: "takeGlobalCursor",
        key: "brush",
        brushOption: { brushType: "lineX", brushMode: "single" },
      });
    }
  }

  /** A drag across the chart: the first and last bar it covers become the date filter. */
  function onBrush(event) {
    const range = event.areas?.[0]?.coordRange;
    if (!range || !bins.length) return;
    const first = Math.max(0, Math.min(bins.length - 1, Math.round(Math.min(...range))));
    const last = Math.max(0, Math.min(bins.length - 1, Math.round(Math.max(...range))));
    onRange(bins[first].from, bins[last].to);
  }

  return { element, render, hide };
}

/** Whether a drag over the chart sets a range: with a mouse or pen, not a finger. */
const dragsToBrush = () => !window.matchMedia("(pointer: coarse)").matches;

function option(bins, description, sampled) {
  const prefix = sampled ? "≈" : "";
  return {
    ...baseOption(description),
    grid: { left: 8, right: 12, top: 28, bottom: 10, containLabel: true },
    // The brush's own buttons stay hidden: dragging on the chart is the one gesture.
    toolbox: { show: false },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      // Built from our own labels and numbers only, so the HTML tooltip shows no API text.
      formatter: (items) => {
        const bin = bins[items[0].dataIndex];
        return `${bin.longLabel}: ${prefix}${formatCount(bin.count, "document")}`;
      },
    },
    xAxis: {
      type: "category",
      data: bins.map((bin) => bin.label),
      axisTick: { alignWithLabel: true },
      axisLine: { lineStyle: { color: COLORS.line } },
      axisLabel: { color: COLORS.muted, hideOverlap: true },
    },
    yAxis: {
      type: "value",
      name: "Documents",
      nameLocation: "end",
      nameTextStyle: { color: COLORS.muted, align: "left", padding: [0, 0, 0, -4] },
      minInterval: 1,
      axisLabel: { color: COLORS.muted },
      splitLine: { lineStyle: { color: COLORS.line } },
    },
    series: [
      {
        type: "bar",
        name: "Documents",
        data: bins.map((bin) => bin.count),
        barMaxWidth: 32,
        itemStyle: { borderRadius: [2, 2, 0, 0] },
      },
    ],
    brush: {
      xAxisIndex: 0,
      brushType: "lineX",
      brushMode: "single",
      transformable: false,
      brushStyle: { color: "rgba(26, 95, 180, 0.15)", borderColor: COLORS.accent, borderWidth: 1 },
      outOfBrush: { colorAlpha: 0.35 },
    },
  };
}
