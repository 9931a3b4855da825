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

/** `Row` with the type and data left out (null) for a progress recording, whose ids follow. */
type LeanRow = [number, string, number, string, string | null, string | null, string, string | null, string, string | null, unknown, unknown];

const structured = (s: string): boolean => s.charCodeAt(0) === 123 || s.charCodeAt(0) === 91;

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
  readonly scanFrom: NonNullable<EventSource["scanFrom"]>;
  readonly textAt: NonNullable<EventSource["textAt"]>;
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
  // The catch-up's reader: a progress recording comes as its two ids, read off the data by SQLite's JSON
  // functions, instead of its text; everything else as `page` gives it. A long log is mostly progress, so this
  // spares decoding and keeping a ~300-byte string per event. When the ids cannot be read so (data that is not
  // well-formed JSON, ids that are not strings) the text is fetched by position and the fold takes it as ever.
  const isProgress = sql<boolean>`type = 'ProgressRecorded'`;
  const readable = sql<boolean>`type = 'ProgressRecorded' AND json_valid(data)`;
  const lean = sqlite
    .prepare(
      kysely
        .selectFrom("events")
        .select([
          "position",
          "origin",
          "seq",
          "stream",
          sql<string | null>`CASE WHEN ${isProgress} THEN NULL ELSE type END`.as("type"),
          sql<string | null>`CASE WHEN ${isProgress} THEN NULL ELSE data END`.as("data"),
          "recorded_at",
          "causation_id",
          "received_at",
          sql<string | null>`CASE WHEN type = 'PlanAmended' THEN event_id END`.as("event_id"),
          sql<unknown>`CASE WHEN ${readable} THEN data ->> '$.reportId' END`.as("report_id"),
          sql<unknown>`CASE WHEN ${readable} THEN data ->> '$.measureId' END`.as("measure_id"),
        ])
        .where("position", ">=", 0)
        .orderBy("position")
        .limit(0)
        .compile().sql,
    )
    .raw(true);
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
    scanFrom: (fromPosition, limit, visit) => {
      let n = 0;
      // Consecutive events mostly share these: one string each instead of one per event kept in the ledger.
      let origin = "";
      let stream = "";
      let recordedAt = "";
      let receivedAt = "";
      for (const r of lean.iterate(fromPosition, limit) as IterableIterator<LeanRow>) {
        n++;
        if (r[5] !== null) {
          visit(toEvent(r as unknown as Row));
          continue;
        }
        if (r[1] !== origin) origin = r[1];
        if (r[3] !== stream) stream = r[3];
        if (r[6] !== recordedAt) recordedAt = r[6];
        if (r[8] !== receivedAt) receivedAt = r[8];
        const reportId = r[10];
        const measureId = r[11];
        // `->>` gives a JSON string as its text, but an object or array as JSON text too: those (and numbers,
        // nulls) go the long way, with the data read back.
        const ids =
          typeof reportId === "string" && typeof measureId === "string" && !structured(reportId) && !structured(measureId)
            ? { reportId, measureId }
            : undefined;
        visit({
          position: r[0],
          origin,
          seq: r[2],
          stream,
          type: "ProgressRecorded",
          data: undefined,
          dataJson: ids === undefined ? (text.get(r[0]) as string) : undefined,
          progressIds: ids,
          recordedAt,
          causationId: r[7],
          receivedAt,
          eventId: r[9] ?? undefined,
        });
      }
      return n;
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
