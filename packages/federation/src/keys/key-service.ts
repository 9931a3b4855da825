/**
 * @module A parent's authority over the keys of the nodes below it: revoking a key from a seq (reported compromised,
 * a machine lost) and authorising a new one (a node restored on a new machine). Each change is recorded in this
 * node's own log (`KeyRevoked`, `KeyAuthorised`, stream `node-keys:<this node>`) by the event store, with the key
 * history row, and the registry's copy of the key moves with it in the same transaction.
 */
import { type EventStoreService, type KeyEntry, type KeyHistoryError, publicKeyObject } from "@planledger/event-store";
import { Effect } from "effect";
import type { LogView } from "../node/log-view.js";
import type { NodeRegistry } from "../registry/node-registry.js";
import type { FederationDb } from "../store/federation-tables.js";
import { KeyAlreadyRevoked, KeyBeyondLog, KeyChangeRefused, NoSuchChild } from "../verify/refusals.js";
import type { AuthoriseKeyRequest, RevokeKeyRequest } from "./key-messages.js";

export type KeyRefusal = NoSuchChild | KeyAlreadyRevoked | KeyBeyondLog | KeyChangeRefused;

export interface KeyService {
  /**
   * `nodeId`'s key from `fromSeq` is `publicKey`, signed by this node as its authority. `fromSeq` must be the seq
   * after the last one held here (a key cannot be authorised for events already held). Supersedes the earlier key from
   * there; an authorisation not yet used may be given again (a restore run twice).
   */
  readonly authoriseChildKey: (request: AuthoriseKeyRequest & { readonly by: string }) => Effect.Effect<{ readonly entry: KeyEntry; readonly eventId: string }, KeyRefusal>;
  /** Revokes a key of `nodeId` from `fromSeq` (≤ the seq after the last held): its checkpoints from there are refused. */
  readonly revokeChildKey: (request: RevokeKeyRequest & { readonly by: string }) => Effect.Effect<{ readonly entry: KeyEntry; readonly eventId: string }, KeyRefusal>;
  /** `nodeId`'s key history as held here (every node's when not given). */
  readonly history: (nodeId?: string) => Effect.Effect<ReadonlyArray<KeyEntry>>;
}

export interface KeyServiceOptions {
  readonly selfId: string;
  readonly store: EventStoreService;
  readonly db: FederationDb;
  readonly log: LogView;
  readonly registry: NodeRegistry;
}

const refusalOf = (nodeId: string, e: KeyHistoryError): KeyRefusal =>
  e.code === "KeyAlreadyRevoked"
    ? new KeyAlreadyRevoked({ nodeId, fromSeq: e.seq, detail: e.reason })
    : e.code === "KeyBeyondLog"
      ? new KeyBeyondLog({ nodeId, fromSeq: e.seq, detail: e.reason })
      : new KeyChangeRefused({ nodeId, fromSeq: e.seq, reasonCode: e.code, detail: e.reason });

/**
 * @example
 * const keys = makeKeyService({ selfId: "luhanska", store, db, log, registry })
 * yield* keys.revokeChildKey({ nodeId: "novopskovskyi", fromSeq: 41, reason: "ноутбук викрадено / laptop stolen", by: "admin@luhanska" })
 */
export const makeKeyService = (options: KeyServiceOptions): KeyService => {
  const { selfId, store, db, log, registry } = options;

  const below = (nodeId: string): Effect.Effect<void, NoSuchChild> =>
    Effect.gen(function* () {
      if (nodeId !== selfId && (yield* registry.below()).some((n) => n.nodeId === nodeId) && (yield* registry.keyOf(nodeId)) !== null) return;
      return yield* new NoSuchChild({ nodeId, detail: "не вузол під цим вузлом / not a node below this one: only its parent (or an ancestor) decides its keys" });
    });

  // The store's change and the registry's copy of the current key in one commit.
  const recorded = <A extends { readonly entry: KeyEntry; readonly event: { readonly eventId: string } }>(
    nodeId: string,
    change: Effect.Effect<A, KeyHistoryError>,
  ): Effect.Effect<{ readonly entry: KeyEntry; readonly eventId: string }, KeyRefusal> =>
    db.transaction(
      Effect.gen(function* () {
        const done = yield* Effect.mapError(change, (e) => refusalOf(nodeId, e));
        const current = yield* store.reader.nodeKey(nodeId);
        if (current !== undefined) yield* db.run(db.q.updateTable("federation_nodes").set({ public_key: current }).where("node_id", "=", nodeId));
        return { entry: done.entry, eventId: done.event.eventId };
      }),
    );

  const authoriseChildKey: KeyService["authoriseChildKey"] = ({ nodeId, publicKey, fromSeq, reason, by }) =>
    Effect.gen(function* () {
      yield* below(nodeId);
      try {
        if (publicKeyObject(publicKey).asymmetricKeyType !== "ed25519") throw new TypeError("not Ed25519");
      } catch {
        return yield* new KeyChangeRefused({ nodeId, fromSeq, reasonCode: "BadKey", detail: "publicKey: не ключ Ed25519 у base64 SPKI DER / not a base64 SPKI DER Ed25519 key" });
      }
      const held = (yield* log.cursorOf(nodeId)).seq;
      if (fromSeq <= held)
        return yield* new KeyChangeRefused({
          nodeId,
          fromSeq,
          reasonCode: "KeyRangeHeld",
          detail: `тут уже є події ${nodeId} до seq ${held}: новий ключ — лише з seq ${held + 1} / events of ${nodeId} up to seq ${held} are held here: a new key only from seq ${held + 1}`,
        });
      if (fromSeq > held + 1)
        return yield* new KeyBeyondLog({
          nodeId,
          fromSeq,
          detail: `журнал ${nodeId} тут закінчується на seq ${held}: новий ключ — з seq ${held + 1} / ${nodeId}'s log ends at seq ${held} here: the new key is from seq ${held + 1}`,
        });
      return yield* recorded(nodeId, store.authoriseKey({ origin: nodeId, publicKey, fromSeq, reason, actor: by }));
    });

  const revokeChildKey: KeyService["revokeChildKey"] = ({ nodeId, publicKey, fromSeq, reason, by }) =>
    Effect.zipRight(below(nodeId), recorded(nodeId, store.revokeKey({ origin: nodeId, publicKey, fromSeq, reason, actor: by })));

  return {
    authoriseChildKey,
    revokeChildKey,
    history: (nodeId) => store.keyHistory(nodeId),
  };
};
