/**
 * @module Events of the review stream (`review:<reviewerNode>:<reportId>`), written by the reviewing parent node.
 */
import { Schema as S } from "effect";
import { byTag } from "../shared/by-tag.js";
import { NodeId, ReportId } from "../shared/ids.js";

/** Which submitted report was reviewed: its position and hash in the origin's log, so a verdict cannot drift. */
export const ReportRef = S.Struct({ origin: NodeId, seq: S.Int.pipe(S.nonNegative()), hash: S.String.pipe(S.minLength(1)) });
export type ReportRef = typeof ReportRef.Type;

export class ReportAccepted extends S.TaggedClass<ReportAccepted>()("ReportAccepted", {
  reportId: ReportId,
  reportRef: ReportRef,
}) {}

export class ReportReturned extends S.TaggedClass<ReportReturned>()("ReportReturned", {
  reportId: ReportId,
  reportRef: ReportRef,
  reason: S.String.pipe(S.minLength(1)),
}) {}

export const ReviewEvent = S.Union(ReportAccepted, ReportReturned);
export type ReviewEvent = typeof ReviewEvent.Type;

export const reviewEventTypes = byTag(ReviewEvent.members);
