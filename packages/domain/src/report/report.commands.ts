/**
 * @module Commands of a quarterly report. Each carries the plan's facts as the caller read them, so the
 * decider can check measures and periods without I/O.
 */
import { Schema as S } from "effect";
import { fieldsOf } from "../shared/by-tag.js";
import { CommandMeta } from "../shared/command-meta.js";
import { PlanFacts } from "./report.plan-facts.js";
import { ProgressRecorded, ReportDrafted, ReportReopened, ReportSubmitted } from "./report.events.js";

/** `plan` is null when the node holds no such plan. */
const withPlan = { meta: CommandMeta, plan: S.NullOr(PlanFacts) };

export class DraftReport extends S.TaggedClass<DraftReport>()("DraftReport", {
  ...withPlan,
  ...fieldsOf(ReportDrafted.fields),
}) {}

/** Status, indicator actuals, money spent by source (тис. грн) and a narrative for one measure. */
export class RecordProgress extends S.TaggedClass<RecordProgress>()("RecordProgress", {
  ...withPlan,
  ...fieldsOf(ProgressRecorded.fields),
}) {}

export class SubmitReport extends S.TaggedClass<SubmitReport>()("SubmitReport", {
  meta: CommandMeta,
  ...fieldsOf(ReportSubmitted.fields),
}) {}

/**
 * Reopens a returned report. The caller passes the `ReportReturned` it holds (replicated from the parent) and has
 * checked that it names the report's latest submission; the decider checks the report's side.
 */
export class ReopenReport extends S.TaggedClass<ReopenReport>()("ReopenReport", {
  meta: CommandMeta,
  ...fieldsOf(ReportReopened.fields),
}) {}

export const ReportCommand = S.Union(DraftReport, RecordProgress, SubmitReport, ReopenReport);
export type ReportCommand = typeof ReportCommand.Type;
