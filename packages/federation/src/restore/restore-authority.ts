/**
 * @module The holder's side of restoring a lost node (docs/federation.md, "Restoring a lost node / Відновлення
 * втраченого вузла"): what it states of the lost node's log (`GET /restore`), and — on the lost node's parent only —
 * the authorisation of a new key from the seq after the last one it holds (`POST /restore`), recorded in its own log.
 */
import { type EventStoreService, type KeyEntry, keyAt, publicKeyObject } from "@planledger/event-store";
import { Effect, Option } from "effect";
import type { LogView } from "../node/log-view.js";
import type { NodeRegistry } from "../registry/node-registry.js";
import type { FederationDb } from "../store/federation-tables.js";
import { NoSuchChild, OriginNotServed, RestoreRefused } from "../verify/refusals.js";
import type { Witness } from "../witness/witness-service.js";
import type { RestoreAuthorised, RestoreRequest, RestoreSource } from "./restore-messages.js";

/** What the parent's key history records when it authorises a restored node's new key (see `keys`). */
export interface KeyHandOver {
  readonly nodeId: string;
  /** The last seq signed under the previous key; the new key signs from `seq + 1`, and the previous key is revoked there. */
  readonly seq: number;
  readonly previousKey: string;
  readonly publicKey: string;
  readonly by: string;
  readonly at: string;
}

export interface RestoreAuthorityOptions {
  readonly self: { readonly nodeId: string; readonly level: string };
  readonly store: EventStoreService;
  readonly db: FederationDb;
  readonly log: LogView;
  readonly registry: NodeRegistry;
  readonly witness: Witness;
  readonly now: () => string;
  /** Appends an event to this node's own log (stream `enrollment:<self>`); its id. */
  readonly record: (type: string, data: Record<string, unknown>, by: string) => Effect.Effect<string | null>;
  /**
   * Records the new key in the key history (authorised from `seq + 1`, the previous one revoked from there), in the same
   * transaction as the registry's change; a refusal's reason when it cannot.
   */
  readonly handOver: (handOver: KeyHandOver) => Effect.Effect<void, string>;
}

export interface RestoreAuthority {
  /** What this node holds of `nodeId`'s log for its restoration: the latest checkpoint it witnessed, with its note. */
  readonly source: (nodeId: string) => Effect.Effect<RestoreSource, OriginNotServed | RestoreRefused>;
  /** Parent side: authorise `request.publicKey` for the child's log from `request.seq + 1`, revoking the old key there. */
  readonly authorise: (request: RestoreRequest, by: string) => Effect.Effect<RestoreAuthorised, NoSuchChild | RestoreRefused>;
}

/** The stream of the parent's own log where restorations are recorded, beside removals and cancelled invitations. */
const enrollmentStream = (nodeId: string): string => `enrollment:${nodeId}`;

/**
 * @example
 * const restore = makeRestoreAuthority({ self, store, db, log, registry, witness, now, record, handOver })
 * yield* restore.source("novopskovskyi") // ({ _tag: "RestoreSource", checkpoint: { seq: 1000, … }, … })
 */
export const makeRestoreAuthority = (options: RestoreAuthorityOptions): RestoreAuthority => {
  const { self, store, db, log, registry, witness, now, record, handOver } = options;

  const historyOf = (nodeId: string): Effect.Effect<ReadonlyArray<KeyEntry>> => store.keyHistory(nodeId);
  /** The key `nodeId` signed its checkpoint at `seq` with: the one in force there, or the one registered. */
  const keyIn = (nodeId: string, seq: number): Effect.Effect<string | null> =>
    Effect.gen(function* () {
      const inForce = keyAt(yield* historyOf(nodeId), seq)?.publicKey;
      if (inForce !== undefined) return inForce;
      return (yield* registry.keyOf(nodeId)) ?? Option.getOrNull(yield* store.nodeKey(nodeId));
    });

  const lastReceivedAt = (nodeId: string): Effect.Effect<string | null> =>
    Effect.map(
      db.all(db.q.selectFrom("federation_receipts").select("received_at").where("origin", "=", nodeId).orderBy("id", "desc").limit(1)),
      (rows) => rows[0]?.received_at ?? null,
    );

  const source: RestoreAuthority["source"] = (nodeId) =>
    Effect.gen(function* () {
      const member = (yield* registry.below()).find((n) => n.nodeId === nodeId);
      const head = yield* log.cursorOf(nodeId);
      if (member === undefined || head.seq === 0) return yield* new OriginNotServed({ origin: nodeId });
      const refuse = (reasonCode: string, detail: string) => Effect.fail(new RestoreRefused({ nodeId, reasonCode, detail }));
      const checkpoint = yield* store.reader.lastCheckpointWithin(nodeId, 0, head.seq);
      if (checkpoint === undefined || checkpoint.witness == null || checkpoint.witness.node !== self.nodeId)
        return yield* refuse(
          "NotWitnessed",
          `${self.nodeId} тримає журнал ${nodeId} до seq ${head.seq}, але без контрольної точки, засвідченої ним / holds ${nodeId}'s log up to seq ${head.seq} but no checkpoint it witnessed`,
        );
      const cosigned = yield* witness.cosignedCheckpoint(nodeId, checkpoint.seq);
      if (cosigned === null || cosigned.treeSize !== checkpoint.seq)
        return yield* refuse(
          "NoNote",
          `немає підписаної контрольної точки C2SP ${nodeId} розміру ${checkpoint.seq} / no C2SP checkpoint of ${nodeId} at size ${checkpoint.seq} is held`,
        );
      const publicKey = yield* keyIn(nodeId, checkpoint.seq);
      if (publicKey === null) return yield* new OriginNotServed({ origin: nodeId });
      return {
        _tag: "RestoreSource",
        source: { nodeId: self.nodeId, level: self.level as RestoreSource["source"]["level"], publicKey: store.publicKey },
        node: { nodeId, level: member.level, parentId: member.parentId, child: member.parentId === self.nodeId, publicKey },
        keys: yield* historyOf(nodeId),
        checkpoint: { ...checkpoint, witness: checkpoint.witness },
        note: cosigned.note,
        heldSeq: head.seq,
        lastReceivedAt: yield* lastReceivedAt(nodeId),
        // A child does not report a head it has not pushed: what it wrote after its last push cannot be counted here.
        laterHead: null,
      } satisfies RestoreSource;
    });

  const authorise: RestoreAuthority["authorise"] = (request, by) =>
    Effect.gen(function* () {
      const { nodeId, seq, hash, publicKey } = request;
      const refuse = (reasonCode: string, detail: string) => Effect.fail(new RestoreRefused({ nodeId, reasonCode, detail }));
      const child = (yield* registry.below()).find((n) => n.nodeId === nodeId);
      if (child === undefined || child.parentId !== self.nodeId)
        return yield* new NoSuchChild({
          nodeId,
          detail:
            child === undefined
              ? "not a child of this node"
              : `not a direct child of this node (its parent is ${child.parentId}): only its parent authorises its key`,
        });
      if (child.enrolledAt === null) return yield* new NoSuchChild({ nodeId, detail: "invited, never enrolled: there is nothing to restore" });
      if (child.removedAt !== null) return yield* new NoSuchChild({ nodeId, detail: `removed on ${child.removedAt}: invite it again first` });
      const head = yield* log.cursorOf(nodeId);
      if (head.seq !== seq)
        return yield* refuse(
          "NotHead",
          `${self.nodeId} тримає журнал ${nodeId} до seq ${head.seq}, а не ${seq}: відновлюйте з вузла, що тримає найбільше / holds ${nodeId}'s log up to seq ${head.seq}, not ${seq}: restore from the node that holds the most`,
        );
      if (head.hash !== hash)
        return yield* refuse("HashMismatch", `подія seq ${seq} тут має інший хеш / the event at seq ${seq} has another hash here (${head.hash})`);
      const previousKey = yield* keyIn(nodeId, seq);
      if (previousKey === null) return yield* new NoSuchChild({ nodeId, detail: "no key is registered for this child" });
      if (publicKey === previousKey)
        return yield* refuse("SameKey", "новий ключ збігається з попереднім / the new key is the previous key: a restored node signs with a new one");
      try {
        if (publicKeyObject(publicKey).asymmetricKeyType !== "ed25519") throw new TypeError("not Ed25519");
      } catch {
        return yield* refuse("BadKey", "publicKey: не ключ Ed25519 у base64 SPKI DER / not a base64 SPKI DER Ed25519 key");
      }
      const at = now();
      const received = yield* lastReceivedAt(nodeId);
      // One commit: the key history, the child's key and credential (the old machine's token is refused from now on) and
      // the event that says so; a refusal of the key history leaves all of it as it was.
      const { token, eventId: recorded } = yield* db.transaction(
        Effect.gen(function* () {
          yield* Effect.mapError(
            handOver({ nodeId, seq, previousKey, publicKey, by, at }),
            (detail) => new RestoreRefused({ nodeId, reasonCode: "KeyHistory", detail }),
          );
          const { token } = yield* registry.invite({ nodeId, level: child.level });
          yield* db.run(db.q.updateTable("federation_nodes").set({ public_key: publicKey }).where("node_id", "=", nodeId));
          const eventId = yield* record(
            "NodeRestored",
            { nodeId, recoveredSeq: seq, recoveredHash: hash, fromSeq: seq + 1, publicKey, previousKey, lastReceivedAt: received, reason: request.reason ?? null, at },
            by,
          );
          return { token, eventId };
        }),
      );
      return {
        _tag: "RestoreAuthorised",
        nodeId,
        authority: { nodeId: self.nodeId, level: self.level as RestoreAuthorised["authority"]["level"], publicKey: store.publicKey },
        recoveredSeq: seq,
        recoveredHash: hash,
        fromSeq: seq + 1,
        publicKey,
        previousKey,
        keys: yield* historyOf(nodeId),
        token,
        authorisedAt: at,
        lastReceivedAt: received,
        eventId: recorded,
      } satisfies RestoreAuthorised;
    });

  return { source, authorise };
};

export { enrollmentStream as restoreStream };
