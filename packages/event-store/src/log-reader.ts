/**
 * @module The read side of a log engine: every read that other packages make of the log, typed, each an
 * `Effect`. An engine whose driver is asynchronous (PostgreSQL) implements `LogReader` directly; the SQLite and
 * in-memory engines are synchronous underneath and are adapted by `syncLogReader`, so better-sqlite3's calls
 * never show through this interface.
 */
import { Effect } from "effect";
import type { Checkpoint } from "./checkpoint.js";
import type { KeyEntry } from "./key-history.js";
import type { SyncLogEngine } from "./log-backend.js";
import type { TreeNodeId } from "./merkle/compact-range.js";
import { nodePosition } from "./merkle/node-position.js";
import type { OriginHead, StoredEvent } from "./stored-event.js";
import { type TreeLeaf, eventLeafHash } from "./tree-leaf.js";
import type { VerifiedHead } from "./verified-head.js";

/** How a read gives `data`: parsed as the events are read (`"eager"`), or on first access from the stored text (`"lazy"`). */
export interface ReadOptions {
  readonly data?: "eager" | "lazy";
}

/** The order of an event's values in its wire array (`WIRE_EVENT_FIELDS[i]` names the i-th); `data` last, as text. */
export const WIRE_EVENT_FIELDS = [
  "eventId",
  "origin",
  "seq",
  "stream",
  "streamVersion",
  "type",
  "actor",
  "recordedAt",
  "causationId",
  "correlationId",
  "prevHash",
  "hash",
  "data",
] as const;

/**
 * An event as federation sends it: its thirteen hashed values in {@link WIRE_EVENT_FIELDS} order, `data` as the
 * canonical JSON text its origin hashed. A page of them is one `JSON.stringify` away from a batch body.
 */
export type WireEvent = [
  eventId: string,
  origin: string,
  seq: number,
  stream: string,
  streamVersion: number,
  type: string,
  actor: string,
  recordedAt: string,
  causationId: string | null,
  correlationId: string | null,
  prevHash: string,
  hash: string,
  dataJson: string,
];

/**
 * One event as a scan of the whole log gives it: what folds and as-of replays read, with `data` as its stored
 * text (parse it when you need it). Consecutive entries share equal `origin`, `stream` and time strings, so a
 * reader that keeps many of them keeps one copy of each.
 */
export interface LogEntry {
  readonly position: number;
  readonly origin: string;
  readonly seq: number;
  readonly stream: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly receivedAt: string;
  readonly causationId: string | null;
  /** Undefined when the scan asked for ids of some types only (`ScanRequest.eventIdsOf`) and this is not one. */
  readonly eventId: string | undefined;
  /** The canonical JSON text; undefined only when `picked` stands in for it (and for `entriesAt` without `data`). */
  readonly dataJson: string | undefined;
  /** The fields `ScanRequest.pick` asked for, when every one of them is a string in this event's data. */
  readonly picked: Readonly<Record<string, string>> | undefined;
  /** Who acted; given by `entriesAt` only (a scan of the whole log has no use for it and would copy it per entry). */
  readonly actor?: string;
}

export interface ScanRequest {
  /** The first position to visit (inclusive); the next page starts after the last position visited. */
  readonly fromPosition: number;
  /** At most this many entries. */
  readonly limit: number;
  /** Only events recorded (on their origin's clock) at or before this ISO-8601 moment. */
  readonly recordedBy?: string | undefined;
  /** Only events received here at or before this ISO-8601 moment. */
  readonly receivedBy?: string | undefined;
  /**
   * Events of `type` come with these top-level string fields of their data in `picked` and without their text,
   * which stays in the log (`dataAt` reads it back). A long log that is mostly one type is scanned without
   * decoding or keeping its texts. An event whose fields are not all strings comes with its text instead.
   */
  readonly pick?: { readonly type: string; readonly fields: ReadonlyArray<string> } | undefined;
  /** Give `eventId` only for these types (an id is one more string per event, which most folds never read). */
  readonly eventIdsOf?: ReadonlyArray<string> | undefined;
}

/** What `entriesAt` gives besides the envelope fields. */
export interface EntriesAtOptions {
  /** Each entry's stored data text too (`dataJson`). */
  readonly data?: boolean;
}

/**
 * Perfect subtrees of one origin's Merkle tree asked for in one read. Level-0 nodes (leaves) are not stored: an
 * engine answers them from the event at seq `index + 1` (its {@link eventLeafHash}); the others from `tree_nodes`.
 */
export interface TreeNodeQuery {
  readonly origin: string;
  readonly ids: ReadonlyArray<TreeNodeId>;
}

/** A stored node of an origin's tree (level ≥ 1), keyed by its post-order position (`nodePosition`). */
export interface StoredTreeNode {
  readonly origin: string;
  readonly position: number;
  readonly hash: Uint8Array;
}

/**
 * Every read of the log other packages need. All methods are effects: an engine may answer them
 * asynchronously.
 */
export interface LogReader {
  /** One stream from `fromVersion` (inclusive), data parsed eagerly unless asked otherwise. */
  readonly readStream: (stream: string, fromVersion: number, options?: ReadOptions) => Effect.Effect<ReadonlyArray<StoredEvent>>;
  /**
   * Every stream whose name begins with `prefix` (`"succession:"`), ordered by stream then version, in one read along
   * the streams' index: what a few events kept in streams of one kind cost to find, however large the log.
   */
  readonly readStreamsPrefixed: (prefix: string, options?: ReadOptions) => Effect.Effect<ReadonlyArray<StoredEvent>>;
  /** The log in position order from `fromPosition`, at most `limit`, optionally one origin's; data lazy unless asked. */
  readonly readAll: (request: {
    readonly fromPosition: number;
    readonly limit: number;
    readonly origin?: string | undefined;
    readonly data?: ReadOptions["data"];
  }) => Effect.Effect<ReadonlyArray<StoredEvent>>;
  /** Everything received here by `receivedBy` (ISO-8601 UTC), in position order. */
  readonly readAsOf: (receivedBy: string) => Effect.Effect<ReadonlyArray<StoredEvent>>;
  /** `origin`'s events with `afterSeq < seq <= untilSeq`, in seq order, in wire form. */
  readonly readWire: (origin: string, afterSeq: number, untilSeq: number) => Effect.Effect<ReadonlyArray<WireEvent>>;
  /** Visits the entries from a position (see `ScanRequest`) and succeeds with how many it visited. */
  readonly scan: (request: ScanRequest, visit: (entry: LogEntry) => void) => Effect.Effect<number>;
  /**
   * The entries at these positions (those held, in the order asked), without their data unless `data: true`
   * (one read for many texts: what a cache that points into the log loads on an engine it cannot ask synchronously).
   */
  readonly entriesAt: (positions: ReadonlyArray<number>, options?: EntriesAtOptions) => Effect.Effect<ReadonlyArray<LogEntry>>;
  /** The stored data text at a position. */
  readonly dataAt: (position: number) => Effect.Effect<string | undefined>;
  /** The hash stored at (`origin`, `seq`). */
  readonly hashAt: (origin: string, seq: number) => Effect.Effect<string | undefined>;
  /** The highest position held (0 when empty). */
  readonly lastPosition: () => Effect.Effect<number>;
  /** The head of one origin's log, if any of it is held. */
  readonly originHead: (origin: string) => Effect.Effect<OriginHead | undefined>;
  /** The head of every origin held, ordered by origin. */
  readonly heads: () => Effect.Effect<ReadonlyArray<OriginHead>>;
  /** The heads of these origins (those held), in the order asked: one read, however many origins the log holds. */
  readonly headsOf: (origins: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<OriginHead>>;
  /** Checkpoints ordered by origin then seq; one origin's when given. */
  readonly checkpoints: (origin?: string) => Effect.Effect<ReadonlyArray<Checkpoint>>;
  readonly checkpointAt: (origin: string, seq: number) => Effect.Effect<Checkpoint | undefined>;
  /** The last checkpoint of `origin` with `afterSeq < seq <= untilSeq`. */
  readonly lastCheckpointWithin: (origin: string, afterSeq: number, untilSeq: number) => Effect.Effect<Checkpoint | undefined>;
  /** The first checkpoint of `origin` after `afterSeq`. */
  readonly firstCheckpointAfter: (origin: string, afterSeq: number) => Effect.Effect<Checkpoint | undefined>;
  /** The public key (base64 SPKI DER) registered for `origin`. */
  readonly nodeKey: (origin: string) => Effect.Effect<string | undefined>;
  /** Which key signs which seq range: `origin`'s entries (every origin's when not given), by origin then `fromSeq`. */
  readonly keyHistory: (origin?: string) => Effect.Effect<ReadonlyArray<KeyEntry>>;
  /** How far this node verified each origin's log (its own signed marks), ordered by origin. */
  readonly verifiedHeads: () => Effect.Effect<ReadonlyArray<VerifiedHead>>;
  /**
   * Nodes of origins' Merkle trees, every query answered in one read: per query, the hashes in the order of its
   * ids, undefined for a node not held (a leaf beyond the log, a node the tree has not completed or lost).
   */
  readonly treeNodes: (queries: ReadonlyArray<TreeNodeQuery>) => Effect.Effect<ReadonlyArray<ReadonlyArray<Uint8Array | undefined>>>;
  /** `origin`'s stored tree nodes with `afterPosition < position <= untilPosition`, in position order. */
  readonly treeNodesBetween: (origin: string, afterPosition: number, untilPosition: number) => Effect.Effect<ReadonlyArray<StoredTreeNode>>;
  /** The highest position stored of `origin`'s tree, −1 when none is. */
  readonly lastTreePosition: (origin: string) => Effect.Effect<number>;
  /** `origin`'s events with `afterSeq < seq <= untilSeq` as tree leaves (what `leafEntry` takes), in seq order. */
  readonly treeLeaves: (origin: string, afterSeq: number, untilSeq: number) => Effect.Effect<ReadonlyArray<TreeLeaf>>;
  /** The event with this id as a tree leaf, if held. */
  readonly leafOf: (eventId: string) => Effect.Effect<TreeLeaf | undefined>;
}

/**
 * {@link LogReader.treeNodes} over an engine that answers at once: a leaf from its event, any other node from the
 * node store. Shared by the reader and the write transaction of such engines.
 *
 * @example
 * syncTreeNodes(engine, [{ origin: "luhanska", ids: rangeNodes(0, 7) }])
 */
export const syncTreeNodes = (
  engine: Pick<SyncLogEngine, "treeNode" | "leafAt">,
  queries: ReadonlyArray<TreeNodeQuery>,
): ReadonlyArray<ReadonlyArray<Uint8Array | undefined>> =>
  queries.map(({ origin, ids }) =>
    ids.map((id) => {
      if (id.level > 0) return engine.treeNode(origin, nodePosition(id));
      const leaf = engine.leafAt(origin, id.index + 1);
      return leaf && eventLeafHash(leaf);
    }),
  );

/**
 * The first string after every string that begins with `prefix`, in code-point (and UTF-8 byte) order: the
 * exclusive upper bound of a range read of the names with that prefix. The prefix must not be empty.
 *
 * @example
 * prefixEnd("succession:") // "succession;"
 */
export const prefixEnd = (prefix: string): string => {
  if (prefix === "") throw new Error("prefixEnd: an empty prefix");
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
};

/**
 * The reader of an engine that answers synchronously (SQLite, memory): each read runs when the effect runs.
 *
 * @example
 * const reader = syncLogReader(memoryEngine());
 * Effect.runSync(reader.lastPosition()) // 0
 */
export const syncLogReader = (backend: SyncLogEngine): LogReader => ({
  originHead: (origin) => Effect.sync(() => backend.originHead(origin)),
  readStream: (stream, fromVersion, options) => Effect.sync(() => backend.readStream(stream, fromVersion, options?.data ?? "eager")),
  readStreamsPrefixed: (prefix, options) => Effect.sync(() => backend.readStreamsPrefixed(prefix, options?.data ?? "eager")),
  readAll: (request) => Effect.sync(() => backend.readAll(request)),
  readAsOf: (receivedBy) => Effect.sync(() => backend.readAsOf(receivedBy)),
  readWire: (origin, afterSeq, untilSeq) => Effect.sync(() => backend.readWire(origin, afterSeq, untilSeq)),
  scan: (request, visit) => Effect.sync(() => backend.scanFrom(request, visit)),
  entriesAt: (positions, options) => Effect.sync(() => backend.entriesAt(positions, options?.data === true)),
  dataAt: (position) => Effect.sync(() => backend.dataAt(position)),
  hashAt: (origin, seq) => Effect.sync(() => backend.hashAt(origin, seq)),
  lastPosition: () => Effect.sync(() => backend.lastPosition()),
  heads: () => Effect.sync(() => backend.heads()),
  headsOf: (origins) =>
    Effect.sync(() =>
      origins.flatMap((origin) => {
        const head = backend.originHead(origin);
        return head === undefined ? [] : [head];
      }),
    ),
  checkpoints: (origin) => Effect.sync(() => backend.checkpoints(origin)),
  checkpointAt: (origin, seq) => Effect.sync(() => backend.checkpointAt(origin, seq)),
  lastCheckpointWithin: (origin, afterSeq, untilSeq) => Effect.sync(() => backend.lastCheckpointWithin(origin, afterSeq, untilSeq)),
  firstCheckpointAfter: (origin, afterSeq) => Effect.sync(() => backend.firstCheckpointAfter(origin, afterSeq)),
  nodeKey: (origin) => Effect.sync(() => backend.nodeKey(origin)),
  keyHistory: (origin) => Effect.sync(() => backend.keyHistory(origin)),
  verifiedHeads: () => Effect.sync(() => backend.verifiedHeads()),
  treeNodes: (queries) => Effect.sync(() => syncTreeNodes(backend, queries)),
  treeNodesBetween: (origin, afterPosition, untilPosition) => Effect.sync(() => backend.treeNodesBetween(origin, afterPosition, untilPosition)),
  lastTreePosition: (origin) => Effect.sync(() => backend.lastTreePosition(origin)),
  treeLeaves: (origin, afterSeq, untilSeq) => Effect.sync(() => backend.treeLeaves(origin, afterSeq, untilSeq)),
  leafOf: (eventId) => Effect.sync(() => backend.leafOf(eventId)),
});
