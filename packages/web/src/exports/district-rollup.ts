/**
 * @module The oblast's roll-up per district, one row per regional measure and linked measure below it (a
 * district's, or a hromada's under it): the combined figure by the indicator's rule, and each contributor's
 * status, actuals and how fresh its data is. A measure nobody linked to has one row with the district cells
 * empty, so the sheet lists the whole plan.
 */
import { type ChildContribution, type Combined, type MeasureStatus, type RollupMeasure, rollupLookups } from "@planledger/projections";
import { statusLabel } from "../components/labels.js";
import { formatDateTime, formatNumber, formatPercent, formatQuarter } from "../i18n/format.js";
import { freshnessText } from "../pages/rollup-page.js";
import type { ViewMoment, WebSource } from "../web-source.js";
import { figuresText } from "./plan-progress.js";
import { type Cell, number, type Sheet, text } from "./sheet.js";

export interface DistrictCell {
  readonly node: string;
  readonly planId: string;
  readonly planTitle: string | null;
  readonly measureId: string;
  readonly label: string;
  readonly title: string;
  readonly status: MeasureStatus;
  readonly statusText: string;
  readonly actualsText: string;
  /** The quarter the actuals are of: `I кв. 2026`, or empty. */
  readonly actualsQuarter: string;
  /** "дані станом на 04.12.2026 15:04 UTC, контрольна точка № 12" */
  readonly freshness: string;
  readonly receivedAt: string | null;
  readonly checkpoint: number | null;
}

export interface RollupRow {
  readonly measureId: string;
  readonly section: string;
  readonly task: string;
  readonly label: string;
  readonly title: string;
  readonly statusText: string;
  /** `сума`, `середнє`, `мінімум`, `усі виконали` */
  readonly rule: string;
  /** "12 / 115 прийомних сімей (10 %)", or whether every contributor is done. */
  readonly combinedText: string;
  /** With exactly one target: the combined value and the target, as numbers. */
  readonly combinedValue: number | null;
  readonly combinedTarget: number | null;
  readonly district: DistrictCell | null;
}

export interface DistrictRollup {
  readonly planId: string;
  readonly title: string | null;
  readonly at: string;
  readonly rows: ReadonlyArray<RollupRow>;
}

const RULES: Record<Combined["aggregation"], string> = { sum: "сума", average: "середнє", min: "мінімум", allDone: "усі виконали" };

const combinedText = (c: Combined): string =>
  c.targets.length === 0
    ? c.allDone
      ? "усі учасники виконали"
      : `виконали не всі (учасників: ${c.contributors})`
    : c.targets
        .map(
          (t) =>
            `${t.value === null ? "—" : formatNumber(t.value, "uk")} / ${formatNumber(t.target, "uk")} ${t.unit} (${formatPercent(t.ratio, "uk")}${
              t.missing.length > 0 ? `, без даних: ${t.missing.length}` : ""
            })`,
        )
        .join("; ");

/** Each contribution below a measure, depth first; plan titles and freshness are the roll-up's, once per plan and origin. */
const cellsOf = (cs: ReadonlyArray<ChildContribution>, lookups: ReturnType<typeof rollupLookups>): DistrictCell[] =>
  cs.flatMap((c) => [
    {
      node: c.node,
      planId: c.planId,
      planTitle: lookups.planTitleOf(c.planId),
      measureId: c.measureId,
      label: c.label,
      title: c.title,
      status: c.own.status,
      statusText: statusLabel(c.own.status, "uk"),
      actualsText: figuresText(c.own.actuals),
      actualsQuarter: c.own.period === null ? "" : formatQuarter(c.own.period.year, c.own.period.quarter, "uk"),
      freshness: freshnessText(lookups.freshnessOf(c.origin), "uk"),
      receivedAt: lookups.freshnessOf(c.origin)?.lastReceivedAt ?? null,
      checkpoint: lookups.freshnessOf(c.origin)?.checkpoint?.seq ?? null,
    },
    ...cellsOf(c.children, lookups),
  ]);

/**
 * The roll-up of a plan as rows. Throws `PlanNotFound` when the plan is not held here.
 *
 * @example (await districtRollup(source, "luhanska.852.2021-01-15")).rows[0]?.district?.freshness
 */
export const districtRollup = async (source: WebSource, planId: string, view: ViewMoment = {}): Promise<DistrictRollup> => {
  const [rollup, tree] = await Promise.all([source.rollup(planId, view), source.planTree(planId, view)]);
  const lookups = rollupLookups(rollup);
  const where = new Map<string, { section: string; task: string }>();
  for (const s of tree.sections)
    for (const t of s.tasks)
      for (const m of t.measures) where.set(m.measureId, { section: `${s.label} ${s.title}`.trim(), task: `${t.label} ${t.title}`.trim() });
  const rowsOf = (m: RollupMeasure): RollupRow[] => {
    const only = m.combined.targets.length === 1 ? m.combined.targets[0] : undefined;
    const base = {
      measureId: m.measureId,
      section: where.get(m.measureId)?.section ?? m.section ?? "",
      task: where.get(m.measureId)?.task ?? m.task ?? "",
      label: m.label,
      title: m.title,
      statusText: statusLabel(m.own.status, "uk"),
      rule: RULES[m.combined.aggregation],
      combinedText: combinedText(m.combined),
      combinedValue: only?.value ?? null,
      combinedTarget: only?.target ?? null,
    };
    const districts = cellsOf(m.children, lookups);
    return districts.length === 0 ? [{ ...base, district: null }] : districts.map((district) => ({ ...base, district }));
  };
  return { planId: rollup.planId, title: rollup.title, at: rollup.at, rows: rollup.measures.flatMap(rowsOf) };
};

/**
 * The roll-up as the sheet «Зведення по районах».
 *
 * @example rollupSheet(r).rows.length // one per regional measure × linked measure
 */
export const rollupSheet = (r: DistrictRollup): Sheet => ({
  name: "Зведення по районах",
  title: `Зведення по районах: ${r.title ?? r.planId}`,
  columns: [
    text("Розділ", 28),
    text("Завдання", 30),
    text("№ заходу", 9),
    text("Захід", 50),
    text("Стан (область)", 14),
    text("Правило зведення", 14),
    text("Разом", 30),
    number("Разом, число", 12),
    number("Ціль, число", 12),
    text("Вузол", 16),
    text("План вузла", 30),
    text("Пов'язаний захід", 50),
    text("Стан (вузол)", 14),
    text("Факт вузла", 24),
    text("Квартал факту", 12),
    text("Свіжість даних", 36),
    text("Отримано", 20),
    number("Контрольна точка №", 12),
    text("Ідентифікатор заходу", 32),
    text("Ідентифікатор пов'язаного заходу", 32),
  ],
  rows: r.rows.map((row): Cell[] => {
    const d = row.district;
    return [
      row.section,
      row.task,
      row.label,
      row.title,
      row.statusText,
      row.rule,
      row.combinedText,
      row.combinedValue,
      row.combinedTarget,
      d?.node ?? null,
      d?.planTitle ?? d?.planId ?? null,
      d === null ? null : `${d.label} ${d.title}`.trim(),
      d?.statusText ?? null,
      d?.actualsText ?? null,
      d?.actualsQuarter ?? null,
      d?.freshness ?? null,
      d === null || d.receivedAt === null ? null : formatDateTime(d.receivedAt),
      d?.checkpoint ?? null,
      row.measureId,
      d?.measureId ?? null,
    ];
  }),
});
