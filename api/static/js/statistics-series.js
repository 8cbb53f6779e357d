// The statistics view's series: figures of one unit and rate (`per`) are comparable, others are
// not, so each (unit, per) is a series of its own, one shown at a time. Here: their names, the
// picker of the series shown, and the note of what is left out of it and why (other series,
// figures of no country, figures of no year), with counts.

import { el, formatCount, formatNumber } from "./util.js";

export const NO_PER = "none"; // the `per` of figures that are no rate, as the API takes it

export const perKey = (per) => (per === null || per === undefined ? NO_PER : String(per));
export const sameSeries = (a, b) => a.unit === b.unit && perKey(a.per) === perKey(b.per);

/** A series by its unit and rate: "count", "percent", "EUR per day", "count per 100,000". */
export function seriesName(series) {
  const per = perKey(series.per);
  if (per === NO_PER) return series.unit;
  return `${series.unit} per ${/^\d+$/.test(per) ? formatNumber(Number(per)) : per}`;
}

/** "6 counts", "12 figures in percent", "3 figures in count per 100,000". */
export function figuresIn(series, figures) {
  if (series.unit === "count" && perKey(series.per) === NO_PER) return formatCount(figures, "count");
  return `${formatCount(figures, "figure")} in ${seriesName(series)}`;
}

/** How many of a series' figures are in no cell: those of no country, or of no year. */
export function unplaced(summary, shown) {
  return summary.left_out
    .filter((entry) => entry.reason !== "other_series" && sameSeries(entry, shown))
    .reduce((sum, entry) => sum + entry.figures, 0);
}

/** Buttons, one per series, the one shown pressed; hidden when there is only one. */
export function createSeriesPicker({ onPick }) {
  const element = el("div", { class: "series-picker", role: "group", "aria-label": "Series shown" });

  function render(series, shown) {
    element.hidden = series.length < 2;
    element.replaceChildren();
    if (element.hidden) return;
    element.append(
      el("span", { class: "series-label", text: "Unit and rate:" }),
      ...series.map((entry) =>
        el(
          "button",
          {
            type: "button",
            class: "series-option",
            "aria-pressed": entry === shown ? "true" : "false",
            dataset: { unit: entry.unit, per: perKey(entry.per) },
            onclick: () => onPick(entry),
          },
          el("span", { class: "facet-name", text: seriesName(entry) }),
          el("span", { class: "facet-count", text: formatCount(entry.figures, "figure") }),
        ),
      ),
    );
  }

  return { element, render };
}

/** The note of what the series shown leaves out, and why, in plain words. */
export function createLeftOut({ onPick }) {
  const element = el("section", { class: "left-out", "aria-label": "Left out", hidden: true });

  /** `wanted`: a series the address asked for that none of the figures is in, if so. */
  function render(summary, shown, wanted = null) {
    const items = [];
    if (wanted) {
      const instead = shown ? `: the ${seriesName(shown)} ones are shown` : "";
      items.push(el("li", { text: `No figures in ${seriesName(wanted)} match${instead}.` }));
    }
    const unlike = (entry) => (entry.unit !== shown?.unit ? "another unit" : "another rate");
    for (const other of summary.series) {
      if (other === shown) continue;
      const what = figuresIn(other, other.figures);
      items.push(
        el(
          "li",
          {},
          `${what} left out: ${unlike(other)}. `,
          el("button", {
            type: "button",
            class: "link-button",
            text: "Show them",
            "aria-label": `Show them: ${what}`,
            onclick: () => onPick(other),
          }),
        ),
      );
    }
    for (const entry of summary.left_out) {
      let why;
      if (entry.reason === "other_series") why = unlike(entry); // past the most series asked for
      else if (!shown || !sameSeries(entry, shown)) continue;
      else if (entry.reason === "no_country") why = "their document is about no country";
      else why = "no year (no as-of date, and their document has no publication date)";
      items.push(el("li", { text: `${figuresIn(entry, entry.figures)} left out: ${why}.` }));
    }
    element.hidden = !items.length;
    element.replaceChildren(el("h3", { class: "left-out-title", text: "Left out" }), el("ul", {}, items));
  }

  return { element, render };
}
