/**
 * @module The quarterly reports of one plan that count for status, indicators and money: those submitted or
 * accepted. Drafts are not yet reported and a returned report is back with its author until re-submitted.
 */
import type { LedgerState, PlanState, ProgressEntry, ReportState } from "../model/ledger-state.js";
import { progressOf } from "../model/report/progress.js";
import type { QuarterIndex } from "../model/schedule.js";
import { quarterIndex } from "../model/schedule.js";

export interface CountedEntry {
  readonly q: QuarterIndex;
  readonly reportId: string;
  readonly entry: ProgressEntry;
}

export const counts = (report: ReportState): boolean => report.phase === "submitted" || report.phase === "accepted";

/** A plan's reports, oldest quarter first. */
export const reportsOfPlan = (state: LedgerState, planId: string): ReportState[] => {
  const index = state.reportIndex.get(planId);
  if (index === undefined) return [];
  const out: ReportState[] = [];
  for (const id of index.values()) {
    const r = state.reports.get(id);
    if (r) out.push(r);
  }
  return out.sort((a, b) => quarterIndex(a.year, a.quarter) - quarterIndex(b.year, b.quarter));
};

/** measureId → its counted progress entries, oldest quarter first. */
export const countedProgress = (state: LedgerState, plan: PlanState): Map<string, CountedEntry[]> => {
  const byMeasure = new Map<string, CountedEntry[]>();
  for (const r of reportsOfPlan(state, plan.planId)) {
    if (!counts(r)) continue;
    const q = quarterIndex(r.year, r.quarter);
    for (const [measureId, recorded] of Object.entries(r.progress)) {
      const entry = progressOf(state, recorded);
      if (entry === null) continue;
      let list = byMeasure.get(measureId);
      if (list === undefined) {
        list = [];
        byMeasure.set(measureId, list);
      }
      list.push({ q, reportId: r.reportId, entry });
    }
  }
  return byMeasure;
};
