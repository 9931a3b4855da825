/**
 * @module The state of a review stream and `evolveReview`.
 */
import type { ReportId } from "../shared/ids.js";
import type { ReportRef, ReviewEvent } from "./review.events.js";
import type { Verdict } from "./review.errors.js";

export type ReviewState =
  | { readonly status: "none" }
  | { readonly status: "reviewed"; readonly reportId: ReportId; readonly verdict: Verdict; readonly reportRef: ReportRef };

export const initialReviewState: ReviewState = { status: "none" };

/**
 * Folds one review event into the state: the latest verdict stands. Only a returned report gets another verdict,
 * and only on a later submission (the decider checks).
 *
 * @example evolveReview(initialReviewState, accepted).status // "reviewed"
 */
export const evolveReview = (state: ReviewState, event: ReviewEvent): ReviewState => {
  if (state.status === "reviewed" && state.verdict === "accepted") return state;
  switch (event._tag) {
    case "ReportAccepted":
      return { status: "reviewed", reportId: event.reportId, verdict: "accepted", reportRef: event.reportRef };
    case "ReportReturned":
      return { status: "reviewed", reportId: event.reportId, verdict: "returned", reportRef: event.reportRef };
    default: {
      const _: never = event;
      return state;
    }
  }
};
