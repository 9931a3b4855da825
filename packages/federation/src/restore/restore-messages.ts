/**
 * @module The messages of restoring a lost node from a node that holds its log (docs/federation.md, "Restoring a lost
 * node / Відновлення втраченого вузла"): what the holder states of the lost node's log (`GET /restore`), the request
 * that the parent authorise a new key from the seq after the recovered one (`POST /restore`), and its answer.
 */
import { Checkpoint, KeyEntry } from "@planledger/event-store";
import { Schema as S } from "effect";
import { NodeIdentity, NodeLevel } from "../protocol/messages.js";

const nodeId = S.String.pipe(S.pattern(/^[a-z][a-z0-9-]{0,62}$/));
const hex64 = S.String.pipe(S.pattern(/^[0-9a-f]{64}$/));
const publicKey = S.String.pipe(S.minLength(40), S.maxLength(200)).annotations({ description: "base64 SPKI DER of an Ed25519 public key" });

/** `GET /restore?node=<id>`: whose log. */
export const RestoreSourceQuery = S.Struct({ node: nodeId.annotations({ description: "the lost node's id" }) }).annotations({
  identifier: "RestoreSourceQuery",
});

/**
 * What a node that holds another node's log states of it, for that node's restoration: who answers (its key signs the
 * witness and the cosignature), the lost node's key at the checkpoint, the latest checkpoint this node witnessed with
 * the C2SP note and its cosignature lines, and what it knows of when the lost node was last heard from. The events
 * themselves are read with `GET /api/v1/audit/origins/{node}/log`.
 */
export const RestoreSource = S.Struct({
  _tag: S.Literal("RestoreSource"),
  source: S.Struct({ nodeId: S.String, level: NodeLevel, publicKey: S.String }).annotations({
    description: "the node answering: its key signed the witness countersignature and the cosignature line",
  }),
  node: S.Struct({
    nodeId: S.String,
    level: NodeLevel,
    parentId: S.NullOr(S.String),
    /** Whether the lost node is this node's own enrolled child (only the parent can authorise a new key). */
    child: S.Boolean,
    publicKey: S.String.annotations({ description: "the key the lost node signed the checkpoint with, as registered here" }),
  }),
  keys: S.Array(KeyEntry).annotations({ description: "the lost node's key history as held here (empty when its key never changed)" }),
  checkpoint: Checkpoint.annotations({ description: "the latest checkpoint of the lost node held here, with this node's witness countersignature" }),
  note: S.String.annotations({ description: "the lost node's C2SP checkpoint at checkpoint.seq, its own signature then the cosignature lines kept" }),
  heldSeq: S.Int.annotations({ description: "the last seq of the lost node's log held here" }),
  lastReceivedAt: S.NullOr(S.String).annotations({ description: "when this node last stored a batch of the lost node's log" }),
  laterHead: S.NullOr(S.Struct({ seq: S.Int, reportedAt: S.String })).annotations({
    description: "a head beyond heldSeq that the lost node reported and did not push; null when none is known (the events after heldSeq cannot then be counted)",
  }),
}).annotations({ identifier: "RestoreSource" });
export type RestoreSource = typeof RestoreSource.Type;

/** `POST /restore`: the parent's admin authorises `publicKey` for the node's log from `seq + 1` on. */
export const RestoreRequest = S.Struct({
  nodeId,
  seq: S.Int.pipe(S.positive()).annotations({ description: "the last seq recovered: the parent's head of the node's log" }),
  hash: hex64.annotations({ description: "the hash of the event at seq, as the restored log holds it" }),
  publicKey,
  reason: S.optional(S.String.pipe(S.maxLength(2000))),
}).annotations({ identifier: "RestoreRequest" });
export type RestoreRequest = typeof RestoreRequest.Type;

/**
 * The parent's answer: the key is authorised from `fromSeq`, the old key revoked from the same seq, the node's
 * credential replaced by `token` (the old machine's is refused from now on), and all of it recorded as `NodeRestored`
 * in the parent's own log.
 */
export const RestoreAuthorised = S.Struct({
  _tag: S.Literal("RestoreAuthorised"),
  nodeId: S.String,
  authority: NodeIdentity.annotations({ description: "the parent that authorised the key: its key signed the new key's entry" }),
  recoveredSeq: S.Int,
  recoveredHash: S.String,
  fromSeq: S.Int,
  publicKey: S.String,
  previousKey: S.String,
  keys: S.Array(KeyEntry).annotations({
    description: "the node's key history after this authorisation: the restored database keeps it, each entry signed by its authority",
  }),
  token: S.String.annotations({ description: "the restored node's new credential: it enrolls with it (POST /enroll), shown once" }),
  authorisedAt: S.String,
  lastReceivedAt: S.NullOr(S.String),
  eventId: S.NullOr(S.String).annotations({ description: "the NodeRestored event in the parent's own log" }),
}).annotations({ identifier: "RestoreAuthorised" });
export type RestoreAuthorised = typeof RestoreAuthorised.Type;
