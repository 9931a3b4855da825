/**
 * @module The plan tree: plan → sections → tasks → measures, cancelled parts marked, each measure with its
 * status, its quarters, its indicator progress and its money.
 */
import type { BudgetLine, Executor, Indicator, Term } from "@planledger/domain";
import type { Amendment, LedgerState, MeasureStatus, OriginState, ParentRef, PlanSource, PlanState } from "../model/ledger-state.js";
import type { TargetProgress } from "./indicator-progress.js";
import { indicatorProgress } from "./indicator-progress.js";
import type { LatestProgress, PeriodStatus } from "./measure-status.js";
import { measureProgress } from "./measure-status.js";
import type { PlanMoney } from "./plan-money.js";
import { planMoney } from "./plan-money.js";
import { countedProgress } from "./plan-reports.js";
import type { Label } from "./status-labels.js";
import { measureStatusLabels } from "./status-labels.js";

export interface CancelMark {
  readonly reason: string;
  readonly effective: string;
}

export interface MeasureNode {
  readonly measureId: string;
  readonly label: string;
  readonly ordinal: number;
  readonly title: string;
  readonly term: Term;
  readonly executors: ReadonlyArray<Executor>;
  readonly indicator: Indicator;
  readonly budget: ReadonlyArray<BudgetLine>;
  readonly cancelled: CancelMark | null;
  readonly parent: ParentRef | null;
  readonly status: MeasureStatus;
  readonly statusLabel: Label;
  readonly overdue: boolean;
  readonly latest: LatestProgress | null;
  readonly progress: ReadonlyArray<TargetProgress>;
  readonly actualsPeriod: { readonly year: number; readonly quarter: number } | null;
  readonly spent: number;
  readonly periods: ReadonlyArray<PeriodStatus>;
}

export interface TaskNode {
  readonly taskId: string;
  readonly label: string;
  readonly ordinal: number;
  readonly title: string;
  readonly cancelled: CancelMark | null;
  readonly measures: ReadonlyArray<MeasureNode>;
}

export interface SectionNode {
  readonly sectionId: string;
  readonly label: string;
  readonly ordinal: number;
  readonly title: string;
  readonly cancelled: CancelMark | null;
  readonly tasks: ReadonlyArray<TaskNode>;
}

export interface PlanSummary {
  readonly id: string;
  readonly title: string | null;
  readonly owner: string;
  readonly origin: string;
  readonly issuer: string | null;
  readonly order: { readonly number: string | null; readonly date: string | null };
  readonly period: { readonly from: number | null; readonly to: number | null };
  readonly parentPlanId: string | null;
  readonly closed: { readonly reason: string; readonly recordedAt: string } | null;
  readonly measures: number;
  /** Whether this node owns the plan or holds a replica. */
  readonly replica: boolean;
  readonly lastSeq: number;
  readonly lastRecordedAt: string;
}

export interface PlanTree extends PlanSummary {
  readonly at: string;
  /** The file the plan was adopted from, when its adoption recorded one. */
  readonly source: PlanSource | null;
  readonly amendments: ReadonlyArray<Amendment>;
  readonly freshness: OriginState | null;
  readonly statusCounts: Readonly<Record<MeasureStatus, number>>;
  readonly sections: ReadonlyArray<SectionNode>;
  readonly money: PlanMoney;
}

const mark = (c: { reason: string; effective: string } | null): CancelMark | null =>
  c === null ? null : { reason: c.reason, effective: c.effective };

const byOrdinal = <T extends { readonly ordinal: number }>(a: T, b: T): number => a.ordinal - b.ordinal;

/**
 * The one-line description of a plan used by lists.
 *
 * @example planSummary(plan, "luhanska").replica // false on the node that adopted it
 */
export const planSummary = (plan: PlanState, nodeId: string | null): PlanSummary => ({
  id: plan.planId,
  title: plan.title,
  owner: plan.ownerNode,
  origin: plan.origin,
  issuer: plan.issuer,
  order: plan.order,
  period: plan.period,
  parentPlanId: plan.parentPlanId,
  closed: plan.closed,
  measures: Object.keys(plan.measures).length,
  replica: nodeId !== null && plan.origin !== nodeId,
  lastSeq: plan.lastSeq,
  lastRecordedAt: plan.lastRecordedAt,
});

/**
 * The full tree of one plan evaluated at the day `at` (`YYYY-MM-DD`).
 *
 * @example planTree(state, state.plans.get("luhanska.1003.2018-12-12")!, "2024-04-05", "luhanska").statusCounts.done
 */
export const planTree = (state: LedgerState, plan: PlanState, at: string, nodeId: string | null): PlanTree => {
  const counted = countedProgress(state, plan);
  const statusCounts: Record<MeasureStatus, number> = {
    planned: 0,
    inProgress: 0,
    done: 0,
    notDone: 0,
    cancelled: 0,
    overdue: 0,
    notReported: 0,
  };
  const measuresOf = new Map<string, MeasureNode[]>();
  for (const m of Object.values(plan.measures)) {
    const entries = counted.get(m.measureId) ?? [];
    const p = measureProgress(plan, m, entries, at);
    statusCounts[p.status]++;
    let spent = 0;
    for (const e of entries) for (const s of e.entry.spent) spent += s.amount;
    const node: MeasureNode = {
      measureId: m.measureId,
      label: m.label,
      ordinal: m.ordinal,
      title: m.title,
      term: m.term,
      executors: m.executors,
      indicator: m.indicator,
      budget: m.budget,
      cancelled: mark(m.cancelled),
      parent: m.parent,
      status: p.status,
      statusLabel: measureStatusLabels[p.status],
      overdue: p.overdue,
      latest: p.latest,
      progress: indicatorProgress(m.indicator, p.actuals?.values ?? []),
      actualsPeriod: p.actuals === null ? null : { year: p.actuals.year, quarter: p.actuals.quarter },
      spent: Math.round(spent * 1000) / 1000,
      periods: p.periods,
    };
    const list = measuresOf.get(m.taskId) ?? [];
    list.push(node);
    measuresOf.set(m.taskId, list);
  }
  const tasksOf = new Map<string, TaskNode[]>();
  for (const t of Object.values(plan.tasks)) {
    const list = tasksOf.get(t.sectionId) ?? [];
    list.push({
      taskId: t.taskId,
      label: t.label,
      ordinal: t.ordinal,
      title: t.title,
      cancelled: mark(t.cancelled),
      measures: (measuresOf.get(t.taskId) ?? []).sort(byOrdinal),
    });
    tasksOf.set(t.sectionId, list);
  }
  const sections: SectionNode[] = Object.values(plan.sections)
    .map((s) => ({
      sectionId: s.sectionId,
      label: s.label,
      ordinal: s.ordinal,
      title: s.title,
      cancelled: mark(s.cancelled),
      tasks: (tasksOf.get(s.sectionId) ?? []).sort(byOrdinal),
    }))
    .sort(byOrdinal);
  return {
    ...planSummary(plan, nodeId),
    at,
    source: plan.source ?? null,
    amendments: plan.amendments,
    freshness: state.origins.get(plan.origin) ?? null,
    statusCounts,
    sections,
    money: planMoney(state, plan, at),
  };
};
