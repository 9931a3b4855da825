/**
 * @module Uplink and status: the bookkeeping a child keeps about its parent (where it is, the credential, the
 * last sync and its outcome, the parent's countersignatures of what it was shown), and what this node reports of
 * its parent and of every node below it.
 */
import type { EventStoreService } from "@planledger/event-store";
import { Effect } from "effect";
import { type ChildStatus, type EnrollAccepted, FederationStatus } from "../protocol/messages.js";
import type { Checkpoint } from "../protocol/replicated-event.js";
import { verifyWitness } from "../protocol/witness.js";
import type { LogView } from "../node/log-view.js";
import type { NodeRegistry } from "../registry/node-registry.js";
import { type FederationDb, witnessedCheckpointOf } from "../store/federation-tables.js";
import type { EnrollmentRefused } from "../verify/refusals.js";

export interface Uplink {
  readonly parentId: string;
  readonly url: string;
  readonly token: string;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
}

export interface UplinkStatus {
  /** The link to this node's parent, or null before it enrolled with one. */
  readonly uplink: () => Effect.Effect<Uplink | null>;
  /** Child side: remember the parent (and its ancestors) after a successful enrollment. */
  readonly rememberParent: (url: string, token: string, accepted: EnrollAccepted) => Effect.Effect<void, EnrollmentRefused>;
  /** Child side: when a sync round with the parent ended, and its error if it failed. */
  readonly noteSync: (error: string | null) => Effect.Effect<void>;
  /**
   * Child side: keep the parent's countersignature of a checkpoint we pushed — only if it is the parent's valid
   * signature over exactly that checkpoint. False when it is not (nothing is kept).
   */
  readonly keepWitness: (witnessed: Checkpoint, sent: Checkpoint) => Effect.Effect<boolean>;
  /** The parent's countersignatures kept, of one origin or all, by seq. */
  readonly witnesses: (origin?: string) => Effect.Effect<Checkpoint[]>;
  /** Per child (and node below), the last checkpoint received and when; and the link to the parent. */
  readonly status: () => Effect.Effect<FederationStatus>;
}

export interface UplinkStatusOptions {
  readonly selfId: string;
  readonly store: EventStoreService;
  readonly db: FederationDb;
  readonly log: LogView;
  readonly registry: NodeRegistry;
  readonly now: () => string;
}

const uplinkQueryOf = (db: FederationDb) => db.q.selectFrom("federation_uplink").selectAll().where("id", "=", 1);

/**
 * The uplink row, answered from memory while the table is unchanged (asked several times per pushed batch).
 *
 * @example
 * const parent = yield* uplinkReader(db)() // { parentId: "luhanska", url: "http://…", … } or null
 */
export const uplinkReader = (db: FederationDb): (() => Effect.Effect<Uplink | null>) => {
  const query = uplinkQueryOf(db);
  return () =>
    Effect.map(db.cachedAll(query), (rows) => {
      const row = rows[0];
      return row === undefined
        ? null
        : { parentId: row.parent_id, url: row.url, token: row.token, lastSyncAt: row.last_sync_at, lastError: row.last_error };
    });
};

/**
 * @example
 * const up = makeUplinkStatus({ selfId, store, db, log, registry, now })
 * yield* up.rememberParent("http://luhanska:8701", token, accepted)
 */
export const makeUplinkStatus = (options: UplinkStatusOptions): UplinkStatus => {
  const { selfId, store, db, log, registry, now } = options;
  const uplink = uplinkReader(db);

  const rememberParent = (url: string, token: string, accepted: EnrollAccepted): Effect.Effect<void, EnrollmentRefused> =>
    Effect.gen(function* () {
      const parent = accepted.parent;
      yield* registry.rememberAbove(
        parent,
        accepted.ancestors[0]?.nodeId ?? null,
        accepted.enrolledAt,
        db.run(
          db.q
            .insertInto("federation_uplink")
            .values({ id: 1, parent_id: parent.nodeId, url, token, last_sync_at: null, last_error: null })
            .onConflict((oc) => oc.column("id").doUpdateSet({ parent_id: parent.nodeId, url, token })),
        ),
      );
      yield* registry.rememberAncestors(parent.nodeId, accepted.ancestors);
    });

  const keepWitness = (witnessed: Checkpoint, sent: Checkpoint): Effect.Effect<boolean> =>
    Effect.gen(function* () {
      const w = witnessed.witness;
      const up = yield* uplink();
      const parentKey = up === null ? null : yield* registry.keyOf(up.parentId);
      const same =
        witnessed.origin === sent.origin && witnessed.seq === sent.seq && witnessed.hash === sent.hash && witnessed.signature === sent.signature;
      if (w === undefined || w === null || !same || w.node !== up?.parentId || parentKey === null || !verifyWitness(witnessed, parentKey)) {
        return false;
      }
      yield* db.run(
        db.q
          .insertInto("federation_witnesses")
          .values({
            origin: witnessed.origin,
            seq: witnessed.seq,
            hash: witnessed.hash,
            signed_at: witnessed.signedAt,
            signature: witnessed.signature,
            witness_node: w.node,
            witnessed_at: w.signedAt,
            witness_signature: w.signature,
            received_at: now(),
          })
          .onConflict((oc) => oc.columns(["origin", "seq", "witness_node"]).doNothing()),
      );
      return true;
    });

  const witnesses = (origin?: string): Effect.Effect<Checkpoint[]> =>
    Effect.map(
      db.all(
        origin === undefined
          ? db.q.selectFrom("federation_witnesses").selectAll().orderBy("seq")
          : db.q.selectFrom("federation_witnesses").selectAll().where("origin", "=", origin).orderBy("seq"),
      ),
      (rows) => rows.map(witnessedCheckpointOf),
    );

  const status = (): Effect.Effect<FederationStatus> =>
    Effect.gen(function* () {
      const up = yield* uplink();
      const children: ChildStatus[] = [];
      for (const n of yield* registry.below()) {
        const last = (yield* store.reader.lastCheckpointWithin(n.nodeId, -1, Number.MAX_SAFE_INTEGER)) ?? null;
        const receipt = (yield* db.all(
          db.q.selectFrom("federation_receipts").select("received_at").where("origin", "=", n.nodeId).orderBy("id", "desc").limit(1),
        ))[0];
        children.push({
          nodeId: n.nodeId,
          level: n.level,
          parentId: n.parentId,
          enrolledAt: n.enrolledAt,
          lastCheckpoint: last,
          lastReceivedAt: receipt?.received_at ?? null,
          events: (yield* log.cursorOf(n.nodeId)).seq,
          removedAt: n.removedAt,
        });
      }
      return new FederationStatus({
        node: selfId,
        parent: up === null ? null : { nodeId: up.parentId, url: up.url, lastSyncAt: up.lastSyncAt, lastError: up.lastError },
        children,
      });
    });

  return {
    uplink,
    rememberParent,
    noteSync: (error) => db.run(db.q.updateTable("federation_uplink").set({ last_sync_at: now(), last_error: error }).where("id", "=", 1)),
    keepWitness,
    witnesses,
    status,
  };
};
