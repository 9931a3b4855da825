/**
 * @module The projections' event source over the event store's reader: a rebuild folds a million events, so it
 * scans pages in position order, takes each event's data as its stored text (parsed only where the fold needs
 * it), and has a `ProgressRecorded` — most of a long log — given as its two ids only, its text left in the log.
 *
 * The ledger engine is synchronous (a fold must not interleave with another), so the reads run to completion
 * here with `Effect.runSync`: the SQLite and in-memory engines answer synchronously underneath. An engine that
 * answers asynchronously (PostgreSQL, issue #17) needs the engine to await its pages instead.
 */
import type { LogEntry, LogReader, ScanRequest } from "@planledger/event-store";
import { Effect } from "effect";
import type { EventSource } from "./model/event-source.js";
import type { LoggedEvent } from "./model/logged-event.js";

/** The store's source plus a filtered scan for as-of replays. */
export interface StoreEventSource extends EventSource {
  /** Every event recorded by `recordedBy` and — unless `receivedBy` is null — received here by `receivedBy`. */
  readonly scanAsOf: (recordedBy: string, receivedBy: string | null) => IterableIterator<LoggedEvent>;
  readonly scanFrom: NonNullable<EventSource["scanFrom"]>;
  readonly textAt: NonNullable<EventSource["textAt"]>;
}

// Only an amendment's id is ever looked up (as the causation of the structural events it makes); not
// materialising the other ids spares a string per event.
const ID_TYPES = ["PlanAmended"];
const PROGRESS = { type: "ProgressRecorded", fields: ["reportId", "measureId"] };
const AS_OF_PAGE = 20_000;

/**
 * @example
 * const source = storeEventSource(store.reader);
 * source.readFrom(1, 10_000).length
 */
export const storeEventSource = (reader: LogReader): StoreEventSource => {
  const scan = (request: ScanRequest, visit: (entry: LogEntry) => void): number => Effect.runSync(reader.scan(request, visit));
  return {
    readFrom: (fromPosition, limit) => {
      const out: LoggedEvent[] = [];
      scan({ fromPosition, limit, eventIdsOf: ID_TYPES }, (e) => out.push(e));
      return out;
    },
    // A store entry is a logged event as it is: no copy per event.
    scanFrom: (fromPosition, limit, visit) => scan({ fromPosition, limit, eventIdsOf: ID_TYPES, pick: PROGRESS }, visit),
    lastPosition: () => Effect.runSync(reader.lastPosition()),
    textAt: (position) => Effect.runSync(reader.dataAt(position)),
    scanAsOf: function* (recordedBy, receivedBy) {
      for (let from = 1; ; ) {
        const page: LogEntry[] = [];
        const request = { fromPosition: from, limit: AS_OF_PAGE, recordedBy, receivedBy: receivedBy ?? undefined, eventIdsOf: ID_TYPES };
        const read = scan(request, (e) => page.push(e));
        yield* page;
        const last = page[page.length - 1];
        if (last === undefined || read < AS_OF_PAGE) return;
        from = last.position + 1;
      }
    },
  };
};
