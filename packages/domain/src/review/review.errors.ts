/**
 * @module Broken invariants of a review.
 */
import { Schema as S } from "effect";
import { NodeId, ReportId } from "../shared/ids.js";

export const Verdict = S.Literal("accepted", "returned");
export type Verdict = typeof Verdict.Type;

/** A report gets one verdict per reviewing node; the review stream is then complete. */
export class ReportAlreadyReviewed extends S.TaggedError<ReportAlreadyReviewed>()("ReportAlreadyReviewed", {
  reportId: ReportId,
  verdict: Verdict,
}) {}

/** A node reviewing a report from its own log: reviews are by the parent, never self-approval. */
export class SelfReview extends S.TaggedError<SelfReview>()("SelfReview", { reportId: ReportId, node: NodeId }) {}

export type ReviewError = ReportAlreadyReviewed | SelfReview;
