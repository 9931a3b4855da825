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
        for (let from = 1; ; ) {
          let last = 0;
          const request: ScanRequest = {
            fromPosition: from,
            limit: AS_OF_PAGE,
            recordedBy,
            receivedBy: receivedBy ?? undefined,
            eventIdsOf: ID_TYPES,
          };
          const read = yield* reader.scan(request, (e: LogEntry) => {
            last = e.position;
            visit(e);
          });
          if (read < AS_OF_PAGE) return;
          from = last + 1;
        }
      }),
  };
};
