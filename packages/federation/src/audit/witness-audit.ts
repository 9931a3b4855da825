/**
 * @module The audit of the witness countersignatures a node keeps: each must verify under its witness's key and
 * countersign the history this database holds. A node that later shows another history than the one its parent
 * witnessed (a rewritten or cut log, however well chained and signed) is caught here.
 */
import { type Checkpoint, type EventStoreDatabase, GENESIS_HASH, type LogReader, sqliteLogReader, verifyCheckpoint } from "@planledger/event-store";
import { type Context, Effect } from "effect";
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

export interface WitnessAudit {
  /** How many kept countersignatures were checked (0 when the database keeps none). */
  readonly checked: number;
  readonly findings: ReadonlyArray<WitnessFinding>;
  /** How far each witness has countersigned each origin: the highest seq whose countersignature holds. */
  readonly coverage: ReadonlyArray<{ readonly origin: string; readonly witness: string; readonly seq: number }>;
}

type WitnessRow = Omit<FederationWitnessesTable, "received_at">;

const problemOf = (cp: Checkpoint, keyOf: (node: string) => string | undefined, held: string | undefined): string | null => {
  const witness = cp.witness?.node ?? "?";
  const witnessKey = keyOf(witness);
  if (witnessKey === undefined) {
    return `ключа вузла ${witness} тут немає / no public key of ${witness} is held here`;
  }
  if (!verifyWitness(cp, witnessKey)) {
    return `засвідчення ${witness} не перевіряється його ключем / ${witness}'s countersignature does not verify under its key`;
  }
  const originKey = keyOf(cp.origin);
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
  const findings: WitnessFinding[] = [];
  const coverage = new Map<string, { origin: string; witness: string; seq: number }>();
  for (const row of rows) {
    const held = row.seq === 0 ? GENESIS_HASH : Effect.runSync(log.hashAt(row.origin, row.seq));
    const problem = problemOf(witnessedCheckpointOf(row), keyOf, held);
    if (problem !== null) {
      findings.push({ origin: row.origin, seq: row.seq, witnessNode: row.witness_node, witnessedAt: row.witnessed_at, problem });
    } else {
      // Rows come ordered by origin, then seq: the last that holds is the furthest.
      coverage.set(`${row.origin}\u0000${row.witness_node}`, { origin: row.origin, witness: row.witness_node, seq: row.seq });
    }
  }
  return { checked: rows.length, findings, coverage: [...coverage.values()] };
};
