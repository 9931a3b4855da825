/**
 * @module A node's own log written back into a fresh database after its machine was lost (docs/federation.md,
 * "Restoring a lost node"): the events exactly as another node held and verified them, the checkpoints kept for them,
 * the keys they verify under and the node's new key — in one transaction, into a file that did not exist. The store
 * appends only what the node writes itself and replicates only other origins' logs, so this is the one way an
 * origin's own events come in from outside, and only into a new file.
 */
import { existsSync, writeFileSync } from "node:fs";
import { Effect } from "effect";
import { type Checkpoint, verifyCheckpoint } from "./checkpoint.js";
import { GENESIS_HASH, type ReplicaEvent, replicaHash } from "./hash-chain.js";
import { type KeyEntry, historyProblem, keyAt } from "./key-history.js";
import type { EventRow } from "./log-backend.js";
import { appendToTrees } from "./log-tree.js";
import { eventStoreMigrations } from "./migrations/index.js";
import { migrateDatabase } from "./migrations/runner.js";
import type { NodeKey } from "./node-key.js";
import { sqliteBackend } from "./sqlite-backend.js";
import { openSqlite } from "./sqlite-connection.js";

export interface RestoredLog {
  /** The new database file; it and its key file (`<path>.key`) must not exist. */
  readonly path: string;
  readonly nodeId: string;
  /** The node's new key: written to `<path>.key` and registered as this node's own. */
  readonly key: NodeKey;
  /** The node's own events from seq 1, as verified: stored verbatim. */
  readonly events: ReadonlyArray<ReplicaEvent>;
  /** Checkpoints of the node's log to keep (the witnessed one at the last seq), each of a seq held. */
  readonly checkpoints: ReadonlyArray<Checkpoint>;
  /** Other nodes' keys the restored database needs (the parent's, which authorised the new key). */
  readonly nodeKeys: ReadonlyArray<{ readonly origin: string; readonly publicKey: string }>;
  /**
   * The node's key history as its parent holds it, ending in `key` authorised from the seq after the events (each
   * entry's signature is checked against `nodeKeys`); empty only when `key` already signed the checkpoints given.
   */
  readonly keyHistory: ReadonlyArray<KeyEntry>;
  /** When the events arrived here; now unless given. */
  readonly receivedAt?: string;
}

/**
 * Creates `path` holding `nodeId`'s own log 1…S verbatim, its Merkle tree, the checkpoints given and the keys, and
 * writes the key file; throws (leaving whatever it created for the caller to remove) when the file exists or the events
 * are not one chain from seq 1. Verify before calling: this checks the chain again, not where it came from.
 *
 * @example
 * await writeRestoredLog({ path: "novopskovskyi.db.restoring", nodeId: "novopskovskyi", key, events, checkpoints: [witnessed],
 *   nodeKeys: [{ origin: "luhanska", publicKey }], keyHistory: authorised.keys })
 */
export const writeRestoredLog = async (log: RestoredLog): Promise<void> => {
  const { path, nodeId, key, events } = log;
  if (existsSync(path) || existsSync(`${path}.key`)) throw new Error(`${path} вже існує / already exists: a restore writes only a new database`);
  const receivedAt = log.receivedAt ?? new Date().toISOString();
  const rows: EventRow[] = [];
  let prevHash = GENESIS_HASH;
  for (const [i, event] of events.entries()) {
    if (event.origin !== nodeId || event.seq !== i + 1 || event.prevHash !== prevHash || replicaHash(event) !== event.hash)
      throw new Error(`${nodeId}: seq ${event.seq} does not continue the chain from seq 1 (${i + 1} was due)`);
    rows.push({ ...event, receivedAt });
    prevHash = event.hash;
  }
  const held = new Map(rows.map((r) => [r.seq, r.hash]));
  for (const cp of log.checkpoints)
    if (cp.origin !== nodeId || held.get(cp.seq) !== cp.hash) throw new Error(`${nodeId}: the checkpoint at seq ${cp.seq} does not sign a held event`);

  const history = log.keyHistory.filter((e) => e.origin === nodeId);
  const problem = historyProblem(history, (id) => log.nodeKeys.filter((k) => k.origin === id).map((k) => k.publicKey));
  if (problem !== null) throw new Error(`${nodeId}: key history: ${problem.reason}`);
  const keyIn = (seq: number): string => (history.length === 0 ? key.publicKey : (keyAt(history, seq)?.publicKey ?? ""));
  if (keyIn(rows.length + 1) !== key.publicKey)
    throw new Error(`${nodeId}: the new key is not the one in force from seq ${rows.length + 1} in the key history given`);
  for (const cp of log.checkpoints)
    if (!verifyCheckpoint(keyIn(cp.seq), cp)) throw new Error(`${nodeId}: the checkpoint at seq ${cp.seq} does not verify under the key in force there`);

  // The key file first, created exclusively: two restores into one path cannot both write.
  writeFileSync(`${path}.key`, key.privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600, flag: "wx" });
  const connection = openSqlite(path);
  try {
    await migrateDatabase(connection.kysely, [eventStoreMigrations]);
    const backend = sqliteBackend(connection.sqlite, connection.kysely);
    await Effect.runPromise(
      backend.write((tx) =>
        Effect.gen(function* () {
          yield* tx.putNodeKey(nodeId, key.publicKey, true);
          const others = new Map(log.nodeKeys.filter((k) => k.origin !== nodeId).map((k) => [k.origin, k.publicKey]));
          for (const [origin, publicKey] of others) yield* tx.putNodeKey(origin, publicKey, false);
          yield* Effect.orDie(tx.insert(rows));
          yield* appendToTrees(tx, [{ origin: nodeId, size: 0, headHash: GENESIS_HASH, leaves: rows }]);
          for (const entry of history) yield* tx.putKeyEntry(entry);
          for (const cp of log.checkpoints) yield* tx.insertCheckpoint(cp);
        }),
      ),
    );
  } finally {
    await connection.kysely.destroy();
  }
};
