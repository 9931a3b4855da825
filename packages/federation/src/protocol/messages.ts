/**
 * @module The federation protocol's messages, as they appear in HTTP bodies (JSON, `_tag` included).
 */
import { Schema as S } from "effect";
import { Checkpoint, Cursor } from "./replicated-event.js";
import { WireEvents } from "./wire-events.js";

export const NodeLevel = S.Literal("national", "oblast", "district", "hromada");
export type NodeLevel = typeof NodeLevel.Type;

/** A node as a parent knows it: where it sits in the tree and the key that signs its checkpoints. */
export const NodeIdentity = S.Struct({
  nodeId: S.String.pipe(S.minLength(1)),
  level: NodeLevel,
  publicKey: S.String.pipe(S.minLength(1)),
});
export type NodeIdentity = typeof NodeIdentity.Type;

/** A node below the sender, relayed upward so the parent knows which origins the sender may carry. */
export const SubtreeMember = S.Struct({
  ...NodeIdentity.fields,
  parentId: S.String,
});
export type SubtreeMember = typeof SubtreeMember.Type;

/** A child asks its parent to register it; `token` is the credential the parent issued for that node id. */
export class EnrollRequest extends S.TaggedClass<EnrollRequest>()("EnrollRequest", {
  child: NodeIdentity,
  token: S.String.pipe(S.minLength(1)),
}) {}

/** The parent's answer: its own identity and its ancestors', so the child can verify what it pulls. */
export class EnrollAccepted extends S.TaggedClass<EnrollAccepted>()("EnrollAccepted", {
  parent: NodeIdentity,
  ancestors: S.Array(SubtreeMember),
  enrolledAt: S.String,
}) {}

/**
 * One origin's events `[first.seq .. checkpoint.seq]`, contiguous, closed by that origin's signed checkpoint.
 * `members` carries the registrations of the sender's subtree (empty for a leaf).
 */
export class PushBatch extends S.TaggedClass<PushBatch>()("PushBatch", {
  sender: S.String,
  origin: S.String,
  events: WireEvents,
  checkpoint: Checkpoint,
  members: S.optionalWith(S.Array(SubtreeMember), { default: () => [] }),
  /**
   * The origin's C2SP checkpoint (tlog-checkpoint signed note, signed by the origin's key as `planledger/<origin>`) of
   * its tree at `checkpoint.seq`, when the sender has it: the origin sends its own, a relaying node the one it kept.
   * Absent from nodes of versions before C2SP checkpoints; the receiver cosigns the tree head either way.
   */
  note: S.optional(S.String),
}) {}

/**
 * The receiver's answer to a verified batch: how many events were new, its cursors for the whole sender
 * subtree, and the batch's checkpoint with the receiver's `witness` countersignature filled in.
 */
export class PushAccepted extends S.TaggedClass<PushAccepted>()("PushAccepted", {
  origin: S.String,
  stored: S.Int,
  skipped: S.Int,
  cursor: Cursor,
  cursors: S.Array(Cursor),
  witnessed: Checkpoint,
  receiptId: S.Int,
  /**
   * The receiver's tlog-cosignature/v1 line over the origin's C2SP checkpoint at `witnessed.seq`, the tree root being
   * the receiver's own (`— planledger/<receiver> <base64(key ID ‖ timestamp ‖ signature)>\n`). Absent from nodes of
   * versions before C2SP checkpoints; `witnessed` (the JSON countersignature) stays beside it during the transition.
   */
  cosignature: S.optional(S.String),
}) {}

/**
 * A request to cosign an origin's C2SP checkpoint (`POST /federation/v1/witness`): the note as its origin signed it,
 * and the consistency proof (RFC 9162, hex) from the largest size this witness cosigned for that origin (empty the
 * first time, or when the sizes are equal).
 */
export class WitnessRequest extends S.TaggedClass<WitnessRequest>()("WitnessRequest", {
  note: S.String.pipe(S.minLength(1), S.maxLength(16_384)),
  proof: S.optionalWith(S.Array(S.String.pipe(S.pattern(/^[0-9a-f]{64}$/))).pipe(S.maxItems(64)), { default: () => [] }),
}) {}

/** The witness's answer: its tlog-cosignature/v1 line over the checkpoint it was given, and what that states. */
export class WitnessCosigned extends S.TaggedClass<WitnessCosigned>()("WitnessCosigned", {
  witness: S.String,
  origin: S.String,
  size: S.Int,
  root: S.String,
  cosignature: S.String,
}) {}

/** A split view recorded here, as `GET /federation/v1/split-views` lists it. */
export const SplitViewEntry = S.Struct({
  id: S.Int,
  origin: S.String,
  source: S.String,
  heldSize: S.Int,
  heldRoot: S.String,
  presentedSize: S.Int,
  presentedRoot: S.String,
  conclusive: S.Boolean.annotations({
    description: "true: the evidence proves the split by itself and the origin is refused until lifted; false: it rests on a failed consistency proof",
  }),
  eventId: S.NullOr(S.String),
  detectedAt: S.String,
  liftedAt: S.NullOr(S.String),
  liftedBy: S.NullOr(S.String),
  evidence: S.Unknown,
});
export type SplitViewEntry = typeof SplitViewEntry.Type;

/**
 * The parent's cursors for the asking child's subtree, and the nodes above the parent (parent's parent first)
 * with their keys, so the child keeps pulling every ancestor.
 */
export class CursorList extends S.TaggedClass<CursorList>()("CursorList", {
  node: S.String,
  cursors: S.Array(Cursor),
  ancestors: S.optionalWith(S.Array(SubtreeMember), { default: () => [] }),
}) {}

/** Pulling down: the next events of an ancestor origin after `afterSeq`, closed by a checkpoint. */
export class PullBatch extends S.TaggedClass<PullBatch>()("PullBatch", {
  origin: S.String,
  events: WireEvents,
  checkpoint: S.NullOr(Checkpoint),
  more: S.Boolean,
}) {}

/** Per child, the last checkpoint received and when: what a node shows about its subtree. */
export const ChildStatus = S.Struct({
  nodeId: S.String,
  level: NodeLevel,
  parentId: S.String,
  enrolledAt: S.NullOr(S.String),
  lastCheckpoint: S.NullOr(Checkpoint),
  lastReceivedAt: S.NullOr(S.String),
  events: S.Int,
  /** When an admin removed this child (its log is still held); absent from nodes of a version before removal. */
  removedAt: S.optional(S.NullOr(S.String)),
});
export type ChildStatus = typeof ChildStatus.Type;

export class FederationStatus extends S.TaggedClass<FederationStatus>()("FederationStatus", {
  node: S.String,
  parent: S.NullOr(S.Struct({ nodeId: S.String, url: S.NullOr(S.String), lastSyncAt: S.NullOr(S.String), lastError: S.NullOr(S.String) })),
  children: S.Array(ChildStatus),
}) {}
