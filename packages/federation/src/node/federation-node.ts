/**
 * @module One node's side of federation, composed of its services: registry and enrollment
 * (`registry/node-registry.ts`), receiving and witnessing (`receiver/batch-receiver.ts`), pull serving and the
 * batches a push sends (`pull/batch-server.ts`), uplink and status (`uplink/uplink-status.ts`), all reading the log
 * through the event store's read API (`log-view.ts`). Network calls live in the client; this is all local. The
 * tables must exist: `migrateDatabase(database.kysely, [federationMigrations])` at start-up (`startFederation` and
 * `openFederationNode` do it).
 */
import { type EventStoreService, migrateDatabase, type NodeKey } from "@planledger/event-store";
import type { NodeLevel } from "../protocol/messages.js";
import { type BatchReceiver, makeBatchReceiver } from "../receiver/batch-receiver.js";
import { type BatchServer, makeBatchServer } from "../pull/batch-server.js";
import { makeNodeRegistry, type NodeRegistry } from "../registry/node-registry.js";
import { federationMigrations } from "../store/federation-migrations.js";
import { type FederationDb, federationDbOf, type NodeDatabase } from "../store/federation-tables.js";
import { makeUplinkStatus, uplinkReader, type UplinkStatus } from "../uplink/uplink-status.js";
import type { ChainCrypto } from "../verify/chain-crypto.js";
import { type KeyService, makeKeyService } from "../keys/key-service.js";
import { liveChainCrypto } from "../verify/live-chain-crypto.js";
import { type LogView, logView } from "./log-view.js";
import { type Witness, makeWitness } from "../witness/witness-service.js";
import type { NamedWitness, SplitViewRecord } from "../witness/witness-store.js";
import { Effect } from "effect";
import { EnrollmentRefused, type NoSuchChild } from "../verify/refusals.js";
import { makeRestoreAuthority, type RestoreAuthority } from "../restore/restore-authority.js";

/** The stream of this node's own log that records enrollment undone (`ChildRemoved`, `InvitationCancelled`). */
export const enrollmentStream = (nodeId: string): string => `enrollment:${nodeId}`;

export type { Uplink } from "../uplink/uplink-status.js";

export interface FederationNodeOptions {
  readonly self: { readonly nodeId: string; readonly level: NodeLevel };
  readonly store: EventStoreService;
  /** The node's database: the SQLite file's (`EventStoreDatabase`) or the PostgreSQL database's (`PostgresDatabase`). */
  readonly database: NodeDatabase;
  /** The node's key (the same one its store signs with): signs batch-end checkpoints and witness countersignatures. */
  readonly key: NodeKey;
  readonly now?: () => string;
  readonly crypto?: ChainCrypto;
  /** The federation tables on the node's engine; on SQLite made from `database` unless given. */
  readonly db?: FederationDb;
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
  /**
   * Child side: keep `witness`'s (the parent's unless named) tlog-cosignature/v1 line over `origin`'s checkpoint at
   * `size` — only when it verifies under that node's key over the tree held here. False when it does not.
   */
  readonly keepCosignature: (origin: string, size: number, line: string, witness?: string) => Effect.Effect<boolean>;
  /** A witness request (`POST /witness`): cosign `note` after the checks, or refuse. */
  readonly witnessRequest: Witness["witnessRequest"];
  /** An origin's C2SP checkpoint with the cosignature lines kept for it (own log: signed here). */
  readonly cosignedCheckpoint: Witness["cosignedCheckpoint"];
  /** Split views recorded here (open and lifted). */
  readonly splitViews: () => Effect.Effect<ReadonlyArray<SplitViewRecord>>;
  /** An admin lifts the open split views of an origin: pushes of it are taken again. How many were lifted. */
  readonly liftSplitView: (origin: string, by: string, reason: string) => Effect.Effect<number>;
  /** The named witnesses of this node's log and k: the parent is one unless the policy names none. */
  readonly witnessPolicy: () => Effect.Effect<{ readonly quorum: number; readonly witnesses: ReadonlyArray<NamedWitness> }>;
  readonly setWitnessPolicy: (quorum: number, witnesses: ReadonlyArray<NamedWitness>) => Effect.Effect<void>;
  /**
   * This node witnesses for a log it does not hold (a sibling's, say): the log's key is registered here, so that its
   * checkpoints can be checked and cosigned. Refused when another key is registered for that node id.
   */
  readonly witnessFor: (nodeId: string, publicKey: string) => Effect.Effect<void, EnrollmentRefused>;
  /** The witness side's parts, for the client that asks other witnesses. */
  readonly witness: Witness;
  /**
   * An admin removes a child: recorded as `ChildRemoved` in this node's own log (who, why, when), then its
   * credential is refused. Its log stays held, verifiable and relayed upward.
   */
  readonly removeChild: (nodeId: string, reason: string, by: string) => Effect.Effect<{ readonly removedAt: string }, NoSuchChild>;
  /** An admin withdraws an unused invitation: recorded as `InvitationCancelled`; its token enrolls nothing. */
  readonly cancelInvitation: (nodeId: string, by: string) => Effect.Effect<{ readonly invitedAt: string | null }, NoSuchChild>;
  /** What this node holds of a lost node's log for its restoration (`GET /restore`): its witnessed checkpoint and note. */
  readonly restoreSource: RestoreAuthority["source"];
  /** Parent side: a restored child's new key from the seq after the last one held, the old one revoked (`POST /restore`). */
  readonly authoriseRestore: RestoreAuthority["authorise"];
  /** Parent side: revoking and authorising keys of nodes below (`keys/key-service.ts`, "Keys over time"). */
  readonly keys: KeyService;
}

/**
 * Builds the federation side of one node over its open, migrated store. Every operation is an Effect: run it with
 * `Effect.runPromise` (on SQLite it completes at once; `Effect.runSync` works there too).
 *
 * @example
 * const fed = makeFederationNode({ self: { nodeId: "luhanska", level: "oblast" }, store, database, key })
 * const { token } = yield* fed.invite({ nodeId: "novopskovskyi", level: "district" })
 */
export const makeFederationNode = (options: FederationNodeOptions): FederationNode => {
  const { self, store, key } = options;
  const now = options.now ?? (() => new Date().toISOString());
  const crypto = options.crypto ?? liveChainCrypto;
  const db = options.db ?? federationDbOf(options.database);
  const log = logView(store);
  const parent = uplinkReader(db);
  const registry = makeNodeRegistry({ self, store, db, parentId: () => Effect.map(parent(), (up) => up?.parentId ?? null), now });
  const witness = makeWitness({ selfId: self.nodeId, store, key, db, now });
  const receiver = makeBatchReceiver({ selfId: self.nodeId, store, key, db, log, registry, crypto, now, witness });
  const noteOf = (origin: string, seq: number): Effect.Effect<string | undefined> =>
    origin === self.nodeId
      ? Effect.map(Effect.orDie(store.tlogCheckpoint(seq)), (c) => c.note)
      : Effect.map(witness.store.noteAt(origin, seq), (n) => n?.note);
  const batches = makeBatchServer({ selfId: self.nodeId, store, log, servesPull: registry.servesPull, noteOf });
  // The parent is always a witness (it verifies every event it cosigns); others are named by configuration, with k
  // (1 unless configured: the parent alone, as before).
  const witnessPolicy = () =>
    Effect.gen(function* () {
      const held = yield* witness.store.policy();
      const up = yield* parent();
      const parentKey = up === null ? null : yield* registry.keyOf(up.parentId);
      const first = up === null || parentKey === null ? [] : [{ nodeId: up.parentId, publicKey: parentKey, url: up.url }];
      const witnesses = [...first, ...held.witnesses.filter((w) => w.nodeId !== up?.parentId)];
      return { quorum: Math.min(held.witnesses.length > 0 ? held.quorum : 1, Math.max(1, witnesses.length)), witnesses };
    });
  const uplink = makeUplinkStatus({ selfId: self.nodeId, store, db, log, registry, now });
  const keys = makeKeyService({ selfId: self.nodeId, store, db, log, registry });
  // What the admin did goes into the node's own signed log first; the registry changes only once it is recorded.
  const recorded = (type: string, data: Record<string, unknown>, by: string) =>
    Effect.map(Effect.orDie(store.append(enrollmentStream(self.nodeId), [{ type, data }], { expectedVersion: "any", actor: by })), (r) => r.events[0]?.eventId ?? null);
  const restore = makeRestoreAuthority({
    self,
    store,
    db,
    log,
    registry,
    witness,
    now,
    record: recorded,
    // The new key from the seq after the last one held, the old one revoked there: both in this node's own log.
    // A restore run again (the first wrote nothing) finds the old key revoked already: it replaces only the new key.
    handOver: ({ nodeId, seq, previousKey, publicKey, by }) =>
      Effect.mapError(
        Effect.gen(function* () {
          yield* store.authoriseKey({ origin: nodeId, publicKey, fromSeq: seq + 1, reason: "restored on a new machine / відновлено на новій машині", actor: by });
          const old = (yield* store.keyHistory(nodeId)).find((e) => e.publicKey === previousKey);
          if (old?.revokedFromSeq == null)
            yield* store.revokeKey({ origin: nodeId, publicKey: previousKey, fromSeq: seq + 1, reason: "the machine was lost / машину втрачено", actor: by });
        }),
        (e) => e.reason,
      ),
  });
  return {
    self,
    publicKey: store.publicKey,
    restoreSource: restore.source,
    authoriseRestore: restore.authorise,
    keys,
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
    keepCosignature: (origin, size, line, named) =>
      Effect.gen(function* () {
        const by = named ?? (yield* parent())?.parentId;
        if (by === undefined) return false;
        const publicKey = (yield* registry.keyOf(by)) ?? (yield* witnessPolicy()).witnesses.find((w) => w.nodeId === by)?.publicKey ?? null;
        return publicKey !== null && (yield* witness.acceptCosignature(origin, size, line, by, publicKey));
      }),
    witnessRequest: witness.witnessRequest,
    cosignedCheckpoint: witness.cosignedCheckpoint,
    splitViews: () => witness.store.splits(),
    liftSplitView: witness.liftSplit,
    witnessPolicy,
    setWitnessPolicy: witness.store.setPolicy,
    witnessFor: (nodeId, publicKey) =>
      Effect.mapError(store.registerNodeKey(nodeId, publicKey), (e) => new EnrollmentRefused({ nodeId, detail: e.reason })),
    witness,
    removeChild: (nodeId, reason, by) =>
      Effect.gen(function* () {
        const check = (yield* registry.below()).find((n) => n.nodeId === nodeId);
        if (check !== undefined && check.enrolledAt !== null && check.removedAt === null) yield* recorded("ChildRemoved", { nodeId, reason, at: now() }, by);
        return yield* registry.removeChild(nodeId, reason);
      }),
    cancelInvitation: (nodeId, by) =>
      Effect.gen(function* () {
        const result = yield* registry.cancelInvitation(nodeId);
        yield* recorded("InvitationCancelled", { nodeId, invitedAt: result.invitedAt, at: now() }, by);
        return result;
      }),
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
