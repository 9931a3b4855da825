/**
 * @module Reads the `events` table with one prepared statement and raw rows: a rebuild parses a million
 * events, and row objects plus schema decoding would cost more than the fold itself. The event store decoded
 * and hash-chained every event on the way in; unknown types are skipped by the fold.
 */
import type Database from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import type { EventSource } from "../model/event-source.js";
import type { LoggedEvent } from "../model/logged-event.js";
import type { ProjectionTables } from "./read-model-tables.js";

type Row = [number, string, number, string, string, string, string, string | null, string, string | null];

const COLUMNS = [
  "position",
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
  origin: r[1],
  seq: r[2],
  stream: r[3],
  type: r[4],
  // Parsed by the fold when it needs it: most events of a long log are progress recordings it files as text.
  data: undefined,
  dataJson: r[5],
  recordedAt: r[6],
  causationId: r[7],
  receivedAt: r[8],
  eventId: r[9] ?? undefined,
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
  // Only an amendment's id is ever looked up (as the causation of the structural events it makes); not
  // materialising the other ids spares a string per event.
  const events = kysely
    .selectFrom("events")
    .select(COLUMNS)
    .select((eb) =>
      eb.case().when("type", "=", sql.lit("PlanAmended")).then(eb.ref("event_id")).else(null).end().as("event_id"),
    );
  const page = sqlite.prepare(events.where("position", ">=", 0).orderBy("position").limit(0).compile().sql).raw(true);
  const asOfBoth = sqlite
    .prepare(events.where("recorded_at", "<=", "").where("received_at", "<=", "").orderBy("position").compile().sql)
    .raw(true);
  const asOfRecorded = sqlite
    .prepare(events.where("recorded_at", "<=", "").orderBy("position").compile().sql)
    .raw(true);
  const text = sqlite.prepare(kysely.selectFrom("events").select("data").where("position", "=", 0).compile().sql).pluck();
  const last = sqlite
    .prepare(kysely.selectFrom("events").select((eb) => eb.fn.max("position").as("p")).compile().sql)
    .pluck();
  return {
    // Iterating converts each row as it is stepped; `all()` would first build an array of row arrays.
    readFrom: (fromPosition, limit) => {
      const out: LoggedEvent[] = [];
      for (const r of page.iterate(fromPosition, limit) as IterableIterator<Row>) out.push(toEvent(r));
      return out;
    },
    lastPosition: () => Number(last.get() ?? 0),
    textAt: (position) => text.get(position) as string | undefined,
    scanAsOf: function* (recordedBy, receivedBy) {
      const rows = (
        receivedBy === null ? asOfRecorded.iterate(recordedBy) : asOfBoth.iterate(recordedBy, receivedBy)
      ) as IterableIterator<Row>;
      for (const r of rows) yield toEvent(r);
    },
  };
};
