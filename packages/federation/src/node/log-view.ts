/**
 * @module What federation reads of the node's log, through the event store's read API: heads, an origin's
 * cursor, the hash at (origin, seq), and an origin's events between two seqs in wire form. Every read is an Effect:
 * at once on SQLite, a round trip on PostgreSQL.
 */
import type { EventStoreService } from "@planledger/event-store";
import { Effect } from "effect";
import type { Cursor, ReplicatedEvent } from "../protocol/replicated-event.js";
import { fromWireTuple, type WireTuple } from "../protocol/wire-events.js";

/** The head of every origin held, by origin. */
export type Heads = ReadonlyMap<string, Cursor>;

/**
 * Where `origin` ends in `heads` (seq 0 and no hash when none is held).
 *
 * @example
 * cursorIn(heads, "novopskovskyi") // { origin: "novopskovskyi", seq: 42, hash: "…" }
 */
export const cursorIn = (heads: Heads, origin: string): Cursor => heads.get(origin) ?? { origin, seq: 0, hash: null };

export interface LogView {
  readonly heads: () => Effect.Effect<Heads>;
  /** The heads of these origins (those held): one read, not a walk of every origin the node holds. */
  readonly headsOf: (origins: ReadonlyArray<string>) => Effect.Effect<Heads>;
  /** Where this node's copy of `origin` ends (seq 0 and no hash when none is held). */
  readonly cursorOf: (origin: string) => Effect.Effect<Cursor>;
  readonly hashAt: (origin: string, seq: number) => Effect.Effect<string | undefined>;
  /** `origin`'s events with `afterSeq < seq <= untilSeq` as the JSON text of their wire arrays. */
  readonly eventsJson: (origin: string, afterSeq: number, untilSeq: number) => Effect.Effect<string>;
  readonly eventsAfter: (origin: string, afterSeq: number, untilSeq: number) => Effect.Effect<ReplicatedEvent[]>;
}

/**
 * @example
 * const log = logView(store);
 * yield* log.cursorOf("novopskovskyi") // { origin: "novopskovskyi", seq: 42, hash: "…" }
 */
export const logView = (store: EventStoreService): LogView => {
  const { reader } = store;
  // Pages of an origin's log come in wire form (arrays in wire order, `data` last as the canonical text its origin
  // hashed): a batch is one `JSON.stringify` of them.
  const eventRows = (origin: string, afterSeq: number, untilSeq: number): Effect.Effect<WireTuple[]> =>
    reader.readWire(origin, afterSeq, untilSeq) as Effect.Effect<WireTuple[]>;
  const byOrigin = (all: ReadonlyArray<{ readonly origin: string; readonly seq: number; readonly hash: string }>): Heads =>
    new Map(all.map((h) => [h.origin, { origin: h.origin, seq: h.seq, hash: h.hash }]));
  return {
    heads: () => Effect.map(store.heads(), byOrigin),
    headsOf: (origins) => Effect.map(reader.headsOf(origins), byOrigin),
    cursorOf: (origin) =>
      Effect.map(reader.originHead(origin), (h) => (h === undefined ? { origin, seq: 0, hash: null } : { origin, seq: h.seq, hash: h.hash })),
    hashAt: (origin, seq) => reader.hashAt(origin, seq),
    eventsJson: (origin, afterSeq, untilSeq) => Effect.map(eventRows(origin, afterSeq, untilSeq), (rows) => JSON.stringify(rows)),
    eventsAfter: (origin, afterSeq, untilSeq) => Effect.map(eventRows(origin, afterSeq, untilSeq), (rows) => rows.map(fromWireTuple)),
  };
};
