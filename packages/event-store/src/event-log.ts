/**
 * @module The write rules of a log, independent of where it is stored: expected versions, idempotent
 * retries, gap-free seq, the hash chain, replication of foreign logs and signed checkpoints.
 */
import type { Checkpoint } from "./checkpoint.js";
import { signCheckpoint, verifyCheckpoint } from "./checkpoint.js";
import { canonicalJson } from "./canonical-json.js";
import {
  ConcurrencyError,
  ForeignStreamError,
  IdempotencyConflictError,
  ReplicationRejectedError,
} from "./event-store.errors.js";
import { GENESIS_HASH, type HashedFields, type ReplicaEvent, envelopeHash, replicaHash } from "./hash-chain.js";
import { type EventRow, type LogBackend, storedEventOf } from "./log-backend.js";
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
  ) => { readonly result: AppendResult; readonly fresh: boolean };
  /** `alongside` runs in the same write transaction once the events are in (see `EventStore.appendReplicated`). */
  readonly appendReplicated: (events: ReadonlyArray<ReplicaEvent>, alongside?: () => void) => ReplicationResult;
  readonly checkpoint: () => Checkpoint;
  readonly appendReplicatedCheckpoint: (checkpoint: Checkpoint) => boolean;
  readonly registerNodeKey: (origin: string, publicKey: string) => void;
}

/** The error both backends throw when an event id is stored already (SQLite's own unique-constraint message). */
const isDuplicateEventId = (error: unknown): boolean =>
  error instanceof Error && error.message.startsWith("UNIQUE constraint failed: events.event_id");

const genesis = (origin: string): OriginHead => ({ origin, seq: 0, hash: GENESIS_HASH, position: 0 });

const sameIds = (stored: ReadonlyArray<StoredEvent>, events: ReadonlyArray<NewEvent>): boolean =>
  stored.every((e, i) => e.eventId === events[i]?.eventId && (i === 0 || e.seq === (stored[i - 1]?.seq ?? 0) + 1));

const resultOf = (events: ReadonlyArray<StoredEvent>): AppendResult => ({
  streamVersion: events.at(-1)?.streamVersion ?? 0,
  firstSeq: events[0]?.seq ?? 0,
  lastSeq: events.at(-1)?.seq ?? 0,
  events,
});

/**
 * Binds the write rules to a backend for node `nodeId`. All methods are synchronous and throw the store's
 * tagged errors; each runs in one backend write transaction, so a throw leaves nothing behind.
 *
 * @example
 * const log = makeEventLog(memoryBackend(), "luhanska", generateNodeKey());
 * log.append("plan:p1", [{ type: "PlanAdopted", data }], { expectedVersion: "noStream", actor: "ivanenko" });
 */
export const makeEventLog = (
  backend: LogBackend,
  nodeId: string,
  key: NodeKey,
  now: () => string = () => new Date().toISOString(),
): EventLog => {
  const replayed = (stream: string, events: ReadonlyArray<NewEvent>): AppendResult | undefined => {
    if (!events.some((e) => e.eventId !== undefined)) return undefined;
    const stored = events.flatMap((e) => {
      const found = e.eventId === undefined ? undefined : backend.eventById(e.eventId);
      return found === undefined ? [] : [found];
    });
    if (stored.length === 0) return undefined;
    const conflict = (reason: string) =>
      new IdempotencyConflictError({ stream, eventIds: stored.map((e) => e.eventId), reason });
    if (stored.length !== events.length) throw conflict("only some of these events are stored already");
    if (stored.some((e) => e.stream !== stream || e.origin !== nodeId))
      throw conflict("these event ids are stored in another stream");
    if (!sameIds(stored, events)) throw conflict("these events were stored by different appends");
    return resultOf(stored);
  };

  const append: EventLog["append"] = (stream, events, options) =>
    backend.writeTransaction(() => {
      const earlier = replayed(stream, events);
      if (earlier !== undefined) return { result: earlier, fresh: false };
      const streamHead = backend.streamHead(stream);
      if (streamHead !== undefined && streamHead.origin !== nodeId)
        throw new ForeignStreamError({ stream, owner: streamHead.origin, nodeId });
      const version = streamHead?.version ?? 0;
      const expected = options.expectedVersion;
      if (expected === "noStream" ? version !== 0 : expected !== "any" && expected !== version)
        throw new ConcurrencyError({ stream, expectedVersion: expected, actualVersion: version });
      const head = backend.originHead(nodeId) ?? genesis(nodeId);
      if (events.length === 0) return { result: { streamVersion: version, firstSeq: head.seq + 1, lastSeq: head.seq, events: [] }, fresh: false };

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
      const positions = backend.insert(rows);
      return { result: resultOf(rows.map((row, i) => storedEventOf(row, positions[i] as number))), fresh: true };
    });

  const rejected = (event: HashedFields, reason: string) =>
    new ReplicationRejectedError({ origin: event.origin, seq: event.seq, reason });

  // Runs once per replicated event (a push carries thousands): heads are tracked in locals rather than asked
  // of the backend per event.
  const appendReplicated: EventLog["appendReplicated"] = (events, alongside) =>
    backend.writeTransaction(() => {
      const rows: Array<EventRow> = [];
      const positions: Array<number> = [];
      let skipped = 0;
      const receivedAt = now();
      let head: OriginHead | undefined;
      for (const event of events) {
        if (event.origin === nodeId) throw rejected(event, "this node's own log is never replicated into it");
        if (head === undefined || head.origin !== event.origin) head = backend.originHead(event.origin) ?? genesis(event.origin);
        if (event.seq <= head.seq) {
          if (backend.hashAt(event.origin, event.seq) === event.hash) {
            skipped += 1;
            continue;
          }
          throw rejected(event, `a different event is stored at seq ${event.seq} (the origin's log forked)`);
        }
        if (event.seq !== head.seq + 1) throw rejected(event, `seq ${event.seq} does not follow the stored seq ${head.seq}`);
        if (event.prevHash !== head.hash) throw rejected(event, `prevHash does not match the hash of seq ${head.seq}`);
        if (replicaHash(event) !== event.hash) throw rejected(event, "hash does not match the event's content");
        const streamHead = backend.streamHead(event.stream);
        if (streamHead !== undefined && streamHead.origin !== event.origin)
          throw rejected(event, `stream ${event.stream} belongs to ${streamHead.origin}`);
        if (event.streamVersion !== (streamHead?.version ?? 0) + 1)
          throw rejected(event, `stream version ${event.streamVersion} does not follow ${streamHead?.version ?? 0}`);
        // Own enumerable fields only: the remembered hash (a hidden symbol) is not copied into the row.
        const row: EventRow = { ...event, receivedAt };
        // A reused event id is caught by the id's unique index as the row goes in (one seek fewer per event than
        // probing first); the throw rolls the whole batch back.
        let position: number;
        try {
          position = backend.insert([row])[0] as number;
        } catch (error) {
          if (isDuplicateEventId(error)) throw rejected(event, `event id ${event.eventId} is stored already`);
          throw error;
        }
        rows.push(row);
        positions.push(position);
        head = { origin: event.origin, seq: event.seq, hash: event.hash, position };
      }
      alongside?.();
      // The stored events are made only when asked for (a subscriber, a caller reading them): a push of
      // thousands of events is usually answered with counts alone.
      let stored: ReadonlyArray<StoredEvent> | undefined;
      return {
        get stored() {
          stored ??= rows.map((r, i) => storedEventOf(r, positions[i] as number));
          return stored;
        },
        skipped,
      };
    });

  const checkpoint: EventLog["checkpoint"] = () =>
    backend.writeTransaction(() => {
      const head = backend.originHead(nodeId) ?? genesis(nodeId);
      const existing = backend.checkpointAt(nodeId, head.seq);
      if (existing !== undefined) return existing;
      const cp = signCheckpoint(key.privateKey, { origin: nodeId, seq: head.seq, hash: head.hash, signedAt: now() });
      backend.insertCheckpoint(cp);
      return cp;
    });

  const appendReplicatedCheckpoint: EventLog["appendReplicatedCheckpoint"] = (cp) =>
    backend.writeTransaction(() => {
      const reject = (reason: string) => new ReplicationRejectedError({ origin: cp.origin, seq: cp.seq, reason });
      const publicKey = backend.nodeKey(cp.origin);
      if (publicKey === undefined) throw reject("no public key is registered for this origin");
      if (!verifyCheckpoint(publicKey, cp)) throw reject("the checkpoint signature is not valid");
      const signedHash = cp.seq === 0 ? GENESIS_HASH : backend.hashAt(cp.origin, cp.seq);
      if (signedHash === undefined) throw reject("store the events before their checkpoint");
      if (signedHash !== cp.hash) throw reject("the checkpoint signs a hash this database does not hold");
      if (backend.checkpointAt(cp.origin, cp.seq) !== undefined) return false;
      backend.insertCheckpoint({ ...cp, witness: cp.witness ?? null });
      return true;
    });

  const registerNodeKey: EventLog["registerNodeKey"] = (origin, publicKey) =>
    backend.writeTransaction(() => {
      const held = backend.nodeKey(origin);
      if (held === publicKey) return;
      if (held !== undefined)
        throw new ReplicationRejectedError({ origin, seq: 0, reason: "a different public key is registered for this origin" });
      backend.putNodeKey(origin, publicKey, origin === nodeId);
    });

  return { append, appendReplicated, checkpoint, appendReplicatedCheckpoint, registerNodeKey };
};
