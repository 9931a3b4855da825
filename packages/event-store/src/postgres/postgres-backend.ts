/**
 * @module The log backend on PostgreSQL (`pg`): every read one statement, prepared once per connection and
 * answered as row arrays; every write one transaction on one pooled connection that first takes the `events`
 * table's write lock, so writers follow one another as on SQLite and positions are handed out in commit order.
 */
import { createHash } from "node:crypto";
import { Effect, Exit, FiberRef } from "effect";
import type pg from "pg";
import type { Checkpoint } from "../checkpoint.js";
import { type KeyRowTuple, keyEntryOfRow, keyRowOf } from "../key-history.js";
import {
  DuplicateEventId,
  type EventRow,
  type LogBackend,
  type LogTransaction,
  type ScannedRow,
  type StreamHead,
  decodedEventOf,
  storedEventOf,
} from "../log-backend.js";
import { type LogEntry, type LogReader, type ScanRequest, type StoredTreeNode, type TreeNodeQuery, type WireEvent, prefixEnd } from "../log-reader.js";
import { nodePosition } from "../merkle/node-position.js";
import type { OriginHead, StoredEvent } from "../stored-event.js";
import { type TreeLeaf, eventLeafHash } from "../tree-leaf.js";
import type { VerifiedHead } from "../verified-head.js";

/** A statement prepared once per connection under its name (`pg` keeps track of which connection has which). */
interface Statement {
  readonly name: string;
  readonly text: string;
}
const statement = (name: string, text: string): Statement => ({ name: `planledger_event_store_${name}`, text });

type Connection = pg.Pool | pg.PoolClient;

const rowsOf = async <R extends Array<unknown>>(on: Connection, s: Statement, values: ReadonlyArray<unknown>): Promise<Array<R>> =>
  (await on.query<R>({ name: s.name, text: s.text, values: values as Array<unknown>, rowMode: "array" })).rows;

const EVENT_COLUMNS =
  "position, event_id, origin, seq, stream, stream_version, type, data, actor, recorded_at, causation_id, correlation_id, prev_hash, hash, received_at";
type EventTuple = [
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
const rowOf = (r: EventTuple): ScannedRow => ({
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
const eventsOf = (rows: ReadonlyArray<EventTuple>, data: "eager" | "lazy"): Array<StoredEvent> => {
  const out: Array<StoredEvent> = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rowOf(rows[i] as EventTuple);
    out[i] = data === "eager" ? decodedEventOf(row, row.position) : storedEventOf(row, row.position);
  }
  return out;
};

const CHECKPOINT_COLUMNS = "origin, seq, hash, signed_at, signature, witness_node, witness_signed_at, witness_signature";
type CheckpointTuple = [string, number, string, string, string, string | null, string | null, string | null];
const checkpointOf = (r: CheckpointTuple): Checkpoint => ({
  origin: r[0],
  seq: r[1],
  hash: r[2],
  signedAt: r[3],
  signature: r[4],
  witness: r[5] === null || r[6] === null || r[7] === null ? null : { node: r[5], signedAt: r[6], signature: r[7] },
});
const firstCheckpoint = (rows: ReadonlyArray<CheckpointTuple>): Checkpoint | undefined => {
  const r = rows[0];
  return r && checkpointOf(r);
};

const s = {
  readStream: statement("read_stream", `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = $1 AND stream_version >= $2 ORDER BY stream_version`),
  // A range of the (stream, stream_version) index: the names are COLLATE "C", ordered by their bytes.
  readStreamsPrefixed: statement(
    "read_streams_prefixed",
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream >= $1 AND stream < $2 ORDER BY stream, stream_version`,
  ),
  readAll: statement("read_all", `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= $1 ORDER BY position LIMIT $2`),
  readAllOfOrigin: statement(
    "read_all_of_origin",
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= $1 AND origin = $2 ORDER BY position LIMIT $3`,
  ),
  readAsOf: statement("read_as_of", `SELECT ${EVENT_COLUMNS} FROM events WHERE received_at <= $1 ORDER BY position`),
  // Columns in wire order (`data` last): a row is an event's wire array as it is. Walks the (origin, seq) index.
  readWire: statement(
    "read_wire",
    `SELECT event_id, origin, seq, stream, stream_version, type, actor, recorded_at, causation_id, correlation_id, prev_hash, hash, data
     FROM events WHERE origin = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
  ),
  entriesAt: statement(
    "entries_at",
    `SELECT position, origin, seq, stream, type, recorded_at, causation_id, received_at, event_id, actor
     FROM events WHERE position = ANY($1::bigint[])`,
  ),
  entriesWithDataAt: statement(
    "entries_with_data_at",
    `SELECT position, origin, seq, stream, type, recorded_at, causation_id, received_at, event_id, actor, data
     FROM events WHERE position = ANY($1::bigint[])`,
  ),
  dataAt: statement("data_at", "SELECT data FROM events WHERE position = $1"),
  hashAt: statement("hash_at", "SELECT hash FROM events WHERE origin = $1 AND seq = $2"),
  lastPosition: statement("last_position", "SELECT coalesce(max(position), 0) FROM events"),
  originHead: statement("origin_head", "SELECT seq, hash, position FROM events WHERE origin = $1 ORDER BY seq DESC LIMIT 1"),
  // One seek per origin asked, in the order asked.
  headsOf: statement(
    "heads_of",
    `SELECT h.origin, h.seq, h.hash, h.position FROM unnest($1::text[]) WITH ORDINALITY AS q(origin, n)
     CROSS JOIN LATERAL (SELECT e.origin, e.seq, e.hash, e.position FROM events e WHERE e.origin = q.origin ORDER BY e.seq DESC LIMIT 1) h
     ORDER BY q.n`,
  ),
  // One seek per origin on the (origin, seq) index, then one for its head: no scan of the index for DISTINCT.
  heads: statement(
    "heads",
    `WITH RECURSIVE origins(origin) AS (
       (SELECT origin FROM events ORDER BY origin LIMIT 1)
       UNION ALL
       SELECT (SELECT e.origin FROM events e WHERE e.origin > o.origin ORDER BY e.origin LIMIT 1) FROM origins o WHERE o.origin IS NOT NULL
     )
     SELECT h.origin, h.seq, h.hash, h.position FROM origins o
     CROSS JOIN LATERAL (SELECT e.origin, e.seq, e.hash, e.position FROM events e WHERE e.origin = o.origin ORDER BY e.seq DESC LIMIT 1) h
     ORDER BY h.origin`,
  ),
  checkpoints: statement("checkpoints", `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints ORDER BY origin, seq`),
  checkpointsOf: statement("checkpoints_of", `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE origin = $1 ORDER BY seq`),
  checkpointAt: statement("checkpoint_at", `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE origin = $1 AND seq = $2`),
  // Two seeks on the checkpoints' (origin, seq) key, not a read of every checkpoint held for the origin.
  checkpointWithin: statement(
    "checkpoint_within",
    `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE origin = $1 AND seq > $2 AND seq <= $3 ORDER BY seq DESC LIMIT 1`,
  ),
  checkpointAfter: statement(
    "checkpoint_after",
    `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE origin = $1 AND seq > $2 ORDER BY seq LIMIT 1`,
  ),
  nodeKey: statement("node_key", "SELECT public_key FROM node_keys WHERE origin = $1"),
  keyHistory: statement("key_history", `SELECT origin, from_seq, public_key, authority, authorised_by, signature, event_id, recorded_at, revoked_from_seq, revoked_reason, revoked_by FROM node_key_history ORDER BY origin, from_seq`),
  keyHistoryOf: statement("key_history_of", `SELECT origin, from_seq, public_key, authority, authorised_by, signature, event_id, recorded_at, revoked_from_seq, revoked_reason, revoked_by FROM node_key_history WHERE origin = $1 ORDER BY from_seq`),
  putKeyEntry: statement(
    "put_key_entry",
    `INSERT INTO node_key_history (origin, from_seq, public_key, authority, authorised_by, signature, event_id, recorded_at, revoked_from_seq, revoked_reason, revoked_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (origin, from_seq) DO UPDATE SET public_key = EXCLUDED.public_key, authority = EXCLUDED.authority,
       authorised_by = EXCLUDED.authorised_by, signature = EXCLUDED.signature, event_id = EXCLUDED.event_id,
       recorded_at = EXCLUDED.recorded_at, revoked_from_seq = EXCLUDED.revoked_from_seq,
       revoked_reason = EXCLUDED.revoked_reason, revoked_by = EXCLUDED.revoked_by`,
  ),
  setNodeKey: statement("set_node_key", "UPDATE node_keys SET public_key = $2 WHERE origin = $1"),
  verifiedHeads: statement("verified_heads", "SELECT origin, seq, hash, verified_at, signature FROM verified_heads ORDER BY origin"),
  // The verifier's walk, a page at a time along the (origin, seq) index.
  scanRows: statement(
    "scan_rows",
    `SELECT ${EVENT_COLUMNS} FROM events WHERE (origin, seq) > ($1::text, $2::bigint) ORDER BY origin, seq LIMIT $3`,
  ),
  // Merkle trees. Stored nodes and the leaves' events in one statement: a proof, a frontier or a root is one round trip.
  treeNodes: statement(
    "tree_nodes",
    `SELECT q.origin, q.position, t.hash, NULL::text AS event_id, NULL::text AS event_hash
     FROM unnest($1::text[], $2::bigint[]) AS q(origin, position) JOIN tree_nodes t ON t.origin = q.origin AND t.position = q.position
     UNION ALL
     SELECT q.origin, -q.seq, NULL::bytea, e.event_id, e.hash
     FROM unnest($3::text[], $4::bigint[]) AS q(origin, seq) JOIN events e ON e.origin = q.origin AND e.seq = q.seq`,
  ),
  treeNodesBetween: statement(
    "tree_nodes_between",
    "SELECT position, hash FROM tree_nodes WHERE origin = $1 AND position > $2 AND position <= $3 ORDER BY position",
  ),
  lastTreePosition: statement("last_tree_position", "SELECT coalesce(max(position), -1) FROM tree_nodes WHERE origin = $1"),
  treeLeaves: statement("tree_leaves", "SELECT seq, event_id, hash FROM events WHERE origin = $1 AND seq > $2 AND seq <= $3 ORDER BY seq"),
  leafOf: statement("leaf_of", "SELECT origin, seq, event_id, hash FROM events WHERE event_id = $1"),
  putTreeNodes: statement(
    "put_tree_nodes",
    "INSERT INTO tree_nodes (origin, position, hash) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[])",
  ),
  // Write transactions' own reads and writes.
  streamHeads: statement(
    "stream_heads",
    `SELECT s.stream, h.stream_version, h.origin FROM unnest($1::text[]) AS s(stream)
     CROSS JOIN LATERAL (SELECT e.stream_version, e.origin FROM events e WHERE e.stream = s.stream ORDER BY e.stream_version DESC LIMIT 1) h`,
  ),
  eventsById: statement("events_by_id", `SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ANY($1::text[])`),
  // A batch in one statement, numbered after the highest position held (the write lock keeps anyone else from
  // inserting meanwhile). A held event id skips its row instead of failing the statement, so the caller can tell
  // which row it was; the unique keys on (origin, seq) and (stream, stream_version) still fail it outright.
  insert: statement(
    "insert",
    `INSERT INTO events (${EVENT_COLUMNS})
     SELECT last.position + r.n, r.event_id, r.origin, r.seq, r.stream, r.stream_version, r.type, r.data, r.actor, r.recorded_at,
            r.causation_id, r.correlation_id, r.prev_hash, r.hash, r.received_at
     FROM (SELECT coalesce(max(position), 0) AS position FROM events) AS last,
          unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::integer[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
          WITH ORDINALITY AS r(event_id, origin, seq, stream, stream_version, type, data, actor, recorded_at,
                               causation_id, correlation_id, prev_hash, hash, received_at, n)
     ORDER BY r.n
     ON CONFLICT (event_id) DO NOTHING
     RETURNING position, event_id`,
  ),
  insertCheckpoint: statement("insert_checkpoint", `INSERT INTO checkpoints (${CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`),
  putNodeKey: statement("put_node_key", "INSERT INTO node_keys (origin, public_key, is_self) VALUES ($1, $2, $3)"),
  putVerifiedHeads: statement(
    "put_verified_heads",
    `INSERT INTO verified_heads (origin, seq, hash, verified_at, signature)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (origin) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, verified_at = excluded.verified_at, signature = excluded.signature`,
  ),
};

/**
 * READ COMMITTED: each statement sees every commit made before it, so once the lock is held the transaction reads
 * the latest heads. SHARE ROW EXCLUSIVE conflicts with itself and with every INSERT, UPDATE and DELETE on `events`
 * (anyone's, not only this store's), and with no plain read.
 */
const BEGIN_WRITE = "BEGIN ISOLATION LEVEL READ COMMITTED; LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE";

/** Rows per round trip for the walks of the whole log (a scan, the verifier's pass). */
const PAGE = 2_000;

/** A scan row: position, origin, seq, stream, type, data|null, recorded_at, causation_id, received_at, event_id|null, picked…. */
type EntryTuple = [number, string, number, string, string, string | null, string, string | null, string, string | null, ...Array<string | null>];

/** The statement of one shape of scan request, and its parameters in order. */
interface ScanStatement {
  readonly statement: Statement;
  readonly values: (request: ScanRequest, from: number, limit: number) => Array<unknown>;
}

/**
 * One statement per shape of request (filters, ids, picked fields). Picking parses `data` as jsonb in the server,
 * once per event of the picked type: in a subquery whose LIMIT keeps the planner from copying the parse into every
 * expression that uses it. A field is taken only when it is a JSON string; otherwise the event comes with its text,
 * as on the other engines.
 */
const scanStatement = (request: ScanRequest, checksJson: boolean): ScanStatement => {
  const getters: Array<(request: ScanRequest, from: number, limit: number) => unknown> = [];
  const param = (get: (request: ScanRequest, from: number, limit: number) => unknown): string => {
    getters.push(get);
    return `$${getters.length}`;
  };
  const where = [`e.position >= ${param((_, from) => from)}`];
  if (request.recordedBy !== undefined) where.push(`e.recorded_at <= ${param((r) => r.recordedBy)}`);
  if (request.receivedBy !== undefined) where.push(`e.received_at <= ${param((r) => r.receivedBy)}`);
  const eventId =
    request.eventIdsOf === undefined ? "e.event_id" : `CASE WHEN e.type = ANY(${param((r) => r.eventIdsOf)}::text[]) THEN e.event_id END`;
  const columns = `e.position, e.origin, e.seq, e.stream, e.type, e.data, e.recorded_at, e.causation_id, e.received_at, ${eventId}`;
  const page = `FROM events e WHERE ${where.join(" AND ")} ORDER BY e.position LIMIT ${param((_, __, n) => n)}`;
  const { pick } = request;
  let text: string;
  if (pick === undefined) text = `SELECT ${columns} ${page}`;
  else {
    const type = param((r) => r.pick?.type);
    const fields = pick.fields.map((_, i) => param((r) => r.pick?.fields[i]));
    // pg_input_is_valid (PostgreSQL 16) keeps a text that is not JSON from failing the scan; on older servers every
    // stored text is taken to be JSON, as everything that writes the log makes sure (canonical JSON, federation's checks).
    const valid = checksJson ? ` AND pg_input_is_valid(e.data, 'jsonb')` : "";
    const ok = [`type = ${type}`, "j IS NOT NULL", ...fields.map((f) => `jsonb_typeof(j -> ${f}::text) = 'string'`)].join(" AND ");
    text = `SELECT position, origin, seq, stream, type, CASE WHEN ok THEN NULL ELSE data END, recorded_at, causation_id, received_at, event_id
      ${fields.map((f) => `, CASE WHEN ok THEN j ->> ${f}::text END`).join("")}
      FROM (SELECT a.*, coalesce(${ok}, false) AS ok
            FROM (SELECT ${columns} AS event_id, CASE WHEN e.type = ${type}${valid} THEN e.data::jsonb END AS j ${page}) a) b
      ORDER BY position`;
  }
  // Named after its text: a connection refuses one name prepared with two texts.
  const name = `scan_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
  return { statement: statement(name, text), values: (r, f, n) => getters.map((get) => get(r, f, n)) };
};

/**
 * Runs `fetch` page after page until a page comes back short or `limit` rows came, handing each row to `visit`;
 * the next page is asked for before the rows of this one are visited. Succeeds with how many rows were visited.
 */
const paged = async <R>(
  limit: number,
  fetch: (after: R | undefined, count: number) => Promise<Array<R>>,
  visit: (row: R) => void,
): Promise<number> => {
  let left = limit;
  let visited = 0;
  let asked = Math.min(left, PAGE);
  let pending: Promise<Array<R>> | undefined = asked > 0 ? fetch(undefined, asked) : undefined;
  while (pending !== undefined) {
    const rows = await pending;
    left -= rows.length;
    const last = rows[rows.length - 1];
    const count = Math.min(left, PAGE);
    pending = rows.length === asked && count > 0 && last !== undefined ? fetch(last, count) : undefined;
    asked = count;
    // Awaited on the next round; if `visit` throws first, its failure must not go unhandled.
    pending?.catch(() => undefined);
    for (const row of rows) {
      visit(row);
      visited++;
    }
  }
  return visited;
};

const isPicked = (r: EntryTuple): boolean => r[5] === null;

/** The parameters of `treeNodes`: stored nodes by (origin, position), leaves by (origin, seq). */
const treeNodeParameters = (queries: ReadonlyArray<TreeNodeQuery>): Array<Array<unknown>> => {
  const nodeOrigins: Array<string> = [];
  const positions: Array<number> = [];
  const leafOrigins: Array<string> = [];
  const seqs: Array<number> = [];
  for (const { origin, ids } of queries)
    for (const id of ids) {
      if (id.level > 0) {
        nodeOrigins.push(origin);
        positions.push(nodePosition(id));
      } else {
        leafOrigins.push(origin);
        seqs.push(id.index + 1);
      }
    }
  return [nodeOrigins, positions, leafOrigins, seqs];
};

/** `treeNodes`'s rows in the order the queries asked: a leaf's row (negative seq) hashed from its event. */
const treeNodeAnswers = (
  queries: ReadonlyArray<TreeNodeQuery>,
  rows: ReadonlyArray<[string, number, Buffer | null, string | null, string | null]>,
): Array<Array<Uint8Array | undefined>> => {
  const found = new Map<string, Uint8Array>();
  for (const [origin, at, hash, eventId, eventHash] of rows)
    found.set(
      `${origin} ${at}`,
      hash ?? eventLeafHash({ origin, seq: -at, eventId: eventId as string, hash: eventHash as string }),
    );
  return queries.map(({ origin, ids }) => ids.map((id) => found.get(`${origin} ${id.level > 0 ? nodePosition(id) : -(id.index + 1)}`)));
};

const hasNodes = (queries: ReadonlyArray<TreeNodeQuery>): boolean => queries.some((q) => q.ids.length > 0);

/**
 * The reads of the log over a pool, each statement prepared once per connection.
 *
 * @example
 * const reader = postgresLogReader(pool, { checksJson: true });
 * yield* reader.lastPosition();
 */
export const postgresLogReader = (pool: pg.Pool, options: { readonly checksJson: boolean }): LogReader => {
  const read = <R extends Array<unknown>>(st: Statement, values: ReadonlyArray<unknown> = []) => Effect.promise(() => rowsOf<R>(pool, st, values));
  const scans = new Map<string, ScanStatement>();
  const scanOf = (request: ScanRequest): ScanStatement => {
    const { pick, eventIdsOf } = request;
    const key = JSON.stringify([pick?.fields.length, eventIdsOf !== undefined, request.recordedBy !== undefined, request.receivedBy !== undefined]);
    let found = scans.get(key);
    if (found === undefined) {
      found = scanStatement(request, options.checksJson);
      scans.set(key, found);
    }
    return found;
  };

  return {
    readStream: (stream, fromVersion, readOptions) =>
      Effect.map(read<EventTuple>(s.readStream, [stream, fromVersion]), (rows) => eventsOf(rows, readOptions?.data ?? "eager")),
    readStreamsPrefixed: (prefix, readOptions) =>
      Effect.map(read<EventTuple>(s.readStreamsPrefixed, [prefix, prefixEnd(prefix)]), (rows) => eventsOf(rows, readOptions?.data ?? "eager")),
    readAll: ({ fromPosition, limit, origin, data }) =>
      Effect.map(
        origin === undefined ? read<EventTuple>(s.readAll, [fromPosition, limit]) : read<EventTuple>(s.readAllOfOrigin, [fromPosition, origin, limit]),
        (rows) => eventsOf(rows, data ?? "lazy"),
      ),
    readAsOf: (receivedBy) => Effect.map(read<EventTuple>(s.readAsOf, [receivedBy]), (rows) => eventsOf(rows, "lazy")),
    readWire: (origin, afterSeq, untilSeq) => read<WireEvent>(s.readWire, [origin, afterSeq, untilSeq]),
    scan: (request, visit) =>
      Effect.promise(() => {
        const { statement: st, values } = scanOf(request);
        const fields = request.pick?.fields ?? [];
        // Consecutive events mostly share these: one string each for a reader that keeps many entries.
        let origin = "";
        let stream = "";
        let recordedAt = "";
        let receivedAt = "";
        return paged<EntryTuple>(
          request.limit,
          (after, count) => rowsOf<EntryTuple>(pool, st, values(request, after === undefined ? request.fromPosition : after[0] + 1, count)),
          (r) => {
            if (r[1] !== origin) origin = r[1];
            if (r[3] !== stream) stream = r[3];
            if (r[6] !== recordedAt) recordedAt = r[6];
            if (r[8] !== receivedAt) receivedAt = r[8];
            let picked: Record<string, string> | undefined;
            if (isPicked(r)) {
              picked = {};
              for (let i = 0; i < fields.length; i++) picked[fields[i] as string] = r[10 + i] as string;
            }
            visit({
              position: r[0],
              origin,
              seq: r[2],
              stream,
              type: r[4],
              recordedAt,
              receivedAt,
              causationId: r[7],
              eventId: r[9] ?? undefined,
              dataJson: r[5] ?? undefined,
              picked,
            });
          },
        );
      }),
    entriesAt: (positions, options) =>
      positions.length === 0
        ? Effect.succeed([])
        : Effect.map(
            read<[number, string, number, string, string, string, string | null, string, string, string, string?]>(
              options?.data === true ? s.entriesWithDataAt : s.entriesAt,
              [[...new Set(positions)]],
            ),
            (rows) => {
              const at = new Map(rows.map((r) => [r[0], r]));
              return positions.flatMap((position): Array<LogEntry> => {
                const r = at.get(position);
                return r === undefined
                  ? []
                  : [
                      {
                        position: r[0],
                        origin: r[1],
                        seq: r[2],
                        stream: r[3],
                        type: r[4],
                        recordedAt: r[5],
                        causationId: r[6],
                        receivedAt: r[7],
                        eventId: r[8],
                        dataJson: r[10],
                        picked: undefined,
                        actor: r[9],
                      },
                    ];
              });
            },
          ),
    dataAt: (position) => Effect.map(read<[string]>(s.dataAt, [position]), (rows) => rows[0]?.[0]),
    hashAt: (origin, seq) => Effect.map(read<[string]>(s.hashAt, [origin, seq]), (rows) => rows[0]?.[0]),
    lastPosition: () => Effect.map(read<[number]>(s.lastPosition), (rows) => rows[0]?.[0] ?? 0),
    originHead: (origin) =>
      Effect.map(read<[number, string, number]>(s.originHead, [origin]), (rows) => {
        const r = rows[0];
        return r && { origin, seq: r[0], hash: r[1], position: r[2] };
      }),
    heads: () =>
      Effect.map(read<[string, number, string, number]>(s.heads), (rows) =>
        rows.map((r): OriginHead => ({ origin: r[0], seq: r[1], hash: r[2], position: r[3] })),
      ),
    headsOf: (origins) =>
      origins.length === 0
        ? Effect.succeed([])
        : Effect.map(read<[string, number, string, number]>(s.headsOf, [[...origins]]), (rows) =>
            rows.map((r): OriginHead => ({ origin: r[0], seq: r[1], hash: r[2], position: r[3] })),
          ),
    checkpoints: (origin) =>
      Effect.map(
        origin === undefined ? read<CheckpointTuple>(s.checkpoints) : read<CheckpointTuple>(s.checkpointsOf, [origin]),
        (rows) => rows.map(checkpointOf),
      ),
    checkpointAt: (origin, seq) => Effect.map(read<CheckpointTuple>(s.checkpointAt, [origin, seq]), firstCheckpoint),
    lastCheckpointWithin: (origin, afterSeq, untilSeq) =>
      Effect.map(read<CheckpointTuple>(s.checkpointWithin, [origin, afterSeq, untilSeq]), firstCheckpoint),
    firstCheckpointAfter: (origin, afterSeq) => Effect.map(read<CheckpointTuple>(s.checkpointAfter, [origin, afterSeq]), firstCheckpoint),
    nodeKey: (origin) => Effect.map(read<[string]>(s.nodeKey, [origin]), (rows) => rows[0]?.[0]),
    keyHistory: (origin) =>
      Effect.map(origin === undefined ? read<KeyRowTuple>(s.keyHistory) : read<KeyRowTuple>(s.keyHistoryOf, [origin]), (rows) =>
        rows.map(keyEntryOfRow),
      ),
    verifiedHeads: () =>
      Effect.map(read<[string, number, string, string, string]>(s.verifiedHeads), (rows) =>
        rows.map((r): VerifiedHead => ({ origin: r[0], seq: r[1], hash: r[2], verifiedAt: r[3], signature: r[4] })),
      ),
    ...treeReads(read),
  };
};

/** The tree reads, on the pool (the reader) or on the write transaction's connection. */
const treeReads = (read: <R extends Array<unknown>>(st: Statement, values: ReadonlyArray<unknown>) => Effect.Effect<Array<R>>) => ({
  treeNodes: (queries: ReadonlyArray<TreeNodeQuery>) =>
    hasNodes(queries)
      ? Effect.map(read<[string, number, Buffer | null, string | null, string | null]>(s.treeNodes, treeNodeParameters(queries)), (rows) =>
          treeNodeAnswers(queries, rows),
        )
      : Effect.succeed(queries.map(() => [])),
  treeNodesBetween: (origin: string, afterPosition: number, untilPosition: number) =>
    Effect.map(read<[number, Buffer]>(s.treeNodesBetween, [origin, afterPosition, untilPosition]), (rows) =>
      rows.map((r): StoredTreeNode => ({ origin, position: r[0], hash: r[1] })),
    ),
  lastTreePosition: (origin: string) => Effect.map(read<[number]>(s.lastTreePosition, [origin]), (rows) => rows[0]?.[0] ?? -1),
  treeLeaves: (origin: string, afterSeq: number, untilSeq: number) =>
    Effect.map(read<[number, string, string]>(s.treeLeaves, [origin, afterSeq, untilSeq]), (rows) =>
      rows.map((r): TreeLeaf => ({ origin, seq: r[0], eventId: r[1], hash: r[2] })),
    ),
  leafOf: (eventId: string) =>
    Effect.map(read<[string, number, string, string]>(s.leafOf, [eventId]), (rows) => {
      const r = rows[0];
      return r && { origin: r[0], seq: r[1], eventId: r[2], hash: r[3] };
    }),
});

/** A write transaction's calls on the connection that holds the write lock. */
const transactionOn = (client: pg.PoolClient): LogTransaction => {
  const run = <R extends Array<unknown>>(st: Statement, values: ReadonlyArray<unknown>) => Effect.promise(() => rowsOf<R>(client, st, values));
  return {
    originHead: (origin) =>
      Effect.map(run<[number, string, number]>(s.originHead, [origin]), (rows) => {
        const r = rows[0];
        return r && { origin, seq: r[0], hash: r[1], position: r[2] };
      }),
    streamHeads: (streams) =>
      streams.length === 0
        ? Effect.succeed(new Map())
        : Effect.map(
            run<[string, number, string]>(s.streamHeads, [streams]),
            (rows) => new Map(rows.map((r): [string, StreamHead] => [r[0], { version: r[1], origin: r[2] }])),
          ),
    eventsById: (eventIds) =>
      eventIds.length === 0
        ? Effect.succeed([])
        : Effect.map(run<EventTuple>(s.eventsById, [eventIds]), (rows) => {
            const byId = new Map(rows.map((r) => [r[1], r]));
            return eventIds.flatMap((id) => {
              const r = byId.get(id);
              return r === undefined ? [] : eventsOf([r], "lazy");
            });
          }),
    hashAt: (origin, seq) => Effect.map(run<[string]>(s.hashAt, [origin, seq]), (rows) => rows[0]?.[0]),
    insert: (rows) =>
      rows.length === 0
        ? Effect.succeed([])
        : Effect.flatMap(run<[number, string]>(s.insert, columnsOf(rows)), (inserted) => {
            const at = new Map(inserted.map((r) => [r[1], r[0]]));
            const positions: Array<number> = new Array(rows.length);
            for (let i = 0; i < rows.length; i++) {
              const { eventId } = rows[i] as EventRow;
              const position = at.get(eventId);
              // Not inserted: held before this batch, or earlier in it (then the first of the two took the id).
              if (position === undefined) return Effect.fail(new DuplicateEventId({ index: i, eventId }));
              at.delete(eventId);
              positions[i] = position;
            }
            return Effect.succeed(positions);
          }),
    checkpointAt: (origin, seq) => Effect.map(run<CheckpointTuple>(s.checkpointAt, [origin, seq]), firstCheckpoint),
    insertCheckpoint: (cp) =>
      Effect.asVoid(
        run(s.insertCheckpoint, [
          cp.origin,
          cp.seq,
          cp.hash,
          cp.signedAt,
          cp.signature,
          cp.witness?.node ?? null,
          cp.witness?.signedAt ?? null,
          cp.witness?.signature ?? null,
        ]),
      ),
    nodeKey: (origin) => Effect.map(run<[string]>(s.nodeKey, [origin]), (rows) => rows[0]?.[0]),
    putNodeKey: (origin, publicKey, isSelf) => Effect.asVoid(run(s.putNodeKey, [origin, publicKey, isSelf ? 1 : 0])),
    setNodeKey: (origin, publicKey) => Effect.asVoid(run(s.setNodeKey, [origin, publicKey])),
    keyHistory: (origin) =>
      Effect.map(origin === undefined ? run<KeyRowTuple>(s.keyHistory, []) : run<KeyRowTuple>(s.keyHistoryOf, [origin]), (rows) =>
        rows.map(keyEntryOfRow),
      ),
    putKeyEntry: (entry) => Effect.asVoid(run(s.putKeyEntry, [...keyRowOf(entry)])),
    putVerifiedHeads: (heads) => {
      // One row per origin, the last given winning (an upsert may not touch a row twice in one statement).
      const last = [...new Map(heads.map((h) => [h.origin, h])).values()];
      return last.length === 0
        ? Effect.void
        : Effect.asVoid(
            run(s.putVerifiedHeads, [
              last.map((h) => h.origin),
              last.map((h) => h.seq),
              last.map((h) => h.hash),
              last.map((h) => h.verifiedAt),
              last.map((h) => h.signature),
            ]),
          );
    },
    putTreeNodes: (nodes) =>
      nodes.length === 0
        ? Effect.void
        : Effect.asVoid(
            run(s.putTreeNodes, [nodes.map((n) => n.origin), nodes.map((n) => n.position), nodes.map((n) => Buffer.from(n.hash))]),
          ),
    ...treeReads(run),
  };
};

/** The insert's fourteen parameters: one array per column, in `EVENT_COLUMNS` order after `position`. */
const columnsOf = (rows: ReadonlyArray<EventRow>): Array<Array<unknown>> => {
  const columns: Array<Array<unknown>> = Array.from({ length: 14 }, () => new Array(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as EventRow;
    const values = [
      r.eventId,
      r.origin,
      r.seq,
      r.stream,
      r.streamVersion,
      r.type,
      r.dataJson,
      r.actor,
      r.recordedAt,
      r.causationId,
      r.correlationId,
      r.prevHash,
      r.hash,
      r.receivedAt,
    ];
    for (let c = 0; c < 14; c++) (columns[c] as Array<unknown>)[i] = values[c];
  }
  return columns;
};

/** A pooled connection with a write transaction open and the write lock held. */
const beginWrite = async (pool: pg.Pool): Promise<pg.PoolClient> => {
  const client = await pool.connect();
  try {
    await client.query(BEGIN_WRITE);
    return client;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
};

/** Commits (or rolls back) and hands the connection back; one that failed to is closed instead of reused. */
const endWrite = async (client: pg.PoolClient, commit: boolean): Promise<void> => {
  try {
    const result = await client.query(commit ? "COMMIT" : "ROLLBACK");
    // PostgreSQL answers COMMIT of a transaction an earlier statement failed with ROLLBACK, not an error.
    if (commit && result.command !== "COMMIT") throw new Error("PostgreSQL rolled the write transaction back: a statement in it had failed");
    client.release();
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
};

/** SQL of other tables kept beside the log (federation, accounts), run where the store's writes run. */
export interface PostgresSql {
  /**
   * Runs `text` with `values`: on the write transaction's connection when this fiber is inside the store's write (so
   * that what it writes commits with the events), else on any connection of the pool. The rows it returns.
   */
  readonly query: (text: string, values: ReadonlyArray<unknown>) => Effect.Effect<ReadonlyArray<Record<string, unknown>>>;
  /** `body` inside the store's write transaction: the one open on this fiber, or a new one holding the write lock. */
  readonly write: <A, E>(body: Effect.Effect<A, E>) => Effect.Effect<A, E>;
  /** Whether this fiber is inside the store's write transaction (what it reads there may yet be rolled back). */
  readonly inTransaction: Effect.Effect<boolean>;
}

/**
 * A backend over a pool whose database is migrated. Reads go to any connection of the pool; a write runs its body
 * on one connection, in one transaction holding the `events` write lock, committed when the body succeeds and rolled
 * back when it fails or dies; a write inside another (a checkpoint stored alongside a batch) joins it.
 *
 * @example
 * const backend = yield* postgresBackend(pool);
 * yield* backend.write((tx) => tx.putNodeKey("luhanska", key.publicKey, true));
 */
export const postgresBackend = (pool: pg.Pool): Effect.Effect<LogBackend & { readonly sql: PostgresSql }> =>
  Effect.gen(function* () {
    const version = yield* Effect.promise(() => pool.query<{ server_version_num: string }>("SHOW server_version_num"));
    const checksJson = Number(version.rows[0]?.server_version_num ?? 0) >= 160_000;
    const reader = postgresLogReader(pool, { checksJson });
    // Per backend: a write of one store inside a write of another (two stores in one process) must not join it.
    const current = FiberRef.unsafeMake<{ readonly tx: LogTransaction; readonly client: pg.PoolClient } | undefined>(undefined);
    const write: LogBackend["write"] = (body) =>
      Effect.flatMap(FiberRef.get(current), (open) =>
        open !== undefined
          ? body(open.tx)
          : Effect.acquireUseRelease(
              Effect.promise(() => beginWrite(pool)),
              (client) => {
                const tx = transactionOn(client);
                return Effect.locally(body(tx), current, { tx, client });
              },
              (client, exit) => Effect.promise(() => endWrite(client, Exit.isSuccess(exit))),
            ),
      );
    const scanRows: LogBackend["scanRows"] = (visit) =>
      Effect.promise(() =>
        paged<EventTuple>(
          Number.POSITIVE_INFINITY,
          (after, count) => rowsOf<EventTuple>(pool, s.scanRows, [after?.[2] ?? "", after?.[3] ?? 0, count]),
          (r) => visit(rowOf(r)),
        ),
      );
    const sql: PostgresSql = {
      query: (text, values) =>
        Effect.flatMap(FiberRef.get(current), (open) =>
          Effect.promise(async () => (await (open?.client ?? pool).query(text, values as unknown[])).rows as ReadonlyArray<Record<string, unknown>>),
        ),
      write: (body) => write(() => body),
      inTransaction: Effect.map(FiberRef.get(current), (open) => open !== undefined),
    };
    return { reader, write, scanRows, sql };
  });
