/**
 * @module Reads the `events` table with one prepared statement and raw rows: a rebuild parses a million
 * events, and row objects plus schema decoding would cost more than the fold itself. The event store decoded
 * and hash-chained every event on the way in; unknown types are skipped by the fold.
 */
import type Database from "better-sqlite3";
import type { Kysely } from "kysely";
import type { EventSource } from "../model/event-source.js";
import type { LoggedEvent } from "../model/logged-event.js";
import type { ProjectionTables } from "./read-model-tables.js";

type Row = [number, string, string, number, string, string, string, string, string | null, string];

const COLUMNS = [
  "position",
  "event_id",
  "origin",
  "seq",
  "stream",
  "type",
  "data",
  "recorded_at",
  "causation_id",
  "received_at",
] as const;

const toEvent = (r: Row): LoggedEvent => ({
  position: r[0],
  eventId: r[1],
  origin: r[2],
  seq: r[3],
  stream: r[4],
  type: r[5],
  data: JSON.parse(r[6]) as unknown,
  recordedAt: r[7],
  causationId: r[8],
  receivedAt: r[9],
});

/** A SQLite event source plus a filtered scan for as-of replays. */
export interface SqliteEventSource extends EventSource {
  /** Every event recorded by `recordedAt` and — unless `receivedBy` is null — received here by `receivedBy`. */
  readonly scanAsOf: (recordedBy: string, receivedBy: string | null) => IterableIterator<LoggedEvent>;
}

/**
 * @example
 * const source = sqliteEventSource(sqlite, kysely);
 * source.readFrom(1, 10_000).length
 */
export const sqliteEventSource = (sqlite: Database.Database, kysely: Kysely<ProjectionTables>): SqliteEventSource => {
  const events = kysely.selectFrom("events").select(COLUMNS);
  const page = sqlite.prepare(events.where("position", ">=", 0).orderBy("position").limit(0).compile().sql).raw(true);
  const asOfBoth = sqlite
    .prepare(events.where("recorded_at", "<=", "").where("received_at", "<=", "").orderBy("position").compile().sql)
    .raw(true);
  const asOfRecorded = sqlite
    .prepare(events.where("recorded_at", "<=", "").orderBy("position").compile().sql)
    .raw(true);
  const last = sqlite
    .prepare(kysely.selectFrom("events").select((eb) => eb.fn.max("position").as("p")).compile().sql)
    .pluck();
  return {
    readFrom: (fromPosition, limit) => (page.all(fromPosition, limit) as Row[]).map(toEvent),
    lastPosition: () => Number(last.get() ?? 0),
    scanAsOf: function* (recordedBy, receivedBy) {
      const rows = (
        receivedBy === null ? asOfRecorded.iterate(recordedBy) : asOfBoth.iterate(recordedBy, receivedBy)
      ) as IterableIterator<Row>;
      for (const r of rows) yield toEvent(r);
    },
  };
};
