/**
 * @module The views as `effect/Schema` values: the JSON a node answers its read routes with (plan list, plan tree,
 * roll-up, report calendar). The node's OpenAPI document is generated from them, and each is checked at compile
 * time to describe exactly its view's TypeScript type, so the description cannot drift from what is computed.
 */
import { Aggregation, BudgetLine, Executor, Indicator, MeasureRef, Order, Period, ProgressStatus, ReportRef, Target, Term } from "@planledger/domain";
import { Schema as S } from "effect";
import type { Amendment, OriginState, PlanSource, Review } from "../model/ledger-state.js";
import type { LatestProgress, PeriodStatus } from "./measure-status.js";
import type { TargetProgress } from "./indicator-progress.js";
import type { MoneyRow, MoneyTotal, PlanMoney, TotalCheck } from "./plan-money.js";
import type { CancelMark, MeasureNode, PlanSummary, PlanTree, SectionNode, TaskNode } from "./plan-tree.js";
import type { ReportCalendar, ReportEntry } from "./report-calendar.js";
import type { CheckpointRef, ChildContribution, ChildPlan, Combined, CombinedTarget, Freshness, OwnProgress, Rollup, RollupMeasure } from "./rollup.js";
import type { Label } from "./status-labels.js";

const Nullable = <A, I>(schema: S.Schema<A, I>) => S.NullOr(schema);

/** What the read model says of a measure: the status its executors reported, or one the ledger derives. */
export const MeasureStatusSchema = S.Literal("planned", "inProgress", "done", "notDone", "cancelled", "overdue", "notReported").annotations({
  identifier: "MeasureStatus",
});
export const ReportPhaseSchema = S.Literal("drafted", "submitted", "accepted", "returned").annotations({ identifier: "ReportPhase" });
/** The state of one quarter's report in a plan's calendar. */
export const ReportSlotSchema = S.Literal("upcoming", "due", "missing", "drafted", "submitted", "accepted", "returned").annotations({
  identifier: "ReportSlot",
});

const LabelSchema = S.Struct({ uk: S.String, en: S.String }).annotations({ identifier: "Label" });
const YearQuarter = S.Struct({ year: S.Int, quarter: S.Int });
const countsOf = <K extends string>(keys: ReadonlyArray<K>) =>
  S.Struct(Object.fromEntries(keys.map((k) => [k, S.Int])) as { [k in K]: typeof S.Int });

const CancelMarkSchema = S.Struct({ reason: S.String, effective: S.String }).annotations({ identifier: "CancelMark" });

const PeriodStatusSchema = S.Struct({
  year: S.Int,
  quarter: S.Int,
  label: S.String,
  status: MeasureStatusSchema,
  reported: S.Boolean,
  expected: S.Boolean,
  dueDate: S.String,
}).annotations({ identifier: "PeriodStatus" });

const LatestProgressSchema = S.Struct({
  year: S.Int,
  quarter: S.Int,
  reportId: S.String,
  status: ProgressStatus,
  narrative: S.String,
}).annotations({ identifier: "LatestProgress" });

const TargetProgressSchema = S.Struct({
  unit: S.String,
  target: Nullable(S.Number),
  actual: Nullable(S.Number),
  ratio: Nullable(S.Number),
  met: Nullable(S.Boolean),
}).annotations({ identifier: "TargetProgress" });

const MeasureNodeSchema = S.Struct({
  measureId: S.String,
  label: S.String,
  ordinal: S.Int,
  title: S.String,
  term: Term,
  executors: S.Array(Executor),
  indicator: Indicator,
  budget: S.Array(BudgetLine),
  cancelled: Nullable(CancelMarkSchema),
  parent: Nullable(MeasureRef),
  status: MeasureStatusSchema,
  statusLabel: LabelSchema,
  overdue: S.Boolean,
  latest: Nullable(LatestProgressSchema),
  progress: S.Array(TargetProgressSchema),
  actualsPeriod: Nullable(YearQuarter),
  spent: S.Number,
  periods: S.Array(PeriodStatusSchema),
}).annotations({ identifier: "MeasureNode" });

const TaskNodeSchema = S.Struct({
  taskId: S.String,
  label: S.String,
  ordinal: S.Int,
  title: S.String,
  cancelled: Nullable(CancelMarkSchema),
  measures: S.Array(MeasureNodeSchema),
}).annotations({ identifier: "TaskNode" });

const SectionNodeSchema = S.Struct({
  sectionId: S.String,
  label: S.String,
  ordinal: S.Int,
  title: S.String,
  cancelled: Nullable(CancelMarkSchema),
  tasks: S.Array(TaskNodeSchema),
}).annotations({ identifier: "SectionNode" });

const planSummaryFields = {
  id: S.String,
  title: Nullable(S.String),
  owner: S.String,
  origin: S.String,
  issuer: Nullable(S.String),
  order: S.Struct({ number: Nullable(S.String), date: Nullable(S.String) }),
  period: Period,
  parentPlanId: Nullable(S.String),
  closed: Nullable(S.Struct({ reason: S.String, recordedAt: S.String })),
  measures: S.Int,
  replica: S.Boolean.annotations({ description: "whether this node holds a replica rather than owning the plan" }),
  lastSeq: S.Int,
  lastRecordedAt: S.String,
};

/** One plan in a list: `GET /api/v1/plans`. */
export const PlanSummaryView = S.Struct(planSummaryFields).annotations({ identifier: "PlanSummary" });

const PlanSourceSchema = S.Struct({
  format: S.String,
  sha256: S.String,
  fileName: Nullable(S.String),
  columnsAssigned: S.Boolean,
}).annotations({ identifier: "PlanSource" });

const AmendmentSchema = S.Struct({
  eventId: Nullable(S.String),
  order: Order,
  note: Nullable(S.String),
  recordedAt: S.String,
}).annotations({ identifier: "Amendment" });

const OriginStateSchema = S.Struct({
  origin: S.String,
  lastSeq: S.Int,
  lastPosition: S.Int,
  lastRecordedAt: S.String,
  lastReceivedAt: Nullable(S.String),
}).annotations({ identifier: "OriginState" });

const MoneyRowSchema = S.Struct({
  year: S.Int,
  source: S.String,
  executor: Nullable(S.String),
  planned: S.Number,
  spent: S.Number,
}).annotations({ identifier: "MoneyRow" });
const MoneyTotalSchema = S.Struct({ key: S.String, planned: S.Number, spent: S.Number }).annotations({ identifier: "MoneyTotal" });
const TotalCheckSchema = S.Struct({
  measureId: S.String,
  label: S.String,
  executor: S.String,
  source: S.String,
  stated: S.Number,
  computed: S.Number,
  difference: S.Number,
}).annotations({ identifier: "TotalCheck" });

const PlanMoneySchema = S.Struct({
  unit: S.Literal("тис. грн"),
  rows: S.Array(MoneyRowSchema),
  byYear: S.Array(MoneyTotalSchema),
  bySource: S.Array(MoneyTotalSchema),
  byExecutor: S.Array(MoneyTotalSchema),
  total: S.Struct({ planned: S.Number, spent: S.Number }),
  cancelledPlanned: S.Number,
  mismatches: S.Array(TotalCheckSchema),
  totalsChecked: S.Int,
}).annotations({ identifier: "PlanMoney" });

const measureStatuses = ["planned", "inProgress", "done", "notDone", "cancelled", "overdue", "notReported"] as const;

/** A plan's tree with each measure's status and money: `GET /api/v1/plans/{planId}`. */
export const PlanTreeView = S.Struct({
  ...planSummaryFields,
  at: S.String.annotations({ description: "the day the statuses are evaluated at (YYYY-MM-DD)" }),
  source: Nullable(PlanSourceSchema),
  amendments: S.Array(AmendmentSchema),
  freshness: Nullable(OriginStateSchema),
  statusCounts: countsOf(measureStatuses),
  sections: S.Array(SectionNodeSchema),
  money: PlanMoneySchema,
}).annotations({ identifier: "PlanTree" });

const CheckpointRefSchema = S.Struct({ seq: S.Int, hash: S.String, signedAt: S.String }).annotations({ identifier: "CheckpointRef" });

const FreshnessSchema = S.Struct({
  origin: S.String,
  lastSeq: S.Int,
  lastRecordedAt: Nullable(S.String),
  lastReceivedAt: Nullable(S.String),
  checkpoint: Nullable(CheckpointRefSchema),
}).annotations({ identifier: "Freshness" });

const OwnProgressSchema = S.Struct({
  status: MeasureStatusSchema,
  statusLabel: LabelSchema,
  reported: S.Boolean,
  period: Nullable(YearQuarter),
  actuals: S.Array(Target),
}).annotations({ identifier: "OwnProgress" });

const CombinedTargetSchema = S.Struct({
  unit: S.String,
  target: S.Number,
  value: Nullable(S.Number),
  ratio: Nullable(S.Number),
  met: Nullable(S.Boolean),
  contributors: S.Int,
  missing: S.Array(S.String),
}).annotations({ identifier: "CombinedTarget" });

const CombinedSchema = S.Struct({
  aggregation: Aggregation,
  higherIsBetter: S.Boolean,
  targets: S.Array(CombinedTargetSchema),
  contributors: S.Int,
  statusCounts: S.partial(countsOf(measureStatuses)),
  allDone: S.Boolean,
  complete: S.Boolean,
}).annotations({ identifier: "Combined" });

const ChildContributionSchema: S.Schema<ChildContribution> = S.Struct({
  node: S.String,
  origin: S.String,
  planId: S.String,
  measureId: S.String,
  label: S.String,
  title: S.String,
  own: OwnProgressSchema,
  combined: CombinedSchema,
  childCount: S.Int,
  children: S.Array(S.suspend((): S.Schema<ChildContribution> => ChildContributionSchema)),
}).annotations({
  identifier: "ChildContribution",
  description: "A linked child measure; its log's freshness is the roll-up's `freshness` entry of its `origin`, its plan's title the `plans` entry of its `planId`",
});

const ChildPlanSchema = S.Struct({ planId: S.String, title: Nullable(S.String) }).annotations({ identifier: "ChildPlan" });

const RollupMeasureSchema = S.Struct({
  measureId: S.String,
  label: S.String,
  title: S.String,
  section: Nullable(S.String),
  task: Nullable(S.String),
  indicator: Indicator,
  own: OwnProgressSchema,
  childCount: S.Int,
  children: S.Array(ChildContributionSchema),
  next: Nullable(S.String),
  combined: CombinedSchema,
}).annotations({ identifier: "RollupMeasure" });

/** Per measure its own progress, its linked child measures' and the combined figure: `GET /api/v1/plans/{planId}/rollup`. */
export const RollupView = S.Struct({
  planId: S.String,
  title: Nullable(S.String),
  owner: S.String,
  at: S.String,
  measures: S.Array(RollupMeasureSchema),
  freshness: S.Array(FreshnessSchema),
  plans: S.Array(ChildPlanSchema),
}).annotations({ identifier: "Rollup" });

const ReviewSchema = S.Struct({
  reviewerNode: S.String,
  outcome: S.Literal("accepted", "returned"),
  reason: Nullable(S.String),
  reportRef: Nullable(ReportRef),
  recordedAt: S.String,
}).annotations({ identifier: "Review" });

/** One quarter of a plan's report calendar. */
export const ReportEntryView = S.Struct({
  year: S.Int,
  quarter: S.Int,
  label: S.String,
  periodEnd: S.String,
  dueDate: S.String,
  state: ReportSlotSchema,
  late: S.Boolean,
  reportId: Nullable(S.String),
  draftedAt: Nullable(S.String),
  submittedAt: Nullable(S.String),
  review: Nullable(ReviewSchema),
  measuresReported: S.Int,
  history: S.mutable(S.Array(S.Struct({ phase: ReportPhaseSchema, at: S.String, by: Nullable(S.String) }))),
}).annotations({ identifier: "ReportEntry" });

/** Which quarterly reports of a plan are due, drafted, submitted, accepted or returned: `GET …/reports`. */
export const ReportCalendarView = S.Struct({
  planId: S.String,
  periods: S.Array(ReportEntryView),
  counts: countsOf(["upcoming", "due", "missing", "drafted", "submitted", "accepted", "returned"] as const),
}).annotations({ identifier: "ReportCalendar" });

// Each schema describes exactly its view's type: a field added to, dropped from or retyped in either fails here.
/** Mutually assignable and with the same keys (so an optional member on one side only is caught too). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
const checks: ReadonlyArray<true> = [
  true as Same<typeof LabelSchema.Type, Label>,
  true as Same<typeof CancelMarkSchema.Type, CancelMark>,
  true as Same<typeof PeriodStatusSchema.Type, PeriodStatus>,
  true as Same<typeof LatestProgressSchema.Type, LatestProgress>,
  true as Same<typeof TargetProgressSchema.Type, TargetProgress>,
  true as Same<typeof MeasureNodeSchema.Type, MeasureNode>,
  true as Same<typeof TaskNodeSchema.Type, TaskNode>,
  true as Same<typeof SectionNodeSchema.Type, SectionNode>,
  true as Same<typeof PlanSummaryView.Type, PlanSummary>,
  true as Same<typeof PlanSourceSchema.Type, PlanSource>,
  true as Same<typeof AmendmentSchema.Type, Amendment>,
  true as Same<typeof OriginStateSchema.Type, Readonly<OriginState>>,
  true as Same<typeof MoneyRowSchema.Type, MoneyRow>,
  true as Same<typeof MoneyTotalSchema.Type, MoneyTotal>,
  true as Same<typeof TotalCheckSchema.Type, TotalCheck>,
  true as Same<typeof PlanMoneySchema.Type, PlanMoney>,
  true as Same<typeof PlanTreeView.Type, PlanTree>,
  true as Same<typeof CheckpointRefSchema.Type, CheckpointRef>,
  true as Same<typeof FreshnessSchema.Type, Freshness>,
  true as Same<typeof OwnProgressSchema.Type, OwnProgress>,
  true as Same<typeof CombinedTargetSchema.Type, CombinedTarget>,
  true as Same<typeof CombinedSchema.Type, Combined>,
  true as Same<typeof ChildPlanSchema.Type, ChildPlan>,
  true as Same<typeof RollupMeasureSchema.Type, RollupMeasure>,
  true as Same<typeof RollupView.Type, Rollup>,
  true as Same<typeof ReviewSchema.Type, Review>,
  true as Same<typeof ReportEntryView.Type, ReportEntry>,
  true as Same<typeof ReportCalendarView.Type, ReportCalendar>,
];
void checks;
