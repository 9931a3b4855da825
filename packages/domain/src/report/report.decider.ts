/**
 * @module The quarterly report decider (stream `report:<planId>:<YYYY>-Q<q>`).
 */
import { Either } from "effect";
import type { Decider } from "../shared/decider.js";
import { makeReportId } from "../shared/ids.js";
import {
  ItemIsCancelled,
  NegativeAmount,
  NotPlanOwner,
  PlanIsClosed,
  PlanMismatch,
  UnknownMeasure,
  UnknownPlan,
} from "../plan/plan.errors.js";
import type { DraftReport, RecordProgress, ReportCommand } from "./report.commands.js";
import type { PlanFacts } from "./report.plan-facts.js";
import {
  EmptyReport,
  QuarterNotStarted,
  QuarterOutsidePlanPeriod,
  ReportAlreadyDrafted,
  ReportAlreadySubmitted,
  type ReportError,
  ReportIdMismatch,
  ReportNotSubmitted,
  UnknownReport,
} from "./report.errors.js";
import { ProgressRecorded, ReportDrafted, type ReportEvent, ReportReopened, ReportSubmitted } from "./report.events.js";
import { evolveReport, initialReportState, type ReportState } from "./report.state.js";

type Decision = Either.Either<ReadonlyArray<ReportEvent>, ReportError>;

/** Who reports on a plan: its owner, or the successor that continues it after a merger (then the owner no longer does). */
const reporterOf = (plan: PlanFacts) => plan.continuedBy ?? plan.ownerNode;

const quarterStart = (year: number, quarter: number): string =>
  `${String(year).padStart(4, "0")}-${String((quarter - 1) * 3 + 1).padStart(2, "0")}-01`;

const decideDraft = (command: DraftReport, state: ReportState): Decision => {
  const { reportId, planId, year, quarter, plan, meta } = command;
  if (state.status !== "none") return Either.left(new ReportAlreadyDrafted({ reportId }));
  if (plan === null) return Either.left(new UnknownPlan({ planId }));
  if (plan.planId !== planId) return Either.left(new PlanMismatch({ expected: planId, given: plan.planId }));
  const expected = makeReportId(planId, year, quarter);
  if (reportId !== expected) return Either.left(new ReportIdMismatch({ reportId, expected }));
  if (meta.node !== reporterOf(plan)) return Either.left(new NotPlanOwner({ planId, ownerNode: reporterOf(plan), node: meta.node }));
  if (plan.closed) return Either.left(new PlanIsClosed({ planId }));
  const { from, to } = plan.period;
  if ((from !== null && year < from) || (to !== null && year > to)) {
    return Either.left(new QuarterOutsidePlanPeriod({ planId, year, quarter, period: plan.period }));
  }
  if (quarterStart(year, quarter) > meta.at.slice(0, 10)) {
    return Either.left(new QuarterNotStarted({ reportId, year, quarter, at: meta.at }));
  }
  return Either.right([new ReportDrafted({ reportId, planId, year, quarter })]);
};

const decideRecord = (command: RecordProgress, state: ReportState): Decision => {
  const { reportId, measureId, plan, meta } = command;
  if (state.status === "none") return Either.left(new UnknownReport({ reportId }));
  if (state.status === "submitted") return Either.left(new ReportAlreadySubmitted({ reportId }));
  const { planId } = state;
  if (plan === null) return Either.left(new UnknownPlan({ planId }));
  if (plan.planId !== planId) return Either.left(new PlanMismatch({ expected: planId, given: plan.planId }));
  if (meta.node !== reporterOf(plan)) return Either.left(new NotPlanOwner({ planId, ownerNode: reporterOf(plan), node: meta.node }));
  const standing = plan.measures[measureId];
  if (standing === undefined) return Either.left(new UnknownMeasure({ planId, measureId }));
  if (standing === "cancelled") return Either.left(new ItemIsCancelled({ kind: "measure", id: measureId }));
  const negative = command.spent.find((s) => s.amount < 0);
  if (negative !== undefined) {
    return Either.left(new NegativeAmount({ id: measureId, source: negative.source, amount: negative.amount }));
  }
  const { _tag, meta: _meta, plan: _plan, ...progress } = command;
  return Either.right([new ProgressRecorded(progress)]);
};

const decideReport = (command: ReportCommand, state: ReportState): Decision => {
  switch (command._tag) {
    case "DraftReport":
      return decideDraft(command, state);
    case "RecordProgress":
      return decideRecord(command, state);
    case "SubmitReport": {
      const { reportId } = command;
      if (state.status === "none") return Either.left(new UnknownReport({ reportId }));
      if (state.status === "submitted") return Either.left(new ReportAlreadySubmitted({ reportId }));
      if (Object.keys(state.progress).length === 0) return Either.left(new EmptyReport({ reportId }));
      return Either.right([new ReportSubmitted({ reportId })]);
    }
    case "ReopenReport": {
      const { reportId, returnedBy, reportRef, reason, meta } = command;
      if (state.status === "none") return Either.left(new UnknownReport({ reportId }));
      if (state.status !== "submitted" || returnedBy === meta.node) return Either.left(new ReportNotSubmitted({ reportId }));
      return Either.right([new ReportReopened({ reportId, returnedBy, reportRef, reason })]);
    }
    default: {
      const _: never = command;
      return Either.right([]);
    }
  }
};

/**
 * The quarterly report aggregate. A submitted report stands unless a parent returns it; the owner then reopens it
 * (`ReopenReport`), corrects it and submits it again.
 *
 * @example reportDecider.decide(new SubmitReport({ meta, reportId }), fold(reportDecider, history))
 */
export const reportDecider: Decider<ReportCommand, ReportEvent, ReportState, ReportError> = {
  decide: decideReport,
  evolve: evolveReport,
  initialState: initialReportState,
};
