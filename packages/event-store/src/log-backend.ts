/**
 * @module The storage a log writes through, as an engine implements it: every read and write an Effect, so an
 * engine may answer asynchronously (a server database) or at once (SQLite, plain arrays). An engine that answers
 * at once implements the synchronous {@link SyncLogEngine} instead and is adapted by {@link syncBackend}: its
 * synchronous calls stay an implementation detail behind the same interface.
 */
import { Data, Effect, Exit } from "effect";
import type { Checkpoint } from "./checkpoint.js";
import type { KeyEntry } from "./key-history.js";
import {
  type LogEntry,
  type LogReader,
  type ReadOptions,
  type ScanRequest,
  type StoredTreeNode,
  type TreeNodeQuery,
  syncLogReader,
  syncTreeNodes,
  type WireEvent,
} from "./log-reader.js";
import type { OriginHead, StoredEvent } from "./stored-event.js";
import type { TreeLeaf } from "./tree-leaf.js";
import type { VerifiedHead } from "./verified-head.js";

/** An envelope ready to insert: `data` as its canonical JSON text, which is what the hash covers. */
export interface EventRow extends Omit<StoredEvent, "data" | "position"> {
  readonly dataJson: string;
}

/** A stored row as the verifier reads it: the text of `data` untouched. */
export type ScannedRow = EventRow & { readonly position: number };

/**
 * The stored event of a row. `data` is parsed from the stored text on first access: a fresh copy per event
 * that cannot alias the caller's object, and no parsing cost for appends whose results are not read.
 *
 * @example
 * storedEventOf(row, 7).data
 */
export const storedEventOf = (row: EventRow, position: number): StoredEvent => {
  const { dataJson } = row;
  let parsed: unknown;
  let isParsed = false;
  // Listed field by field rather than spread: this runs once per appended event.
  return {
    eventId: row.eventId,
    origin: row.origin,
    seq: row.seq,
    stream: row.stream,
    streamVersion: row.streamVersion,
    type: row.type,
    get data(): unknown {
      if (!isParsed) {
        parsed = JSON.parse(dataJson);
        isParsed = true;
      }
      return parsed;
    },
    actor: row.actor,
    recordedAt: row.recordedAt,
    causationId: row.causationId,
    correlationId: row.correlationId,
    prevHash: row.prevHash,
    hash: row.hash,
    position,
    receivedAt: row.receivedAt,
  };
};

/**
 * The stored event of a row with `data` parsed now: for readers that decode every event anyway (a command
 * folding its stream), where a getter and its closure per event would only add work.
 *
 * @example
 * decodedEventOf(row, 7).data
 */
export const decodedEventOf = (row: EventRow, position: number): StoredEvent => ({
  eventId: row.eventId,
  origin: row.origin,
  seq: row.seq,
  stream: row.stream,
  streamVersion: row.streamVersion,
  type: row.type,
  data: JSON.parse(row.dataJson),
  actor: row.actor,
  recordedAt: row.recordedAt,
  causationId: row.causationId,
  correlationId: row.correlationId,
  prevHash: row.prevHash,
  hash: row.hash,
  position,
  receivedAt: row.receivedAt,
});

export interface StreamHead {
  readonly version: number;
  readonly origin: string;
}

export interface ReadAllOptions {
  /** The first position to return (inclusive); positions start at 1. */
  readonly fromPosition: number;
  readonly limit: number;
  readonly origin?: string | undefined;
  readonly data?: ReadOptions["data"];
}

/** An inserted row's event id is stored already (the id's unique index refused it); `index` is its place in the rows. */
export class DuplicateEventId extends Data.TaggedError("DuplicateEventId")<{ readonly index: number; readonly eventId: string }> {}

/**
 * What one write transaction reads and writes. Reads see the transaction's own writes; every call is an Effect, so
 * an engine may make each a round trip.
 */
export interface LogTransaction {
  readonly originHead: (origin: string) => Effect.Effect<OriginHead | undefined>;
  /** The heads of these streams (those that exist), in one call: a replicated batch asks once for all its streams. */
  readonly streamHeads: (streams: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, StreamHead>>;
  /** The stored events with these ids (those held), in the order asked. */
  readonly eventsById: (eventIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<StoredEvent>>;
  readonly hashAt: (origin: string, seq: number) => Effect.Effect<string | undefined>;
  /** Inserts in order and returns the positions the rows were stored at (`storedEventOf` makes events of them). */
  readonly insert: (rows: ReadonlyArray<EventRow>) => Effect.Effect<ReadonlyArray<number>, DuplicateEventId>;
  readonly checkpointAt: (origin: string, seq: number) => Effect.Effect<Checkpoint | undefined>;
  readonly insertCheckpoint: (checkpoint: Checkpoint) => Effect.Effect<void>;
  readonly nodeKey: (origin: string) => Effect.Effect<string | undefined>;
  readonly putNodeKey: (origin: string, publicKey: string, isSelf: boolean) => Effect.Effect<void>;
  /** Replaces the current key registered for `origin` (a rotated or newly authorised key; its history keeps the old). */
  readonly setNodeKey: (origin: string, publicKey: string) => Effect.Effect<void>;
  /** `origin`'s key history (every origin's when not given), ordered by origin, then `fromSeq`. */
  readonly keyHistory: (origin?: string) => Effect.Effect<ReadonlyArray<KeyEntry>>;
  /** Stores a key-history entry, replacing the one of the same origin and `fromSeq` (a revocation marks it). */
  readonly putKeyEntry: (entry: KeyEntry) => Effect.Effect<void>;
  /** Records how far this node verified these origins (one row per origin, replacing what was there). */
  readonly putVerifiedHeads: (heads: ReadonlyArray<VerifiedHead>) => Effect.Effect<void>;
  /** Nodes of origins' Merkle trees as of this transaction, all queries in one read (see `LogReader.treeNodes`). */
  readonly treeNodes: (queries: ReadonlyArray<TreeNodeQuery>) => Effect.Effect<ReadonlyArray<ReadonlyArray<Uint8Array | undefined>>>;
  /** Stores tree nodes (level ≥ 1) in one write; a position held already is a defect (the tree was ahead of its log). */
  readonly putTreeNodes: (nodes: ReadonlyArray<StoredTreeNode>) => Effect.Effect<void>;
  /** The highest position stored of `origin`'s tree, −1 when none is (building a tree at open). */
  readonly lastTreePosition: (origin: string) => Effect.Effect<number>;
  /** `origin`'s events with `afterSeq < seq <= untilSeq` as tree leaves, in seq order (building a tree at open). */
  readonly treeLeaves: (origin: string, afterSeq: number, untilSeq: number) => Effect.Effect<ReadonlyArray<TreeLeaf>>;
}

/** The storage of a log: its reads, its write transactions, and the walk the verifier makes of every row. */
export interface LogBackend {
  readonly reader: LogReader;
  /**
   * Runs `body` as one exclusive write transaction: nothing else writes between its reads and its inserts, and a
   * failure (or a defect) leaves nothing behind. A write inside another joins it.
   */
  readonly write: <A, E>(body: (tx: LogTransaction) => Effect.Effect<A, E>) => Effect.Effect<A, E>;
  /** Hands `visit` every stored row ordered by origin, then seq; succeeds with how many. */
  readonly scanRows: (visit: (row: ScannedRow) => void) => Effect.Effect<number>;
}

/**
 * An engine that answers at once (better-sqlite3, plain arrays): everything synchronous, a write transaction a
 * plain call. {@link syncBackend} makes a {@link LogBackend} of it.
 */
export interface SyncLogEngine {
  /** Runs `body` as one exclusive write transaction; a throw rolls everything back; inside another, joins it. */
  readonly writeTransaction: <A>(body: () => A) => A;
  readonly originHead: (origin: string) => OriginHead | undefined;
  readonly streamHead: (stream: string) => StreamHead | undefined;
  readonly eventById: (eventId: string) => StoredEvent | undefined;
  readonly eventBySeq: (origin: string, seq: number) => StoredEvent | undefined;
  /** The hash stored at `origin`'s `seq`, read off the (origin, seq) index without building the event. */
  readonly hashAt: (origin: string, seq: number) => string | undefined;
  /** Inserts in order and returns the positions; throws {@link DuplicateEventId} for an id stored already. */
  readonly insert: (rows: ReadonlyArray<EventRow>) => ReadonlyArray<number>;
  readonly readStream: (stream: string, fromVersion: number, data?: ReadOptions["data"]) => ReadonlyArray<StoredEvent>;
  /** Every stream whose name begins with `prefix`, by stream then version. */
  readonly readStreamsPrefixed: (prefix: string, data?: ReadOptions["data"]) => ReadonlyArray<StoredEvent>;
  /** `origin`'s events with `afterSeq < seq <= untilSeq`, in seq order, as wire arrays. */
  readonly readWire: (origin: string, afterSeq: number, untilSeq: number) => ReadonlyArray<WireEvent>;
  /** Hands `visit` every entry the request selects, in position order; returns how many it visited. */
  readonly scanFrom: (request: ScanRequest, visit: (entry: LogEntry) => void) => number;
  /** The entries at `positions` (those held), in the order given, with their data text only when `data`. */
  readonly entriesAt: (positions: ReadonlyArray<number>, data?: boolean) => ReadonlyArray<LogEntry>;
  /** The stored data text of the event at `position`. */
  readonly dataAt: (position: number) => string | undefined;
  readonly readAll: (options: ReadAllOptions) => ReadonlyArray<StoredEvent>;
  readonly readAsOf: (receivedAtOrBefore: string) => ReadonlyArray<StoredEvent>;
  readonly lastPosition: () => number;
  readonly heads: () => ReadonlyArray<OriginHead>;
  readonly insertCheckpoint: (checkpoint: Checkpoint) => void;
  readonly checkpoints: (origin?: string) => ReadonlyArray<Checkpoint>;
  /** The checkpoint held for `origin` at `seq` (a primary-key lookup), if any. */
  readonly checkpointAt: (origin: string, seq: number) => Checkpoint | undefined;
  /** The last checkpoint of `origin` with `afterSeq < seq <= untilSeq`, if any. */
  readonly lastCheckpointWithin: (origin: string, afterSeq: number, untilSeq: number) => Checkpoint | undefined;
  /** The first checkpoint of `origin` with `seq > afterSeq`, if any. */
  readonly firstCheckpointAfter: (origin: string, afterSeq: number) => Checkpoint | undefined;
  readonly nodeKey: (origin: string) => string | undefined;
  readonly putNodeKey: (origin: string, publicKey: string, isSelf: boolean) => void;
  readonly setNodeKey: (origin: string, publicKey: string) => void;
  /** Ordered by origin, then `fromSeq`; empty for a file made before the table existed. */
  readonly keyHistory: (origin?: string) => ReadonlyArray<KeyEntry>;
  readonly putKeyEntry: (entry: KeyEntry) => void;
  /** How far this node verified each origin, ordered by origin. */
  readonly verifiedHeads: () => ReadonlyArray<VerifiedHead>;
  /** Replaces the rows of these origins. */
  readonly putVerifiedHeads: (heads: ReadonlyArray<VerifiedHead>) => void;
  /** Every stored row ordered by origin, then seq. */
  readonly scan: () => Iterable<ScannedRow>;
  /** The stored hash of `origin`'s tree node at `position` (level ≥ 1 only; leaves are not stored). */
  readonly treeNode: (origin: string, position: number) => Uint8Array | undefined;
  /** The event at `origin`'s `seq` as a tree leaf. */
  readonly leafAt: (origin: string, seq: number) => TreeLeaf | undefined;
  readonly treeLeaves: (origin: string, afterSeq: number, untilSeq: number) => ReadonlyArray<TreeLeaf>;
  readonly leafOf: (eventId: string) => TreeLeaf | undefined;
  readonly treeNodesBetween: (origin: string, afterPosition: number, untilPosition: number) => ReadonlyArray<StoredTreeNode>;
  readonly lastTreePosition: (origin: string) => number;
  readonly putTreeNodes: (nodes: ReadonlyArray<StoredTreeNode>) => void;
}

/** Thrown through the engine's transaction to roll it back when the body's Effect failed; never escapes. */
const rollback = Symbol("rollback");

/**
 * The {@link LogBackend} of an engine that answers at once. A write runs its body's Effect to completion inside
 * the engine's transaction (the body's calls answer at once, so it never yields), then hands back its exit.
 *
 * @example
 * const backend = syncBackend(memoryEngine());
 * Effect.runSync(backend.write((tx) => tx.putNodeKey("luhanska", key.publicKey, true)));
 */
export const syncBackend = (engine: SyncLogEngine): LogBackend => {
  const tx = syncTransaction(engine);
  return {
    reader: syncLogReader(engine),
    write: <A, E>(body: (tx: LogTransaction) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
      Effect.suspend(() => {
        let exit: Exit.Exit<A, E> | undefined;
        try {
          engine.writeTransaction(() => {
            exit = Effect.runSyncExit(body(tx));
            if (Exit.isFailure(exit)) throw rollback;
          });
        } catch (error) {
          if (error !== rollback) return Effect.die(error);
        }
        return exit as Exit.Exit<A, E>;
      }),
    scanRows: (visit) =>
      Effect.sync(() => {
        let n = 0;
        for (const row of engine.scan()) {
          visit(row);
          n++;
        }
        return n;
      }),
  };
};

/**
 * A write transaction's calls over an engine that answers at once, each an Effect that runs when it is run.
 *
 * @example
 * Effect.runSync(syncTransaction(memoryEngine()).originHead("luhanska")) // undefined
 */
export const syncTransaction = (engine: SyncLogEngine): LogTransaction => {
  const tx: LogTransaction = {
    originHead: (origin) => Effect.sync(() => engine.originHead(origin)),
    streamHeads: (streams) =>
      Effect.sync(() => {
        const heads = new Map<string, StreamHead>();
        for (const stream of streams) {
          const head = engine.streamHead(stream);
          if (head !== undefined) heads.set(stream, head);
        }
        return heads;
      }),
    eventsById: (eventIds) =>
      Effect.sync(() =>
        eventIds.flatMap((id) => {
          const found = engine.eventById(id);
          return found === undefined ? [] : [found];
        }),
      ),
    hashAt: (origin, seq) => Effect.sync(() => engine.hashAt(origin, seq)),
    insert: (rows) =>
      Effect.suspend(() => {
        try {
          return Effect.succeed(engine.insert(rows));
        } catch (error) {
          return error instanceof DuplicateEventId ? Effect.fail(error) : Effect.die(error);
        }
      }),
    checkpointAt: (origin, seq) => Effect.sync(() => engine.checkpointAt(origin, seq)),
    insertCheckpoint: (checkpoint) => Effect.sync(() => engine.insertCheckpoint(checkpoint)),
    nodeKey: (origin) => Effect.sync(() => engine.nodeKey(origin)),
    putNodeKey: (origin, publicKey, isSelf) => Effect.sync(() => engine.putNodeKey(origin, publicKey, isSelf)),
    setNodeKey: (origin, publicKey) => Effect.sync(() => engine.setNodeKey(origin, publicKey)),
    keyHistory: (origin) => Effect.sync(() => engine.keyHistory(origin)),
    putKeyEntry: (entry) => Effect.sync(() => engine.putKeyEntry(entry)),
    putVerifiedHeads: (heads) => Effect.sync(() => engine.putVerifiedHeads(heads)),
    treeNodes: (queries) => Effect.sync(() => syncTreeNodes(engine, queries)),
    putTreeNodes: (nodes) => Effect.sync(() => engine.putTreeNodes(nodes)),
    lastTreePosition: (origin) => Effect.sync(() => engine.lastTreePosition(origin)),
    treeLeaves: (origin, afterSeq, untilSeq) => Effect.sync(() => engine.treeLeaves(origin, afterSeq, untilSeq)),
  };
  return tx;
};
