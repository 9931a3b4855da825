/**
 * @module The log backend on better-sqlite3: statements built once with Kysely and prepared once, one
 * IMMEDIATE transaction per write, heads cached until another connection commits.
 */
import type Database from "better-sqlite3";
import { type Compilable, type Kysely, sql } from "kysely";
import type { Checkpoint } from "./checkpoint.js";
import { type LogBackend, type ScannedRow, type StreamHead, storedEventOf } from "./log-backend.js";
import type { EventStoreTables, EventsTable } from "./sqlite-schema.js";
import type { OriginHead, StoredEvent } from "./stored-event.js";

type EventRecord = Omit<EventsTable, "position"> & { position: number };
type CheckpointRecord = EventStoreTables["checkpoints"];
type ScanTuple = [
  position: number,
  eventId: string,
  origin: string,
  seq: number,
  stream: string,
  streamVersion: number,
  type: string,
  dataJson: string,
  actor: string,
  recordedAt: string,
  causationId: string | null,
  correlationId: string | null,
  prevHash: string,
  hash: string,
  receivedAt: string,
];

const toScanned = (r: EventRecord): ScannedRow => ({
  position: r.position,
  eventId: r.event_id,
  origin: r.origin,
  seq: r.seq,
  stream: r.stream,
  streamVersion: r.stream_version,
  type: r.type,
  dataJson: r.data,
  actor: r.actor,
  recordedAt: r.recorded_at,
  causationId: r.causation_id,
  correlationId: r.correlation_id,
  prevHash: r.prev_hash,
  hash: r.hash,
  receivedAt: r.received_at,
});

const toStored = (r: EventRecord): StoredEvent => storedEventOf(toScanned(r), r.position);

const toCheckpoint = (r: CheckpointRecord): Checkpoint => ({
  origin: r.origin,
  seq: r.seq,
  hash: r.hash,
  signedAt: r.signed_at,
  signature: r.signature,
  witness:
    r.witness_node === null || r.witness_signed_at === null || r.witness_signature === null
      ? null
      : { node: r.witness_node, signedAt: r.witness_signed_at, signature: r.witness_signature },
});

// The order of the insert's parameters; `insert` below passes them in this order.
const insertColumns = [
  "event_id",
  "origin",
  "seq",
  "stream",
  "stream_version",
  "type",
  "data",
  "actor",
  "recorded_at",
  "causation_id",
  "correlation_id",
  "prev_hash",
  "hash",
  "received_at",
] as const satisfies ReadonlyArray<keyof EventsTable>;

// Bounds the stream cache of a long-running node; clearing it only costs one indexed lookup per stream.
const STREAM_CACHE_LIMIT = 50_000;

/**
 * A backend over an open, migrated handle; `kysely` must wrap the same handle (it only builds the SQL here).
 *
 * @example
 * const backend = sqliteBackend(sqlite, kysely);
 */
export const sqliteBackend = (sqlite: Database.Database, kysely: Kysely<EventStoreTables>): LogBackend => {
  const prepare = (query: Compilable) => sqlite.prepare(query.compile().sql);
  const events = kysely.selectFrom("events").selectAll();
  const placeholder = Object.fromEntries(insertColumns.map((c) => [c, ""])) as unknown as Omit<EventsTable, "position">;

  const s = {
    insert: prepare(kysely.insertInto("events").values(placeholder)),
    originHead: prepare(
      kysely.selectFrom("events").select(["seq", "hash", "position"]).where("origin", "=", "").orderBy("seq", "desc").limit(sql.lit(1)),
    ),
    streamHead: prepare(
      kysely.selectFrom("events").select(["stream_version", "origin"]).where("stream", "=", "").orderBy("stream_version", "desc").limit(sql.lit(1)),
    ),
    byId: prepare(events.where("event_id", "=", "")),
    bySeq: prepare(events.where("origin", "=", "").where("seq", "=", 0)),
    hashAt: prepare(kysely.selectFrom("events").select("hash").where("origin", "=", "").where("seq", "=", 0)).pluck(),
    stream: prepare(events.where("stream", "=", "").where("stream_version", ">=", 0).orderBy("stream_version")),
    all: prepare(events.where("position", ">=", 0).orderBy("position").limit(0)),
    allOfOrigin: prepare(events.where("position", ">=", 0).where("origin", "=", "").orderBy("position").limit(0)),
    asOf: prepare(events.where("received_at", "<=", "").orderBy("position")),
    lastPosition: prepare(kysely.selectFrom("events").select((eb) => eb.fn.max("position").as("p"))).pluck(),
    // One index seek per origin instead of scanning the (origin, seq) index for DISTINCT.
    nextOrigin: prepare(kysely.selectFrom("events").select("origin").where("origin", ">", "").orderBy("origin").limit(sql.lit(1))).pluck(),
    // Rows as arrays (ScanTuple order: position, then the insert columns): the whole log is scanned on every open,
    // and arrays come out of SQLite cheaper than objects.
    scan: prepare(
      kysely
        .selectFrom("events")
        .select(["position", ...insertColumns])
        .orderBy("origin")
        .orderBy("seq"),
    ).raw(),
    insertCheckpoint: prepare(
      kysely.insertInto("checkpoints").values({
        origin: "",
        seq: 0,
        hash: "",
        signed_at: "",
        signature: "",
        witness_node: null,
        witness_signed_at: null,
        witness_signature: null,
      }),
    ),
    checkpoints: prepare(kysely.selectFrom("checkpoints").selectAll().orderBy("origin").orderBy("seq")),
    checkpointAt: prepare(kysely.selectFrom("checkpoints").selectAll().where("origin", "=", "").where("seq", "=", 0)),
    checkpointsOf: prepare(kysely.selectFrom("checkpoints").selectAll().where("origin", "=", "").orderBy("seq")),
    nodeKey: prepare(kysely.selectFrom("node_keys").select("public_key").where("origin", "=", "")).pluck(),
    putNodeKey: prepare(kysely.insertInto("node_keys").values({ origin: "", public_key: "", is_self: 0 })),
    dataVersion: sqlite.prepare("PRAGMA data_version").pluck(),
  };

  const origins = new Map<string, OriginHead>();
  const streams = new Map<string, StreamHead>();
  let seenVersion: unknown;
  const forget = (): void => {
    origins.clear();
    streams.clear();
  };
  // data_version changes only when another connection (another store, another process) committed.
  const catchUp = (): void => {
    const version = s.dataVersion.get();
    if (version !== seenVersion) {
      forget();
      seenVersion = version;
    }
  };

  const cachedOriginHead = (origin: string): OriginHead | undefined => {
    const cached = origins.get(origin);
    if (cached !== undefined) return cached;
    const r = s.originHead.get(origin) as { seq: number; hash: string; position: number } | undefined;
    if (r === undefined) return undefined;
    const head = { origin, seq: r.seq, hash: r.hash, position: r.position };
    origins.set(origin, head);
    return head;
  };

  return {
    writeTransaction: <A>(body: () => A): A => {
      if (sqlite.inTransaction) return body();
      const run = sqlite.transaction(() => {
        catchUp();
        return body();
      });
      try {
        return run.immediate();
      } catch (error) {
        forget();
        throw error;
      }
    },
    originHead: (origin) => {
      if (!sqlite.inTransaction) catchUp();
      return cachedOriginHead(origin);
    },
    streamHead: (stream) => {
      const cached = streams.get(stream);
      if (cached !== undefined) return cached;
      const r = s.streamHead.get(stream) as { stream_version: number; origin: string } | undefined;
      if (r === undefined) return undefined;
      const head = { version: r.stream_version, origin: r.origin };
      if (streams.size >= STREAM_CACHE_LIMIT) streams.clear();
      streams.set(stream, head);
      return head;
    },
    eventById: (eventId) => {
      const r = s.byId.get(eventId) as EventRecord | undefined;
      return r && toStored(r);
    },
    eventBySeq: (origin, seq) => {
      const r = s.bySeq.get(origin, seq) as EventRecord | undefined;
      return r && toStored(r);
    },
    hashAt: (origin, seq) => s.hashAt.get(origin, seq) as string | undefined,
    insert: (rows) => {
      const positions: Array<number> = [];
      for (const row of rows) {
        // Arguments in `insertColumns` order, passed one by one: no array per event.
        positions.push(
          Number(
            s.insert.run(
              row.eventId,
              row.origin,
              row.seq,
              row.stream,
              row.streamVersion,
              row.type,
              row.dataJson,
              row.actor,
              row.recordedAt,
              row.causationId,
              row.correlationId,
              row.prevHash,
              row.hash,
              row.receivedAt,
            ).lastInsertRowid,
          ),
        );
      }
      const last = rows[rows.length - 1];
      if (last !== undefined) {
        origins.set(last.origin, { origin: last.origin, seq: last.seq, hash: last.hash, position: positions[positions.length - 1] as number });
        for (const row of rows) streams.set(row.stream, { version: row.streamVersion, origin: row.origin });
      }
      return positions;
    },
    readStream: (stream, fromVersion) => (s.stream.all(stream, fromVersion) as Array<EventRecord>).map(toStored),
    readAll: ({ fromPosition, limit, origin }) =>
      (origin === undefined
        ? (s.all.all(fromPosition, limit) as Array<EventRecord>)
        : (s.allOfOrigin.all(fromPosition, origin, limit) as Array<EventRecord>)
      ).map(toStored),
    readAsOf: (time) => (s.asOf.all(time) as Array<EventRecord>).map(toStored),
    lastPosition: () => (s.lastPosition.get() as number | null) ?? 0,
    heads: () => {
      if (!sqlite.inTransaction) catchUp();
      const heads: Array<OriginHead> = [];
      for (let origin = s.nextOrigin.get("") as string | undefined; origin !== undefined; origin = s.nextOrigin.get(origin) as string | undefined) {
        const head = cachedOriginHead(origin);
        if (head !== undefined) heads.push(head);
      }
      return heads;
    },
    insertCheckpoint: (cp) => {
      s.insertCheckpoint.run(
        cp.origin,
        cp.seq,
        cp.hash,
        cp.signedAt,
        cp.signature,
        cp.witness?.node ?? null,
        cp.witness?.signedAt ?? null,
        cp.witness?.signature ?? null,
      );
    },
    checkpoints: (origin) =>
      (origin === undefined
        ? (s.checkpoints.all() as Array<CheckpointRecord>)
        : (s.checkpointsOf.all(origin) as Array<CheckpointRecord>)
      ).map(toCheckpoint),
    checkpointAt: (origin, seq) => {
      const r = s.checkpointAt.get(origin, seq) as CheckpointRecord | undefined;
      return r && toCheckpoint(r);
    },
    nodeKey: (origin) => (s.nodeKey.get(origin) as string | undefined) ?? undefined,
    putNodeKey: (origin, publicKey, isSelf) => {
      s.putNodeKey.run(origin, publicKey, isSelf ? 1 : 0);
    },
    scan: function* () {
      for (const r of s.scan.iterate() as IterableIterator<ScanTuple>)
        yield {
          position: r[0],
          eventId: r[1],
          origin: r[2],
          seq: r[3],
          stream: r[4],
          streamVersion: r[5],
          type: r[6],
          dataJson: r[7],
          actor: r[8],
          recordedAt: r[9],
          causationId: r[10],
          correlationId: r[11],
          prevHash: r[12],
          hash: r[13],
          receivedAt: r[14],
        };
    },
  };
};
