/**
 * @module The audit of the witness countersignatures a node keeps: each must verify under its witness's key and
 * countersign the history this database holds. A node that later shows another history than the one its parent
 * witnessed (a rewritten or cut log, however well chained and signed) is caught here.
 */
import {
  type Checkpoint,
  type EventStoreDatabase,
  GENESIS_HASH,
  keyAt,
  type LogReader,
  ownNodeOf,
  sqliteLogReader,
  treeHeadOf,
  verifyCheckpoint,
} from "@planledger/event-store";
import { type Context, Effect, Either } from "effect";
import { checkpointBody, verifyCosignatureLine } from "../witness/cosignature-line.js";
import { verifyWitness } from "../protocol/witness.js";
import { type FederationWitnessesTable, witnessedCheckpointOf } from "../store/federation-tables.js";

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

/**
 * Checks every countersignature in `federation_witnesses` (none when the table is absent): the witness's
 * signature under the key this database holds for it, the origin's own signature, and that the log held here
 * has exactly the witnessed hash at the witnessed `seq`. Reads only: its own table with `sqlite`, keys and hashes
 * through the event store's reader (one over `sqlite` unless given).
 *
 * @example
 * const { checked, findings } = auditWitnesses(sqlite) // findings: [] when this log is the one its parent saw
 */
export const auditWitnesses = (sqlite: Sqlite, reader?: LogReader): WitnessAudit => {
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'federation_witnesses'").pluck().get();
  if (table === undefined) return { checked: 0, findings: [], coverage: [] };
  const rows = sqlite
    .prepare(
      "SELECT origin, seq, hash, signed_at, signature, witness_node, witnessed_at, witness_signature FROM federation_witnesses ORDER BY origin, seq, witness_node",
    )
    .all() as Array<WitnessRow>;
  const log = reader ?? sqliteLogReader(sqlite);
  const keyOf = (node: string) => Effect.runSync(log.nodeKey(node));
  const originKeyAt = (origin: string, seq: number) => keyAt(Effect.runSync(log.keyHistory(origin)), seq)?.publicKey ?? keyOf(origin);
  const findings: WitnessFinding[] = [];
  const coverage = new Map<string, { origin: string; witness: string; seq: number }>();
  for (const row of rows) {
    const held = row.seq === 0 ? GENESIS_HASH : Effect.runSync(log.hashAt(row.origin, row.seq));
    const problem = problemOf(witnessedCheckpointOf(row), keyOf, held, originKeyAt);
    if (problem !== null) {
      findings.push({ origin: row.origin, seq: row.seq, witnessNode: row.witness_node, witnessedAt: row.witnessed_at, problem });
    } else {
      // Rows come ordered by origin, then seq: the last that holds is the furthest.
      coverage.set(`${row.origin}\u0000${row.witness_node}`, { origin: row.origin, witness: row.witness_node, seq: row.seq });
    }
  }
  const c2sp = auditCosignatures(sqlite, log, keyOf);
  return {
    checked: rows.length,
    findings: [...findings, ...c2sp.findings],
    coverage: [...coverage.values()],
    ...(c2sp.checked === 0 ? {} : { cosignatures: c2sp.checked }),
    ...(c2sp.quorum === undefined ? {} : { quorum: c2sp.quorum }),
    ...(c2sp.splitViews.length === 0 ? {} : { splitViews: c2sp.splitViews }),
  };
};

const hasTable = (sqlite: Sqlite, name: string): boolean =>
  sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) !== undefined;

interface CosignatureRow {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly witness: string;
  readonly line: string;
  readonly cosigned_at: number;
}

/**
 * The C2SP cosignatures kept (`federation_cosignatures`, none before that table): each line must verify under its
 * witness's key over the checkpoint body of the tree held here at that size — a log rewritten after a witness
 * cosigned it has another root there. Then k of n over this node's own log, and the split views recorded.
 */
const auditCosignatures = (
  sqlite: Sqlite,
  log: LogReader,
  keyOf: (node: string) => string | undefined,
): { checked: number; findings: WitnessFinding[]; quorum?: QuorumCoverage; splitViews: SplitViewSeen[] } => {
  if (!hasTable(sqlite, "federation_cosignatures")) return { checked: 0, findings: [], splitViews: [] };
  const rows = sqlite
    .prepare("SELECT origin, size, root, witness, line, cosigned_at FROM federation_cosignatures ORDER BY origin, size, witness")
    .all() as Array<CosignatureRow>;
  const policy = sqlite.prepare("SELECT node_id, public_key, quorum FROM federation_witness_policy ORDER BY node_id").all() as Array<{
    node_id: string;
    public_key: string;
    quorum: number;
  }>;
  const uplink = hasTable(sqlite, "federation_uplink")
    ? (sqlite.prepare("SELECT parent_id FROM federation_uplink LIMIT 1").get() as { parent_id: string } | undefined)
    : undefined;
  const witnessKey = (node: string): string | undefined => keyOf(node) ?? policy.find((p) => p.node_id === node)?.public_key;
  const findings: WitnessFinding[] = [];
  const valid = new Map<string, Set<string>>();
  const heldRoots = new Map<string, string | null>();
  const heldRoot = (origin: string, size: number): string | null => {
    const at = `${origin}\u0000${size}`;
    if (!heldRoots.has(at)) {
      const root = Effect.runSync(Effect.either(treeHeadOf(log, origin, size)));
      heldRoots.set(at, Either.isRight(root) ? root.right : null);
    }
    return heldRoots.get(at) ?? null;
  };
  for (const row of rows) {
    const finding = (problem: string) =>
      findings.push({ origin: row.origin, seq: row.size, witnessNode: row.witness, witnessedAt: new Date(row.cosigned_at * 1000).toISOString(), problem });
    const key = witnessKey(row.witness);
    const root = heldRoot(row.origin, row.size);
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
  const self = ownNodeOf(sqlite)?.origin;
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
  const splitViews = hasTable(sqlite, "federation_split_views")
    ? (
        sqlite
          .prepare(
            "SELECT origin, source, held_size, presented_size, held_root, presented_root, conclusive, detected_at, event_id, lifted_at, lifted_by FROM federation_split_views ORDER BY id",
          )
          .all() as Array<Record<string, string | number | null>>
      ).map((r) => ({
        origin: String(r.origin),
        source: String(r.source),
        heldSize: Number(r.held_size),
        presentedSize: Number(r.presented_size),
        heldRoot: String(r.held_root),
        presentedRoot: String(r.presented_root),
        conclusive: r.conclusive === 1,
        detectedAt: String(r.detected_at),
        eventId: r.event_id === null ? null : String(r.event_id),
        liftedAt: r.lifted_at === null ? null : String(r.lifted_at),
        liftedBy: r.lifted_by === null ? null : String(r.lifted_by),
      }))
    : [];
  return { checked: rows.length, findings, ...(quorum === undefined ? {} : { quorum }), splitViews };
};
