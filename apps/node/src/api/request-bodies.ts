/**
 * @module The JSON bodies the write routes accept. They are the HTTP face of the domain commands, and the
 * OpenAPI document is generated from them, so the two cannot drift.
 */
import { AmendingOrder, BudgetLine, Executor, Indicator, MeasureId, MeasureRef, NodeId, Period, ProgressStatus, Quarter, Spending, Target, TaskId, Term } from "@planledger/domain";
import { Schema as S } from "effect";
import { Role } from "../auth/role.js";

const Reason = S.String.pipe(S.minLength(1));

export const AmendPlanBody = S.Struct({
  order: AmendingOrder,
  title: S.optional(S.String),
  period: S.optional(Period),
  note: S.optional(S.String),
}).annotations({ identifier: "AmendPlanBody" });

export const AddMeasureBody = S.Struct({
  taskId: TaskId,
  label: S.String,
  /** Defaults to the next ordinal in the task. */
  ordinal: S.optional(S.Int.pipe(S.positive())),
  title: S.String.pipe(S.minLength(1)),
  term: Term,
  executors: S.Array(Executor),
  indicator: Indicator,
  budget: S.Array(BudgetLine),
}).annotations({ identifier: "AddMeasureBody" });

export const AmendMeasureBody = S.Struct({
  label: S.optional(S.String),
  title: S.optional(S.String),
  term: S.optional(Term),
  executors: S.optional(S.Array(Executor)),
  indicator: S.optional(Indicator),
  budget: S.optional(S.Array(BudgetLine)),
}).annotations({ identifier: "AmendMeasureBody" });

export const ReasonBody = S.Struct({ reason: Reason }).annotations({ identifier: "ReasonBody" });

export const UnlinkMeasureBody = S.Struct({ reason: S.optional(S.String) }).annotations({ identifier: "UnlinkMeasureBody" });

export const LinkMeasureBody = S.Struct({ parent: MeasureRef }).annotations({ identifier: "LinkMeasureBody" });

/** Reopening names the parent node whose return it answers; the node checks it holds that return. */
export const ReopenReportBody = S.Struct({ reviewer: NodeId }).annotations({ identifier: "ReopenReportBody" });

export const DraftReportBody = S.Struct({ year: S.Int, quarter: Quarter }).annotations({ identifier: "DraftReportBody" });

export const RecordProgressBody = S.Struct({
  measureId: MeasureId,
  status: ProgressStatus,
  actuals: S.Array(Target),
  spent: S.Array(Spending),
  narrative: S.String,
  sample: S.optional(S.Boolean),
}).annotations({ identifier: "RecordProgressBody" });

export const IssueTokenBody = S.Struct({
  name: S.String.pipe(S.pattern(/^[\w.@-]{1,64}$/)),
  role: Role,
}).annotations({ identifier: "IssueTokenBody" });
