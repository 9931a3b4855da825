/**
 * @module The restoring node's check of what a holder sent it (docs/federation.md, "Restoring a lost node"): the lost
 * node's log 1…S is one hash chain closed by its checkpoint at S, signed by its registered key and countersigned by the
 * holder; the Merkle root of those S events is the root of the C2SP checkpoint the node signed at S and the holder
 * cosigned. Pure: no I/O, nothing written — a restore writes only what passed this.
 */
import {
  type Checkpoint,
  ed25519CosignatureVerifier,
  ed25519NoteVerifier,
  eventLeafHash,
  merkleTreeHashOfLeaves,
  openTlogCheckpoint,
  tlogOrigin,
} from "@planledger/event-store";
import { Data, Either } from "effect";
import type { ReplicatedEvent } from "../protocol/replicated-event.js";
import { verifyWitness } from "../protocol/witness.js";
import { liveChainCrypto } from "../verify/live-chain-crypto.js";
import type { BatchRefusal } from "../verify/refusals.js";
import { verifyBatch } from "../verify/verify-batch.js";
import type { RestoreSource } from "./restore-messages.js";

/** Which check a restore failed, and why (Ukrainian first). Nothing is written after one. */
export class RestoreUnverified extends Data.TaggedError("RestoreUnverified")<{
  /** `source`, `pin`, `chain`, `witness`, `note`, `cosignature`, `merkle`. */
  readonly step: string;
  readonly detail: string;
}> {}

/** A log that passed every check, with what the restored database keeps beside it. */
export interface VerifiedRestore {
  readonly nodeId: string;
  readonly seq: number;
  readonly hash: string;
  /** The Merkle root (hex) of the S events, equal to the cosigned C2SP checkpoint's. */
  readonly root: string;
  readonly events: ReadonlyArray<ReplicatedEvent>;
  /** The checkpoint at S, signed by the node's key and countersigned by the holder. */
  readonly checkpoint: Checkpoint;
  /** The node's C2SP checkpoint at S with the holder's cosignature line. */
  readonly note: string;
  readonly nodeKey: string;
  readonly holder: { readonly nodeId: string; readonly publicKey: string };
}

/** Keys the operator knows from elsewhere (a printed record, the national node): the holder's word is then checked too. */
export interface RestorePins {
  readonly nodeKey?: string | undefined;
  readonly holderKey?: string | undefined;
}

const refusalText = (r: BatchRefusal): string => {
  switch (r._tag) {
    case "HashMismatch":
      return `подію seq ${r.seq} змінено: її хеш не відповідає вмісту / the event at seq ${r.seq} was altered: its hash is not its content's`;
    case "ChainBroken":
      return `ланцюг хешів розірвано на seq ${r.seq} / the hash chain breaks at seq ${r.seq}`;
    case "BatchOutOfOrder":
      return `порядок подій порушено: seq ${r.actualSeq} там, де мав бути ${r.expectedSeq} / events out of order: seq ${r.actualSeq} where ${r.expectedSeq} was due`;
    case "SequenceGap":
      return `журнал не починається з seq 1 / the log does not start at seq 1 (first seq ${r.firstSeq})`;
    case "EventOriginMismatch":
      return `подія №${r.index} належить ${r.eventOrigin} / event #${r.index} is ${r.eventOrigin}'s`;
    case "CheckpointMismatch":
      return `контрольна точка не закриває журнал / the checkpoint does not close the log: ${r.detail}`;
    case "BadSignature":
      return `підпис контрольної точки seq ${r.seq} не є підписом зареєстрованого ключа вузла / the checkpoint at seq ${r.seq} is not signed by the node's registered key`;
    case "ConflictingHistory":
      return `інша історія на seq ${r.seq} / another history at seq ${r.seq}`;
    case "OriginOutsideSubtree":
      return `журнал іншого вузла: ${r.origin} / another node's log: ${r.origin}`;
    case "KeyRevoked":
      return `ключ, яким підписано seq ${r.seq}, відкликано з seq ${r.revokedFromSeq} / the key that signed seq ${r.seq} is revoked from seq ${r.revokedFromSeq}: ${r.detail}`;
    case "BadKeyRotation":
      return `зміна ключа на seq ${r.seq} не підписана попереднім ключем / the key rotation at seq ${r.seq} is not signed by the key before it: ${r.detail}`;
    default: {
      const _: never = r;
      return String(_);
    }
  }
};

/**
 * Checks, in this order: the holder answered about `nodeId`; the keys agree with the operator's pins; the events are
 * seq 1…S, each hash its content's, each `prevHash` the one before, closed by the checkpoint at S under the node's
 * key; the checkpoint's witness is the holder's signature; the note is the node's signed C2SP checkpoint at S,
 * cosigned by the holder; and its root is the Merkle root of the S events.
 *
 * @example
 * const verified = verifyRestore(source, events, { nodeId: "novopskovskyi" })
 * if (Either.isLeft(verified)) console.error(verified.left.detail)
 */
export const verifyRestore = (
  source: RestoreSource,
  events: ReadonlyArray<ReplicatedEvent>,
  options: { readonly nodeId: string; readonly pins?: RestorePins },
): Either.Either<VerifiedRestore, RestoreUnverified> => {
  const { nodeId } = options;
  const fail = (step: string, detail: string) => Either.left(new RestoreUnverified({ step, detail }));
  const { checkpoint, note } = source;
  const nodeKey = source.node.publicKey;
  const holder = { nodeId: source.source.nodeId, publicKey: source.source.publicKey };
  if (source.node.nodeId !== nodeId || checkpoint.origin !== nodeId)
    return fail("source", `відповідь про інший вузол (${source.node.nodeId}) / the answer is about another node (${source.node.nodeId})`);
  if (checkpoint.seq < 1) return fail("source", `журнал ${nodeId} порожній: нічого відновлювати / ${nodeId}'s log is empty: nothing to restore`);
  const pins = options.pins ?? {};
  if (pins.nodeKey !== undefined && pins.nodeKey !== nodeKey)
    return fail("pin", `ключ ${nodeId} у відповіді не той, що вказано / the key of ${nodeId} in the answer is not the one given`);
  if (pins.holderKey !== undefined && pins.holderKey !== holder.publicKey)
    return fail("pin", `ключ ${holder.nodeId} у відповіді не той, що вказано / ${holder.nodeId}'s key in the answer is not the one given`);
  if (events.length !== checkpoint.seq)
    return fail("chain", `отримано ${events.length} подій, а контрольна точка — на seq ${checkpoint.seq} / ${events.length} events came for a checkpoint at seq ${checkpoint.seq}`);

  const chained = verifyBatch(
    { sender: nodeId, origin: nodeId, events, checkpoint },
    {
      registry: new Map([[nodeId, { nodeId, parentId: null, publicKey: nodeKey }]]),
      held: { cursor: { origin: nodeId, seq: 0, hash: null }, heldHash: () => undefined },
      crypto: liveChainCrypto,
    },
  );
  if (Either.isLeft(chained)) return fail("chain", refusalText(chained.left));

  if (checkpoint.witness?.node !== holder.nodeId || !verifyWitness(checkpoint, holder.publicKey))
    return fail(
      "witness",
      `контрольну точку seq ${checkpoint.seq} не засвідчено ключем ${holder.nodeId} / the checkpoint at seq ${checkpoint.seq} is not countersigned by ${holder.nodeId}'s key`,
    );

  let opened: ReturnType<typeof openTlogCheckpoint>;
  try {
    opened = openTlogCheckpoint(note, {
      log: ed25519NoteVerifier(tlogOrigin(nodeId), nodeKey),
      cosigners: [ed25519CosignatureVerifier(tlogOrigin(holder.nodeId), holder.publicKey)],
      origin: tlogOrigin(nodeId),
    });
  } catch (error) {
    return fail("note", `ключ не є ключем Ed25519 / a key is not an Ed25519 key: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (Either.isLeft(opened))
    return fail("note", `контрольна точка C2SP не підписана ключем ${nodeId} / the C2SP checkpoint does not verify under ${nodeId}'s key: ${opened.left.message}`);
  const { checkpoint: body, cosignatures } = opened.right;
  if (body.size !== checkpoint.seq)
    return fail("note", `контрольна точка C2SP розміру ${body.size}, а не ${checkpoint.seq} / the C2SP checkpoint is of size ${body.size}, not ${checkpoint.seq}`);
  if (!cosignatures.some((c) => c.name === tlogOrigin(holder.nodeId)))
    return fail("cosignature", `немає контрпідпису ${holder.nodeId} / no cosignature by ${holder.nodeId}'s key`);

  const root = merkleTreeHashOfLeaves(events.map((e) => eventLeafHash(e)));
  if (!root.equals(Buffer.from(body.rootHash)))
    return fail(
      "merkle",
      `корінь дерева Меркла ${events.length} подій не той, що в засвідченій контрольній точці: журнал відрізняється від засвідченого / the Merkle root of the ${events.length} events is not the witnessed checkpoint's: the log differs from what was witnessed`,
    );
  return Either.right({
    nodeId,
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    root: root.toString("hex"),
    events,
    checkpoint,
    note,
    nodeKey,
    holder,
  });
};
