/**
 * @module Commands of a quarterly report. Each carries the plan's facts as the caller read them, so the
 * decider can check measures and periods without I/O.
 */
import { Schema as S } from "effect";
import { fieldsOf } from "../shared/by-tag.js";
import { CommandMeta } from "../shared/command-meta.js";
import { PlanFacts } from "./report.plan-facts.js";
import { ProgressRecorded, ReportDrafted, ReportSubmitted } from "./report.events.js";

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

export const ReportCommand = S.Union(DraftReport, RecordProgress, SubmitReport);
export type ReportCommand = typeof ReportCommand.Type;
