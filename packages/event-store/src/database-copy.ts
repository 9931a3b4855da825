/**
 * @module Moving a node's log to another engine (`planledger db copy`): every origin's events exactly as stored, in
 * their order, the checkpoints with their witnesses, the node keys, the key history and the node's signed verified
 * heads, written into an empty database in one transaction through the store's own write path (the one a restore
 * uses), with each origin's Merkle tree built as it goes. The source is verified by the audit walk before anything
 * is written, the target by the same walk after. Tables other packages keep beside the log (federation's, the
 * node's tokens and accounts) are copied row for row in the same transaction when the caller names them
 * (`side-tables.ts`); read models are not copied: a node rebuilds them from the log.
 */
import { Effect } from "effect";
import type { Checkpoint } from "./checkpoint.js";
import { GENESIS_HASH } from "./hash-chain.js";
import type { KeyEntry } from "./key-history.js";
import type { ScannedRow } from "./log-backend.js";
import { type FrontierCache, type LeafBatch, appendToTrees } from "./log-tree.js";
import { type OriginReport, verifyBackend } from "./log-verifier.js";
import { type OpenRefusal, type SideTables, type TargetRefusal, openEmptyTarget, openForReading } from "./node-database.js";
import { type CopiedTable, type NewerSource, readSideTables, writeSideTables } from "./side-tables.js";
import type { VerifiedHead } from "./verified-head.js";

/** Rows per insert: one statement each on PostgreSQL, all of them in one transaction. */
const CHUNK = 2000;

/** What was copied of one origin. */
export interface CopiedOrigin {
  readonly origin: string;
  readonly events: number;
  readonly lastSeq: number;
  readonly checkpoints: number;
}

export type CopyOutcome =
  | { readonly _tag: "SourceRefused"; readonly refusal: OpenRefusal }
  | { readonly _tag: "SourceBroken"; readonly origins: ReadonlyArray<OriginReport> }
  | NewerSource
  | { readonly _tag: "TargetRefused"; readonly refusal: TargetRefusal }
  | { readonly _tag: "TargetBroken"; readonly origins: ReadonlyArray<OriginReport> }
  | {
      readonly _tag: "Copied";
      readonly origins: ReadonlyArray<CopiedOrigin>;
      readonly nodeKeys: number;
      readonly keyEntries: number;
      readonly verifiedHeads: number;
      /** The side tables named by the caller, in its order, with the rows copied. */
      readonly tables: ReadonlyArray<CopiedTable>;
      /** The node whose own log this is (the key registered as its own), if any. */
      readonly self: { readonly origin: string; readonly publicKey: string } | undefined;
      /** Milliseconds: verifying the source, writing, verifying the target. */
      readonly timings: { readonly verifySource: number; readonly write: number; readonly verifyTarget: number };
    };

/** The same origins with the same events, last seq and tree root (orders may differ: engines collate differently). */
const sameLogs = (a: ReadonlyArray<OriginReport>, b: ReadonlyArray<OriginReport>): boolean => {
  const of = new Map(b.map((o) => [o.origin, o]));
  return (
    a.length === b.length &&
    a.every((o) => {
      const other = of.get(o.origin);
      return other !== undefined && o.events === other.events && o.lastSeq === other.lastSeq && o.treeRoot === other.treeRoot;
    })
  );
};

/**
 * Copies the event store's log from `from` to `to` (each a SQLite file path or a `postgres://` URL), and the `side`
 * tables with it (their migrations brought up on the target first; their rows written in the log's transaction).
 * Refuses without writing anything when the source cannot be read, is not intact or records a migration step this
 * code does not know, or the target is not empty (an existing file, a PostgreSQL schema with a row in any of the
 * store's tables or the side tables); a failure while writing leaves no row behind. Run it
 * on a stopped node: what a node writes meanwhile is not copied (a SQLite source is read as of one moment, a
 * PostgreSQL one through several connections).
 *
 * @example
 * const outcome = await copyNodeDatabase("data/luhanska.db", "postgres://planledger@127.0.0.1/luhanska");
 * if (outcome._tag === "Copied") outcome.origins.map((o) => `${o.origin}: ${o.events}`);
 */
export const copyNodeDatabase = async (from: string, to: string, side: SideTables = { migrations: [], tables: [] }): Promise<CopyOutcome> => {
  const source = await openForReading(from);
  if ("_tag" in source) return { _tag: "SourceRefused", refusal: source };
  try {
    let started = Date.now();
    const before = await Effect.runPromise(verifyBackend(source.backend, { trees: source.trees }));
    if (before.some((o) => o.broken !== null)) return { _tag: "SourceBroken", origins: before };
    const verifySource = Date.now() - started;

    const rows: Array<ScannedRow> = [];
    await Effect.runPromise(source.backend.scanRows((row) => rows.push(row)));
    // In the order the source stored them, so that readers paging by position (projections) see the same log.
    rows.sort((a, b) => a.position - b.position);
    const checkpoints: ReadonlyArray<Checkpoint> = await Effect.runPromise(source.backend.reader.checkpoints());
    const keyEntries: ReadonlyArray<KeyEntry> = await Effect.runPromise(source.backend.reader.keyHistory());
    const verifiedHeads: ReadonlyArray<VerifiedHead> = await Effect.runPromise(source.backend.reader.verifiedHeads());
    const nodeKeys = await source.kysely.selectFrom("node_keys").select(["origin", "public_key", "is_self"]).orderBy("origin").execute();
    const sideRows = await readSideTables(source, side);
    if ("_tag" in sideRows) return sideRows;

    const target = await openEmptyTarget(to, side);
    if ("_tag" in target) return { _tag: "TargetRefused", refusal: target };
    let kept = false;
    try {
      started = Date.now();
      const tables = await Effect.runPromise(
        target.backend.write((tx) =>
          Effect.gen(function* () {
            for (const k of nodeKeys) yield* tx.putNodeKey(k.origin, k.public_key, Number(k.is_self) === 1);
            const heads = new Map<string, { size: number; headHash: string }>();
            const cache: FrontierCache = new Map();
            for (let at = 0; at < rows.length; at += CHUNK) {
              const chunk = rows.slice(at, at + CHUNK);
              // The stored row minus its position: the target hands out its own, in this order.
              yield* Effect.orDie(tx.insert(chunk.map(({ position: _, ...row }) => row)));
              const byOrigin = new Map<string, Array<ScannedRow>>();
              for (const row of chunk) {
                const list = byOrigin.get(row.origin);
                if (list === undefined) byOrigin.set(row.origin, [row]);
                else list.push(row);
              }
              const batches: Array<LeafBatch> = [];
              for (const [origin, leaves] of byOrigin) {
                const head = heads.get(origin) ?? { size: 0, headHash: GENESIS_HASH };
                batches.push({ origin, size: head.size, headHash: head.headHash, leaves });
                const last = leaves[leaves.length - 1] as ScannedRow;
                heads.set(origin, { size: head.size + leaves.length, headHash: last.hash });
              }
              yield* appendToTrees(tx, batches, cache);
            }
            for (const entry of keyEntries) yield* tx.putKeyEntry(entry);
            for (const cp of checkpoints) yield* tx.insertCheckpoint(cp);
            if (verifiedHeads.length > 0) yield* tx.putVerifiedHeads(verifiedHeads);
            return yield* writeSideTables(target, sideRows);
          }),
        ),
      );
      const write = Date.now() - started;

      started = Date.now();
      const after = await Effect.runPromise(verifyBackend(target.backend, { trees: true }));
      const verifyTarget = Date.now() - started;
      kept = true;
      // Trees compared only where the source had them: a file from before the trees reports no root.
      const comparable = source.trees ? after : after.map((o) => ({ ...o, treeRoot: null }));
      if (after.some((o) => o.broken !== null) || !sameLogs(before, comparable)) return { _tag: "TargetBroken", origins: after };
      const self = nodeKeys.find((k) => Number(k.is_self) === 1);
      return {
        _tag: "Copied",
        origins: before.map((o) => ({
          origin: o.origin,
          events: o.events,
          lastSeq: o.lastSeq,
          checkpoints: checkpoints.filter((cp) => cp.origin === o.origin).length,
        })),
        nodeKeys: nodeKeys.length,
        keyEntries: keyEntries.length,
        verifiedHeads: verifiedHeads.length,
        tables,
        self: self === undefined ? undefined : { origin: self.origin, publicKey: self.public_key },
        timings: { verifySource, write, verifyTarget },
      };
    } finally {
      if (kept) await target.close();
      else await target.discard();
    }
  } finally {
    await source.close();
  }
};
