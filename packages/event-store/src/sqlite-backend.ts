/**
 * @module The log backend on better-sqlite3: statements built once with Kysely and prepared once, one
 * IMMEDIATE transaction per write, heads cached until another connection commits.
 */
import type Database from "better-sqlite3";
import { type Compilable, Kysely, SqliteDialect, sql } from "kysely";
import type { Checkpoint } from "./checkpoint.js";
import { type KeyRowTuple, keyEntryOfRow, keyRowOf } from "./key-history.js";
import { DuplicateEventId, type LogBackend, type ScannedRow, type StreamHead, type SyncLogEngine, storedEventOf, syncBackend } from "./log-backend.js";
import { type LogEntry, type LogReader, type ScanRequest, type StoredTreeNode, type WireEvent, prefixEnd, syncLogReader } from "./log-reader.js";
import type { EventStoreTables, EventsTable } from "./sqlite-schema.js";
import type { OriginHead, StoredEvent } from "./stored-event.js";
import type { TreeLeaf } from "./tree-leaf.js";
import type { VerifiedHead } from "./verified-head.js";

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

const rowOf = (r: ScanTuple): ScannedRow => ({
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
});

// Built straight from the row array with `data` parsed once: the read a command's fold makes of its stream,
// measured against a raw SELECT and JSON.parse of the same rows by bench:append.
const decodedOf = (r: ScanTuple): StoredEvent => ({
  eventId: r[1],
  origin: r[2],
  seq: r[3],
  stream: r[4],
  streamVersion: r[5],
  type: r[6],
  data: JSON.parse(r[7]),
  actor: r[8],
  recordedAt: r[9],
  causationId: r[10],
  correlationId: r[11],
  prevHash: r[12],
  hash: r[13],
  position: r[0],
  receivedAt: r[14],
});
const lazyOf = (r: ScanTuple): StoredEvent => storedEventOf(rowOf(r), r[0]);
const eventsOf = (rows: ReadonlyArray<ScanTuple>, data: "eager" | "lazy" | undefined): Array<StoredEvent> => {
  const out: Array<StoredEvent> = new Array(rows.length);
  const make = data === "eager" ? decodedOf : lazyOf;
  for (let i = 0; i < rows.length; i++) out[i] = make(rows[i] as ScanTuple);
  return out;
};

/** A scan row: position, origin, seq, stream, type|null, data|null, recorded_at, causation_id, received_at, event_id|null, picked…. */
type EntryTuple = [number, string, number, string, string | null, string | null, string, string | null, string, string | null, ...unknown[]];

// Event types and data fields go into a scan's SQL as literals (a statement per shape, prepared once); only plain
// names are accepted, so nothing a caller passes can change the statement.
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const named = (what: string, name: string): string => {
  if (!NAME.test(name)) throw new Error(`scan: ${what} ${JSON.stringify(name)} is not a plain name`);
  return name;
};
const isPlainString = (u: unknown): u is string =>
  typeof u === "string" && u.charCodeAt(0) !== 123 && u.charCodeAt(0) !== 91;

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
 * The reads of a node database opened elsewhere (a read-only or snapshot connection, as `audit` opens one):
 * the same statements the store uses, behind the same `LogReader`.
 *
 * @example
 * const reader = sqliteLogReader(openSqlite(path, "readOnly").sqlite);
 * Effect.runSync(reader.hashAt("luhanska", 12));
 */
export const sqliteLogReader = (sqlite: Database.Database): LogReader =>
  syncLogReader(sqliteEngine(sqlite, new Kysely<EventStoreTables>({ dialect: new SqliteDialect({ database: sqlite }) })));

/**
 * A backend over an open, migrated handle; `kysely` must wrap the same handle (it only builds the SQL here).
 *
 * @example
 * const backend = sqliteBackend(sqlite, kysely);
 */
export const sqliteBackend = (sqlite: Database.Database, kysely: Kysely<EventStoreTables>): LogBackend =>
  syncBackend(sqliteEngine(sqlite, kysely));

/**
 * better-sqlite3's synchronous calls: statements prepared once, an IMMEDIATE transaction per write.
 *
 * @example
 * const engine = sqliteEngine(sqlite, kysely);
 */
export const sqliteEngine = (sqlite: Database.Database, kysely: Kysely<EventStoreTables>): SyncLogEngine => {
  const prepare = (query: Compilable) => sqlite.prepare(query.compile().sql);
  // Rows as arrays (ScanTuple order: position, then the insert columns): arrays come out of SQLite cheaper
  // than objects, and each read builds its events from them once.
  const events = kysely.selectFrom("events").select(["position", ...insertColumns]);
  const placeholder = Object.fromEntries(insertColumns.map((c) => [c, ""])) as unknown as Omit<EventsTable, "position">;

  const s = {
    insert: prepare(kysely.insertInto("events").values(placeholder)),
    originHead: prepare(
      kysely.selectFrom("events").select(["seq", "hash", "position"]).where("origin", "=", "").orderBy("seq", "desc").limit(sql.lit(1)),
    ),
    streamHead: prepare(
      kysely.selectFrom("events").select(["stream_version", "origin"]).where("stream", "=", "").orderBy("stream_version", "desc").limit(sql.lit(1)),
    ),
    byId: prepare(events.where("event_id", "=", "")).raw(),
    bySeq: prepare(events.where("origin", "=", "").where("seq", "=", 0)).raw(),
    hashAt: prepare(kysely.selectFrom("events").select("hash").where("origin", "=", "").where("seq", "=", 0)).pluck(),
    stream: prepare(events.where("stream", "=", "").where("stream_version", ">=", 0).orderBy("stream_version")).raw(),
    // A range of the (stream, stream_version) index: BINARY collation orders the names by their bytes.
    streamsPrefixed: prepare(
      events.where("stream", ">=", "").where("stream", "<", "").orderBy("stream").orderBy("stream_version"),
    ).raw(),
    all: prepare(events.where("position", ">=", 0).orderBy("position").limit(0)).raw(),
    allOfOrigin: prepare(events.where("position", ">=", 0).where("origin", "=", "").orderBy("position").limit(0)).raw(),
    asOf: prepare(events.where("received_at", "<=", "").orderBy("position")).raw(),
    // Columns in wire order (`data` last): a row is an event's wire array as it is. Walks the (origin, seq) index.
    wire: prepare(
      kysely
        .selectFrom("events")
        .select([
          "event_id", "origin", "seq", "stream", "stream_version", "type", "actor", "recorded_at",
          "causation_id", "correlation_id", "prev_hash", "hash", "data",
        ])
        .where("origin", "=", "")
        .where("seq", ">", 0)
        .where("seq", "<=", 0)
        .orderBy("seq"),
    ).raw(),
    entryAt: prepare(
      kysely
        .selectFrom("events")
        .select(["position", "origin", "seq", "stream", "type", sql<null>`NULL`.as("data"), "recorded_at", "causation_id", "received_at", "event_id", "actor"])
        .where("position", "=", 0),
    ).raw(),
    entryWithDataAt: prepare(
      kysely
        .selectFrom("events")
        .select(["position", "origin", "seq", "stream", "type", "data", "recorded_at", "causation_id", "received_at", "event_id", "actor"])
        .where("position", "=", 0),
    ).raw(),
    dataAt: prepare(kysely.selectFrom("events").select("data").where("position", "=", 0)).pluck(),
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
    // Two seeks on the checkpoints' (origin, seq) key, not a read of every checkpoint held for the origin.
    checkpointWithin: prepare(
      kysely.selectFrom("checkpoints").selectAll().where("origin", "=", "").where("seq", ">", 0).where("seq", "<=", 0).orderBy("seq", "desc").limit(sql.lit(1)),
    ),
    checkpointAfter: prepare(
      kysely.selectFrom("checkpoints").selectAll().where("origin", "=", "").where("seq", ">", 0).orderBy("seq").limit(sql.lit(1)),
    ),
    checkpointsOf: prepare(kysely.selectFrom("checkpoints").selectAll().where("origin", "=", "").orderBy("seq")),
    nodeKey: prepare(kysely.selectFrom("node_keys").select("public_key").where("origin", "=", "")).pluck(),
    putNodeKey: prepare(kysely.insertInto("node_keys").values({ origin: "", public_key: "", is_self: 0 })),
    setNodeKey: sqlite.prepare("UPDATE node_keys SET public_key = ? WHERE origin = ?"),
    dataVersion: sqlite.prepare("PRAGMA data_version").pluck(),
    verifiedHeads: prepare(kysely.selectFrom("verified_heads").selectAll().orderBy("origin")),
    putVerifiedHead: sqlite.prepare(
      "INSERT OR REPLACE INTO verified_heads (origin, seq, hash, verified_at, signature) VALUES (?, ?, ?, ?, ?)",
    ),
  };

  // The tree's statements are prepared on first use: `audit verify` reads files made before the table existed.
  const lazily = <T>(make: () => T): (() => T) => {
    let made: T | undefined;
    return () => {
      made ??= make();
      return made;
    };
  };
  const tree = lazily(() => ({
    node: prepare(kysely.selectFrom("tree_nodes").select("hash").where("origin", "=", "").where("position", "=", 0)).pluck(),
    put: prepare(kysely.insertInto("tree_nodes").values({ origin: "", position: 0, hash: new Uint8Array() })),
    between: prepare(
      kysely
        .selectFrom("tree_nodes")
        .select(["position", "hash"])
        .where("origin", "=", "")
        .where("position", ">", 0)
        .where("position", "<=", 0)
        .orderBy("position"),
    ).raw(),
    last: prepare(kysely.selectFrom("tree_nodes").select((eb) => eb.fn.max("position").as("p")).where("origin", "=", "")).pluck(),
  }));
  // Also on first use, and absent in a file made before migration 0005 (`audit verify` of an old file: no history).
  const keyRows = lazily(() => {
    const exists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'node_key_history'").get() !== undefined;
    if (!exists) return undefined;
    const columns = "origin, from_seq, public_key, authority, authorised_by, signature, event_id, recorded_at, revoked_from_seq, revoked_reason, revoked_by";
    return {
      all: sqlite.prepare(`SELECT ${columns} FROM node_key_history ORDER BY origin, from_seq`).raw(),
      of: sqlite.prepare(`SELECT ${columns} FROM node_key_history WHERE origin = ? ORDER BY from_seq`).raw(),
      put: sqlite.prepare(`INSERT OR REPLACE INTO node_key_history (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
  });
  const leaves = lazily(() => ({
    at: prepare(kysely.selectFrom("events").select(["event_id", "hash"]).where("origin", "=", "").where("seq", "=", 0)).raw(),
    range: prepare(
      kysely.selectFrom("events").select(["seq", "event_id", "hash"]).where("origin", "=", "").where("seq", ">", 0).where("seq", "<=", 0).orderBy("seq"),
    ).raw(),
    ofId: prepare(kysely.selectFrom("events").select(["origin", "seq", "event_id", "hash"]).where("event_id", "=", "")).raw(),
  }));

  // One statement per shape of scan request (pick, ids, as-of filters), prepared on first use.
  const scans = new Map<string, Database.Statement>();
  const scanStatement = (request: ScanRequest): Database.Statement => {
    const { pick, eventIdsOf } = request;
    const key = JSON.stringify([pick?.type, pick?.fields, eventIdsOf, request.recordedBy !== undefined, request.receivedBy !== undefined]);
    const cached = scans.get(key);
    if (cached !== undefined) return cached;
    const picked = pick === undefined ? undefined : sql.lit(named("type", pick.type));
    const isPicked = sql<boolean>`type = ${picked}`;
    const readable = sql<boolean>`type = ${picked} AND json_valid(data)`;
    const idTypes = eventIdsOf?.map((t) => sql.lit(named("type", t)));
    let query = kysely
      .selectFrom("events")
      .select([
        "position",
        "origin",
        "seq",
        "stream",
        picked === undefined ? "type" : sql<string | null>`CASE WHEN ${isPicked} THEN NULL ELSE type END`.as("type"),
        picked === undefined ? "data" : sql<string | null>`CASE WHEN ${isPicked} THEN NULL ELSE data END`.as("data"),
        "recorded_at",
        "causation_id",
        "received_at",
        idTypes === undefined
          ? "event_id"
          : idTypes.length === 0
            ? sql<null>`NULL`.as("event_id")
            : sql<string | null>`CASE WHEN type IN (${sql.join(idTypes)}) THEN event_id END`.as("event_id"),
        ...(pick?.fields ?? []).map((field, i) =>
          sql<unknown>`CASE WHEN ${readable} THEN data ->> ${sql.lit(`$.${named("field", field)}`)} END`.as(`f${i}`),
        ),
      ])
      .where("position", ">=", 0);
    if (request.recordedBy !== undefined) query = query.where("recorded_at", "<=", "");
    if (request.receivedBy !== undefined) query = query.where("received_at", "<=", "");
    const statement = prepare(query.orderBy("position").limit(0)).raw(true);
    scans.set(key, statement);
    return statement;
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
      const r = s.byId.get(eventId) as ScanTuple | undefined;
      return r && lazyOf(r);
    },
    eventBySeq: (origin, seq) => {
      const r = s.bySeq.get(origin, seq) as ScanTuple | undefined;
      return r && lazyOf(r);
    },
    hashAt: (origin, seq) => s.hashAt.get(origin, seq) as string | undefined,
    insert: (rows) => {
      const positions: Array<number> = [];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as (typeof rows)[number];
        // Arguments in `insertColumns` order, passed one by one: no array per event.
        let inserted: Database.RunResult;
        try {
          inserted = s.insert.run(
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
          );
        } catch (error) {
          if (error instanceof Error && error.message.startsWith("UNIQUE constraint failed: events.event_id"))
            throw new DuplicateEventId({ index: i, eventId: row.eventId });
          throw error;
        }
        positions.push(Number(inserted.lastInsertRowid));
      }
      const last = rows[rows.length - 1];
      if (last !== undefined) {
        origins.set(last.origin, { origin: last.origin, seq: last.seq, hash: last.hash, position: positions[positions.length - 1] as number });
        for (const row of rows) streams.set(row.stream, { version: row.streamVersion, origin: row.origin });
      }
      return positions;
    },
    readStream: (stream, fromVersion, data) => eventsOf(s.stream.all(stream, fromVersion) as Array<ScanTuple>, data ?? "eager"),
    readStreamsPrefixed: (prefix, data) => eventsOf(s.streamsPrefixed.all(prefix, prefixEnd(prefix)) as Array<ScanTuple>, data ?? "eager"),
    readAll: ({ fromPosition, limit, origin, data }) =>
      eventsOf(
        (origin === undefined ? s.all.all(fromPosition, limit) : s.allOfOrigin.all(fromPosition, origin, limit)) as Array<ScanTuple>,
        data ?? "lazy",
      ),
    readAsOf: (time) => eventsOf(s.asOf.all(time) as Array<ScanTuple>, "lazy"),
    readWire: (origin, afterSeq, untilSeq) => s.wire.all(origin, afterSeq, untilSeq) as Array<WireEvent>,
    scanFrom: (request, visit) => {
      const statement = scanStatement(request);
      const parameters: Array<unknown> = [request.fromPosition];
      if (request.recordedBy !== undefined) parameters.push(request.recordedBy);
      if (request.receivedBy !== undefined) parameters.push(request.receivedBy);
      parameters.push(request.limit);
      const pickType = request.pick?.type;
      const fields = request.pick?.fields ?? [];
      let n = 0;
      // Consecutive events mostly share these: one string each for a reader that keeps many entries.
      let origin = "";
      let stream = "";
      let recordedAt = "";
      let receivedAt = "";
      // Iterating converts each row as it is stepped; `all()` would first build an array of row arrays.
      for (const r of statement.iterate(...parameters) as IterableIterator<EntryTuple>) {
        n++;
        if (r[1] !== origin) origin = r[1];
        if (r[3] !== stream) stream = r[3];
        if (r[6] !== recordedAt) recordedAt = r[6];
        if (r[8] !== receivedAt) receivedAt = r[8];
        let dataJson = r[5];
        let picked: Record<string, string> | undefined;
        if (dataJson === null) {
          // `->>` gives a string as its text but an object or array as JSON text too: those (and numbers,
          // nulls) come with the data instead.
          picked = {};
          for (let i = 0; i < fields.length; i++) {
            const value = r[10 + i];
            if (!isPlainString(value)) {
              picked = undefined;
              break;
            }
            picked[fields[i] as string] = value;
          }
          dataJson = picked === undefined ? (s.dataAt.get(r[0]) as string) : null;
        }
        visit({
          position: r[0],
          origin,
          seq: r[2],
          stream,
          type: r[4] ?? (pickType as string),
          recordedAt,
          receivedAt,
          causationId: r[7],
          eventId: r[9] ?? undefined,
          dataJson: dataJson ?? undefined,
          picked,
        });
      }
      return n;
    },
    entriesAt: (positions, data) => {
      const out: Array<LogEntry> = [];
      const statement = data === true ? s.entryWithDataAt : s.entryAt;
      for (const position of positions) {
        const r = statement.get(position) as EntryTuple | undefined;
        if (r !== undefined)
          out.push({
            position: r[0],
            origin: r[1],
            seq: r[2],
            stream: r[3],
            type: r[4] as string,
            recordedAt: r[6],
            receivedAt: r[8],
            causationId: r[7],
            eventId: r[9] ?? undefined,
            dataJson: (r[5] as string | null) ?? undefined,
            picked: undefined,
            actor: r[10] as string,
          });
      }
      return out;
    },
    dataAt: (position) => s.dataAt.get(position) as string | undefined,
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
    lastCheckpointWithin: (origin, afterSeq, untilSeq) => {
      const r = s.checkpointWithin.get(origin, afterSeq, untilSeq) as CheckpointRecord | undefined;
      return r && toCheckpoint(r);
    },
    firstCheckpointAfter: (origin, afterSeq) => {
      const r = s.checkpointAfter.get(origin, afterSeq) as CheckpointRecord | undefined;
      return r && toCheckpoint(r);
    },
    nodeKey: (origin) => (s.nodeKey.get(origin) as string | undefined) ?? undefined,
    putNodeKey: (origin, publicKey, isSelf) => {
      s.putNodeKey.run(origin, publicKey, isSelf ? 1 : 0);
    },
    setNodeKey: (origin, publicKey) => {
      s.setNodeKey.run(publicKey, origin);
    },
    keyHistory: (origin) => {
      const statements = keyRows();
      if (statements === undefined) return [];
      const rows = (origin === undefined ? statements.all.all() : statements.of.all(origin)) as Array<KeyRowTuple>;
      return rows.map(keyEntryOfRow);
    },
    putKeyEntry: (entry) => {
      const statements = keyRows();
      if (statements === undefined) throw new Error("node_key_history is missing: the database was not migrated");
      statements.put.run(...keyRowOf(entry));
    },
    verifiedHeads: () =>
      (s.verifiedHeads.all() as Array<EventStoreTables["verified_heads"]>).map(
        (r): VerifiedHead => ({ origin: r.origin, seq: r.seq, hash: r.hash, verifiedAt: r.verified_at, signature: r.signature }),
      ),
    putVerifiedHeads: (heads) => {
      for (const h of heads) s.putVerifiedHead.run(h.origin, h.seq, h.hash, h.verifiedAt, h.signature);
    },
    scan: function* () {
      for (const r of s.scan.iterate() as IterableIterator<ScanTuple>) yield rowOf(r);
    },
    treeNode: (origin, position) => tree().node.get(origin, position) as Uint8Array | undefined,
    leafAt: (origin, seq) => {
      const r = leaves().at.get(origin, seq) as [string, string] | undefined;
      return r && { origin, seq, eventId: r[0], hash: r[1] };
    },
    treeLeaves: (origin, afterSeq, untilSeq) =>
      (leaves().range.all(origin, afterSeq, untilSeq) as Array<[number, string, string]>).map(
        (r): TreeLeaf => ({ origin, seq: r[0], eventId: r[1], hash: r[2] }),
      ),
    leafOf: (eventId) => {
      const r = leaves().ofId.get(eventId) as [string, number, string, string] | undefined;
      return r && { origin: r[0], seq: r[1], eventId: r[2], hash: r[3] };
    },
    treeNodesBetween: (origin, afterPosition, untilPosition) =>
      (tree().between.all(origin, afterPosition, untilPosition) as Array<[number, Uint8Array]>).map(
        (r): StoredTreeNode => ({ origin, position: r[0], hash: r[1] }),
      ),
    lastTreePosition: (origin) => (tree().last.get(origin) as number | null) ?? -1,
    putTreeNodes: (nodes) => {
      const { put } = tree();
      for (const node of nodes) put.run(node.origin, node.position, node.hash);
    },
  };
};
