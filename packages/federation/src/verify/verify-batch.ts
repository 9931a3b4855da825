/**
 * @module Pure verification of one origin's batch against what the receiver already holds of that origin.
 */
import { Either } from "effect";
import type { Checkpoint, Cursor, ReplicatedEvent } from "../protocol/replicated-event.js";
import type { ChainCrypto } from "./chain-crypto.js";
import {
  BadSignature,
  type BatchRefusal,
  BatchOutOfOrder,
  ChainBroken,
  CheckpointMismatch,
  ConflictingHistory,
  EventOriginMismatch,
  HashMismatch,
  OriginOutsideSubtree,
  SequenceGap,
} from "./refusals.js";
import { isInSubtree, type Registry } from "./subtree.js";

/** One origin's contiguous events closed by its signed checkpoint. */
export interface Batch {
  readonly sender: string;
  readonly origin: string;
  readonly events: ReadonlyArray<ReplicatedEvent>;
  readonly checkpoint: Checkpoint;
}

/** What the receiver holds of the batch's origin. `heldHash` answers for any seq ≤ `cursor.seq`. */
export interface HeldLog {
  readonly cursor: Cursor;
  readonly heldHash: (seq: number) => string | undefined;
}

/** A batch that passed every check: only `fresh` events are to be stored; `cursor` is where the receiver will be. */
export interface VerifiedBatch {
  readonly origin: string;
  readonly fresh: ReadonlyArray<ReplicatedEvent>;
  readonly skipped: number;
  readonly checkpoint: Checkpoint;
  readonly cursor: Cursor;
}

/**
 * Checks a batch in the order that names the most specific fault: subtree, origin of each event, order,
 * each event's own hash, the chain (against held events, then within the batch), the checkpoint and its
 * signature. Events the receiver already holds are compared, not stored again, so re-delivery is harmless
 * and the cursor only moves forward.
 *
 * @example
 * const r = verifyBatch(batch, { registry, held, crypto })
 * if (Either.isRight(r)) store(r.right.fresh)
 */
export const verifyBatch = (
  batch: Batch,
  ctx: {
    readonly registry: Registry;
    readonly held: HeldLog;
    readonly crypto: ChainCrypto;
    /**
     * The checkpoint checked under the key in force at its seq (the origin's key history, with the key rotations the
     * batch's new events carry: `batch-keys.ts`), instead of under the registered key alone.
     */
    readonly checkpointKeys?: (fresh: ReadonlyArray<ReplicatedEvent>, checkpoint: Checkpoint) => BatchRefusal | null;
  },
): Either.Either<VerifiedBatch, BatchRefusal> => {
  const { origin, events, checkpoint } = batch;
  const { registry, held, crypto } = ctx;
  const originNode = registry.get(origin);
  if (originNode === undefined || !isInSubtree(registry, batch.sender, origin)) {
    return Either.left(new OriginOutsideSubtree({ sender: batch.sender, origin }));
  }
  const first = events[0];
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as ReplicatedEvent;
    if (event.origin !== origin) {
      return Either.left(new EventOriginMismatch({ origin, index: i, eventOrigin: event.origin }));
    }
    const expectedSeq = (first as ReplicatedEvent).seq + i;
    if (event.seq !== expectedSeq) {
      return Either.left(new BatchOutOfOrder({ origin, index: i, expectedSeq, actualSeq: event.seq }));
    }
  }
  const cursorSeq = held.cursor.seq;
  if (first !== undefined && first.seq > cursorSeq + 1) {
    return Either.left(new SequenceGap({ origin, cursorSeq, firstSeq: first.seq }));
  }
  for (const event of events) {
    const recomputed = crypto.hashOf(event);
    if (recomputed !== event.hash) {
      return Either.left(new HashMismatch({ origin, seq: event.seq, expected: recomputed, actual: event.hash }));
    }
  }
  const fresh: ReplicatedEvent[] = [];
  let prevHash: string | undefined = first === undefined ? undefined : expectedPrev(first.seq, held, crypto);
  for (const event of events) {
    if (prevHash !== undefined && event.prevHash !== prevHash) {
      return Either.left(
        new ChainBroken({ origin, seq: event.seq, expectedPrevHash: prevHash, actualPrevHash: event.prevHash }),
      );
    }
    if (event.seq <= cursorSeq) {
      const heldHash = held.heldHash(event.seq);
      if (heldHash !== undefined && heldHash !== event.hash) {
        return Either.left(new ConflictingHistory({ origin, seq: event.seq, heldHash, offeredHash: event.hash }));
      }
    } else {
      fresh.push(event);
    }
    prevHash = event.hash;
  }
  const last = events[events.length - 1];
  const closes =
    checkpoint.origin === origin &&
    (last === undefined
      ? checkpoint.seq <= cursorSeq && (checkpoint.seq === 0 || held.heldHash(checkpoint.seq) === checkpoint.hash)
      : checkpoint.seq === last.seq && checkpoint.hash === last.hash);
  if (!closes) {
    return Either.left(
      new CheckpointMismatch({
        origin,
        detail: `checkpoint ${checkpoint.origin}#${checkpoint.seq} does not close the batch ending at seq ${last?.seq ?? cursorSeq}`,
      }),
    );
  }
  if (ctx.checkpointKeys !== undefined) {
    const refused = ctx.checkpointKeys(fresh, checkpoint);
    if (refused !== null) return Either.left(refused);
  } else if (!crypto.verifyCheckpoint(checkpoint, originNode.publicKey)) {
    return Either.left(new BadSignature({ origin, seq: checkpoint.seq }));
  }
  const tip = fresh[fresh.length - 1];
  const cursor = tip === undefined ? held.cursor : { origin, seq: tip.seq, hash: tip.hash };
  return Either.right({ origin, fresh, skipped: events.length - fresh.length, checkpoint, cursor });
};

/** The hash the event at `seq` must point back to, when the receiver can know it. */
const expectedPrev = (seq: number, held: HeldLog, crypto: ChainCrypto): string | undefined => {
  if (seq === 1) return crypto.genesisHash;
  if (seq - 1 === held.cursor.seq && held.cursor.hash !== null) return held.cursor.hash;
  return held.heldHash(seq - 1);
};
