/**
 * @module The `EventStore` service's shape and its construction over any log backend.
 */
import type { OpenVerification } from "./open-verifier.js";
import { Effect, Option, Queue, type Scope } from "effect";
import type { Checkpoint } from "./checkpoint.js";
import type {
  ConcurrencyError,
  ForeignStreamError,
  IdempotencyConflictError,
  KeyHistoryError,
  ReplicationRejectedError,
  TreeSizeError,
  UnknownEventError,
} from "./event-store.errors.js";
import { type EventLogOptions, makeEventLog } from "./event-log.js";
import { GENESIS_HASH, type ReplicaEvent } from "./hash-chain.js";
import type { LogBackend } from "./log-backend.js";
import type { LogReader, ReadOptions } from "./log-reader.js";
import { type OriginReport, verifyBackend } from "./log-verifier.js";
import {
  type ConsistencyProof,
  type InclusionProof,
  type TlogCheckpointNote,
  consistencyProofOf,
  inclusionProofOf,
  tlogCheckpointOf,
  treeHeadOf,
} from "./log-tree.js";
import type { NodeKey } from "./node-key.js";
import { type AuthoriseKeyRequest, type KeyEventRow, type KeyRotation, type RevokeKeyRequest, makeKeyChanges } from "./key-changes.js";
import type { KeyEntry } from "./key-history.js";
import type {
  AppendOptions,
  AppendResult,
  NewEvent,
  OriginHead,
  ReplicationResult,
  StoredEvent,
} from "./stored-event.js";

export interface ReadAllRequest {
  /** First position to return, inclusive (positions start at 1); the next page starts at the last position + 1. */
  readonly fromPosition?: number;
  /** Page size; 1000 unless given. */
  readonly limit?: number;
  /** Only this origin's events (still in local position order, which is that origin's seq order). */
  readonly origin?: string;
  /** `data` parsed on first access (default) or as the page is read. */
  readonly data?: ReadOptions["data"];
}

/** This node's own head plus the last position of the whole database (own and replicated events). */
export interface StoreHead extends OriginHead {
  readonly lastPosition: number;
}

export type AppendError = ConcurrencyError | IdempotencyConflictError | ForeignStreamError;

export interface EventStoreService {
  readonly nodeId: string;
  /** Base64 SPKI DER of this node's Ed25519 key; other nodes register it to verify our checkpoints. */
  readonly publicKey: string;
  /**
   * Where the check of the logs made on open stands: `"verified"` once every tail was walked; `"verifying"` while a
   * large one is walked behind the open node (`stagedVerifyOnOpen`); `"broken"` when that walk found a breakage —
   * from then on every write is refused, as the store would have refused to open.
   */
  readonly verification: () => OpenVerification;
  /**
   * Walks what the logs gained since they were last verified (hashes, chain, checkpoints, read back from the database)
   * a page per turn of the event loop, and marks the heads: run behind a node whose log stands still, so that its next
   * start has nothing to walk. A breakage turns `verification()` to `"broken"`, as the walk on open would.
   */
  readonly verifyGained: () => Effect.Effect<OpenVerification>;
  readonly append: (
    stream: string,
    events: ReadonlyArray<NewEvent>,
    options: AppendOptions,
  ) => Effect.Effect<AppendResult, AppendError>;
  /**
   * Stores other origins' events verbatim (`data` as the JSON text their origin hashed), all or nothing, after
   * checking each continues its origin's chain; `toReplica` turns an envelope with a `data` value into one.
   * `alongside`, when given, runs inside the same write transaction after the events are in: what it writes
   * (a receipt, a checkpoint) commits with them in one commit, and a defect in it stores nothing at all.
   */
  readonly appendReplicated: (
    events: ReadonlyArray<ReplicaEvent>,
    alongside?: Effect.Effect<void>,
  ) => Effect.Effect<ReplicationResult, ReplicationRejectedError>;
  /**
   * Every read of the log, for the packages that read it (projections, federation): a stream, a page, a scan
   * from a position, an origin's events in wire form, hashes, heads, checkpoints, keys. The tables stay ours.
   */
  readonly reader: LogReader;
  /** One stream from `fromVersion` (inclusive, default 1), every event's data parsed (or lazily, if asked). */
  readonly readStream: (stream: string, fromVersion?: number, options?: ReadOptions) => Effect.Effect<ReadonlyArray<StoredEvent>>;
  readonly readAll: (request?: ReadAllRequest) => Effect.Effect<ReadonlyArray<StoredEvent>>;
  /** Everything this database had received by `isoTime` (by `receivedAt`), in position order. */
  readonly readAsOf: (isoTime: string) => Effect.Effect<ReadonlyArray<StoredEvent>>;
  /**
   * Calls `handler` with every event from `fromPosition` (inclusive) on: first the stored ones in pages, then
   * each append's events right after it commits, in order and never twice. Lives as long as the scope.
   * Only appends made through this store instance are seen live; a handler failure ends the subscription.
   */
  readonly subscribe: <E>(
    fromPosition: number,
    handler: (events: ReadonlyArray<StoredEvent>) => Effect.Effect<void, E>,
  ) => Effect.Effect<void, never, Scope.Scope>;
  readonly head: () => Effect.Effect<StoreHead>;
  /** The head of every origin held here. */
  readonly heads: () => Effect.Effect<ReadonlyArray<OriginHead>>;
  /**
   * Signs and stores a checkpoint of this node's log at `seq` (default: its current head), once per seq: asked
   * again for a seq already signed, the stored checkpoint.
   */
  readonly checkpoint: (seq?: number) => Effect.Effect<Checkpoint>;
  readonly checkpoints: (origin?: string) => Effect.Effect<ReadonlyArray<Checkpoint>>;
  /** Stores another origin's checkpoint after checking its signature and that it signs a held event; false if held. */
  readonly appendReplicatedCheckpoint: (checkpoint: Checkpoint) => Effect.Effect<boolean, ReplicationRejectedError>;
  readonly registerNodeKey: (origin: string, publicKey: string) => Effect.Effect<void, ReplicationRejectedError>;
  readonly nodeKey: (origin: string) => Effect.Effect<Option.Option<string>>;
  /** Verifies every origin log held here, as `audit verify` does (the Merkle trees recomputed from the events too). */
  readonly verify: () => Effect.Effect<ReadonlyArray<OriginReport>>;
  /** The root (hex) of `origin`'s Merkle tree at `size` leaves (default: every event held); the empty root at 0. */
  readonly treeHead: (origin: string, size?: number) => Effect.Effect<string, TreeSizeError>;
  /** The inclusion proof of an event in its origin's tree at `treeSize` (default: every event of that origin held). */
  readonly inclusionProof: (eventId: string, treeSize?: number) => Effect.Effect<InclusionProof, UnknownEventError | TreeSizeError>;
  /** The consistency proof between two sizes of `origin`'s tree (1 ≤ fromSize ≤ toSize ≤ events held), with both roots. */
  readonly consistencyProof: (origin: string, fromSize: number, toSize: number) => Effect.Effect<ConsistencyProof, TreeSizeError>;
  /**
   * This node's own log at `seq` (default: its head) as a C2SP tlog-checkpoint signed note (origin and key name
   * `planledger/<nodeId>`, Ed25519), with the node's verifier key. The JSON checkpoints (`checkpoint`) stay as they
   * are: federation speaks them.
   */
  readonly tlogCheckpoint: (seq?: number) => Effect.Effect<TlogCheckpointNote, TreeSizeError>;
  /** Which key signs which seq range (`key-history.ts`): `origin`'s entries, every origin's when not given. */
  readonly keyHistory: (origin?: string) => Effect.Effect<ReadonlyArray<KeyEntry>>;
  /**
   * Rotates this node's key: the old key seals the log at its head and signs the new key, recorded as `KeyRotated` at
   * the next seq (stream `node-keys:<node>`), whose checkpoint the new key signs; from then on the store signs with
   * `next`. The caller puts `next` in the key file (`replaceKeyFile`).
   */
  readonly rotateKey: (next: NodeKey, options: { readonly actor: string }) => Effect.Effect<KeyRotation, KeyHistoryError>;
  /** As the authority (the parent): `origin`'s key from `fromSeq` is `publicKey`, signed by this node, `KeyAuthorised` in this log. */
  readonly authoriseKey: (request: AuthoriseKeyRequest) => Effect.Effect<{ readonly entry: KeyEntry; readonly event: StoredEvent }, KeyHistoryError>;
  /** Revokes a key of `origin` from `fromSeq` (`KeyRevoked` in this log): its checkpoints from there are refused and flagged. */
  readonly revokeKey: (request: RevokeKeyRequest) => Effect.Effect<{ readonly entry: KeyEntry; readonly event: StoredEvent }, KeyHistoryError>;
  /** Writes an origin's key history as another node holds it (a restored node), each entry's signature checked first. */
  readonly importKeyHistory: (origin: string, entries: ReadonlyArray<KeyEntry>) => Effect.Effect<void, KeyHistoryError>;
  /**
   * Applies the key events of replicated, verified events (`KeyRotated` of their origin, `KeyAuthorised` and
   * `KeyRevoked` about nodes below it): run it `alongside` their `appendReplicated`, so both commit together.
   */
  readonly applyKeyEvents: (events: ReadonlyArray<KeyEventRow>) => Effect.Effect<number, ReplicationRejectedError>;
}

const CATCH_UP_PAGE = 500;

/** The verification of a store whose every log was walked before it opened (or that holds nothing to walk). */
const VERIFIED: OpenVerification = { state: "verified", checked: 0, total: 0, broken: null };

/**
 * The service over a backend that already holds `key`'s public half as this node's key.
 *
 * @example
 * const store = makeEventStoreService(memoryBackend(), "luhanska", generateNodeKey());
 */
export const makeEventStoreService = (
  backend: LogBackend,
  nodeId: string,
  key: NodeKey,
  now?: () => string,
  options?: EventLogOptions,
  verification: () => OpenVerification = () => VERIFIED,
  verifyGained: Effect.Effect<OpenVerification> = Effect.sync(verification),
): EventStoreService => {
  const { reader } = backend;
  let current = key;
  const log = makeEventLog(backend, nodeId, () => current, now, options);
  const keys = makeKeyChanges(
    backend,
    nodeId,
    log,
    () => current,
    (next) => {
      current = next;
    },
    now ?? (() => new Date().toISOString()),
  );
  const listeners = new Set<(events: ReadonlyArray<StoredEvent>) => void>();
  const notify = (events: ReadonlyArray<StoredEvent>): void => {
    if (events.length > 0) for (const listener of listeners) listener(events);
  };

  const subscribe: EventStoreService["subscribe"] = (fromPosition, handler) =>
    Effect.gen(function* () {
      const queue = yield* Queue.unbounded<ReadonlyArray<StoredEvent>>();
      const listener = (events: ReadonlyArray<StoredEvent>): void => {
        queue.unsafeOffer(events);
      };
      // Listening starts before catching up, so nothing committed in between is missed; the cursor drops repeats.
      yield* Effect.acquireRelease(
        Effect.sync(() => listeners.add(listener)),
        () => Effect.sync(() => listeners.delete(listener)).pipe(Effect.zipRight(Queue.shutdown(queue))),
      );
      let cursor = Math.max(fromPosition, 1);
      const deliver = (events: ReadonlyArray<StoredEvent>) => {
        const fresh = events.filter((e) => e.position >= cursor);
        const last = fresh[fresh.length - 1];
        if (last === undefined) return Effect.void;
        cursor = last.position + 1;
        return handler(fresh);
      };
      const catchUp = Effect.gen(function* () {
        for (;;) {
          const page = yield* reader.readAll({ fromPosition: cursor, limit: CATCH_UP_PAGE });
          if (page.length === 0) return;
          yield* deliver(page);
        }
      });
      const live = Queue.take(queue).pipe(Effect.flatMap(deliver), Effect.forever);
      yield* Effect.forkScoped(
        catchUp.pipe(
          Effect.zipRight(live),
          Effect.tapErrorCause((cause) => Effect.logError("підписку зупинено / subscription stopped", cause)),
        ),
      );
    });

  return {
    nodeId,
    verification,
    verifyGained: () => verifyGained,
    get publicKey() {
      return current.publicKey;
    },
    append: (stream, events, options) =>
      log.append(stream, events, options).pipe(
        Effect.map(({ result, fresh }) => {
          if (fresh) notify(result.events);
          return result;
        }),
      ),
    appendReplicated: (events, alongside) =>
      log.appendReplicated(events, alongside).pipe(
        // `stored` is built on first access, so only when someone listens.
        Effect.tap((result) => Effect.sync(() => listeners.size > 0 && notify(result.stored))),
      ),
    reader,
    readStream: (stream, fromVersion = 1, options) => reader.readStream(stream, fromVersion, options),
    readAll: (request = {}) =>
      reader.readAll({ fromPosition: request.fromPosition ?? 1, limit: request.limit ?? 1000, origin: request.origin, data: request.data }),
    readAsOf: (isoTime) => Effect.suspend(() => reader.readAsOf(new Date(isoTime).toISOString())),
    subscribe,
    head: () =>
      Effect.map(Effect.all([reader.originHead(nodeId), reader.lastPosition()]), ([own, lastPosition]) => ({
        origin: nodeId,
        seq: own?.seq ?? 0,
        hash: own?.hash ?? GENESIS_HASH,
        position: own?.position ?? 0,
        lastPosition,
      })),
    heads: () => reader.heads(),
    checkpoint: (seq) => log.checkpoint(seq),
    checkpoints: (origin) => reader.checkpoints(origin),
    appendReplicatedCheckpoint: (checkpoint) => log.appendReplicatedCheckpoint(checkpoint),
    registerNodeKey: (origin, publicKey) => log.registerNodeKey(origin, publicKey),
    nodeKey: (origin) => Effect.map(reader.nodeKey(origin), Option.fromNullable),
    verify: () => verifyBackend(backend, { trees: true }),
    treeHead: (origin, size) => treeHeadOf(reader, origin, size),
    inclusionProof: (eventId, treeSize) => inclusionProofOf(reader, eventId, treeSize),
    consistencyProof: (origin, fromSize, toSize) => consistencyProofOf(reader, origin, fromSize, toSize),
    tlogCheckpoint: (seq) => tlogCheckpointOf(reader, nodeId, current.privateKey, seq),
    keyHistory: (origin) => reader.keyHistory(origin),
    rotateKey: (next, options) =>
      Effect.tap(keys.rotateKey(next, options), (rotation) => Effect.sync(() => notify([rotation.event]))),
    authoriseKey: (request) => Effect.tap(keys.authoriseKey(request), ({ event }) => Effect.sync(() => notify([event]))),
    revokeKey: (request) => Effect.tap(keys.revokeKey(request), ({ event }) => Effect.sync(() => notify([event]))),
    importKeyHistory: keys.importKeyHistory,
    applyKeyEvents: keys.applyKeyEvents,
  };
};
