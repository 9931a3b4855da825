/**
 * @module Failures the event store reports as data; SQLite and file-system failures are defects instead.
 */
import { Schema as S } from "effect";

const ExpectedVersion = S.Union(S.Literal("noStream", "any"), S.Int);

/** The stream is not at the version the writer expected; nothing was written. */
export class ConcurrencyError extends S.TaggedError<ConcurrencyError>()("ConcurrencyError", {
  stream: S.String,
  expectedVersion: ExpectedVersion,
  actualVersion: S.Int,
}) {
  override get message(): string {
    return `потік ${this.stream} має версію ${this.actualVersion}, очікувалася ${this.expectedVersion} / stream ${this.stream} is at version ${this.actualVersion}, expected ${this.expectedVersion}`;
  }
}

/** Some of the given event ids are stored already but not as one earlier append to this stream. */
export class IdempotencyConflictError extends S.TaggedError<IdempotencyConflictError>()("IdempotencyConflictError", {
  stream: S.String,
  eventIds: S.Array(S.String),
  reason: S.String,
}) {}

/** A stream is written by one node only; this node tried to append to a stream another origin owns. */
export class ForeignStreamError extends S.TaggedError<ForeignStreamError>()("ForeignStreamError", {
  stream: S.String,
  owner: S.String,
  nodeId: S.String,
}) {}

/** A replicated event or checkpoint does not continue what this database holds of its origin. */
export class ReplicationRejectedError extends S.TaggedError<ReplicationRejectedError>()("ReplicationRejectedError", {
  origin: S.String,
  seq: S.Int,
  reason: S.String,
}) {}

/** The stored log of an origin is not intact: `position` is the first event that fails (null when none can be named). */
export class ChainBrokenError extends S.TaggedError<ChainBrokenError>()("ChainBrokenError", {
  origin: S.String,
  position: S.NullOr(S.Int),
  seq: S.NullOr(S.Int),
  reason: S.String,
}) {
  override get message(): string {
    return `журнал ${this.origin} пошкоджено на позиції ${this.position ?? "—"} (seq ${this.seq ?? "—"}): ${this.reason} / log of ${this.origin} broken at position ${this.position ?? "-"}: ${this.reason}`;
  }
}

/** The database cannot be opened as this node's store (migration failed, another node's database, key mismatch). */
export class StoreOpenError extends S.TaggedError<StoreOpenError>()("StoreOpenError", {
  path: S.String,
  reason: S.String,
}) {
  override get message(): string {
    return `не вдалося відкрити ${this.path}: ${this.reason} / cannot open ${this.path}: ${this.reason}`;
  }
}

/** No event with this id is held here: there is nothing to prove. */
export class UnknownEventError extends S.TaggedError<UnknownEventError>()("UnknownEventError", {
  eventId: S.String,
}) {
  override get message(): string {
    return `події ${this.eventId} у журналі немає / no event ${this.eventId} in the log`;
  }
}

/**
 * A tree size (or a pair of them) that the origin's Merkle tree cannot answer: beyond the events held
 * (`treeSize`), below the event to prove, zero where a proof needs a tree, or not a whole number.
 */
export class TreeSizeError extends S.TaggedError<TreeSizeError>()("TreeSizeError", {
  origin: S.String,
  /** Leaves the origin's tree holds here (its head seq). */
  treeSize: S.Int,
  /** What is wrong, Ukrainian first: "розмір 9 … / size 9 …". */
  reason: S.String,
}) {
  override get message(): string {
    return `дерево ${this.origin}, листків / leaves: ${this.treeSize}: ${this.reason}`;
  }
}

/**
 * A key change this store will not record; nothing was written. `code`: `NoKey` (no key registered for the origin),
 * `NotThisNode` (a node cannot authorise or import over its own current key this way), `KeyRangeHeld` (a key is
 * already in force from that seq, or a later one is), `KeyBeyondLog` (the seq lies beyond the log held here + 1),
 * `KeyNotInForce` (the key was not in force at that seq), `UnknownKey` (no such key in the origin's history),
 * `KeyAlreadyRevoked`, `BadAuthorisation` (a signature that does not verify), `KeyRevoked` (the signing key is revoked).
 */
export class KeyHistoryError extends S.TaggedError<KeyHistoryError>()("KeyHistoryError", {
  origin: S.String,
  seq: S.Int,
  code: S.String,
  reason: S.String,
}) {
  override get message(): string {
    return `ключ ${this.origin} (seq ${this.seq}): ${this.reason}`;
  }
}
