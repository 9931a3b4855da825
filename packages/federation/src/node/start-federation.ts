/**
 * @module Everything a running node needs for federation, in one call: the node side, the sync client on
 * its schedule, and the fetch handler to mount.
 */
import type { EventStoreService, NodeKey } from "@planledger/event-store";
import { Effect, Either, Schema as S } from "effect";
import { WitnessPolicyBody } from "../protocol/endpoints.js";
import type { NamedWitness } from "../witness/witness-store.js";
import { makeSyncClient, type SyncReport } from "../client/sync-client.js";
import { federationHandler } from "../http/federation-handler.js";
import type { NodeLevel } from "../protocol/messages.js";
import { openFederationNode } from "./federation-node.js";
import type { NodeDatabase } from "../store/federation-tables.js";

export interface StartFederationOptions {
  readonly self: { readonly nodeId: string; readonly level: NodeLevel };
  readonly store: EventStoreService;
  readonly database: NodeDatabase;
  /** The node's key pair, e.g. `loadOrCreateNodeKey(`${dbPath}.key`)` — the same file the store signs with. */
  readonly key: NodeKey;
  readonly isAdmin: (request: Request) => boolean | Promise<boolean>;
  /** Milliseconds between sync rounds with the parent (after each round ends); 0 turns the schedule off. */
  readonly syncIntervalMs?: number;
  /** The most events per pushed batch; else `PLANLEDGER_SYNC_BATCH_SIZE`, else 1000 (fewer on a slow line). */
  readonly batchSize?: number;
  /** Retries of a round whose line failed; else `PLANLEDGER_SYNC_RETRIES`, else 5. */
  readonly retries?: number;
  readonly onReport?: (report: SyncReport) => void;
  /**
   * Witnesses of this node's log besides the parent (always one), and k; else `PLANLEDGER_WITNESSES` (JSON
   * `[{ "nodeId", "publicKey", "url" }]`) with `PLANLEDGER_WITNESS_QUORUM` (1 unless given); else what was stored
   * (`POST /federation/v1/witnesses`), or the parent alone.
   */
  readonly witnesses?: { readonly quorum: number; readonly witnesses: ReadonlyArray<NamedWitness> } | null;
  readonly fetch?: typeof fetch;
}

/** A whole number ≥ 0 from the environment, else `fallback`. */
const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
};

/** The witnesses named in the environment, or null when none are. Malformed configuration stops the start, saying why. */
const witnessesFromEnv = (): { readonly quorum: number; readonly witnesses: ReadonlyArray<NamedWitness> } | null => {
  const text = process.env.PLANLEDGER_WITNESSES;
  if (text === undefined || text.trim() === "") return null;
  let witnesses: unknown;
  try {
    witnesses = JSON.parse(text);
  } catch {
    throw new Error("PLANLEDGER_WITNESSES: не JSON / not JSON");
  }
  const decoded = S.decodeUnknownEither(WitnessPolicyBody)({ quorum: Number(process.env.PLANLEDGER_WITNESS_QUORUM ?? 1), witnesses });
  if (Either.isLeft(decoded))
    throw new Error(`PLANLEDGER_WITNESSES / PLANLEDGER_WITNESS_QUORUM: некоректні свідки / malformed witnesses: ${decoded.left.message}`);
  return { quorum: decoded.right.quorum, witnesses: decoded.right.witnesses.map((w) => ({ nodeId: w.nodeId, publicKey: w.publicKey, url: w.url ?? null })) };
};

/**
 * Brings the federation tables up to date (the database's one migration runner), then builds the node side, the
 * client and the handler.
 *
 * @example
 * const federation = await startFederation({ self, store, database, key, isAdmin })
 * app.mount("/federation/v1", federation.handler)
 * // on shutdown: federation.stop()
 */
export const startFederation = async (options: StartFederationOptions) => {
  const node = await openFederationNode({ self: options.self, store: options.store, database: options.database, key: options.key });
  // When the last round with the parent ended, kept here for /health (read on every request): the uplink row's, then
  // each round's as it ends.
  let lastSyncAt = (await Effect.runPromise(node.uplink()))?.lastSyncAt ?? null;
  const client = makeSyncClient(node, {
    onRoundEnd: (report) => {
      lastSyncAt = report.finishedAt;
    },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    batchSize: options.batchSize ?? (Number(process.env.PLANLEDGER_SYNC_BATCH_SIZE) || 1000),
    retries: options.retries ?? envInt("PLANLEDGER_SYNC_RETRIES", 5),
  });
  const configured = options.witnesses ?? witnessesFromEnv();
  if (configured !== null) await Effect.runPromise(node.setWitnessPolicy(configured.quorum, configured.witnesses));
  const handler = federationHandler(node, {
    syncNow: client.syncOnce,
    join: client.join,
    isAdmin: options.isAdmin,
    askWitnesses: client.askWitnesses,
  });
  const interval = options.syncIntervalMs ?? 30_000;
  // A node without a parent has nothing to sync; the schedule still runs so a later `join` needs no restart.
  const schedule = interval > 0 ? client.schedule(interval, options.onReport) : null;
  return {
    node,
    client,
    handler,
    /** When this node last finished a sync round with its parent (null before the first, or at the root). */
    lastSync: (): string | null => lastSyncAt,
    stop: (): void => schedule?.stop(),
  };
};

export type RunningFederation = Awaited<ReturnType<typeof startFederation>>;
