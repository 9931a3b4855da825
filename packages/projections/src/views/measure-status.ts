/**
 * @module A measure's status now and in each reporting quarter: what its executors reported, or what the ledger
 * concludes when they did not (overdue, not reported). The rules are written out in `docs/rollups.md`.
 */
import { IsoDate, type Quarter, isOverdue, isReportDue } from "@planledger/domain";
import type { Actual, MeasureState, MeasureStatus, PlanState, ReportedStatus } from "../model/ledger-state.js";
import type { QuarterIndex } from "../model/schedule.js";
import {
  doneIsFinal,
  indexOfDate,
  quarterEndDate,
  quarterLabel,
  quarterOfIndex,
  reportDueDate,
  yearOfIndex,
} from "../model/schedule.js";
import type { CountedEntry } from "./plan-reports.js";

export interface PeriodStatus {
  readonly year: number;
  readonly quarter: number;
  readonly label: string;
  readonly status: MeasureStatus;
  /** Whether a submitted or accepted report of this quarter covers the measure. */
  readonly reported: boolean;
  /** Whether a report on the measure was expected for this quarter and its due date has passed. */
  readonly expected: boolean;
  readonly dueDate: string;
}

export interface LatestProgress {
  readonly year: number;
  readonly quarter: number;
  readonly reportId: string;
  readonly status: ReportedStatus;
  readonly narrative: string;
}

export interface MeasureProgress {
  readonly status: MeasureStatus;
  readonly overdue: boolean;
  readonly cancelled: { readonly reason: string; readonly effective: string } | null;
  readonly latest: LatestProgress | null;
  /** Cumulative actuals (станом на кінець кварталу) of the latest counted report that gave any. */
  readonly actuals: { readonly year: number; readonly quarter: number; readonly values: ReadonlyArray<Actual> } | null;
  readonly periods: ReadonlyArray<PeriodStatus>;
}

/** The earliest cancellation that reaches the measure: its own, its task's or its section's. */
export const cancellationOf = (plan: PlanState, m: MeasureState): { reason: string; effective: string } | null => {
  const task = plan.tasks[m.taskId];
  const section = task ? plan.sections[task.sectionId] : undefined;
  let best: { reason: string; effective: string } | null = null;
  for (const c of [m.cancelled, task?.cancelled ?? null, section?.cancelled ?? null]) {
    if (c && (best === null || c.effective < best.effective)) best = { reason: c.reason, effective: c.effective };
  }
  return best;
};

/** The quarters a plan reports on for a measure, up to the quarter of `at`: [from, to], possibly empty. */
export const reportingSpan = (
  plan: PlanState,
  m: MeasureState,
  at: string,
): { readonly from: QuarterIndex; readonly to: QuarterIndex } => {
  const fromPeriod = plan.period.from === null ? Number.NEGATIVE_INFINITY : plan.period.from * 4;
  const from = Math.max(indexOfDate(m.effective), fromPeriod);
  let to = indexOfDate(at);
  if (plan.period.to !== null) to = Math.min(to, plan.period.to * 4 + 3);
  if (plan.closed !== null) to = Math.min(to, indexOfDate(plan.closed.recordedAt));
  return { from, to };
};

/**
 * The status of one measure at the day `at` (`YYYY-MM-DD`), with one entry per reporting quarter.
 *
 * @example
 * measureProgress(plan, plan.measures["p.s1.t1.m1"]!, counted.get("p.s1.t1.m1") ?? [], "2022-02-01").status
 * // "overdue" for a measure "до 31.12.2021" whose reports never said "done"
 */
export const measureProgress = (
  plan: PlanState,
  m: MeasureState,
  entries: ReadonlyArray<CountedEntry>,
  at: string,
): MeasureProgress => {
  const span = reportingSpan(plan, m, at);
  const final = doneIsFinal(m.term);
  const cancelled = cancellationOf(plan, m);
  const byQuarter = new Map<QuarterIndex, CountedEntry>();
  for (const e of entries) byQuarter.set(e.q, e);

  const periods: PeriodStatus[] = [];
  let lastDoneOn: IsoDate | null = null;
  for (let q = span.from; q <= span.to; q++) {
    const end = IsoDate.make(quarterEndDate(q));
    const ref = at < end ? IsoDate.make(at) : end;
    const counted = byQuarter.get(q);
    if (counted?.entry.status === "done") lastDoneOn = end;
    const dueDate = reportDueDate(q);
    const expected =
      dueDate <= at &&
      !(final && lastDoneOn !== null && counted === undefined) &&
      isReportDue(m.term, { year: yearOfIndex(q), quarter: quarterOfIndex(q) as Quarter });
    let status: MeasureStatus;
    if (cancelled !== null && cancelled.effective <= end) status = "cancelled";
    else if (counted?.entry.status === "done" || (final && lastDoneOn !== null)) status = "done";
    else if (isOverdue(m.term, ref, lastDoneOn)) status = "overdue";
    else if (counted !== undefined) status = counted.entry.status;
    else status = expected ? "notReported" : "planned";
    periods.push({
      year: yearOfIndex(q),
      quarter: quarterOfIndex(q),
      label: quarterLabel(q),
      status,
      reported: counted !== undefined,
      expected,
      dueDate,
    });
  }

  let everDone: IsoDate | null = null;
  for (const e of entries) if (e.entry.status === "done") everDone = IsoDate.make(quarterEndDate(e.q));
  const last = entries.length === 0 ? undefined : entries[entries.length - 1];
  const latest: LatestProgress | null =
    last === undefined
      ? null
      : {
          year: yearOfIndex(last.q),
          quarter: quarterOfIndex(last.q),
          reportId: last.reportId,
          status: last.entry.status,
          narrative: last.entry.narrative,
        };
  let actuals: MeasureProgress["actuals"] = null;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e && e.entry.actuals.length > 0) {
      actuals = { year: yearOfIndex(e.q), quarter: quarterOfIndex(e.q), values: e.entry.actuals };
      break;
    }
  }
  // The latest quarter whose report is past due and in which the term asks for work.
  let lastExpected: PeriodStatus | undefined;
  for (let i = periods.length - 1; i >= 0; i--) {
    const p = periods[i];
    if (p?.expected) {
      lastExpected = p;
      break;
    }
  }
  const overdue = isOverdue(m.term, IsoDate.make(at), everDone);
  let status: MeasureStatus;
  if (cancelled !== null && cancelled.effective <= at) status = "cancelled";
  else if (final && everDone !== null) status = "done";
  else if (overdue) status = "overdue";
  else if (lastExpected !== undefined && !lastExpected.reported) status = "notReported";
  else status = last?.entry.status ?? "planned";
  return { status, overdue: overdue && status !== "cancelled", cancelled, latest, actuals, periods };
};
