/**
 * @module A plan's progress by quarter, one row per measure and reporting quarter, read through the `WebSource`
 * as the measure page reads it: the quarter's status from the plan tree, and what the executors wrote (actuals,
 * money spent, narrative) from the quarter's report stream, the last `ProgressRecorded` of each measure winning.
 * The spreadsheets and the quarterly report are encodings of these rows; the words are Ukrainian, as filed.
 */
import type { MeasureStatus, ProgressEntry, ReportSlot } from "@planledger/projections";
import { slotLabel, statusLabel } from "../components/labels.js";
import { formatNumber, formatQuarter } from "../i18n/format.js";
import type { ViewMoment, WebSource } from "../web-source.js";
import { type Cell, MONEY_FORMAT, number, type Sheet, text } from "./sheet.js";

export interface Figure {
  readonly value: number;
  readonly unit: string;
}

export interface Spent {
  readonly source: string;
  /** тис. грн */
  readonly amount: number;
}

export interface ProgressRow {
  readonly measureId: string;
  readonly section: { readonly label: string; readonly title: string };
  readonly task: { readonly label: string; readonly title: string };
  readonly label: string;
  readonly title: string;
  /** "Служба у справах дітей; Головне управління Національної поліції (за згодою)" */
  readonly executors: string;
  readonly term: string;
  readonly year: number;
  readonly quarter: number;
  /** `I кв. 2026` */
  readonly quarterLabel: string;
  readonly status: MeasureStatus;
  /** The status in words: `виконано`, `не звітовано`, … */
  readonly statusText: string;
  /** Cumulative, as at the end of the quarter (станом на кінець кварталу). */
  readonly actuals: ReadonlyArray<Figure>;
  readonly targets: ReadonlyArray<Figure>;
  /**
   * Since the start of the report's year (з початку року), by funding source in the order the report gives
   * them; one source given twice (for two executors) is added up.
   */
  readonly spent: ReadonlyArray<Spent>;
  readonly narrative: string;
  /** Where the quarter's report stands: `подано`, `прийнято`, `чернетка`, `не подано в строк`, … */
  readonly reportText: string;
  readonly reportState: ReportSlot | null;
  /** Whether the figures came from a report marked as sample (demo) data. */
  readonly sample: boolean;
}

export interface PlanProgress {
  readonly planId: string;
  readonly title: string | null;
  readonly issuer: string | null;
  readonly order: { readonly number: string | null; readonly date: string | null };
  readonly owner: string;
  /** The day the statuses were evaluated at (`YYYY-MM-DD`). */
  readonly at: string;
  /** Measure by measure in the plan's order, each measure's quarters oldest first. */
  readonly rows: ReadonlyArray<ProgressRow>;
}

/** `12 сімей; 3 заходи` (thin-spaced thousands, decimal comma), or an empty string. */
export const figuresText = (figures: ReadonlyArray<Figure>): string =>
  figures.map((f) => `${formatNumber(f.value, "uk")} ${f.unit}`.trim()).join("; ");

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** Spending lines summed per source, first-seen order kept. */
const bySource = (lines: ReadonlyArray<{ readonly source: string; readonly amount: number }>): Spent[] => {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.source, (sums.get(l.source) ?? 0) + l.amount);
  return [...sums].map(([source, amount]) => ({ source, amount: round3(amount) }));
};

/**
 * Every measure × reporting quarter of a plan, with what its reports say.
 * Throws `PlanNotFound` (a tag of @planledger/projections) when the plan is not held here.
 *
 * @example
 * const p = await planProgress(source, "luhanska.852.2021-01-15");
 * p.rows[0] // { label: "1)", quarterLabel: "I кв. 2021", statusText: "виконано", actuals: [{ value: 12, unit: "сімей" }], … }
 */
export const planProgress = async (source: WebSource, planId: string, view: ViewMoment = {}): Promise<PlanProgress> => {
  const [tree, calendar] = await Promise.all([source.planTree(planId, view), source.reports(planId, view)]);
  // One read of each quarter's report from the read model (as of the same moment), shared by every measure.
  const reports = new Map<string, Promise<Map<string, ProgressEntry>>>();
  const progressIn = (reportId: string) => {
    let found = reports.get(reportId);
    if (found === undefined) {
      found = source.report(reportId, view).then((report) => new Map((report?.progress ?? []).map((r) => [r.measureId, r.entry])));
      reports.set(reportId, found);
    }
    return found;
  };
  const rows: ProgressRow[] = [];
  for (const s of tree.sections)
    for (const t of s.tasks)
      for (const m of t.measures)
        for (const period of m.periods) {
          const entry = calendar.periods.find((p) => p.year === period.year && p.quarter === period.quarter);
          const progress = entry?.reportId ? (await progressIn(entry.reportId)).get(m.measureId) : undefined;
          rows.push({
            measureId: m.measureId,
            section: { label: s.label, title: s.title },
            task: { label: t.label, title: t.title },
            label: m.label,
            title: m.title,
            executors: m.executors.map((e) => (e.byConsent ? `${e.name} (за згодою)` : e.name)).join("; "),
            term: m.term.text,
            year: period.year,
            quarter: period.quarter,
            quarterLabel: formatQuarter(period.year, period.quarter, "uk"),
            status: period.status,
            statusText: statusLabel(period.status, "uk"),
            actuals: progress?.actuals ?? [],
            targets: m.indicator.targets,
            spent: bySource(progress?.spent ?? []),
            narrative: progress?.narrative ?? "",
            reportText: entry === undefined ? "" : slotLabel(entry.state, "uk"),
            reportState: entry?.state ?? null,
            sample: progress?.sample ?? false,
          });
        }
  return { planId: tree.id, title: tree.title, issuer: tree.issuer, order: tree.order, owner: tree.owner, at: tree.at, rows };
};

const labelled = (part: { readonly label: string; readonly title: string }): string => `${part.label} ${part.title}`.trim();

/**
 * The rows as the sheet «Виконання»: one column per funding source met in the plan's reports, numbers as numbers.
 *
 * @example progressSheet(p).columns.map((c) => c.header) // ["Розділ", "Завдання", "№ заходу", "Захід", …]
 */
export const progressSheet = (progress: PlanProgress): Sheet => {
  const sources = [...new Set(progress.rows.flatMap((r) => r.spent.map((s) => s.source)))];
  const columns = [
    text("Розділ", 28),
    text("Завдання", 30),
    text("№ заходу", 9),
    text("Захід", 50),
    text("Виконавці", 30),
    text("Строк", 18),
    text("Квартал", 12),
    text("Стан", 14),
    text("Факт (станом на кінець кварталу)", 24),
    text("Ціль", 22),
    number("Використано з початку року, тис. грн", 16, MONEY_FORMAT),
    ...sources.map((s) => number(`у т. ч. ${s}, тис. грн`, 16, MONEY_FORMAT)),
    text("Пояснення", 60),
    text("Звіт плану за квартал", 16),
    text("Ідентифікатор заходу", 32),
  ];
  const rows = progress.rows.map((r): Cell[] => {
    const spentBy = new Map(r.spent.map((s) => [s.source, s.amount]));
    return [
      labelled(r.section),
      labelled(r.task),
      r.label,
      r.title,
      r.executors,
      r.term,
      r.quarterLabel,
      r.statusText,
      figuresText(r.actuals),
      figuresText(r.targets),
      r.spent.length === 0 ? null : round3(r.spent.reduce((a, s) => a + s.amount, 0)),
      ...sources.map((s) => spentBy.get(s) ?? null),
      r.sample ? `${r.narrative} (зразкові дані)`.trim() : r.narrative,
      r.reportText,
      r.measureId,
    ];
  });
  return { name: "Виконання", title: `Виконання: ${progress.title ?? progress.planId}`, columns, rows };
};
