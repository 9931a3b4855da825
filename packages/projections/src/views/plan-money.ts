/**
 * @module Money planned against spent, per year, funding source and executor (тис. грн), and the check of the
 * plan's own totals: every budget line's stated total against the sum of its years.
 */
import { progressOf } from "../model/report/progress.js";
import type { LedgerState, PlanState } from "../model/ledger-state.js";
import { cancellationOf } from "./measure-status.js";
import { counts, reportsOfPlan } from "./plan-reports.js";

export interface MoneyRow {
  readonly year: number;
  readonly source: string;
  /** null when the report did not say which executor spent it and the measure has several for that source. */
  readonly executor: string | null;
  readonly planned: number;
  readonly spent: number;
}

export interface MoneyTotal {
  readonly key: string;
  readonly planned: number;
  readonly spent: number;
}

export interface TotalCheck {
  readonly measureId: string;
  readonly label: string;
  readonly executor: string;
  readonly source: string;
  readonly stated: number;
  readonly computed: number;
  readonly difference: number;
}

export interface PlanMoney {
  readonly unit: "тис. грн";
  readonly rows: ReadonlyArray<MoneyRow>;
  readonly byYear: ReadonlyArray<MoneyTotal>;
  readonly bySource: ReadonlyArray<MoneyTotal>;
  readonly byExecutor: ReadonlyArray<MoneyTotal>;
  readonly total: { readonly planned: number; readonly spent: number };
  /** Planned money of cancelled measures: left out of `planned`, shown so that the document's totals can be traced. */
  readonly cancelledPlanned: number;
  /** Budget lines whose stated total differs from the sum of their years by more than 1 грн. */
  readonly mismatches: ReadonlyArray<TotalCheck>;
  readonly totalsChecked: number;
}

// Amounts are thousands with up to three decimals; rounding to 1 грн keeps float noise out of the sums.
const round = (n: number): number => Math.round(n * 1000) / 1000;
const TOLERANCE = 0.0015;
const clean = (s: string): string => s.trim().replace(/\s+/g, " ");

const totalsBy = (rows: ReadonlyArray<MoneyRow>, keyOf: (r: MoneyRow) => string): MoneyTotal[] => {
  const map = new Map<string, { planned: number; spent: number }>();
  for (const r of rows) {
    const k = keyOf(r);
    const t = map.get(k) ?? { planned: 0, spent: 0 };
    t.planned += r.planned;
    t.spent += r.spent;
    map.set(k, t);
  }
  return [...map.entries()]
    .map(([key, t]) => ({ key, planned: round(t.planned), spent: round(t.spent) }))
    .sort((a, b) => a.key.localeCompare(b.key, "uk"));
};

/**
 * Planned and spent money of a plan at the day `at`. Spending is what counted (submitted or accepted)
 * reports state for their quarter; a year's spending is the sum of its quarters.
 *
 * @example planMoney(state, plan, "2024-12-31").byYear // [{ key: "2024", planned: 150, spent: 42.5 }, …]
 */
export const planMoney = (state: LedgerState, plan: PlanState, at: string): PlanMoney => {
  const rows = new Map<string, { year: number; source: string; executor: string | null; planned: number; spent: number }>();
  const add = (year: number, source: string, executor: string | null, planned: number, spent: number): void => {
    const k = `${year}\u0000${source}\u0000${executor ?? ""}`;
    const r = rows.get(k) ?? { year, source, executor, planned: 0, spent: 0 };
    r.planned += planned;
    r.spent += spent;
    rows.set(k, r);
  };
  const mismatches: TotalCheck[] = [];
  let totalsChecked = 0;
  let cancelledPlanned = 0;
  for (const m of Object.values(plan.measures)) {
    const cancelled = cancellationOf(plan, m);
    const isCancelled = cancelled !== null && cancelled.effective <= at;
    for (const line of m.budget) {
      let sum = 0;
      for (const [year, amount] of Object.entries(line.byYear)) {
        sum += amount;
        if (isCancelled) cancelledPlanned += amount;
        else add(Number(year), clean(line.source), clean(line.executor), amount, 0);
      }
      if (line.total !== null) {
        totalsChecked++;
        if (Math.abs(line.total - sum) > TOLERANCE)
          mismatches.push({
            measureId: m.measureId,
            label: m.label,
            executor: line.executor,
            source: line.source,
            stated: line.total,
            computed: round(sum),
            difference: round(line.total - sum),
          });
      }
    }
  }
  for (const r of reportsOfPlan(state, plan.planId)) {
    if (!counts(r)) continue;
    for (const [measureId, recorded] of Object.entries(r.progress)) {
      const entry = progressOf(state, recorded);
      if (entry === null) continue;
      const m = plan.measures[measureId];
      for (const s of entry.spent) {
        const source = clean(s.source);
        let executor = s.executor === undefined ? null : clean(s.executor);
        if (executor === null && m) {
          const lines = m.budget.filter((l) => clean(l.source) === source);
          const only = lines[0];
          if (lines.length === 1 && only) executor = clean(only.executor);
        }
        add(r.year, source, executor, 0, s.amount);
      }
    }
  }
  const list: MoneyRow[] = [...rows.values()]
    .map((r) => ({ ...r, planned: round(r.planned), spent: round(r.spent) }))
    .sort(
      (a, b) =>
        a.year - b.year || a.source.localeCompare(b.source, "uk") || (a.executor ?? "").localeCompare(b.executor ?? "", "uk"),
    );
  const total = list.reduce((t, r) => ({ planned: t.planned + r.planned, spent: t.spent + r.spent }), {
    planned: 0,
    spent: 0,
  });
  return {
    unit: "тис. грн",
    rows: list,
    byYear: totalsBy(list, (r) => String(r.year)),
    bySource: totalsBy(list, (r) => r.source),
    byExecutor: totalsBy(list, (r) => r.executor ?? "—"),
    total: { planned: round(total.planned), spent: round(total.spent) },
    cancelledPlanned: round(cancelledPlanned),
    mismatches,
    totalsChecked,
  };
};
