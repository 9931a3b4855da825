/**
 * @module The audit of the witness countersignatures a node keeps: each must verify under its witness's key and
 * countersign the history this database holds. A node that later shows another history than the one its parent
 * witnessed (a rewritten or cut log, however well chained and signed) is caught here. The tables are read once
 * (raw SQL on a SQLite handle, or Kysely on either engine) and judged by one engine-neutral effect.
 */
import {
  type Checkpoint,
  type EventStoreDatabase,
  GENESIS_HASH,
  type KeyEntry,
  keyAt,
  type LogReader,
  type OpenedDatabase,
  ownNodeOf,
  selfOriginIn,
  sqliteLogReader,
  tablesIn,
  treeHeadOf,
  verifyCheckpoint,
} from "@planledger/event-store";
import { type Context, Effect, Either } from "effect";
import { verifyWitness } from "../protocol/witness.js";
import { type FederationTables, type FederationWitnessesTable, witnessedCheckpointOf } from "../store/federation-tables.js";
import { checkpointBody, verifyCosignatureLine } from "../witness/cosignature-line.js";

type Sqlite = Context.Tag.Service<typeof EventStoreDatabase>["sqlite"];

/** One kept countersignature that does not hold. */
export interface WitnessFinding {
  readonly origin: string;
  readonly seq: number;
  readonly witnessNode: string;
  readonly witnessedAt: string;
  /** Ukrainian first, then English. */
  readonly problem: string;
}

/** k of n for this node's own log: which witnesses count, how many must cosign, and how far they did. */
export interface QuorumCoverage {
  readonly origin: string;
  /** k: cosignatures needed for a checkpoint to count as witnessed. */
  readonly quorum: number;
  /** The named witnesses (n): the parent, then those configured. */
  readonly witnesses: ReadonlyArray<string>;
  /** The largest tree size that k named witnesses cosigned (valid over the tree held here); 0 when none. */
  readonly witnessedSize: number;
  /** Who cosigned `witnessedSize`. */
  readonly cosignedBy: ReadonlyArray<string>;
  /** The largest tree size that any named witness cosigned; 0 when none. */
  readonly latestCosignedSize: number;
}

/** A split view the node recorded (see `federation_split_views`): open until an admin lifts it. */
export interface SplitViewSeen {
  readonly origin: string;
  readonly source: string;
  readonly heldSize: number;
  readonly presentedSize: number;
  readonly heldRoot: string;
  readonly presentedRoot: string;
  /** Whether the evidence proves the split by itself (the origin is then refused until lifted). */
  readonly conclusive: boolean;
  readonly detectedAt: string;
  readonly eventId: string | null;
  readonly liftedAt: string | null;
  readonly liftedBy: string | null;
}

export interface WitnessAudit {
  /** How many kept JSON countersignatures were checked (0 when the database keeps none); C2SP lines: `cosignatures`. */
  readonly checked: number;
  /** What does not hold: JSON countersignatures first, then C2SP cosignature lines (`seq` is the tree size). */
  readonly findings: ReadonlyArray<WitnessFinding>;
  /** How far each witness has countersigned each origin: the highest seq whose countersignature holds. */
  readonly coverage: ReadonlyArray<{ readonly origin: string; readonly witness: string; readonly seq: number }>;
  /** How many C2SP cosignature lines (tlog-cosignature/v1) were checked; absent when none is kept. */
  readonly cosignatures?: number;
  /** k of n over this node's own log; absent when the file has no own log or no witnesses. */
  readonly quorum?: QuorumCoverage;
  /** Split views recorded here, open and lifted. */
  readonly splitViews?: ReadonlyArray<SplitViewSeen>;
}

type WitnessRow = Omit<FederationWitnessesTable, "received_at">;

const problemOf = (
  cp: Checkpoint,
  keyOf: (node: string) => string | undefined,
  held: string | undefined,
  originKeyAt: (origin: string, seq: number) => string | undefined = keyOf,
): string | null => {
  const witness = cp.witness?.node ?? "?";
  const witnessKey = keyOf(witness);
  if (witnessKey === undefined) {
    return `ключа вузла ${witness} тут немає / no public key of ${witness} is held here`;
  }
  if (!verifyWitness(cp, witnessKey)) {
    return `засвідчення ${witness} не перевіряється його ключем / ${witness}'s countersignature does not verify under its key`;
  }
  // The key in force at that seq: a checkpoint witnessed before a rotation is signed by the key of its time.
  const originKey = originKeyAt(cp.origin, cp.seq);
  if (originKey !== undefined && !verifyCheckpoint(originKey, cp)) {
    return `підпис ${cp.origin} на засвідченій контрольній точці не перевіряється / ${cp.origin}'s signature on the witnessed checkpoint does not verify`;
  }
  if (held === undefined) {
    return (
      `${witness} засвідчив seq ${cp.seq}, а журнал тут закінчується раніше / ` +
      `${witness} witnessed seq ${cp.seq}, but the log held here ends before it`
    );
  }
  if (held !== cp.hash) {
    return (
      `подія seq ${cp.seq} тут інша, ніж засвідчив ${witness} / the event at seq ${cp.seq} here is not the one ` +
      `${witness} witnessed (witnessed ${cp.hash.slice(0, 12)}…, held ${held.slice(0, 12)}…)`
    );
  }
  return null;
};

/** The federation tables the audit reads, as rows; `null` where the table is absent (a file from before it). */
interface WitnessTables {
  readonly witnesses: ReadonlyArray<WitnessRow> | null;
  readonly cosignatures: ReadonlyArray<CosignatureRow> | null;
  readonly policy: ReadonlyArray<PolicyRow>;
  readonly uplink: { readonly parent_id: string } | undefined;
  readonly splitViews: ReadonlyArray<Record<string, unknown>> | null;
  /** The node this database belongs to (`node_keys.is_self`). */
  readonly self: string | undefined;
}

interface CosignatureRow {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly witness: string;
  readonly line: string;
  readonly cosigned_at: number;
}

interface PolicyRow {
  readonly node_id: string;
  readonly public_key: string;
  readonly quorum: number;
}

const WITNESS_COLUMNS = ["origin", "seq", "hash", "signed_at", "signature", "witness_node", "witnessed_at", "witness_signature"] as const;
const SPLIT_COLUMNS = [
  "origin",
  "source",
  "held_size",
  "presented_size",
  "held_root",
  "presented_root",
  "conclusive",
  "detected_at",
  "event_id",
  "lifted_at",
  "lifted_by",
] as const;

// PostgreSQL answers bigint columns as text: every count is read as a number here, whichever engine gave it.
const witnessRowOf = (r: Record<string, unknown>): WitnessRow => ({ ...(r as unknown as WitnessRow), seq: Number(r.seq) });
const cosignatureRowOf = (r: Record<string, unknown>): CosignatureRow => ({
  ...(r as unknown as CosignatureRow),
  size: Number(r.size),
  cosigned_at: Number(r.cosigned_at),
});
const policyRowOf = (r: Record<string, unknown>): PolicyRow => ({ ...(r as unknown as PolicyRow), quorum: Number(r.quorum) });

/** The tables through better-sqlite3, synchronously (what `auditDatabase`'s callback is given). */
const sqliteTables = (sqlite: Sqlite): WitnessTables => {
  const has = (name: string) => sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) !== undefined;
  const all = (query: string) => sqlite.prepare(query).all() as Array<Record<string, unknown>>;
  return {
    witnesses: has("federation_witnesses")
      ? all(`SELECT ${WITNESS_COLUMNS.join(", ")} FROM federation_witnesses ORDER BY origin, seq, witness_node`).map(witnessRowOf)
      : null,
    cosignatures: has("federation_cosignatures")
      ? all("SELECT origin, size, root, witness, line, cosigned_at FROM federation_cosignatures ORDER BY origin, size, witness").map(cosignatureRowOf)
      : null,
    policy: has("federation_witness_policy") ? all("SELECT node_id, public_key, quorum FROM federation_witness_policy ORDER BY node_id").map(policyRowOf) : [],
    uplink: has("federation_uplink") ? (sqlite.prepare("SELECT parent_id FROM federation_uplink LIMIT 1").get() as { parent_id: string } | undefined) : undefined,
    splitViews: has("federation_split_views") ? all(`SELECT ${SPLIT_COLUMNS.join(", ")} FROM federation_split_views ORDER BY id`) : null,
    self: ownNodeOf(sqlite)?.origin,
  };
};

/** The same tables through Kysely, on SQLite or PostgreSQL (the current schema's tables). */
const kyselyTables = async (store: OpenedDatabase["kysely"], postgres: boolean): Promise<WitnessTables> => {
  const tables = await tablesIn(store, postgres);
  const kysely = store.withTables<FederationTables>();
  const has = (name: string) => tables.has(name);
  return {
    witnesses: has("federation_witnesses")
      ? (await kysely.selectFrom("federation_witnesses").select(WITNESS_COLUMNS).orderBy("origin").orderBy("seq").orderBy("witness_node").execute()).map(
          witnessRowOf,
        )
      : null,
    cosignatures: has("federation_cosignatures")
      ? (
          await kysely
            .selectFrom("federation_cosignatures")
            .select(["origin", "size", "root", "witness", "line", "cosigned_at"])
            .orderBy("origin")
            .orderBy("size")
            .orderBy("witness")
            .execute()
        ).map(cosignatureRowOf)
      : null,
    policy: has("federation_witness_policy")
      ? (await kysely.selectFrom("federation_witness_policy").select(["node_id", "public_key", "quorum"]).orderBy("node_id").execute()).map(policyRowOf)
      : [],
    uplink: has("federation_uplink") ? await kysely.selectFrom("federation_uplink").select("parent_id").limit(1).executeTakeFirst() : undefined,
    splitViews: has("federation_split_views") ? await kysely.selectFrom("federation_split_views").select(SPLIT_COLUMNS).orderBy("id").execute() : null,
    self: await selfOriginIn(kysely),
  };
};

/**
 * Checks every countersignature in `federation_witnesses` (none when the table is absent): the witness's
 * signature under the key this database holds for it, the origin's own signature, and that the log held here
 * has exactly the witnessed hash at the witnessed `seq`. Reads only: its own table with `sqlite`, keys and hashes
 * through the event store's reader (one over `sqlite` unless given). Synchronous, for a SQLite file; a PostgreSQL
 * node (or any Kysely) is audited by `auditWitnessesIn`.
 *
 * @example
 * const { checked, findings } = auditWitnesses(sqlite) // findings: [] when this log is the one its parent saw
 */
export const auditWitnesses = (sqlite: Sqlite, reader?: LogReader): WitnessAudit =>
  Effect.runSync(witnessAuditOf(sqliteTables(sqlite), reader ?? sqliteLogReader(sqlite)));

/**
 * The same audit as `auditWitnesses` over any node database Kysely reaches (SQLite or PostgreSQL: `postgres` says
 * which, for the table list), its keys and hashes through that database's event-store `reader`. Reads only.
 *
 * @example
 * const opened = await openForReading("postgres://planledger@127.0.0.1/oblast");
 * if (!("_tag" in opened)) await auditWitnessesIn(opened.kysely, opened.backend.reader, true); // { checked, findings, … }
 */
export const auditWitnessesIn = async (kysely: OpenedDatabase["kysely"], reader: LogReader, postgres: boolean): Promise<WitnessAudit> =>
  Effect.runPromise(witnessAuditOf(await kyselyTables(kysely, postgres), reader));

/** The judgement itself, whichever engine the rows came from; the reader's effects may be asynchronous. */
const witnessAuditOf = (tables: WitnessTables, log: LogReader): Effect.Effect<WitnessAudit> =>
  Effect.gen(function* () {
    if (tables.witnesses === null) return { checked: 0, findings: [], coverage: [] };
    const keys = new Map<string, string | undefined>();
    const histories = new Map<string, ReadonlyArray<KeyEntry>>();
    // Keys are read up front (the checks below are synchronous); every node named in a row or a policy.
    const nodes = new Set<string>([
      ...tables.witnesses.flatMap((r) => [r.origin, r.witness_node]),
      ...(tables.cosignatures ?? []).map((r) => r.witness),
    ]);
    for (const node of nodes) keys.set(node, yield* log.nodeKey(node));
    for (const origin of new Set(tables.witnesses.map((r) => r.origin))) histories.set(origin, yield* log.keyHistory(origin));
    const keyOf = (node: string) => keys.get(node);
    const originKeyAt = (origin: string, seq: number) => keyAt(histories.get(origin) ?? [], seq)?.publicKey ?? keyOf(origin);
    const findings: WitnessFinding[] = [];
    const coverage = new Map<string, { origin: string; witness: string; seq: number }>();
    for (const row of tables.witnesses) {
      const held = row.seq === 0 ? GENESIS_HASH : yield* log.hashAt(row.origin, row.seq);
      const problem = problemOf(witnessedCheckpointOf(row), keyOf, held, originKeyAt);
      if (problem !== null) {
        findings.push({ origin: row.origin, seq: row.seq, witnessNode: row.witness_node, witnessedAt: row.witnessed_at, problem });
      } else {
        // Rows come ordered by origin, then seq: the last that holds is the furthest.
        coverage.set(`${row.origin}\u0000${row.witness_node}`, { origin: row.origin, witness: row.witness_node, seq: row.seq });
      }
    }
    const c2sp = yield* auditCosignatures(tables, log, keyOf);
    return {
      checked: tables.witnesses.length,
      findings: [...findings, ...c2sp.findings],
      coverage: [...coverage.values()],
      ...(c2sp.checked === 0 ? {} : { cosignatures: c2sp.checked }),
      ...(c2sp.quorum === undefined ? {} : { quorum: c2sp.quorum }),
      ...(c2sp.splitViews.length === 0 ? {} : { splitViews: c2sp.splitViews }),
    };
  });

/**
 * The C2SP cosignatures kept (`federation_cosignatures`, none before that table): each line must verify under its
 * witness's key over the checkpoint body of the tree held here at that size — a log rewritten after a witness
 * cosigned it has another root there. Then k of n over this node's own log, and the split views recorded.
 */
const auditCosignatures = (
  tables: WitnessTables,
  log: LogReader,
  keyOf: (node: string) => string | undefined,
): Effect.Effect<{ checked: number; findings: WitnessFinding[]; quorum?: QuorumCoverage; splitViews: SplitViewSeen[] }> =>
  Effect.gen(function* () {
    if (tables.cosignatures === null) return { checked: 0, findings: [], splitViews: [] };
    const rows = tables.cosignatures;
    const { policy, uplink } = tables;
    const witnessKey = (node: string): string | undefined => keyOf(node) ?? policy.find((p) => p.node_id === node)?.public_key;
    const findings: WitnessFinding[] = [];
    const valid = new Map<string, Set<string>>();
    const heldRoots = new Map<string, string | null>();
    for (const row of rows) {
      const at = `${row.origin}\u0000${row.size}`;
      if (!heldRoots.has(at)) {
        const root = yield* Effect.either(treeHeadOf(log, row.origin, row.size));
        heldRoots.set(at, Either.isRight(root) ? root.right : null);
      }
    }
    for (const row of rows) {
      const finding = (problem: string) =>
        findings.push({ origin: row.origin, seq: row.size, witnessNode: row.witness, witnessedAt: new Date(row.cosigned_at * 1000).toISOString(), problem });
      const key = witnessKey(row.witness);
      const root = heldRoots.get(`${row.origin}\u0000${row.size}`) ?? null;
      if (key === undefined) finding(`ключа свідка ${row.witness} тут немає / no public key of the witness ${row.witness} is held here`);
      else if (root === null)
        finding(
          `${row.witness} контрпідписав розмір ${row.size}, а журнал тут коротший / ${row.witness} cosigned size ${row.size}, but the log held here is shorter`,
        );
      else if (verifyCosignatureLine(row.line, checkpointBody(row.origin, row.size, row.root), row.witness, key) === null)
        finding(`контрпідпис ${row.witness} не перевіряється його ключем / ${row.witness}'s cosignature does not verify under its key`);
      else if (root !== row.root)
        finding(
          `дерево тут на розмірі ${row.size} інше, ніж контрпідписав ${row.witness} / the tree held here at size ${row.size} is not the one ` +
            `${row.witness} cosigned (cosigned root ${row.root.slice(0, 12)}…, held ${root.slice(0, 12)}…)`,
        );
      else {
        const at = `${row.origin}\u0000${row.size}`;
        valid.set(at, (valid.get(at) ?? new Set()).add(row.witness));
      }
    }
    const self = tables.self;
    const named = [...(uplink === undefined ? [] : [uplink.parent_id]), ...policy.map((p) => p.node_id).filter((n) => n !== uplink?.parent_id)];
    let quorum: QuorumCoverage | undefined;
    if (self !== undefined && named.length > 0) {
      const k = Math.min(policy[0]?.quorum ?? 1, named.length);
      let witnessedSize = 0;
      let cosignedBy: string[] = [];
      let latestCosignedSize = 0;
      for (const row of rows) {
        if (row.origin !== self) continue;
        const by = [...(valid.get(`${self}\u0000${row.size}`) ?? [])].filter((w) => named.includes(w));
        if (by.length > 0) latestCosignedSize = Math.max(latestCosignedSize, row.size);
        if (by.length >= k && row.size >= witnessedSize) {
          witnessedSize = row.size;
          cosignedBy = by;
        }
      }
      quorum = { origin: self, quorum: k, witnesses: named, witnessedSize, cosignedBy, latestCosignedSize };
    }
    const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
    const splitViews = (tables.splitViews ?? []).map((r) => ({
      origin: String(r.origin),
      source: String(r.source),
      heldSize: Number(r.held_size),
      presentedSize: Number(r.presented_size),
      heldRoot: String(r.held_root),
      presentedRoot: String(r.presented_root),
      conclusive: Number(r.conclusive) === 1,
      detectedAt: String(r.detected_at),
      eventId: text(r.event_id),
      liftedAt: text(r.lifted_at),
      liftedBy: text(r.lifted_by),
    }));
    return { checked: rows.length, findings, ...(quorum === undefined ? {} : { quorum }), splitViews };
  });
