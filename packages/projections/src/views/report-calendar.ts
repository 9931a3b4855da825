/**
 * @module Which quarterly reports of a plan are due, drafted, submitted, accepted or returned.
 */
import type { LedgerState, PlanState, ReportState, Review } from "../model/ledger-state.js";
import type { QuarterIndex } from "../model/schedule.js";
import {
  indexOfDate,
  quarterEndDate,
  quarterIndex,
  quarterLabel,
  quarterOfIndex,
  reportDueDate,
  yearOfIndex,
} from "../model/schedule.js";
import { reportsOfPlan } from "./plan-reports.js";
import type { ReportSlot } from "./status-labels.js";

export interface ReportEntry {
  readonly year: number;
  readonly quarter: number;
  readonly label: string;
  readonly periodEnd: string;
  readonly dueDate: string;
  readonly state: ReportSlot;
  /** Not submitted by the due date (submitted late, or still not submitted after it). */
  readonly late: boolean;
  readonly reportId: string | null;
  readonly draftedAt: string | null;
  readonly submittedAt: string | null;
  readonly review: Review | null;
  readonly measuresReported: number;
  readonly history: ReportState["history"];
}

export interface ReportCalendar {
  readonly planId: string;
  readonly periods: ReadonlyArray<ReportEntry>;
  readonly counts: Readonly<Record<ReportSlot, number>>;
}

/** The quarters a plan reports on up to `at`: from its adoption (or first year) to its last year. */
const planQuarters = (plan: PlanState, at: string): { from: QuarterIndex; to: QuarterIndex } => {
  const adopted = indexOfDate(plan.adoptedAt);
  const from = plan.period.from === null ? adopted : Math.max(adopted, plan.period.from * 4);
  let to = indexOfDate(at);
  if (plan.period.to !== null) to = Math.min(to, plan.period.to * 4 + 3);
  if (plan.closed !== null) to = Math.min(to, indexOfDate(plan.closed.recordedAt));
  return { from, to };
};

/**
 * One entry per reporting quarter of the plan up to the day `at`, plus any report drafted for another quarter.
 *
 * @example reportCalendar(state, plan, "2024-04-06").counts.missing // quarters past their due date with no report
 */
export const reportCalendar = (state: LedgerState, plan: PlanState, at: string): ReportCalendar => {
  const byQuarter = new Map<QuarterIndex, ReportState>();
  for (const r of reportsOfPlan(state, plan.planId)) byQuarter.set(quarterIndex(r.year, r.quarter), r);
  const span = planQuarters(plan, at);
  const quarters = new Set<QuarterIndex>(byQuarter.keys());
  for (let q = span.from; q <= span.to; q++) quarters.add(q);
  const periods: ReportEntry[] = [...quarters]
    .sort((a, b) => a - b)
    .map((q) => {
      const r = byQuarter.get(q);
      const periodEnd = quarterEndDate(q);
      const dueDate = reportDueDate(q);
      const state: ReportSlot = r ? r.phase : at <= periodEnd ? "upcoming" : at <= dueDate ? "due" : "missing";
      const submittedAt = r?.submittedAt ?? null;
      const late = submittedAt === null ? at > dueDate : submittedAt.slice(0, 10) > dueDate;
      return {
        year: yearOfIndex(q),
        quarter: quarterOfIndex(q),
        label: quarterLabel(q),
        periodEnd,
        dueDate,
        state,
        late: state === "upcoming" ? false : late,
        reportId: r?.reportId ?? null,
        draftedAt: r?.draftedAt ?? null,
        submittedAt,
        review: r?.review ?? null,
        measuresReported: r ? Object.keys(r.progress).length : 0,
        history: r?.history ?? [],
      };
    });
  const counts: Record<ReportSlot, number> = {
    upcoming: 0,
    due: 0,
    missing: 0,
    drafted: 0,
    submitted: 0,
    accepted: 0,
    returned: 0,
  };
  for (const p of periods) counts[p.state]++;
  return { planId: plan.planId, periods, counts };
};
