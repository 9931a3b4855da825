/**
 * @module Errors the HTTP edge raises itself, before a request reaches the domain.
 */
import { Schema as S } from "effect";

/** One problem in the input, named by its path (`sections.0.tasks.1.title`). */
export const InputIssue = S.Struct({ path: S.String, message: S.String });
export type InputIssue = typeof InputIssue.Type;

/** The body is not JSON at all. */
export class MalformedJson extends S.TaggedError<MalformedJson>()("MalformedJson", { message: S.String }) {}

/** The body is JSON but not of the expected shape; `issues` name each failing field. */
export class InvalidInput extends S.TaggedError<InvalidInput>()("InvalidInput", {
  message: S.String,
  issues: S.Array(InputIssue),
}) {}

export class PayloadTooLarge extends S.TaggedError<PayloadTooLarge>()("PayloadTooLarge", { maxBytes: S.Number }) {}

export class UnsupportedMediaType extends S.TaggedError<UnsupportedMediaType>()("UnsupportedMediaType", {
  contentType: S.String,
}) {}

export class Unauthenticated extends S.TaggedError<Unauthenticated>()("Unauthenticated", { message: S.String }) {}

export class Forbidden extends S.TaggedError<Forbidden>()("Forbidden", { message: S.String }) {}

/** This node is not the single writer of the stream (a replica, or another node's review stream). */
export class NotStreamOwner extends S.TaggedError<NotStreamOwner>()("NotStreamOwner", {
  stream: S.String,
  owner: S.String,
}) {}

export class ResourceNotFound extends S.TaggedError<ResourceNotFound>()("ResourceNotFound", {
  resource: S.String,
  id: S.String,
}) {}

/** A write to an existing stream came without `If-Match`. */
export class PreconditionRequired extends S.TaggedError<PreconditionRequired>()("PreconditionRequired", {
  stream: S.String,
}) {}

/** `If-Match` named a version the stream is no longer (or not yet) at. */
export class PreconditionFailed extends S.TaggedError<PreconditionFailed>()("PreconditionFailed", {
  stream: S.String,
  expected: S.Number,
  actual: S.Number,
}) {}

/** A verdict names the submission its reviewer saw; a newer one has arrived since (or the report was reopened). */
export class SubmissionChanged extends S.TaggedError<SubmissionChanged>()("SubmissionChanged", {
  reportId: S.String,
  expectedSeq: S.Number,
  actualSeq: S.Number,
}) {}

/** Reopening answers a return: the reviewer's latest verdict held here must return the latest submission. */
export class ReportNotReturned extends S.TaggedError<ReportNotReturned>()("ReportNotReturned", {
  reportId: S.String,
  reviewer: S.String,
}) {}

/** A review names the submission it judges; a report that was never submitted has none. */
export class ReportNotSubmitted extends S.TaggedError<ReportNotSubmitted>()("ReportNotSubmitted", {
  reportId: S.String,
}) {}

/** The wait in words: seconds under a minute, else whole minutes rounded up. */
const waitText = (seconds: number): string => (seconds < 60 ? `${seconds} с / ${seconds} s` : `${Math.ceil(seconds / 60)} хв / ${Math.ceil(seconds / 60)} min`);

/**
 * Too many failed authentications from this source within the window: every attempt that carries a credential is
 * refused, a correct one too, for `retryAfter` seconds (also sent as `Retry-After`).
 */
export class TooManyFailedAttempts extends S.TaggedError<TooManyFailedAttempts>()("TooManyFailedAttempts", {
  retryAfter: S.Int,
}) {
  override get message(): string {
    const [uk, en] = waitText(this.retryAfter).split(" / ");
    return `Забагато невдалих спроб автентифікації з цієї адреси; повторіть через ${uk} / too many failed authentication attempts from this address; retry in ${en}`;
  }
}

/** An on-demand sync from this source ran less than the minimum interval ago; another may start in `retryAfter` seconds. */
export class SyncTooSoon extends S.TaggedError<SyncTooSoon>()("SyncTooSoon", { retryAfter: S.Int }) {
  override get message(): string {
    const [uk, en] = waitText(this.retryAfter).split(" / ");
    return `Синхронізацію з цієї адреси щойно запускали; наступну можна через ${uk} / a sync was run from this address moments ago; the next may start in ${en}`;
  }
}
