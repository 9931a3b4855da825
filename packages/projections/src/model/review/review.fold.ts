/**
 * @module The review read model's fold: a parent's verdict (`review:<reviewerNode>:<reportId>`) onto the report
 * it judges, or held until that report arrives (a replica may receive the review stream first).
 */
import { ReportAccepted, type ReportRef, ReportReturned, type reviewEventTypes } from "@planledger/domain";
import { type DataOf, type EventClass, dataCheck } from "../event-data.js";
import type { LedgerState } from "../ledger-state.js";
import type { LoggedEvent } from "../logged-event.js";
import type { ReportState } from "../report/report.read-model.js";
import { NONE, type Touched } from "../touched.js";
import type { Review } from "./review.read-model.js";

/** The verdict's mark on its report: the phase it leaves it in, and a line of its story. */
export const applyReview = (report: ReportState, review: Review): void => {
  report.phase = review.outcome;
  report.review = review;
  report.history.push({ phase: review.outcome, at: review.recordedAt, by: review.reviewerNode });
};

interface Verdict {
  readonly reportId: string;
  readonly outcome: Review["outcome"];
  readonly reason: string | null;
  readonly reportRef: ReportRef;
}

const verdictOf = <C extends EventClass>(event: C, read: (data: DataOf<C>) => Verdict): ((data: unknown) => Verdict | null) => {
  const check = dataCheck(event);
  return (data) => (check(data) ? read(data) : null);
};

/** Every review event by type, typed by its schema; a new event type is a compile error here. */
const verdicts: { readonly [T in keyof typeof reviewEventTypes]: (data: unknown) => Verdict | null } = {
  ReportAccepted: verdictOf(ReportAccepted, (d) => ({ reportId: d.reportId, outcome: "accepted", reason: null, reportRef: d.reportRef })),
  ReportReturned: verdictOf(ReportReturned, (d) => ({ reportId: d.reportId, outcome: "returned", reason: d.reason, reportRef: d.reportRef })),
};

/**
 * Folds one event of the review stream written by `reviewerNode` into the ledger, in place. A verdict whose
 * data does not match its schema is skipped.
 *
 * @example foldReviewEvent(state, "luhanska", acceptedEvent, acceptedEvent.data) // { kind: "report", reportId }
 */
export const foldReviewEvent = (state: LedgerState, reviewerNode: string, event: LoggedEvent, data: unknown): Touched => {
  const verdict = Object.hasOwn(verdicts, event.type) ? verdicts[event.type as keyof typeof verdicts](data) : null;
  if (verdict === null) return NONE;
  const { reportId, outcome, reason, reportRef } = verdict;
  const review: Review = {
    reviewerNode,
    outcome,
    reason,
    reportRef: { origin: reportRef.origin, seq: reportRef.seq, hash: reportRef.hash },
    recordedAt: event.recordedAt,
  };
  const report = state.reports.get(reportId);
  if (report === undefined) {
    state.pendingReviews.set(reportId, review);
    return NONE;
  }
  applyReview(report, review);
  return { kind: "report", reportId };
};
