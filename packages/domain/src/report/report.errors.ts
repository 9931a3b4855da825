/**
 * @module Broken invariants of a quarterly report. Plan-level failures (unknown plan or measure, a
 * cancelled measure, a negative amount, the wrong node) reuse the plan's errors.
 */
import { Schema as S } from "effect";
import { Quarter } from "../term/term.model.js";
import { PlanId, ReportId } from "../shared/ids.js";
import { Period } from "../plan/plan.model.js";
import type {
  ItemIsCancelled,
  NegativeAmount,
  NotPlanOwner,
  PlanIsClosed,
  PlanMismatch,
  UnknownMeasure,
  UnknownPlan,
} from "../plan/plan.errors.js";

export class ReportAlreadyDrafted extends S.TaggedError<ReportAlreadyDrafted>()("ReportAlreadyDrafted", {
  reportId: ReportId,
}) {}

export class UnknownReport extends S.TaggedError<UnknownReport>()("UnknownReport", { reportId: ReportId }) {}

/** The report id is derived from plan and quarter; any other id would break one-report-per-quarter. */
export class ReportIdMismatch extends S.TaggedError<ReportIdMismatch>()("ReportIdMismatch", {
  reportId: ReportId,
  expected: ReportId,
}) {}

export class QuarterOutsidePlanPeriod extends S.TaggedError<QuarterOutsidePlanPeriod>()("QuarterOutsidePlanPeriod", {
  planId: PlanId,
  year: S.Int,
  quarter: Quarter,
  period: Period,
}) {}

/** A report on a quarter that has not begun at the command's time. */
export class QuarterNotStarted extends S.TaggedError<QuarterNotStarted>()("QuarterNotStarted", {
  reportId: ReportId,
  year: S.Int,
  quarter: Quarter,
  at: S.String,
}) {}

export class ReportAlreadySubmitted extends S.TaggedError<ReportAlreadySubmitted>()("ReportAlreadySubmitted", {
  reportId: ReportId,
}) {}

/** Only a submitted report can be reopened, and only on a return by another node. */
export class ReportNotSubmitted extends S.TaggedError<ReportNotSubmitted>()("ReportNotSubmitted", { reportId: ReportId }) {}

export class EmptyReport extends S.TaggedError<EmptyReport>()("EmptyReport", { reportId: ReportId }) {}

export type ReportError =
  | ReportAlreadyDrafted
  | UnknownReport
  | ReportIdMismatch
  | QuarterOutsidePlanPeriod
  | QuarterNotStarted
  | ReportAlreadySubmitted
  | ReportNotSubmitted
  | EmptyReport
  | UnknownPlan
  | PlanMismatch
  | NotPlanOwner
  | PlanIsClosed
  | UnknownMeasure
  | ItemIsCancelled
  | NegativeAmount;
