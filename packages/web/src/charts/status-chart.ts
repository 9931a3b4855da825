/**
 * @module Charts as data: a function from a view model to a Vega-Lite spec (tested as data), one palette of
 * statuses shared with the badges, and the text alternative each chart carries.
 */
import type { MeasureStatus } from "@planledger/projections";
import type { TopLevelSpec } from "vega-lite";
import { STATUS_ORDER, statusLabel } from "../components/labels.js";
import type { Lang } from "../i18n/lang.js";

/** The badges' colours (web.css), so a chart and the table beside it read alike. */
export const STATUS_COLOURS: Readonly<Record<MeasureStatus, string>> = {
  done: "#1a7f37",
  inProgress: "#0969da",
  planned: "#6e7781",
  notReported: "#8250df",
  overdue: "#bc4c00",
  notDone: "#cf222e",
  cancelled: "#8c959f",
};

/** One bar segment: how many measures of a group have a status. */
export interface StatusCount {
  readonly group: string;
  readonly status: MeasureStatus;
  readonly count: number;
}

export interface StatusChart {
  readonly spec: TopLevelSpec;
  /** A sentence per group, for screen readers and for anyone who would rather read. */
  readonly summary: string;
}

/**
 * A horizontal stacked bar per group (section, quarter, district), segments by status in a fixed order.
 *
 * @example statusBars([{ group: "I", status: "done", count: 3 }], { lang: "uk", title: "За розділами", axis: "Розділ" })
 */
export const statusBars = (
  rows: ReadonlyArray<StatusCount>,
  options: { readonly lang: Lang; readonly title: string; readonly axis: string; readonly sortGroups?: boolean },
): StatusChart => {
  const { lang } = options;
  const present = STATUS_ORDER.filter((s) => rows.some((r) => r.status === s && r.count > 0));
  const groups = [...new Set(rows.map((r) => r.group))];
  const values = rows
    .filter((r) => r.count > 0)
    .map((r) => ({ group: r.group, status: statusLabel(r.status, lang), order: STATUS_ORDER.indexOf(r.status), count: r.count }));
  const countWord = lang === "uk" ? "Заходів" : "Measures";
  const summary = groups
    .map((g) => {
      const parts = present
        .map((s) => ({ s, n: rows.filter((r) => r.group === g && r.status === s).reduce((a, r) => a + r.count, 0) }))
        .filter((p) => p.n > 0)
        .map((p) => `${statusLabel(p.s, lang)} ${p.n}`);
      return `${g}: ${parts.length === 0 ? "—" : parts.join(", ")}`;
    })
    .join("; ");
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: `${options.title}. ${summary}`,
    width: 520,
    height: { step: 22 },
    background: "white",
    config: { font: "DejaVu Sans, Arial, sans-serif", axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 180 }, legend: { labelFontSize: 12, titleFontSize: 12, orient: "bottom", columns: 3 } },
    data: { values },
    mark: { type: "bar" },
    encoding: {
      y: { field: "group", type: "nominal", title: options.axis, sort: options.sortGroups === false ? groups : "ascending" },
      x: { field: "count", type: "quantitative", title: countWord, stack: "zero", axis: { tickMinStep: 1, format: "d" } },
      color: {
        field: "status",
        type: "nominal",
        title: lang === "uk" ? "Стан" : "Status",
        scale: { domain: present.map((s) => statusLabel(s, lang)), range: present.map((s) => STATUS_COLOURS[s]) },
      },
      order: { field: "order", type: "quantitative" },
      tooltip: [
        { field: "group", type: "nominal", title: options.axis },
        { field: "status", type: "nominal", title: lang === "uk" ? "Стан" : "Status" },
        { field: "count", type: "quantitative", title: countWord },
      ],
    },
  };
  return { spec, summary };
};
