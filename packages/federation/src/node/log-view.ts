/**
 * @module What federation reads of the node's log, through the event store's read API: heads, an origin's
 * cursor, the hash at (origin, seq), and an origin's events between two seqs in wire form. The store's reads are
 * synchronous on SQLite, so they run to completion here and a push is still verified and stored without yielding.
 */
import type { EventStoreService } from "@planledger/event-store";
import { Effect } from "effect";
import type { Cursor, ReplicatedEvent } from "../protocol/replicated-event.js";
import { fromWireTuple, type WireTuple } from "../protocol/wire-events.js";

/** The head of every origin held, by origin. */
export type Heads = ReadonlyMap<string, Cursor>;

export interface LogView {
  readonly heads: () => Heads;
  /** Where this node's copy of `origin` ends (seq 0 and no hash when none is held), from `known` heads if given. */
  readonly cursorOf: (origin: string, known?: Heads) => Cursor;
  readonly hashAt: (origin: string, seq: number) => string | undefined;
  /** `origin`'s events with `afterSeq < seq <= untilSeq` as the JSON text of their wire arrays. */
  readonly eventsJson: (origin: string, afterSeq: number, untilSeq: number) => string;
  readonly eventsAfter: (origin: string, afterSeq: number, untilSeq: number) => ReplicatedEvent[];
}

/**
 * @example
 * const log = logView(store);
 * log.cursorOf("novopskovskyi") // { origin: "novopskovskyi", seq: 42, hash: "…" }
 */
export const logView = (store: EventStoreService): LogView => {
  const { reader } = store;
  // Pages of an origin's log come in wire form (arrays in wire order, `data` last as the canonical text its origin
  // hashed): a batch is one `JSON.stringify` of them.
  const eventRows = (origin: string, afterSeq: number, untilSeq: number): WireTuple[] =>
    Effect.runSync(reader.readWire(origin, afterSeq, untilSeq)) as WireTuple[];
  const heads = (): Heads =>
    new Map(Effect.runSync(store.heads()).map((h) => [h.origin, { origin: h.origin, seq: h.seq, hash: h.hash }]));
  return {
    heads,
    cursorOf: (origin, known = heads()) => known.get(origin) ?? { origin, seq: 0, hash: null },
    hashAt: (origin, seq) => Effect.runSync(reader.hashAt(origin, seq)),
    eventsJson: (origin, afterSeq, untilSeq) => JSON.stringify(eventRows(origin, afterSeq, untilSeq)),
    eventsAfter: (origin, afterSeq, untilSeq) => eventRows(origin, afterSeq, untilSeq).map(fromWireTuple),
  };
};
