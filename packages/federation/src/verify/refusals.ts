/**
 * @module Why a node refuses a federation request: one tagged error per reason, each mapped to problem+json.
 */
import { Schema as S } from "effect";

/** The sender is not enrolled here, or its credential does not match. */
export class UnknownSender extends S.TaggedError<UnknownSender>()("UnknownSender", {
  sender: S.String,
  detail: S.String,
}) {}

/** The batch's origin is neither the sender nor a node registered under it. */
export class OriginOutsideSubtree extends S.TaggedError<OriginOutsideSubtree>()("OriginOutsideSubtree", {
  sender: S.String,
  origin: S.String,
}) {}

/** An event in the batch names another origin than the batch does. */
export class EventOriginMismatch extends S.TaggedError<EventOriginMismatch>()("EventOriginMismatch", {
  origin: S.String,
  index: S.Int,
  eventOrigin: S.String,
}) {}

/** The events are not in strictly consecutive `seq` order: reordered, repeated or with a hole inside the batch. */
export class BatchOutOfOrder extends S.TaggedError<BatchOutOfOrder>()("BatchOutOfOrder", {
  origin: S.String,
  index: S.Int,
  expectedSeq: S.Int,
  actualSeq: S.Int,
}) {}

/** The batch starts after the receiver's cursor: events in between are missing. */
export class SequenceGap extends S.TaggedError<SequenceGap>()("SequenceGap", {
  origin: S.String,
  cursorSeq: S.Int,
  firstSeq: S.Int,
}) {}

/** An event's stored hash is not the hash of its content: the event was altered after it was recorded. */
export class HashMismatch extends S.TaggedError<HashMismatch>()("HashMismatch", {
  origin: S.String,
  seq: S.Int,
  expected: S.String,
  actual: S.String,
}) {}

/** An event's `prevHash` does not continue the chain the receiver holds (or the batch's previous event). */
export class ChainBroken extends S.TaggedError<ChainBroken>()("ChainBroken", {
  origin: S.String,
  seq: S.Int,
  expectedPrevHash: S.String,
  actualPrevHash: S.String,
}) {}

/** The batch repeats a `seq` the receiver already holds, with a different hash: the origin shows two histories. */
export class ConflictingHistory extends S.TaggedError<ConflictingHistory>()("ConflictingHistory", {
  origin: S.String,
  seq: S.Int,
  heldHash: S.String,
  offeredHash: S.String,
}) {}

/** The checkpoint does not close the batch (other origin, seq or hash than the batch's last event). */
export class CheckpointMismatch extends S.TaggedError<CheckpointMismatch>()("CheckpointMismatch", {
  origin: S.String,
  detail: S.String,
}) {}

/** The checkpoint's signature does not verify under the origin's registered public key. */
export class BadSignature extends S.TaggedError<BadSignature>()("BadSignature", {
  origin: S.String,
  seq: S.Int,
}) {}

/** An enrollment the parent will not accept (no invitation for that node id, wrong token, another key). */
export class EnrollmentRefused extends S.TaggedError<EnrollmentRefused>()("EnrollmentRefused", {
  nodeId: S.String,
  detail: S.String,
}) {}

/** Every reason a batch (pushed up or pulled down) is refused. */
export type BatchRefusal =
  | OriginOutsideSubtree
  | EventOriginMismatch
  | BatchOutOfOrder
  | SequenceGap
  | HashMismatch
  | ChainBroken
  | ConflictingHistory
  | CheckpointMismatch
  | BadSignature
  | KeyRevoked
  | BadKeyRotation;


/** The event store refused a verified batch (a stream another origin owns, a stream version out of turn, a reused event id). */
export class StoreRejected extends S.TaggedError<StoreRejected>()("StoreRejected", {
  origin: S.String,
  seq: S.Int,
  detail: S.String,
}) {}

/** A pull asked for an origin this node does not serve downward (only itself and its own ancestors). */
export class OriginNotServed extends S.TaggedError<OriginNotServed>()("OriginNotServed", {
  origin: S.String,
}) {}

/**
 * Two heads of one origin's log that cannot both be true were seen here (same size and another root, or a later
 * one not consistent with an earlier): recorded, and that origin is refused until an admin lifts it.
 */
export class SplitView extends S.TaggedError<SplitView>()("SplitView", {
  origin: S.String,
  heldSize: S.Int,
  presentedSize: S.Int,
  detail: S.String,
}) {}

/** A witness request this node will not cosign, for a reason other than a split view. */
export class WitnessRefused extends S.TaggedError<WitnessRefused>()("WitnessRefused", {
  origin: S.String,
  /** `UnknownOrigin`, `BadNote`, `ConsistencyProofRequired`, `OlderThanWitnessed`. */
  reasonCode: S.String,
  detail: S.String,
  /** The size a consistency proof must start from: the largest this node cosigned for the origin. */
  fromSize: S.optional(S.Int),
}) {}

/** The sender was this node's child until an admin removed it: its credential is refused; its log stays held. */
export class ChildRemoved extends S.TaggedError<ChildRemoved>()("ChildRemoved", {
  sender: S.String,
  removedAt: S.String,
  reason: S.String,
}) {}

/** An admin asked to remove a child or cancel an invitation that this node does not have in that state. */
export class NoSuchChild extends S.TaggedError<NoSuchChild>()("NoSuchChild", {
  nodeId: S.String,
  detail: S.String,
}) {}

/**
 * A restoration of a lost node this node will not serve or authorise (docs/federation.md, "Restoring a lost node"):
 * `reasonCode` `NotWitnessed`, `NoNote`, `NotBelow`, `NotHead`, `HashMismatch`, `SameKey`, `BadKey`.
 */
export class RestoreRefused extends S.TaggedError<RestoreRefused>()("RestoreRefused", {
  nodeId: S.String,
  reasonCode: S.String,
  detail: S.String,
}) {}

/**
 * The batch's checkpoint (or a key rotation in it) is signed by a key revoked from a seq at or before it: what that
 * key signed from then on is not taken (`docs/federation.md`, "Keys over time").
 */
export class KeyRevoked extends S.TaggedError<KeyRevoked>()("KeyRevoked", {
  origin: S.String,
  seq: S.Int,
  revokedFromSeq: S.Int,
  revokedBy: S.NullOr(S.String),
  detail: S.String,
}) {}

/** A `KeyRotated` event in the batch that is not the origin's own rotation signed by the key in force before it. */
export class BadKeyRotation extends S.TaggedError<BadKeyRotation>()("BadKeyRotation", {
  origin: S.String,
  seq: S.Int,
  detail: S.String,
}) {}

/** An admin's key change refused: that key is revoked already. */
export class KeyAlreadyRevoked extends S.TaggedError<KeyAlreadyRevoked>()("KeyAlreadyRevoked", {
  nodeId: S.String,
  fromSeq: S.Int,
  detail: S.String,
}) {}

/** An admin's key change from a seq beyond the log held here (+ 1). */
export class KeyBeyondLog extends S.TaggedError<KeyBeyondLog>()("KeyBeyondLog", {
  nodeId: S.String,
  fromSeq: S.Int,
  detail: S.String,
}) {}

/**
 * An admin's key change refused for another reason; `reasonCode`: `KeyRangeHeld` (a key is in force from there
 * already), `KeyNotInForce`, `UnknownKey`, `NoKey`, `NotThisNode`, `BadAuthorisation`.
 */
export class KeyChangeRefused extends S.TaggedError<KeyChangeRefused>()("KeyChangeRefused", {
  nodeId: S.String,
  fromSeq: S.Int,
  reasonCode: S.String,
  detail: S.String,
}) {}

export type FederationRefusal =
  | KeyRevoked
  | BadKeyRotation
  | KeyAlreadyRevoked
  | KeyBeyondLog
  | KeyChangeRefused
  | RestoreRefused
  | BatchRefusal
  | UnknownSender
  | EnrollmentRefused
  | StoreRejected
  | OriginNotServed
  | SplitView
  | WitnessRefused
  | ChildRemoved
  | NoSuchChild;
