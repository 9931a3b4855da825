/**
 * @module Indicator actuals against targets, matched by unit.
 */
import type { Indicator, Target } from "@planledger/domain";
import type { Actual } from "../model/ledger-state.js";

export interface TargetProgress {
  readonly unit: string;
  readonly target: number | null;
  readonly actual: number | null;
  /** actual / target when higher is better and the target is positive; null otherwise. */
  readonly ratio: number | null;
  /** Whether the target is reached (≤ target when lower is better); null without both figures. */
  readonly met: boolean | null;
}

const norm = (unit: string): string => unit.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * The value among `values` that answers a target: same unit (case and spacing aside), or — when the indicator
 * has one target and one value was reported — that value whatever its unit text, because executors rarely
 * copy the unit word for word.
 *
 * @example pickValue([{ value: 12, unit: "сімей" }], "прийомних сімей", 1) // 12
 */
export const pickValue = (values: ReadonlyArray<Actual>, unit: string, targetCount: number): number | null => {
  const u = norm(unit);
  for (const v of values) if (norm(v.unit) === u) return v.value;
  const only = values[0];
  return targetCount === 1 && values.length === 1 && only !== undefined ? only.value : null;
};

/** Ratio and "met" of one figure against one target. */
export const measureAgainst = (
  value: number | null,
  target: number | null,
  higherIsBetter: boolean,
): { readonly ratio: number | null; readonly met: boolean | null } => {
  if (value === null || target === null) return { ratio: null, met: null };
  return {
    ratio: higherIsBetter && target > 0 ? Math.round((value / target) * 10_000) / 10_000 : null,
    met: higherIsBetter ? value >= target : value <= target,
  };
};

/**
 * Each target of an indicator with the reported actual; actuals for units the indicator has no target for are
 * listed after them with `target: null`.
 *
 * @example
 * indicatorProgress({ text: "створення 115 прийомних сімей", targets: [{ value: 115, unit: "прийомних сімей" }] },
 *   [{ value: 23, unit: "прийомних сімей" }])
 * // [{ unit: "прийомних сімей", target: 115, actual: 23, ratio: 0.2, met: false }]
 */
export const indicatorProgress = (indicator: Indicator, actuals: ReadonlyArray<Actual>): TargetProgress[] => {
  const higher = indicator.higherIsBetter !== false;
  const used = new Set<number>();
  const rows: TargetProgress[] = indicator.targets.map((t: Target) => {
    const actual = pickValue(actuals, t.unit, indicator.targets.length);
    if (actual !== null) {
      const i = actuals.findIndex((a) => a.value === actual && (norm(a.unit) === norm(t.unit) || actuals.length === 1));
      if (i >= 0) used.add(i);
    }
    return { unit: t.unit, target: t.value, actual, ...measureAgainst(actual, t.value, higher) };
  });
  actuals.forEach((a, i) => {
    if (!used.has(i)) rows.push({ unit: a.unit, target: null, actual: a.value, ratio: null, met: null });
  });
  return rows;
};
