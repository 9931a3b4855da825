/**
 * @module Pull serving, and the batches a push sends: an origin's events after a seq, closed by a checkpoint —
 * this node signs its own log at any seq; another origin's log is passed on only up to a checkpoint its origin
 * signed.
 */
import type { EventStoreService } from "@planledger/event-store";
import { Effect } from "effect";
import { PullBatch, type SubtreeMember } from "../protocol/messages.js";
import type { Checkpoint, ReplicatedEvent } from "../protocol/replicated-event.js";
import type { LogView } from "../node/log-view.js";
import { OriginNotServed } from "../verify/refusals.js";

/** An origin's events after a seq, closed by the checkpoint that ends them. */
export interface ServedBatch {
  readonly origin: string;
  readonly events: ReplicatedEvent[];
  readonly checkpoint: Checkpoint;
}

export interface BatchServer {
  /** The next batch of `origin` after `afterSeq` as envelopes, or null when nothing checkpointed is left. */
  readonly nextBatch: (origin: string, afterSeq: number, limit: number, headSeq?: number) => Effect.Effect<ServedBatch | null>;
  /**
   * Sender side: the next batch of `origin` after `afterSeq` as the JSON text of a `PushBatch` body, or null when
   * nothing checkpointed is left. `headSeq` bounds this node's own log (read once per push, not per batch).
   */
  readonly nextBatchBody: (
    origin: string,
    afterSeq: number,
    limit: number,
    headSeq: number,
    members: ReadonlyArray<SubtreeMember>,
  ) => Effect.Effect<{ readonly body: string; readonly checkpoint: Checkpoint } | null>;
  /** Parent side: a child pulls this node's own log or an ancestor's, from `afterSeq`. */
  readonly servePull: (origin: string, afterSeq: number, limit: number) => Effect.Effect<PullBatch, OriginNotServed>;
}

export interface BatchServerOptions {
  readonly selfId: string;
  readonly store: EventStoreService;
  readonly log: LogView;
  /** Whether a child may pull `origin` from here (this node or one above it). */
  readonly servesPull: (origin: string) => Effect.Effect<boolean>;
  /**
   * The origin's C2SP checkpoint note at `seq` to send with a pushed batch (this node's own, signed here; another
   * origin's as it was kept), or undefined: a push carries it as `note`.
   */
  readonly noteOf?: (origin: string, seq: number) => Effect.Effect<string | undefined>;
}

/**
 * @example
 * const batches = makeBatchServer({ selfId: "luhanska", store, log, servesPull })
 * yield* batches.servePull("luhanska", 0, 1000)
 */
export const makeBatchServer = (options: BatchServerOptions): BatchServer => {
  const { selfId, log } = options;
  const { reader } = options.store;
  const str = JSON.stringify;

  const closingCheckpoint = (origin: string, afterSeq: number, limit: number, headSeq?: number): Effect.Effect<Checkpoint | null> =>
    Effect.gen(function* () {
      if (origin === selfId) {
        const seq = Math.min(headSeq ?? (yield* log.cursorOf(origin)).seq, afterSeq + limit);
        if (seq <= afterSeq) return null;
        // Below the seq this node's current key is in force from, only the earlier key could sign: the batch ends on a
        // checkpoint stored then, as a relayed log's does (the rotation sealed the log at its head with the old key).
        const keyFrom = (yield* reader.keyHistory(selfId)).at(-1)?.fromSeq ?? 0;
        // One checkpoint per seq: signed and stored by the first push or pull that ends there, then served as stored.
        if (seq >= keyFrom) return yield* Effect.orDie(options.store.checkpoint(seq));
      }
      // Two seeks on the checkpoints' (origin, seq) key, not a read of every checkpoint held for the origin.
      const held =
        (yield* reader.lastCheckpointWithin(origin, afterSeq, afterSeq + limit)) ?? (yield* reader.firstCheckpointAfter(origin, afterSeq));
      // Passed on as its origin signed it: a witness's countersignature is the receiver's own to add.
      return held === undefined
        ? null
        : { origin: held.origin, seq: held.seq, hash: held.hash, signedAt: held.signedAt, signature: held.signature, witness: null };
    });

  const nextBatch: BatchServer["nextBatch"] = (origin, afterSeq, limit, headSeq) =>
    Effect.gen(function* () {
      const checkpoint = yield* closingCheckpoint(origin, afterSeq, limit, headSeq);
      if (checkpoint === null) return null;
      return { origin, events: yield* log.eventsAfter(origin, afterSeq, checkpoint.seq), checkpoint };
    });

  return {
    nextBatch,
    nextBatchBody: (origin, afterSeq, limit, headSeq, members) =>
      Effect.gen(function* () {
        const checkpoint = yield* closingCheckpoint(origin, afterSeq, limit, headSeq);
        if (checkpoint === null) return null;
        const note = options.noteOf === undefined ? undefined : yield* options.noteOf(origin, checkpoint.seq);
        const body =
          `{"_tag":"PushBatch","sender":${str(selfId)},"origin":${str(origin)},` +
          `"events":${yield* log.eventsJson(origin, afterSeq, checkpoint.seq)},"checkpoint":${str(checkpoint)},"members":${str(members)}` +
          `${note === undefined ? "" : `,"note":${str(note)}`}}`;
        return { body, checkpoint };
      }),
    servePull: (origin, afterSeq, limit) =>
      Effect.gen(function* () {
        if (!(yield* options.servesPull(origin))) return yield* new OriginNotServed({ origin });
        const batch = yield* nextBatch(origin, afterSeq, limit);
        if (batch === null) return new PullBatch({ origin, events: [], checkpoint: null, more: false });
        const more = batch.checkpoint.seq < (yield* log.cursorOf(origin)).seq;
        return new PullBatch({ origin, events: batch.events, checkpoint: batch.checkpoint, more });
      }),
  };
};
