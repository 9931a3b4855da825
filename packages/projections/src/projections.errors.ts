/**
 * @module What a read can fail with; the node maps each tag to a problem+json status (404, 400).
 */
import { Schema as S } from "effect";

export class PlanNotFound extends S.TaggedError<PlanNotFound>()("PlanNotFound", {
  planId: S.String,
  message: S.String,
}) {}

export class InvalidAsOf extends S.TaggedError<InvalidAsOf>()("InvalidAsOf", {
  asOf: S.String,
  message: S.String,
}) {}
