/**
 * @module The write rules of a log, independent of where it is stored: expected versions, idempotent
 * retries, gap-free seq, the hash chain, replication of foreign logs and signed checkpoints.
 */
import { Effect } from "effect";
import type { Checkpoint } from "./checkpoint.js";
import { signCheckpoint } from "./checkpoint.js";
import { checkpointKeyProblem } from "./key-history.js";
import { canonicalJson } from "./canonical-json.js";
import {
  ConcurrencyError,
  ForeignStreamError,
  IdempotencyConflictError,
  ReplicationRejectedError,
} from "./event-store.errors.js";
import { GENESIS_HASH, type HashedFields, type ReplicaEvent, envelopeHash, replicaHash } from "./hash-chain.js";
import { type EventRow, type LogBackend, type LogTransaction, type StreamHead, storedEventOf } from "./log-backend.js";
import { type FrontierCache, type LeafBatch, appendToTrees } from "./log-tree.js";
import type { NodeKey } from "./node-key.js";
import type {
  AppendOptions,
  AppendResult,
  NewEvent,
  OriginHead,
  ReplicationResult,
  StoredEvent,
} from "./stored-event.js";
import { uuidV7 } from "./uuid-v7.js";

export interface EventLog {
  /** `fresh` is false when the append was a retry answered from what is stored (nothing to notify). */
  readonly append: (
    stream: string,
    events: ReadonlyArray<NewEvent>,
    options: AppendOptions,
  ) => Effect.Effect<{ readonly result: AppendResult; readonly fresh: boolean }, ConcurrencyError | IdempotencyConflictError | ForeignStreamError>;
  /** `alongside` runs in the same write transaction once the events are in (see `EventStore.appendReplicated`). */
  readonly appendReplicated: (
    events: ReadonlyArray<ReplicaEvent>,
    alongside?: Effect.Effect<void>,
  ) => Effect.Effect<ReplicationResult, ReplicationRejectedError>;
  /** Signs and stores a checkpoint of this node's log at `seq` (default: the head), once: asked again, the stored one. */
  readonly checkpoint: (seq?: number) => Effect.Effect<Checkpoint>;
  readonly appendReplicatedCheckpoint: (checkpoint: Checkpoint) => Effect.Effect<boolean, ReplicationRejectedError>;
  readonly registerNodeKey: (origin: string, publicKey: string) => Effect.Effect<void, ReplicationRejectedError>;
}

const genesis = (origin: string): OriginHead => ({ origin, seq: 0, hash: GENESIS_HASH, position: 0 });

const sameIds = (stored: ReadonlyArray<StoredEvent>, events: ReadonlyArray<NewEvent>): boolean =>
  stored.every((e, i) => e.eventId === events[i]?.eventId && (i === 0 || e.seq === (stored[i - 1]?.seq ?? 0) + 1));

const resultOf = (events: ReadonlyArray<StoredEvent>): AppendResult => ({
  streamVersion: events.at(-1)?.streamVersion ?? 0,
  firstSeq: events[0]?.seq ?? 0,
  lastSeq: events.at(-1)?.seq ?? 0,
  events,
});

export interface EventLogOptions {
  /**
   * Keep each origin's Merkle tree in step with its log (default). False only for benchmarks that price the tree:
   * nothing is added to the trees, proofs of the events written meanwhile fail, and the next opening of the
   * database with trees builds them.
   */
  readonly merkleTree?: boolean;
}

/** Each origin's rows of a batch, in order, with the size of its tree before them. */
const leafBatches = (
  rows: ReadonlyArray<EventRow>,
  headBefore: (origin: string) => { readonly seq: number; readonly hash: string },
): Array<LeafBatch> => {
  const batches = new Map<string, { origin: string; size: number; headHash: string; leaves: Array<EventRow> }>();
  for (const row of rows) {
    let batch = batches.get(row.origin);
    if (batch === undefined) {
      const head = headBefore(row.origin);
      batch = { origin: row.origin, size: head.seq, headHash: head.hash, leaves: [] };
      batches.set(row.origin, batch);
    }
    batch.leaves.push(row);
  }
  return [...batches.values()];
};

/**
 * Binds the write rules to a backend for node `nodeId`. Each method is one backend write transaction, so a failure
 * leaves nothing behind; each asks the backend in as few calls as it can (a replicated batch: its streams' heads in
 * one, its rows in one insert), since on a server engine every call is a round trip.
 *
 * @example
 * const log = makeEventLog(memoryBackend(), "luhanska", generateNodeKey());
 * yield* log.append("plan:p1", [{ type: "PlanAdopted", data }], { expectedVersion: "noStream", actor: "ivanenko" });
 */
export const makeEventLog = (
  backend: LogBackend,
  nodeId: string,
  /** The key, or where to read the key in force (it changes when the node rotates it). */
  keyOf: NodeKey | (() => NodeKey),
  now: () => string = () => new Date().toISOString(),
  options: EventLogOptions = {},
): EventLog => {
  const trees = options.merkleTree !== false;
  const key = typeof keyOf === "function" ? keyOf : () => keyOf;
  // Each origin's last frontier, named by its head's hash (see `FrontierCache`).
  const frontiers: FrontierCache = new Map();
  const replayed = (tx: LogTransaction, stream: string, events: ReadonlyArray<NewEvent>) =>
    Effect.gen(function* () {
      const ids = events.flatMap((e) => (e.eventId === undefined ? [] : [e.eventId]));
      if (ids.length === 0) return undefined;
      const stored = yield* tx.eventsById(ids);
      if (stored.length === 0) return undefined;
      const conflict = (reason: string) =>
        new IdempotencyConflictError({ stream, eventIds: stored.map((e) => e.eventId), reason });
      if (stored.length !== events.length) return yield* conflict("only some of these events are stored already");
      if (stored.some((e) => e.stream !== stream || e.origin !== nodeId)) return yield* conflict("these event ids are stored in another stream");
      if (!sameIds(stored, events)) return yield* conflict("these events were stored by different appends");
      return resultOf(stored);
    });

  const append: EventLog["append"] = (stream, events, options) =>
    backend.write((tx) =>
      Effect.gen(function* () {
        // Only a retry names its events' ids: an append without any skips the lookup.
        const earlier = events.some((e) => e.eventId !== undefined) ? yield* replayed(tx, stream, events) : undefined;
        if (earlier !== undefined) return { result: earlier, fresh: false };
        const streamHead = (yield* tx.streamHeads([stream])).get(stream);
        if (streamHead !== undefined && streamHead.origin !== nodeId)
          return yield* new ForeignStreamError({ stream, owner: streamHead.origin, nodeId });
        const version = streamHead?.version ?? 0;
        const expected = options.expectedVersion;
        if (expected === "noStream" ? version !== 0 : expected !== "any" && expected !== version)
          return yield* new ConcurrencyError({ stream, expectedVersion: expected, actualVersion: version });
        const head = (yield* tx.originHead(nodeId)) ?? genesis(nodeId);
        if (events.length === 0)
          return { result: { streamVersion: version, firstSeq: head.seq + 1, lastSeq: head.seq, events: [] }, fresh: false };

        const receivedAt = now();
        const recordedAt = options.recordedAt === undefined ? receivedAt : new Date(options.recordedAt).toISOString();
        const rows: Array<EventRow> = [];
        let prevHash = head.hash;
        for (let i = 0; i < events.length; i++) {
          const event = events[i] as NewEvent;
          const dataJson = canonicalJson(event.data);
          const row = {
            eventId: event.eventId ?? uuidV7(),
            origin: nodeId,
            seq: head.seq + 1 + i,
            stream,
            streamVersion: version + 1 + i,
            type: event.type,
            actor: options.actor,
            recordedAt,
            causationId: event.causationId !== undefined ? event.causationId : (options.causationId ?? null),
            correlationId: event.correlationId !== undefined ? event.correlationId : (options.correlationId ?? null),
            prevHash,
            hash: "",
            dataJson,
            receivedAt,
          };
          row.hash = envelopeHash(row, dataJson);
          rows.push(row);
          prevHash = row.hash;
        }
        // An id given by the caller and stored already was answered by `replayed`; a fresh one colliding is a defect.
        const positions = yield* Effect.orDie(tx.insert(rows));
        if (trees) yield* appendToTrees(tx, [{ origin: nodeId, size: head.seq, headHash: head.hash, leaves: rows }], frontiers);
        return { result: resultOf(rows.map((row, i) => storedEventOf(row, positions[i] as number))), fresh: true };
      }),
    );

  const rejected = (event: HashedFields, reason: string) =>
    new ReplicationRejectedError({ origin: event.origin, seq: event.seq, reason });

  // Runs once per replicated event (a push carries thousands): the checks run on heads kept in locals — the
  // origins' heads asked once per origin, the streams' heads once for the whole batch — and the rows go in with
  // one insert.
  const appendReplicated: EventLog["appendReplicated"] = (events, alongside) =>
    backend.write((tx) =>
      Effect.gen(function* () {
        const rows: Array<EventRow> = [];
        let skipped = 0;
        const receivedAt = now();
        const streams = new Map<string, StreamHead>(yield* tx.streamHeads([...new Set(events.map((e) => e.stream))]));
        // Each origin's head before the batch.
        const stored = new Map<string, { readonly seq: number; readonly hash: string }>();
        // This batch's own rows by "origin seq", for an event sent twice in one batch.
        const pending = new Map<string, string>();
        let head: OriginHead | undefined;
        for (const event of events) {
          if (event.origin === nodeId) return yield* rejected(event, "this node's own log is never replicated into it");
          if (head === undefined || head.origin !== event.origin) {
            head = (yield* tx.originHead(event.origin)) ?? genesis(event.origin);
            const last = rows.findLast((r) => r.origin === event.origin);
            if (!stored.has(event.origin)) stored.set(event.origin, { seq: head.seq, hash: head.hash });
            if (last !== undefined) head = { origin: last.origin, seq: last.seq, hash: last.hash, position: 0 };
          }
          if (event.seq <= head.seq) {
            const held =
              event.seq <= (stored.get(event.origin)?.seq ?? 0) ? yield* tx.hashAt(event.origin, event.seq) : pending.get(`${event.origin} ${event.seq}`);
            if (held === event.hash) {
              skipped += 1;
              continue;
            }
            return yield* rejected(event, `a different event is stored at seq ${event.seq} (the origin's log forked)`);
          }
          if (event.seq !== head.seq + 1) return yield* rejected(event, `seq ${event.seq} does not follow the stored seq ${head.seq}`);
          if (event.prevHash !== head.hash) return yield* rejected(event, `prevHash does not match the hash of seq ${head.seq}`);
          if (replicaHash(event) !== event.hash) return yield* rejected(event, "hash does not match the event's content");
          const streamHead = streams.get(event.stream);
          if (streamHead !== undefined && streamHead.origin !== event.origin)
            return yield* rejected(event, `stream ${event.stream} belongs to ${streamHead.origin}`);
          if (event.streamVersion !== (streamHead?.version ?? 0) + 1)
            return yield* rejected(event, `stream version ${event.streamVersion} does not follow ${streamHead?.version ?? 0}`);
          // Own enumerable fields only: the remembered hash (a hidden symbol) is not copied into the row.
          const row: EventRow = { ...event, receivedAt };
          rows.push(row);
          pending.set(`${event.origin} ${event.seq}`, event.hash);
          streams.set(event.stream, { version: event.streamVersion, origin: event.origin });
          head = { origin: event.origin, seq: event.seq, hash: event.hash, position: 0 };
        }
        // A reused event id is caught by the id's unique index as the rows go in (one seek fewer per event than
        // probing first); the failure rolls the whole batch back.
        const positions = yield* tx
          .insert(rows)
          .pipe(Effect.catchTag("DuplicateEventId", (e) => rejected(rows[e.index] as EventRow, `event id ${e.eventId} is stored already`)));
        // Each origin's tree grows by its new rows: one read of the frontiers, one write of the nodes.
        if (trees) yield* appendToTrees(tx, leafBatches(rows, (origin) => stored.get(origin) ?? { seq: 0, hash: GENESIS_HASH }), frontiers);
        if (alongside !== undefined) yield* alongside;
        // The stored events are made only when asked for (a subscriber, a caller reading them): a push of
        // thousands of events is usually answered with counts alone.
        let events_: ReadonlyArray<StoredEvent> | undefined;
        return {
          get stored() {
            events_ ??= rows.map((r, i) => storedEventOf(r, positions[i] as number));
            return events_;
          },
          skipped,
        };
      }),
    );

  const checkpoint: EventLog["checkpoint"] = (atSeq) =>
    backend.write((tx) =>
      Effect.gen(function* () {
        const head = (yield* tx.originHead(nodeId)) ?? genesis(nodeId);
        const seq = atSeq ?? head.seq;
        if (!Number.isSafeInteger(seq) || seq < 0 || seq > head.seq)
          return yield* Effect.die(new RangeError(`no checkpoint at seq ${seq}: ${nodeId}'s log ends at seq ${head.seq}`));
        // One checkpoint per seq: signed once, then served as stored (with whatever was kept beside it).
        const existing = yield* tx.checkpointAt(nodeId, seq);
        if (existing !== undefined) return existing;
        // Below the seq its current key is in force from, the node signed with an earlier key, which it no longer
        // holds: a checkpoint there would be refused by everyone. Callers cut batches there at stored checkpoints.
        const from = (yield* tx.keyHistory(nodeId)).at(-1)?.fromSeq ?? 0;
        if (seq < from)
          return yield* Effect.die(new RangeError(`no new checkpoint at seq ${seq}: ${nodeId}'s key in force is from seq ${from}; use a stored checkpoint`));
        const hash = seq === head.seq ? head.hash : seq === 0 ? GENESIS_HASH : ((yield* tx.hashAt(nodeId, seq)) as string);
        const cp = signCheckpoint(key().privateKey, { origin: nodeId, seq, hash, signedAt: now() });
        yield* tx.insertCheckpoint(cp);
        return cp;
      }),
    );

  const appendReplicatedCheckpoint: EventLog["appendReplicatedCheckpoint"] = (cp) =>
    backend.write((tx) =>
      Effect.gen(function* () {
        const reject = (reason: string) => new ReplicationRejectedError({ origin: cp.origin, seq: cp.seq, reason });
        const problem = checkpointKeyProblem(yield* tx.keyHistory(cp.origin), yield* tx.nodeKey(cp.origin), cp);
        if (problem?._tag === "NoKey") return yield* reject("no public key is registered for this origin");
        if (problem?._tag === "BadSignature") return yield* reject("the checkpoint signature is not valid");
        if (problem?._tag === "Revoked")
          return yield* reject(`the checkpoint is signed by a key revoked from seq ${problem.entry.revokedFromSeq} (${problem.entry.revokedReason ?? ""})`);
        const signedHash = cp.seq === 0 ? GENESIS_HASH : yield* tx.hashAt(cp.origin, cp.seq);
        if (signedHash === undefined) return yield* reject("store the events before their checkpoint");
        if (signedHash !== cp.hash) return yield* reject("the checkpoint signs a hash this database does not hold");
        if ((yield* tx.checkpointAt(cp.origin, cp.seq)) !== undefined) return false;
        yield* tx.insertCheckpoint({ ...cp, witness: cp.witness ?? null });
        return true;
      }),
    );

  const registerNodeKey: EventLog["registerNodeKey"] = (origin, publicKey) =>
    backend.write((tx) =>
      Effect.gen(function* () {
        const held = yield* tx.nodeKey(origin);
        if (held === publicKey) return;
        if (held !== undefined)
          return yield* new ReplicationRejectedError({ origin, seq: 0, reason: "a different public key is registered for this origin" });
        yield* tx.putNodeKey(origin, publicKey, origin === nodeId);
      }),
    );

  return { append, appendReplicated, checkpoint, appendReplicatedCheckpoint, registerNodeKey };
};
