/**
 * @module The federation's own tables in the node database, built with Kysely and run synchronously through
 * better-sqlite3 so they commit in the same transaction as the events they describe.
 */
import type { Checkpoint, EventStoreDatabase } from "@planledger/event-store";
import type { Context } from "effect";

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

/**
 * The node database seen with the federation tables, plus a synchronous runner for compiled queries.
 *
 * @example
 * const db = federationDb(database); db.all(db.q.selectFrom("federation_nodes").selectAll())
 */
export const federationDb = (database: Database) => {
  const q = database.kysely.withTables<FederationTables>();
  type Statement = {
    all: (...parameters: unknown[]) => unknown[];
    get: (...parameters: unknown[]) => unknown;
    raw: (raw?: boolean) => Statement;
    run: (...parameters: unknown[]) => { lastInsertRowid: number | bigint };
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
  type Compiled = { compile: () => { sql: string; parameters: ReadonlyArray<unknown> } };
  type Query = Compiled & { execute: () => Promise<ReadonlyArray<unknown>> };
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
  const all = <Q extends Query>(query: Q): Awaited<ReturnType<Q["execute"]>> => {
    const { sql, parameters } = compile(query);
    return prepared(sql).all(...(parameters as unknown[])) as Awaited<ReturnType<Q["execute"]>>;
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
    sqlite: database.sqlite,
    all,
    /**
     * `all`, answered from memory while nothing may have changed it: for the small tables asked several times
     * per pushed batch (nodes, uplink) and written only through `run`. Inside a transaction it always reads.
     * The rows are shared between callers: read them, never change them.
     */
    cachedAll: <Q extends Query>(query: Q): Awaited<ReturnType<Q["execute"]>> => {
      if (database.sqlite.inTransaction) return all(query);
      const at = currentGeneration();
      const held = remembered.get(query);
      if (held !== undefined && held.generation === at) return held.rows as Awaited<ReturnType<Q["execute"]>>;
      const rows = all(query);
      remembered.set(query, { generation: at, rows });
      return rows;
    },
    /** Changes whenever what `cachedAll` answered may have: derived values keyed on it are fresh while it holds. */
    generation: () => (database.sqlite.inTransaction ? -1 : currentGeneration()),
    run: (query: Compiled): number => {
      const { sql, parameters } = compile(query);
      try {
        return Number(prepared(sql).run(...(parameters as unknown[])).lastInsertRowid);
      } finally {
        generation++;
      }
    },
    /** A statement prepared once, for queries run with different parameters on every batch or event. */
    prepare: (query: Compiled) => prepared(query.compile().sql),
    transaction: <A>(body: () => A): A => {
      try {
        return database.sqlite.transaction(body).immediate();
      } finally {
        generation++;
      }
    },
  };
};
export type FederationDb = ReturnType<typeof federationDb>;

