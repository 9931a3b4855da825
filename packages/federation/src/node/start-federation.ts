/**
 * @module Everything a running node needs for federation, in one call: the node side, the sync client on
 * its schedule, and the fetch handler to mount.
 */
import type { EventStoreDatabase, EventStoreService, NodeKey } from "@planledger/event-store";
import type { Context } from "effect";
import { makeSyncClient, type SyncReport } from "../client/sync-client.js";
import { federationHandler } from "../http/federation-handler.js";
import type { NodeLevel } from "../protocol/messages.js";
import { openFederationNode } from "./federation-node.js";

export interface StartFederationOptions {
  readonly self: { readonly nodeId: string; readonly level: NodeLevel };
  readonly store: EventStoreService;
  readonly database: Context.Tag.Service<typeof EventStoreDatabase>;
  /** The node's key pair, e.g. `loadOrCreateNodeKey(`${dbPath}.key`)` — the same file the store signs with. */
  readonly key: NodeKey;
  readonly isAdmin: (request: Request) => boolean;
  /** Milliseconds between sync rounds with the parent (after each round ends); 0 turns the schedule off. */
  readonly syncIntervalMs?: number;
  /** The most events per pushed batch; else `PLANLEDGER_SYNC_BATCH_SIZE`, else 1000 (fewer on a slow line). */
  readonly batchSize?: number;
  /** Retries of a round whose line failed; else `PLANLEDGER_SYNC_RETRIES`, else 5. */
  readonly retries?: number;
  readonly onReport?: (report: SyncReport) => void;
  readonly fetch?: typeof fetch;
}

/** A whole number ≥ 0 from the environment, else `fallback`. */
const envInt = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
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
  const client = makeSyncClient(node, {
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    batchSize: options.batchSize ?? (Number(process.env.PLANLEDGER_SYNC_BATCH_SIZE) || 1000),
    retries: options.retries ?? envInt("PLANLEDGER_SYNC_RETRIES", 5),
  });
  const handler = federationHandler(node, {
    syncNow: client.syncOnce,
    join: client.join,
    isAdmin: options.isAdmin,
  });
  const interval = options.syncIntervalMs ?? 30_000;
  // A node without a parent has nothing to sync; the schedule still runs so a later `join` needs no restart.
  const schedule = interval > 0 ? client.schedule(interval, options.onReport) : null;
  return {
    node,
    client,
    handler,
    /** When this node last finished a sync round with its parent (null before the first, or at the root). */
    lastSync: (): string | null => node.uplink()?.lastSyncAt ?? null,
    stop: (): void => schedule?.stop(),
  };
};

export type RunningFederation = Awaited<ReturnType<typeof startFederation>>;
