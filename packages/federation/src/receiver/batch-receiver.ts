/**
 * @module Receiving and witnessing: a parent verifies a child's pushed batch, stores its new events verbatim,
 * keeps its checkpoint with this node's witness countersignature and records the receipt, all in one commit; a
 * child verifies and stores a batch it pulled from above. Refusals store nothing.
 */
import { type EventStoreService, KEY_EVENT_TYPES, type KeyEntry, type NodeKey } from "@planledger/event-store";
import { Effect, Either } from "effect";
import { CursorList, type PullBatch, PushAccepted, type PushBatch } from "../protocol/messages.js";
import { witnessCheckpoint } from "../protocol/witness.js";
import { cursorIn, type Heads, type LogView } from "../node/log-view.js";
import type { NodeRegistry } from "../registry/node-registry.js";
import type { FederationDb } from "../store/federation-tables.js";
import type { ChainCrypto } from "../verify/chain-crypto.js";
import { BadSignature, type BatchRefusal, type SplitView, StoreRejected, UnknownSender } from "../verify/refusals.js";
import type { Cosigned, Witness } from "../witness/witness-service.js";
import { liveChainCrypto } from "../verify/live-chain-crypto.js";
import { verifyBatch } from "../verify/verify-batch.js";
import { checkBatchKeys } from "../verify/batch-keys.js";
import { isInSubtree, type Registry } from "../verify/subtree.js";

export interface BatchReceiver {
  /**
   * Parent side: verify a pushed batch, store its new events verbatim, keep its checkpoint with this node's witness
   * countersignature, and record the receipt. Refusals store nothing.
   */
  readonly receivePush: (sender: string, batch: PushBatch) => Effect.Effect<PushAccepted, BatchRefusal | UnknownSender | StoreRejected | SplitView>;
  /**
   * Resolves once this node holds `origin`'s log up to `seq`, or after `timeoutMs` (whichever comes first): a batch
   * that overtook the one ahead of it (two batches in flight on two connections) waits for it here instead of being
   * refused with `SequenceGap` and sent again.
   */
  readonly whenHolding: (origin: string, seq: number, timeoutMs: number) => Promise<void>;
  /**
   * Where this node's copy of the sender's log and of every log below it ends, and the nodes above this one; the
   * heads in `known` are taken as they are, the others read.
   */
  readonly cursorsFor: (sender: string, known?: Heads) => Effect.Effect<CursorList>;
  /** Child side: verify and store a pulled batch of an ancestor's log; how many events were new. */
  readonly acceptPulled: (pulled: PullBatch) => Effect.Effect<number, BatchRefusal | StoreRejected>;
}

export interface BatchReceiverOptions {
  readonly selfId: string;
  readonly store: EventStoreService;
  readonly key: NodeKey;
  readonly db: FederationDb;
  readonly log: LogView;
  readonly registry: NodeRegistry;
  readonly crypto: ChainCrypto;
  readonly now: () => string;
  /** Cosigns verified batches' tree heads (C2SP), and stops an origin that showed a split view. */
  readonly witness: Witness;
}

/**
 * Whether the batch's events from `seq` on are one chain (each hash its content's, each `prevHash` the one before)
 * that its checkpoint closes: then the checkpoint's signature covers the event at `seq` — a fork signed by the
 * origin, not one a relaying sender made up (the conflict is found before the chain past it, and the checkpoint,
 * are checked).
 */
const forkClosedByCheckpoint = (batch: PushBatch, seq: number): boolean => {
  const from = batch.events.findIndex((e) => e.seq === seq);
  const last = batch.events[batch.events.length - 1];
  if (from < 0 || last === undefined || batch.checkpoint.seq !== last.seq || batch.checkpoint.hash !== last.hash) return false;
  for (let i = from; i < batch.events.length; i++) {
    const event = batch.events[i] as PushBatch["events"][number];
    if (liveChainCrypto.hashOf(event) !== event.hash) return false;
    if (i > from && event.prevHash !== (batch.events[i - 1] as PushBatch["events"][number]).hash) return false;
  }
  return true;
};

/**
 * The seqs of `origin` held here whose hashes verifying `events` (closed by `checkpoint`) may ask for: the one
 * before the first event, the events already held, and the checkpoint's when the batch is empty.
 */
const heldSeqsAsked = (events: ReadonlyArray<{ readonly seq: number }>, checkpointSeq: number, cursorSeq: number): number[] => {
  const first = events[0];
  if (first === undefined) return checkpointSeq >= 1 && checkpointSeq <= cursorSeq ? [checkpointSeq] : [];
  const seqs = first.seq - 1 >= 1 && first.seq - 1 <= cursorSeq ? [first.seq - 1] : [];
  for (const e of events) if (e.seq >= 1 && e.seq <= cursorSeq) seqs.push(e.seq);
  return seqs;
};

/**
 * Pushes and pulls are received one at a time per node (a semaphore): a batch is verified against what is held and
 * stored before the next is looked at. On SQLite every step answers at once; on PostgreSQL each is a round trip.
 *
 * @example
 * const receiver = makeBatchReceiver({ selfId, store, key, db, log, registry, crypto, now })
 * yield* receiver.receivePush("novopskovskyi", batch)
 */
export const makeBatchReceiver = (options: BatchReceiverOptions): BatchReceiver => {
  const { selfId, store, key, db, log, registry, crypto, now, witness } = options;
  const oneAtATime = Effect.unsafeMakeSemaphore(1).withPermits(1);

  const cursorsFor = (sender: string, known?: Heads): Effect.Effect<CursorList> =>
    Effect.gen(function* () {
      const origins = [sender, ...(yield* registry.subtreeOf(sender))];
      // Only the sender's subtree: a parent holding thousands of logs reads the few it answers for.
      const unknown = known === undefined ? origins : origins.filter((origin) => !known.has(origin));
      const heads = unknown.length === 0 && known !== undefined ? known : new Map([...(known ?? []), ...(yield* log.headsOf(unknown))]);
      return new CursorList(
        { node: selfId, cursors: origins.map((origin) => cursorIn(heads, origin)), ancestors: yield* registry.ancestorsForChild(sender) },
        // Built here from stored values, not input: the schema check on construction would only cost time.
        true,
      );
    });

  // Pushes parked until the batch ahead of them (still arriving on another connection) is stored.
  const waiting = new Map<string, Array<{ readonly seq: number; readonly resume: () => void }>>();
  const wake = (origin: string, seq: number): void => {
    const parked = waiting.get(origin);
    if (parked === undefined) return;
    const still = parked.filter((w) => w.seq > seq);
    for (const w of parked) if (w.seq <= seq) w.resume();
    if (still.length === 0) waiting.delete(origin);
    else waiting.set(origin, still);
  };

  const whenHolding = (origin: string, seq: number, timeoutMs: number): Promise<void> =>
    new Promise((resolve) => {
      // Parked first, then the log asked: a batch stored in between wakes this one rather than passing it by.
      const timer = setTimeout(() => resume(), timeoutMs);
      const resume = () => {
        clearTimeout(timer);
        const parked = waiting.get(origin)?.filter((w) => w.resume !== resume) ?? [];
        if (parked.length === 0) waiting.delete(origin);
        else waiting.set(origin, parked);
        resolve();
      };
      waiting.set(origin, [...(waiting.get(origin) ?? []), { seq, resume }]);
      Effect.runPromise(log.cursorOf(origin)).then(
        (held) => {
          if (held.seq >= seq) resume();
        },
        () => resume(),
      );
    });

  // The closing checkpoint under the key in force at its seq: the origin's history held here (read before the batch
  // is verified), extended by the key rotations among the batch's new events (`batch-keys.ts`).
  const checkpointKeysOf =
    (origin: string, registry: Registry, history: ReadonlyArray<KeyEntry>) =>
    (fresh: ReadonlyArray<PushBatch["events"][number]>, checkpoint: PushBatch["checkpoint"]) => {
      const current = registry.get(origin)?.publicKey;
      if (current === undefined) return null;
      if (history.length === 0 && !fresh.some((e) => e.type === "KeyRotated")) {
        // No key ever changed: the registered key, as before (one signature check, remembered by the store).
        return crypto.verifyCheckpoint(checkpoint, current) ? null : new BadSignature({ origin, seq: checkpoint.seq });
      }
      const checked = checkBatchKeys(origin, history, current, fresh, checkpoint);
      return Either.isLeft(checked) ? checked.left : null;
    };

  /** What verifying a batch of `origin` reads of the log held here, read before the (synchronous) check. */
  const heldOf = (origin: string, events: ReadonlyArray<{ readonly seq: number }>, checkpointSeq: number, known?: Heads) =>
    Effect.gen(function* () {
      const cursor = known === undefined ? yield* log.cursorOf(origin) : cursorIn(known, origin);
      const hashes = new Map<number, string | undefined>();
      for (const seq of heldSeqsAsked(events, checkpointSeq, cursor.seq)) hashes.set(seq, yield* log.hashAt(origin, seq));
      const history = yield* store.keyHistory(origin);
      return { held: { cursor, heldHash: (seq: number) => hashes.get(seq) }, history };
    });

  // Key events among the stored events: the origin's own rotations, and what it authorised or revoked as the parent
  // of nodes below it (how a grandparent learns of them). The registry's copy of each key moves with them.
  const applyKeyEvents = (origin: string, fresh: ReadonlyArray<PushBatch["events"][number]>, registry: Registry) =>
    Effect.gen(function* () {
      const events = fresh.filter(
        (e) => (KEY_EVENT_TYPES as ReadonlyArray<string>).includes(e.type) && e.stream.startsWith("node-keys:"),
      );
      if (events.length === 0) return;
      const nodes = new Set<string>();
      const taken = events.filter((e) => {
        const node = (JSON.parse(e.dataJson) as { node?: unknown }).node;
        if (typeof node !== "string" || (node !== origin && !isInSubtree(registry, origin, node))) return false;
        nodes.add(node);
        return true;
      });
      yield* Effect.orDie(store.applyKeyEvents(taken));
      for (const node of nodes) {
        const key = yield* store.reader.nodeKey(node);
        if (key !== undefined) yield* db.run(db.q.updateTable("federation_nodes").set({ public_key: key }).where("node_id", "=", node));
      }
    });

  const receivePush: BatchReceiver["receivePush"] = (sender, batch) =>
    oneAtATime(
      Effect.gen(function* () {
        if (batch.sender !== sender) {
          return yield* new UnknownSender({ sender: batch.sender, detail: `the credential belongs to ${sender}` });
        }
        // An origin that showed this node a split view is refused until an admin lifts it.
        const stopped = yield* witness.blocked(batch.origin);
        if (stopped !== null) return yield* Effect.fail(stopped);
        const members = yield* registry.withMembers(sender, batch.members);
        const { held, history } = yield* heldOf(batch.origin, batch.events, batch.checkpoint.seq);
        const verified = verifyBatch(batch, {
          registry: members.registry,
          held,
          crypto,
          checkpointKeys: checkpointKeysOf(batch.origin, members.registry, history),
        });
        if (Either.isLeft(verified)) {
          const refusal = verified.left;
          // Another history for events held here, closed by the origin's own valid signature: the origin signed two.
          const split =
            refusal._tag === "ConflictingHistory" && forkClosedByCheckpoint(batch, refusal.seq)
              ? yield* witness.conflictingPush(batch.origin, refusal.seq, batch.checkpoint, batch.note)
              : null;
          return yield* Effect.fail(split ?? refusal);
        }
        yield* registry.registerMembers(sender, members.fresh);
        const { fresh, skipped, checkpoint, cursor } = verified.right;
        const receivedAt = now();
        // Signed before anything is stored (the signature needs only the verified checkpoint), so that the events, the
        // witnessed checkpoint and the receipt go in with one commit.
        const witnessed = witnessCheckpoint(checkpoint, selfId, key.privateKey, receivedAt);
        let receiptId = 0;
        let cosigned: Cosigned | null = null;
        // What the batch writes beside its events commits with them: the witnessed checkpoint, the C2SP cosignature of
        // the tree head (the tree grew in this transaction) and the receipt.
        const alongside = Effect.gen(function* () {
          // Key changes the batch carries go into the key history first: the checkpoint and the note are kept under them.
          yield* applyKeyEvents(batch.origin, fresh, members.registry);
          if (checkpoint.seq > 0) yield* Effect.either(store.appendReplicatedCheckpoint(witnessed));
          cosigned = yield* witness.cosignHeld(batch.origin, checkpoint.seq, batch.note);
          const receipt = yield* db.all(
            db.q
              .insertInto("federation_receipts")
              .values({
                sender,
                origin: batch.origin,
                first_seq: batch.events[0]?.seq ?? null,
                last_seq: batch.events[batch.events.length - 1]?.seq ?? null,
                stored: fresh.length,
                skipped,
                checkpoint_seq: checkpoint.seq,
                checkpoint_hash: checkpoint.hash,
                checkpoint_signed_at: checkpoint.signedAt,
                received_at: receivedAt,
              })
              .returning("id"),
          );
          receiptId = Number(receipt[0]?.id ?? 0);
        });
        yield* Effect.mapError(store.appendReplicated(fresh, alongside), (e) => new StoreRejected({ origin: e.origin, seq: e.seq, detail: e.reason }));
        if (fresh.length > 0) wake(batch.origin, cursor.seq);
        // An engine whose reads do not see the open transaction: cosigned once the events are in.
        const head = (cosigned as Cosigned | null) ?? (yield* witness.cosignHeld(batch.origin, checkpoint.seq, batch.note));
        // A note the origin signed over another root than its events give here: recorded; its next push is refused.
        if (head !== null && batch.note !== undefined && !batch.note.startsWith(head.body))
          yield* witness.pushedNoteSplit(batch.origin, checkpoint.seq, batch.note, checkpoint);
        const cosignature = head?.line;
        const cursors = yield* cursorsFor(sender, new Map([[batch.origin, cursor]]));
        return new PushAccepted(
          {
            origin: batch.origin,
            stored: fresh.length,
            skipped,
            cursor,
            cursors: cursors.cursors,
            witnessed,
            receiptId,
            ...(cosignature === undefined ? {} : { cosignature }),
          },
          true,
        );
      }),
    );

  const acceptPulled: BatchReceiver["acceptPulled"] = (pulled) =>
    oneAtATime(
      Effect.gen(function* () {
        const closing = pulled.checkpoint;
        if (closing === null) return 0;
        const origin = (yield* registry.registry()).get(pulled.origin);
        const { held, history } = yield* heldOf(pulled.origin, pulled.events, closing.seq);
        const above: Registry = origin === undefined ? new Map() : new Map([[pulled.origin, { ...origin, parentId: null }]]);
        const verified = verifyBatch(
          { sender: pulled.origin, origin: pulled.origin, events: pulled.events, checkpoint: closing },
          { registry: above, held, crypto, checkpointKeys: checkpointKeysOf(pulled.origin, above, history) },
        );
        if (Either.isLeft(verified)) return yield* Effect.fail(verified.left);
        // An ancestor's own key rotations are taken with its events; what it decided about other nodes is not this node's.
        yield* Effect.mapError(
          store.appendReplicated(verified.right.fresh, applyKeyEvents(pulled.origin, verified.right.fresh, above)),
          (e) => new StoreRejected({ origin: e.origin, seq: e.seq, detail: e.reason }),
        );
        if (closing.seq > 0) yield* Effect.either(store.appendReplicatedCheckpoint(closing));
        return verified.right.fresh.length;
      }),
    );

  return { receivePush, whenHolding, cursorsFor, acceptPulled };
};
