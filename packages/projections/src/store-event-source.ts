/**
 * @module The projections' event source over the event store's reader: a rebuild folds a million events, so it
 * scans pages in position order, takes each event's data as its stored text (parsed only where the fold needs
 * it), and — over an engine that answers at once — has a `ProgressRecorded`, most of a long log, given as its two
 * ids only, its text left in the log.
 *
 * Every read is the reader's `Effect`, awaited page by page, so the same source serves an engine that answers over
 * a socket (PostgreSQL). Only `textAt` — read from inside a view, which is synchronous — needs an answer at once:
 * it is given, and progress left in the log, only when the caller says the reader answers synchronously
 * underneath (SQLite, in memory). Over PostgreSQL the ledger keeps each recording's text instead.
 */
import type { LogEntry, LogReader, ScanRequest } from "@planledger/event-store";
import { Effect } from "effect";
import type { EventSource } from "./model/event-source.js";
import type { LoggedEvent } from "./model/logged-event.js";
import { nextTurn, SLICE_MS } from "./sliced-work.js";

/** The store's source plus a filtered scan for as-of replays. */
export interface StoreEventSource extends EventSource {
  /** Visits every event recorded by `recordedBy` and — unless `receivedBy` is null — received here by `receivedBy`. */
  readonly scanAsOf: (recordedBy: string, receivedBy: string | null, visit: (event: LoggedEvent) => void) => Effect.Effect<void>;
  readonly scanFrom: NonNullable<EventSource["scanFrom"]>;
}

export interface StoreEventSourceOptions {
  /**
   * The reader's effects complete without waiting (the SQLite and in-memory engines): progress texts stay in the
   * log and are read back with `Effect.runSync` when a view needs them. Leave it off for an engine that answers
   * asynchronously.
   */
  readonly answersAtOnce?: boolean;
}

// Only an amendment's id is ever looked up (as the causation of the structural events it makes); not
// materialising the other ids spares a string per event.
const ID_TYPES = ["PlanAmended"];
const PROGRESS = { type: "ProgressRecorded", fields: ["reportId", "measureId"] };
const AS_OF_PAGE = 20_000;
/**
 * An as-of replay over an engine that answers at once would read the whole log in one go: it reads pages of about
 * half a slice of folding instead — sized by how long the last page took, since a plan's structural events take
 * some 100 µs each to fold and a progress recording a few — with a turn of the event loop whenever a slice has run
 * `SLICE_MS`.
 */
const AS_OF_PAGE_AT_ONCE = { first: 200, least: 50, most: 5_000 };

/**
 * @example
 * const source = storeEventSource(store.reader, { answersAtOnce: true }); // a SQLite store
 * yield* source.scanFrom(1, 10_000, (e) => applyEvent(state, e));
 */
export const storeEventSource = (reader: LogReader, options: StoreEventSourceOptions = {}): StoreEventSource => {
  const atOnce = options.answersAtOnce === true;
  const pick = atOnce ? PROGRESS : undefined;
  return {
    readFrom: (fromPosition, limit) =>
      Effect.suspend(() => {
        const out: LoggedEvent[] = [];
        return Effect.as(reader.scan({ fromPosition, limit, eventIdsOf: ID_TYPES }, (e) => out.push(e)), out);
      }),
    // A store entry is a logged event as it is: no copy per event.
    scanFrom: (fromPosition, limit, visit) => reader.scan({ fromPosition, limit, eventIdsOf: ID_TYPES, pick }, visit),
    lastPosition: () => reader.lastPosition(),
    ...(atOnce ? { textAt: (position: number) => Effect.runSync(reader.dataAt(position)) } : {}),
    scanAsOf: (recordedBy, receivedBy, visit) =>
      Effect.gen(function* () {
        let page = atOnce ? AS_OF_PAGE_AT_ONCE.first : AS_OF_PAGE;
        let sliceStarted = performance.now();
        for (let from = 1; ; ) {
          let last = 0;
          const pageStarted = performance.now();
          const request: ScanRequest = {
            fromPosition: from,
            limit: page,
            recordedBy,
            receivedBy: receivedBy ?? undefined,
            eventIdsOf: ID_TYPES,
            // As in a catch-up: a recording's text stays in the log (the replay's ledger reads it back when a view
            // needs it), so a replay of 350,000 events does not hold 100 MB of texts for the collector to sweep.
            pick,
          };
          const read = yield* reader.scan(request, (e: LogEntry) => {
            last = e.position;
            visit(e);
          });
          if (read < page) return;
          from = last + 1;
          if (atOnce) {
            const took = performance.now() - pageStarted;
            const { least, most } = AS_OF_PAGE_AT_ONCE;
            page = Math.max(least, Math.min(most, Math.round((page * SLICE_MS) / 2 / Math.max(took, 0.1))));
            if (performance.now() - sliceStarted >= SLICE_MS) {
              yield* nextTurn;
              sliceStarted = performance.now();
            }
          }
        }
      }),
  };
};
