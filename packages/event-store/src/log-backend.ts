/**
 * @module The storage a log writes through: SQLite in production, plain arrays in unit tests.
 */
import type { Checkpoint } from "./checkpoint.js";
import type { LogEntry, ReadOptions, ScanRequest, WireEvent } from "./log-reader.js";
import type { OriginHead, StoredEvent } from "./stored-event.js";

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

/**
 * Everything synchronous: better-sqlite3 is, and a write transaction must not yield to another fiber
 * between reading the stream version and inserting. Reads inside `writeTransaction` see its own writes.
 */
export interface LogBackend {
  /** Runs `body` as one exclusive write transaction; a throw rolls everything back. */
  readonly writeTransaction: <A>(body: () => A) => A;
  readonly originHead: (origin: string) => OriginHead | undefined;
  readonly streamHead: (stream: string) => StreamHead | undefined;
  readonly eventById: (eventId: string) => StoredEvent | undefined;
  readonly eventBySeq: (origin: string, seq: number) => StoredEvent | undefined;
  /** The hash stored at `origin`'s `seq`, read off the (origin, seq) index without building the event. */
  readonly hashAt: (origin: string, seq: number) => string | undefined;
  /** Inserts in order and returns the positions the rows were stored at (`storedEventOf` makes events of them). */
  readonly insert: (rows: ReadonlyArray<EventRow>) => ReadonlyArray<number>;
  readonly readStream: (stream: string, fromVersion: number, data?: ReadOptions["data"]) => ReadonlyArray<StoredEvent>;
  /** `origin`'s events with `afterSeq < seq <= untilSeq`, in seq order, as wire arrays. */
  readonly readWire: (origin: string, afterSeq: number, untilSeq: number) => ReadonlyArray<WireEvent>;
  /** Hands `visit` every entry the request selects, in position order; returns how many it visited. */
  readonly scanFrom: (request: ScanRequest, visit: (entry: LogEntry) => void) => number;
  /** The entries at `positions` (those held), in the order given, without their data. */
  readonly entriesAt: (positions: ReadonlyArray<number>) => ReadonlyArray<LogEntry>;
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
  /** Every stored row ordered by origin, then seq. */
  readonly scan: () => Iterable<ScannedRow>;
}
