/**
 * @module Events of the quarterly report stream (`report:<planId>:<YYYY>-Q<q>`), written by the plan's owner node.
 */
import { Schema as S } from "effect";
import { Quarter } from "../term/term.model.js";
import { MeasureId, PlanId, ReportId } from "../shared/ids.js";
import { byTag } from "../shared/by-tag.js";
import { Target } from "../plan/plan.model.js";
import { ReportRef } from "../review/review.events.js";
import { NodeId } from "../shared/ids.js";

export const ProgressStatus = S.Literal("planned", "inProgress", "done", "notDone");
export type ProgressStatus = typeof ProgressStatus.Type;

/** Money spent in the quarter from one funding source, тис. грн. */
export const Spending = S.Struct({ source: S.String, executor: S.optional(S.String), amount: S.Finite });
export type Spending = typeof Spending.Type;

export class ReportDrafted extends S.TaggedClass<ReportDrafted>()("ReportDrafted", {
  reportId: ReportId,
  planId: PlanId,
  year: S.Int,
  quarter: Quarter,
}) {}

/** The progress of one measure in the quarter; recording again for the same measure replaces the earlier entry. */
export class ProgressRecorded extends S.TaggedClass<ProgressRecorded>()("ProgressRecorded", {
  reportId: ReportId,
  measureId: MeasureId,
  status: ProgressStatus,
  actuals: S.Array(Target),
  spent: S.Array(Spending),
  narrative: S.String,
  /** Marks generated demo/sample data so that it can be told apart from real reporting. */
  sample: S.optional(S.Boolean),
}) {}

export class ReportSubmitted extends S.TaggedClass<ReportSubmitted>()("ReportSubmitted", { reportId: ReportId }) {}

/**
 * The owner takes a submitted report back after a parent returned it: progress may be recorded again and the
 * report submitted anew. Names the return it answers (reviewing node and the submission it returned).
 */
export class ReportReopened extends S.TaggedClass<ReportReopened>()("ReportReopened", {
  reportId: ReportId,
  returnedBy: NodeId,
  reportRef: ReportRef,
  reason: S.String,
}) {}

export const ReportEvent = S.Union(ReportDrafted, ProgressRecorded, ReportSubmitted, ReportReopened);
export type ReportEvent = typeof ReportEvent.Type;

export const reportEventTypes = byTag(ReportEvent.members);
