/**
 * @module One node's side of federation, composed of its services: registry and enrollment
 * (`registry/node-registry.ts`), receiving and witnessing (`receiver/batch-receiver.ts`), pull serving and the
 * batches a push sends (`pull/batch-server.ts`), uplink and status (`uplink/uplink-status.ts`), all reading the log
 * through the event store's read API (`log-view.ts`). Network calls live in the client; this is all local. The
 * tables must exist: `migrateDatabase(database.kysely, [federationMigrations])` at start-up (`startFederation` and
 * `openFederationNode` do it).
 */
import { type EventStoreDatabase, type EventStoreService, migrateDatabase, type NodeKey } from "@planledger/event-store";
import type { Context } from "effect";
import type { NodeLevel } from "../protocol/messages.js";
import { type BatchReceiver, makeBatchReceiver } from "../receiver/batch-receiver.js";
import { type BatchServer, makeBatchServer } from "../pull/batch-server.js";
import { makeNodeRegistry, type NodeRegistry } from "../registry/node-registry.js";
import { federationMigrations } from "../store/federation-migrations.js";
import { federationDb } from "../store/federation-tables.js";
import { makeUplinkStatus, uplinkReader, type UplinkStatus } from "../uplink/uplink-status.js";
import type { ChainCrypto } from "../verify/chain-crypto.js";
import { liveChainCrypto } from "../verify/live-chain-crypto.js";
import { type LogView, logView } from "./log-view.js";

export type { Uplink } from "../uplink/uplink-status.js";

export interface FederationNodeOptions {
  readonly self: { readonly nodeId: string; readonly level: NodeLevel };
  readonly store: EventStoreService;
  readonly database: Context.Tag.Service<typeof EventStoreDatabase>;
  /** The node's key (the same one its store signs with): signs batch-end checkpoints and witness countersignatures. */
  readonly key: NodeKey;
  readonly now?: () => string;
  readonly crypto?: ChainCrypto;
}

/** What the sync client and the HTTP handler use of a node: the four services' public faces, and who it is. */
export interface FederationNode
  extends Pick<NodeRegistry, "invite" | "enroll" | "authenticate" | "members" | "originsToPush" | "originsToPull" | "rememberAncestors">,
    BatchReceiver,
    BatchServer,
    UplinkStatus {
  readonly self: { readonly nodeId: string; readonly level: NodeLevel };
  readonly publicKey: string;
  readonly cursorOf: LogView["cursorOf"];
}

/**
 * Builds the federation side of one node over its open, migrated store.
 *
 * @example
 * const fed = makeFederationNode({ self: { nodeId: "luhanska", level: "oblast" }, store, database, key })
 * const { token } = fed.invite({ nodeId: "novopskovskyi", level: "district" })
 */
export const makeFederationNode = (options: FederationNodeOptions): FederationNode => {
  const { self, store, key } = options;
  const now = options.now ?? (() => new Date().toISOString());
  const crypto = options.crypto ?? liveChainCrypto;
  const db = federationDb(options.database);
  const log = logView(store);
  const parent = uplinkReader(db);
  const registry = makeNodeRegistry({ self, store, db, parentId: () => parent()?.parentId ?? null, now });
  const receiver = makeBatchReceiver({ selfId: self.nodeId, store, key, db, log, registry, crypto, now });
  const batches = makeBatchServer({ selfId: self.nodeId, store, log, servesPull: registry.servesPull });
  const uplink = makeUplinkStatus({ selfId: self.nodeId, store, db, log, registry, now });
  return {
    self,
    publicKey: store.publicKey,
    invite: registry.invite,
    enroll: registry.enroll,
    authenticate: registry.authenticate,
    members: registry.members,
    originsToPush: registry.originsToPush,
    originsToPull: registry.originsToPull,
    rememberAncestors: registry.rememberAncestors,
    ...receiver,
    ...batches,
    ...uplink,
    cursorOf: log.cursorOf,
  };
};

/**
 * Brings the federation tables up to date with the database's one runner, then builds the node.
 *
 * @example
 * const fed = await openFederationNode({ self, store, database, key })
 */
export const openFederationNode = async (options: FederationNodeOptions): Promise<FederationNode> => {
  await migrateDatabase(options.database.kysely, [federationMigrations]);
  return makeFederationNode(options);
};
