/**
 * @module The review decider (stream `review:<reviewerNode>:<reportId>`, on the reviewing parent node).
 */
import { Either } from "effect";
import type { Decider } from "../shared/decider.js";
import type { ReviewCommand } from "./review.commands.js";
import { ReportAlreadyReviewed, type ReviewError, SelfReview } from "./review.errors.js";
import { ReportAccepted, ReportReturned, type ReviewEvent } from "./review.events.js";
import { evolveReview, initialReviewState, type ReviewState } from "./review.state.js";

const decideReview = (command: ReviewCommand, state: ReviewState): Either.Either<ReadonlyArray<ReviewEvent>, ReviewError> => {
  const { reportId, reportRef, meta } = command;
  // A returned report comes back as a new submission (a new seq in its origin's log); that one gets its own verdict.
  if (state.status === "reviewed" && (state.verdict === "accepted" || state.reportRef.seq >= reportRef.seq)) {
    return Either.left(new ReportAlreadyReviewed({ reportId, verdict: state.verdict }));
  }
  if (reportRef.origin === meta.node) return Either.left(new SelfReview({ reportId, node: meta.node }));
  switch (command._tag) {
    case "AcceptReport":
      return Either.right([new ReportAccepted({ reportId, reportRef })]);
    case "ReturnReport":
      return Either.right([new ReportReturned({ reportId, reportRef, reason: command.reason })]);
    default: {
      const _: never = command;
      return Either.right([]);
    }
  }
};

/**
 * The review aggregate: one verdict per submission of a report; an accepted report is reviewed for good.
 *
 * @example reviewDecider.decide(new AcceptReport({ meta, reportId, reportRef }), reviewDecider.initialState)
 */
export const reviewDecider: Decider<ReviewCommand, ReviewEvent, ReviewState, ReviewError> = {
  decide: decideReview,
  evolve: evolveReview,
  initialState: initialReviewState,
};
