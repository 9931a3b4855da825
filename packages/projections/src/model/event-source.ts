/**
 * @module Where a projection reads the log from: the event store's reader (`storeEventSource`, on either engine)
 * or, in tests, a plain array of events (`arrayEventSource`). Every read is an `Effect`, so that an engine that
 * answers over a socket (PostgreSQL) is awaited page by page; the SQLite and in-memory engines answer at once
 * underneath.
 */
import { Effect } from "effect";
import type { LoggedEvent } from "./logged-event.js";

export interface EventSource {
  /** Events from `fromPosition` (inclusive), in position order, at most `limit`. */
  readonly readFrom: (fromPosition: number, limit: number) => Effect.Effect<ReadonlyArray<LoggedEvent>>;
  /** The last position in the log, 0 when empty. */
  readonly lastPosition: () => Effect.Effect<number>;
  /**
   * An event's data text by position, answered at once — so only a source over an engine that answers
   * synchronously has it (then the ledger keeps no copy of the text and a view reads it back when it needs it).
   */
  readonly textAt?: (position: number) => string | undefined;
  /**
   * Like `readFrom`, but hands each event to `visit` as it is read instead of collecting a page; with `textAt` it
   * may give a `ProgressRecorded` as its ids only (`LoggedEvent.picked`, no data: `textAt` reads it back). Returns
   * how many events it visited; `visit` must not write to the source's database.
   */
  readonly scanFrom?: (fromPosition: number, limit: number, visit: (event: LoggedEvent) => void) => Effect.Effect<number>;
}

/**
 * A source over events held in an array (position `i + 1` at index `i`), read as they are when asked.
 *
 * @example
 * const engine = ledgerEngine({ source: arrayEventSource(events) });
 */
export const arrayEventSource = (events: ReadonlyArray<LoggedEvent>): EventSource => ({
  readFrom: (from, limit) => Effect.sync(() => events.slice(from - 1, from - 1 + limit)),
  lastPosition: () => Effect.sync(() => events.length),
});
