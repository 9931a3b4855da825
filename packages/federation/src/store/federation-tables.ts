/**
 * @module The federation's own tables in the node database, built with Kysely and run synchronously through
 * better-sqlite3 so they commit in the same transaction as the events they describe.
 */
import type { Checkpoint, EventStoreDatabase, PostgresDatabase } from "@planledger/event-store";
import { type Context, Effect, Exit } from "effect";

type Database = Context.Tag.Service<typeof EventStoreDatabase>;

/** Kysely's `Generated<T>`, spelt structurally: this package reaches Kysely only through the store's instance. */
type Generated<T> = { readonly __select__: T; readonly __insert__: T | undefined; readonly __update__: T };

/** Nodes this node knows: its children and their subtrees (`below`), and its parent and ancestors (`above`). */
export type FederationNodesTable = {
  node_id: string;
  level: string;
  parent_id: string | null;
  public_key: string | null;
  relation: "below" | "above";
  /** SHA-256 (hex) of the credential the node presents; only for direct children. */
  token_hash: string | null;
  /** Who told us about it: null when enrolled or configured here, else the child that relayed it. */
  via: string | null;
  invited_at: string | null;
  enrolled_at: string | null;
  /** When an admin removed this child (its credential refused from then on; its log stays held), and why. */
  removed_at: string | null;
  removed_reason: string | null;
};

/** Each verified batch received, whether or not it held new events: "what did this node know, and when". */
export type FederationReceiptsTable = {
  id: Generated<number>;
  sender: string;
  origin: string;
  first_seq: number | null;
  last_seq: number | null;
  stored: number;
  skipped: number;
  checkpoint_seq: number;
  checkpoint_hash: string;
  checkpoint_signed_at: string;
  received_at: string;
};

/** Parent countersignatures of this node's checkpoints, kept as proof of what it showed its parent. */
export type FederationWitnessesTable = {
  origin: string;
  seq: number;
  hash: string;
  signed_at: string;
  signature: string;
  witness_node: string;
  witnessed_at: string;
  witness_signature: string;
  received_at: string;
};

/** A kept countersignature as the witnessed checkpoint it is (the row's `received_at` is this node's own). */
export const witnessedCheckpointOf = (r: Omit<FederationWitnessesTable, "received_at">): Checkpoint => ({
  origin: r.origin,
  seq: r.seq,
  hash: r.hash,
  signedAt: r.signed_at,
  signature: r.signature,
  witness: { node: r.witness_node, signedAt: r.witnessed_at, signature: r.witness_signature },
});

/** The link to this node's parent: where it is, the credential, the last sync and its outcome. */
export type FederationUplinkTable = {
  id: number;
  parent_id: string;
  url: string;
  token: string;
  last_sync_at: string | null;
  last_error: string | null;
};

/** tlog-cosignature/v1 lines over an origin's C2SP checkpoint at a size: this node's own and those given to it. */
export type FederationCosignaturesTable = {
  origin: string;
  size: number;
  /** The root the cosigned checkpoint carries, lower-case hex. */
  root: string;
  /** The cosigning node's id (its key name is `planledger/<witness>`). */
  witness: string;
  /** The signature line as it goes under the note: `— planledger/<witness> <base64(key ID ‖ timestamp ‖ signature)>\n`. */
  line: string;
  /** The cosignature's own timestamp, POSIX seconds. */
  cosigned_at: number;
  received_at: string;
};

/** An origin's C2SP checkpoint note as that origin signed it (signature lines of the log only), per size. */
export type FederationNotesTable = {
  origin: string;
  size: number;
  root: string;
  note: string;
  received_at: string;
};

/** Per origin, the largest tree head this node has cosigned: a later one must be proved consistent with it. */
export type FederationWitnessedHeadsTable = {
  origin: string;
  size: number;
  root: string;
  note: string | null;
  cosigned_at: string;
};

/** Two tree heads of one origin that cannot both be true, as this node saw them; pushes of that origin stop until lifted. */
export type FederationSplitViewsTable = {
  id: Generated<number>;
  origin: string;
  /** How the second head came: `push` or `witness`. */
  source: string;
  held_size: number;
  held_root: string;
  presented_size: number;
  presented_root: string;
  /** JSON: both signed checkpoints (notes and/or JSON checkpoints) and what was checked. */
  evidence: string;
  /**
   * 1 when the evidence proves the split by itself (two heads the origin signed, or one against the events held here)
   * and the origin is refused until lifted; 0 when it rests on a consistency proof that failed, which anyone bringing
   * the origin's published checkpoint could have made up: recorded and refused, the origin not stopped.
   */
  conclusive: number;
  /** The `SplitViewDetected` event in this node's own log. */
  event_id: string | null;
  detected_at: string;
  lifted_at: string | null;
  lifted_by: string | null;
};

/** The node's named witnesses (k of n): the parent is added by default; `quorum` is k, the same on every row. */
export type FederationWitnessPolicyTable = {
  node_id: string;
  public_key: string;
  url: string | null;
  quorum: number;
};

export type FederationTables = {
  federation_nodes: FederationNodesTable;
  federation_receipts: FederationReceiptsTable;
  federation_witnesses: FederationWitnessesTable;
  federation_uplink: FederationUplinkTable;
  federation_cosignatures: FederationCosignaturesTable;
  federation_notes: FederationNotesTable;
  federation_witnessed_heads: FederationWitnessedHeadsTable;
  federation_split_views: FederationSplitViewsTable;
  federation_witness_policy: FederationWitnessPolicyTable;
};

const withFederationTables = (database: Database) => database.kysely.withTables<FederationTables>();
/** Kysely over the node database with the federation tables known: the query builder the services use. */
export type FederationQueries = ReturnType<typeof withFederationTables>;

type Compiled = { compile: () => { sql: string; parameters: ReadonlyArray<unknown> } };
type Query = Compiled & { execute: () => Promise<ReadonlyArray<unknown>> };
type Rows<Q extends Query> = Awaited<ReturnType<Q["execute"]>>;

/**
 * The federation tables as the federation services use them, whatever the engine: Kysely builds each query, the
 * engine runs it. Every call is an Effect: on SQLite it answers at once (better-sqlite3 is synchronous), on
 * PostgreSQL after a round trip. Inside the event store's write transaction (`appendReplicated`'s `alongside`) a
 * call runs on that transaction's connection, so what it writes commits with the events.
 */
export interface FederationDb {
  /** The query builder over the federation tables: build with it, run with the methods below. */
  readonly q: FederationQueries;
  readonly all: <Q extends Query>(query: Q) => Effect.Effect<Rows<Q>>;
  /**
   * `all`, answered from memory while nothing may have changed it: for the small tables asked several times per
   * pushed batch (nodes, uplink) and written only through `run`. Inside a transaction it always reads. The rows
   * are shared between callers: read them, never change them.
   */
  readonly cachedAll: <Q extends Query>(query: Q) => Effect.Effect<Rows<Q>>;
  /** Changes whenever what `cachedAll` answered may have: derived values keyed on it are fresh while it holds (−1: never). */
  readonly generation: Effect.Effect<number>;
  /** Runs a write (insert, update, delete); an insert that must say its row's id asks `all` with `returning`. */
  readonly run: (query: Compiled) => Effect.Effect<void>;
  /** `body` as one transaction (joining the one open on this fiber, if any): all of it commits, or none. */
  readonly transaction: <A, E>(body: Effect.Effect<A, E>) => Effect.Effect<A, E>;
}

/** Thrown through better-sqlite3's transaction function to roll it back when the body failed (its Exit is kept). */
const ROLLBACK = Symbol("rollback");
const WRITES = /^\s*(?:insert|update|delete|replace)\b/i;

/**
 * The federation tables in a SQLite node database: Kysely-compiled statements run through better-sqlite3 on the
 * store's own connection, so a write inside the store's write transaction commits with it.
 *
 * @example
 * const db = federationDb(database); yield* db.all(db.q.selectFrom("federation_nodes").selectAll())
 */
export const federationDb = (database: Database): FederationDb => {
  const q = withFederationTables(database);
  type Statement = {
    all: (...parameters: unknown[]) => unknown[];
    run: (...parameters: unknown[]) => unknown;
  };
  const cache = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = database.sqlite.prepare(sql) as unknown as Statement;
      cache.set(sql, statement);
    }
    return statement;
  };
  // Kysely queries are immutable, so a query object kept by the caller (the per-batch lookups) is compiled once.
  const compiledQueries = new WeakMap<Compiled, { sql: string; parameters: ReadonlyArray<unknown> }>();
  const compile = (query: Compiled) => {
    let compiled = compiledQueries.get(query);
    if (compiled === undefined) {
      compiled = query.compile();
      compiledQueries.set(query, compiled);
    }
    return compiled;
  };
  const allNow = <Q extends Query>(query: Q): Rows<Q> => {
    const { sql, parameters } = compile(query);
    // An insert … returning is answered by `all`, and it writes: a new generation.
    if (WRITES.test(sql)) generation++;
    return prepared(sql).all(...(parameters as unknown[])) as Rows<Q>;
  };

  // What this connection last read may be stale once it wrote (through `run` or a transaction) or another
  // connection committed (SQLite's `data_version` moves only for those): either starts a new generation.
  const dataVersion = database.sqlite.prepare("PRAGMA data_version").pluck();
  let version = dataVersion.get();
  let generation = 0;
  const currentGeneration = (): number => {
    const now = dataVersion.get();
    if (now !== version) {
      version = now;
      generation++;
    }
    return generation;
  };
  const remembered = new WeakMap<Compiled, { readonly generation: number; readonly rows: unknown }>();

  return {
    q,
    all: (query) => Effect.sync(() => allNow(query)),
    cachedAll: <Q extends Query>(query: Q) =>
      Effect.sync((): Rows<Q> => {
        if (database.sqlite.inTransaction) return allNow(query);
        const at = currentGeneration();
        const held = remembered.get(query);
        if (held !== undefined && held.generation === at) return held.rows as Rows<Q>;
        const rows = allNow(query);
        remembered.set(query, { generation: at, rows });
        return rows;
      }),
    generation: Effect.sync(() => (database.sqlite.inTransaction ? -1 : currentGeneration())),
    run: (query) =>
      Effect.sync(() => {
        const { sql, parameters } = compile(query);
        try {
          prepared(sql).run(...(parameters as unknown[]));
        } finally {
          generation++;
        }
      }),
    transaction: <A, E>(body: Effect.Effect<A, E>) =>
      Effect.suspend(() => {
        // better-sqlite3 runs a transaction function synchronously, and the body is synchronous on this engine.
        let exit: Exit.Exit<A, E> | undefined;
        try {
          database.sqlite
            .transaction(() => {
              exit = Effect.runSyncExit(body);
              if (Exit.isFailure(exit)) throw ROLLBACK;
            })
            .immediate();
        } catch (error) {
          if (error !== ROLLBACK) throw error;
        } finally {
          generation++;
        }
        return exit as Exit.Exit<A, E>;
      }),
  };
};

/**
 * The federation tables in a PostgreSQL node database, beside the log in the same schema: each query compiled by
 * Kysely and run through the store's connections — inside the store's write transaction on its connection (what a
 * received batch writes beside its events commits with them), else on the pool. A transaction is a write of the
 * store (it holds the events' write lock: these are rare, an admin's or an enrollment's). Nothing is answered from
 * memory: another process on the same database (the CLI, a second node by mistake) is seen on the next read. `generation`
 * is the registry's counter, which the database itself moves (`0004-registry-version`), so a registry built from the nodes
 * and the uplink is kept while it holds.
 *
 * @example
 * const db = postgresFederationDb(yield* PostgresDatabase); yield* db.all(db.q.selectFrom("federation_nodes").selectAll())
 */
export const postgresFederationDb = (database: Context.Tag.Service<typeof PostgresDatabase>): FederationDb => {
  const q = database.kysely.withTables<FederationTables>();
  const all = <Q extends Query>(query: Q): Effect.Effect<Rows<Q>> => {
    const { sql, parameters } = query.compile();
    return database.sql.query(sql, parameters) as Effect.Effect<Rows<Q>>;
  };
  // The counter the database moves with every statement that changes the nodes or the uplink (`0004-registry-version`):
  // one number per look. Inside the store's write transaction nothing is kept (what it reads may yet be rolled back).
  const versionQuery = "SELECT version FROM federation_registry_version WHERE id = 1";
  const generation = Effect.flatMap(database.sql.inTransaction, (inside) =>
    inside ? Effect.succeed(-1) : Effect.map(database.sql.query(versionQuery, []), (rows) => Number(rows[0]?.version ?? -1)),
  );
  return {
    q,
    all,
    cachedAll: all,
    generation,
    run: (query) => Effect.asVoid(all(query as Query)),
    transaction: (body) => database.sql.write(body),
  };
};

/** A node database as federation is given it: the SQLite file's handle, or the PostgreSQL database's. */
export type NodeDatabase = Database | Context.Tag.Service<typeof PostgresDatabase>;

/**
 * The federation tables on whichever engine `database` is.
 *
 * @example
 * const db = federationDbOf(database)
 */
export const federationDbOf = (database: NodeDatabase): FederationDb =>
  "sqlite" in database ? federationDb(database) : postgresFederationDb(database);
