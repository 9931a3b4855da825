/**
 * @module Recording key changes: a node rotating its own key, an authority (the parent) authorising a node's new key
 * or revoking one from a seq, a restored node importing its history, and a receiver applying the key events it
 * replicated. Each change is one write transaction: the event in the recording node's own log (stream
 * `node-keys:<node>`), the history row and the current key move together or not at all.
 */
import { Effect } from "effect";
import type { Checkpoint } from "./checkpoint.js";
import { signCheckpoint } from "./checkpoint.js";
import type { EventLog } from "./event-log.js";
import { KeyHistoryError, ReplicationRejectedError } from "./event-store.errors.js";
import { GENESIS_HASH } from "./hash-chain.js";
import {
  enrolledKey,
  historyProblem,
  type KeyAuthorisedData,
  type KeyEntry,
  type KeyRevokedData,
  type KeyRotatedData,
  keyAt,
  keyStream,
  signKeyAuthorisation,
  verifyKeyAuthorisation,
} from "./key-history.js";
import type { LogBackend, LogTransaction } from "./log-backend.js";
import type { NodeKey } from "./node-key.js";
import type { StoredEvent } from "./stored-event.js";
import { isVerifiedHeadSigned, signVerifiedHead } from "./verified-head.js";

/** What a rotation recorded: the `KeyRotated` event, the new entry, and the first checkpoint under the new key. */
export interface KeyRotation {
  readonly event: StoredEvent;
  readonly entry: KeyEntry;
  /** The old key's checkpoint at the head before the rotation (null for an empty log). */
  readonly sealed: Checkpoint | null;
  readonly checkpoint: Checkpoint;
}

export interface AuthoriseKeyRequest {
  readonly origin: string;
  readonly publicKey: string;
  readonly fromSeq: number;
  readonly reason: string;
  /** Who asked (the admin), recorded as the event's actor and `by`. */
  readonly actor: string;
}

export interface RevokeKeyRequest {
  readonly origin: string;
  /** The key to revoke; the key in force at `fromSeq` when not given. */
  readonly publicKey?: string | undefined;
  readonly fromSeq: number;
  readonly reason: string;
  readonly actor: string;
}

/** An event of a replicated log that changes keys, as a receiver stores it. */
export interface KeyEventRow {
  readonly eventId: string;
  readonly origin: string;
  readonly seq: number;
  readonly type: string;
  readonly dataJson: string;
  readonly recordedAt: string;
}

export interface KeyChanges {
  readonly rotateKey: (next: NodeKey, options: { readonly actor: string }) => Effect.Effect<KeyRotation, KeyHistoryError>;
  readonly authoriseKey: (request: AuthoriseKeyRequest) => Effect.Effect<{ readonly entry: KeyEntry; readonly event: StoredEvent }, KeyHistoryError>;
  readonly revokeKey: (request: RevokeKeyRequest) => Effect.Effect<{ readonly entry: KeyEntry; readonly event: StoredEvent }, KeyHistoryError>;
  readonly importKeyHistory: (origin: string, entries: ReadonlyArray<KeyEntry>) => Effect.Effect<void, KeyHistoryError>;
  readonly applyKeyEvents: (events: ReadonlyArray<KeyEventRow>) => Effect.Effect<number, ReplicationRejectedError>;
}

const fail = (origin: string, seq: number, code: string, reason: string) => new KeyHistoryError({ origin, seq, code, reason });

/** The origin's history, with its first key written as `enrolled` from seq 0 when it has none yet. */
const historyOf = (tx: LogTransaction, origin: string, recordedAt: string) =>
  Effect.gen(function* () {
    const held = yield* tx.keyHistory(origin);
    if (held.length > 0) return held;
    const current = yield* tx.nodeKey(origin);
    if (current === undefined) return held;
    const first = enrolledKey(origin, current, recordedAt);
    yield* tx.putKeyEntry(first);
    return [first];
  });

/**
 * Key changes over a backend for node `nodeId`; `key()` is the key the node signs with now, `useKey` switches it
 * once a rotation has committed.
 *
 * @example
 * const changes = makeKeyChanges(backend, "novopskovskyi", log, () => key, (k) => { key = k }, now)
 */
export const makeKeyChanges = (
  backend: LogBackend,
  nodeId: string,
  log: EventLog,
  key: () => NodeKey,
  useKey: (next: NodeKey) => void,
  now: () => string,
): KeyChanges => {
  const recordEvent = (type: string, data: unknown, actor: string) =>
    Effect.map(
      Effect.orDie(log.append(keyStream(nodeId), [{ type, data }], { expectedVersion: "any", actor })),
      ({ result }) => result.events[0] as StoredEvent,
    );

  const rotateKey: KeyChanges["rotateKey"] = (next, { actor }) =>
    Effect.tap(
      backend.write((tx) =>
        Effect.gen(function* () {
          const old = key();
          if (next.publicKey === old.publicKey) return yield* fail(nodeId, 0, "KeyRangeHeld", "новий ключ той самий, що й чинний / the new key is the key in force");
          const at = now();
          const history = yield* historyOf(tx, nodeId, at);
          const head = yield* tx.originHead(nodeId);
          const headSeq = head?.seq ?? 0;
          const inForce = keyAt(history, headSeq + 1);
          if (inForce !== undefined && inForce.revokedFromSeq !== null && inForce.revokedFromSeq <= headSeq + 1)
            return yield* fail(
              nodeId,
              headSeq + 1,
              "KeyRevoked",
              `чинний ключ відкликано з seq ${inForce.revokedFromSeq}: новий ключ має підтвердити батьківський вузол / the key in force is revoked from seq ${inForce.revokedFromSeq}: the parent must authorise a new key`,
            );
          // The old key seals the log as it stands: checkpoints up to here stay under the old key, and a push of the
          // unpushed part ends on this one.
          let sealed: Checkpoint | null = null;
          if (headSeq > 0) {
            sealed = (yield* tx.checkpointAt(nodeId, headSeq)) ?? null;
            if (sealed === null) {
              sealed = signCheckpoint(old.privateKey, { origin: nodeId, seq: headSeq, hash: head?.hash ?? GENESIS_HASH, signedAt: at });
              yield* tx.insertCheckpoint(sealed);
            }
          }
          const fromSeq = headSeq + 1;
          const authorised = { origin: nodeId, fromSeq, publicKey: next.publicKey, authority: "rotated" as const, authorisedBy: nodeId };
          const signature = signKeyAuthorisation(old.privateKey, authorised);
          const data: KeyRotatedData = { node: nodeId, fromSeq, publicKey: next.publicKey, previousKey: old.publicKey, signature };
          const event = yield* recordEvent("KeyRotated", data, actor);
          const entry: KeyEntry = {
            ...authorised,
            signature,
            eventId: event.eventId,
            recordedAt: at,
            revokedFromSeq: null,
            revokedReason: null,
            revokedBy: null,
          };
          yield* tx.putKeyEntry(entry);
          yield* tx.setNodeKey(nodeId, next.publicKey);
          const checkpoint = signCheckpoint(next.privateKey, { origin: nodeId, seq: event.seq, hash: event.hash, signedAt: at });
          yield* tx.insertCheckpoint(checkpoint);
          // The marks of what this node verified are signed by its key: signed again by the new one, so the next
          // opening does not walk every log from its start.
          const marks = (yield* backend.reader.verifiedHeads()).filter((m) => isVerifiedHeadSigned(old.publicKey, nodeId, m));
          if (marks.length > 0)
            yield* tx.putVerifiedHeads(
              marks.map((m) => signVerifiedHead(next.privateKey, nodeId, { origin: m.origin, seq: m.seq, hash: m.hash, verifiedAt: m.verifiedAt })),
            );
          return { event, entry, sealed, checkpoint };
        }),
      ),
      () => Effect.sync(() => useKey(next)),
    );

  const authoriseKey: KeyChanges["authoriseKey"] = (request) =>
    backend.write((tx) =>
      Effect.gen(function* () {
        const { origin, publicKey, fromSeq, reason, actor } = request;
        if (origin === nodeId)
          return yield* fail(origin, fromSeq, "NotThisNode", "вузол не підтверджує власний ключ: ротація / a node does not authorise its own key: rotate it");
        if (!Number.isSafeInteger(fromSeq) || fromSeq < 1) return yield* fail(origin, fromSeq, "KeyBeyondLog", `seq ${fromSeq}: очікується ціле ≥ 1 / expected a whole number ≥ 1`);
        const at = now();
        const history = yield* historyOf(tx, origin, at);
        if (history.length === 0) return yield* fail(origin, fromSeq, "NoKey", `ключ ${origin} тут не зареєстровано / no key of ${origin} is registered here`);
        // A parent's authorisation not yet used (nothing held from its seq on) may be replaced: a restore that failed
        // after the parent authorised its key is run again with another new key.
        const held = (yield* tx.originHead(origin))?.seq ?? 0;
        const later = history.find((e) => e.fromSeq > fromSeq || (e.fromSeq === fromSeq && !(e.authority === "parent" && e.authorisedBy === nodeId && held < fromSeq)));
        if (later !== undefined)
          return yield* fail(origin, fromSeq, "KeyRangeHeld", `ключ ${origin} уже чинний з seq ${later.fromSeq} / a key of ${origin} is in force from seq ${later.fromSeq} already`);
        const authorised = { origin, fromSeq, publicKey, authority: "parent" as const, authorisedBy: nodeId };
        const signature = signKeyAuthorisation(key().privateKey, authorised);
        const data: KeyAuthorisedData = { node: origin, fromSeq, publicKey, reason, by: actor, signature };
        const event = yield* recordEvent("KeyAuthorised", data, actor);
        const entry: KeyEntry = { ...authorised, signature, eventId: event.eventId, recordedAt: at, revokedFromSeq: null, revokedReason: null, revokedBy: null };
        yield* tx.putKeyEntry(entry);
        yield* tx.setNodeKey(origin, publicKey);
        return { entry, event };
      }),
    );

  const revokeKey: KeyChanges["revokeKey"] = (request) =>
    backend.write((tx) =>
      Effect.gen(function* () {
        const { origin, fromSeq, reason, actor } = request;
        if (!Number.isSafeInteger(fromSeq) || fromSeq < 1) return yield* fail(origin, fromSeq, "KeyBeyondLog", `seq ${fromSeq}: очікується ціле ≥ 1 / expected a whole number ≥ 1`);
        const at = now();
        const history = yield* historyOf(tx, origin, at);
        if (history.length === 0) return yield* fail(origin, fromSeq, "NoKey", `ключ ${origin} тут не зареєстровано / no key of ${origin} is registered here`);
        const held = (yield* tx.originHead(origin))?.seq ?? 0;
        if (fromSeq > held + 1)
          return yield* fail(
            origin,
            fromSeq,
            "KeyBeyondLog",
            `журнал ${origin} тут закінчується на seq ${held}: відкликати можна з seq ≤ ${held + 1} / ${origin}'s log ends at seq ${held} here: revoke from seq ≤ ${held + 1}`,
          );
        const entry = request.publicKey === undefined ? keyAt(history, fromSeq) : history.find((e) => e.publicKey === request.publicKey);
        if (entry === undefined)
          return yield* fail(origin, fromSeq, "UnknownKey", `такого ключа в історії ${origin} немає / no such key in ${origin}'s history`);
        if (entry.revokedFromSeq !== null)
          return yield* fail(
            origin,
            fromSeq,
            "KeyAlreadyRevoked",
            `ключ ${origin} уже відкликано з seq ${entry.revokedFromSeq} (${entry.revokedReason ?? ""}) / ${origin}'s key is revoked from seq ${entry.revokedFromSeq} already`,
          );
        const next = history.find((e) => e.fromSeq > entry.fromSeq);
        // Up to the seq the next key takes over: revoking there says the old key signs nothing from then on (a
        // restored node's old machine), so its checkpoints are answered as revoked, not merely as bad signatures.
        if (fromSeq < entry.fromSeq || (next !== undefined && fromSeq > next.fromSeq))
          return yield* fail(
            origin,
            fromSeq,
            "KeyNotInForce",
            `цей ключ чинний для seq ${entry.fromSeq}…${next === undefined ? "" : next.fromSeq - 1}, не для seq ${fromSeq} / this key is in force for seq ${entry.fromSeq}…${next === undefined ? "" : next.fromSeq - 1}, not at seq ${fromSeq}`,
          );
        const data: KeyRevokedData = { node: origin, publicKey: entry.publicKey, fromSeq, reason, by: actor };
        const event = yield* recordEvent("KeyRevoked", data, actor);
        const revoked: KeyEntry = { ...entry, revokedFromSeq: fromSeq, revokedReason: reason, revokedBy: nodeId };
        yield* tx.putKeyEntry(revoked);
        return { entry: revoked, event };
      }),
    );

  /** Every key known for `node` here: its current one and its history. */
  const keysOf = (tx: LogTransaction) => (node: string) =>
    Effect.map(Effect.all([tx.nodeKey(node), tx.keyHistory(node)]), ([current, history]) => [
      ...(current === undefined ? [] : [current]),
      ...history.map((e) => e.publicKey),
    ]);

  const importKeyHistory: KeyChanges["importKeyHistory"] = (origin, entries) =>
    backend.write((tx) =>
      Effect.gen(function* () {
        const sorted = [...entries].filter((e) => e.origin === origin).sort((a, b) => a.fromSeq - b.fromSeq);
        const newest = sorted.at(-1);
        if (newest === undefined) return yield* fail(origin, 0, "NoKey", `порожня історія ключів ${origin} / an empty key history of ${origin}`);
        const signers = new Map<string, ReadonlyArray<string>>();
        for (const e of sorted)
          if (e.authority === "parent" && e.authorisedBy !== null && !signers.has(e.authorisedBy))
            signers.set(e.authorisedBy, yield* keysOf(tx)(e.authorisedBy));
        const problem = historyProblem(sorted, (node) => signers.get(node) ?? []);
        if (problem !== null) return yield* fail(origin, problem.entry.fromSeq, "BadAuthorisation", problem.reason);
        for (const e of sorted) yield* tx.putKeyEntry(e);
        if ((yield* tx.nodeKey(origin)) === undefined) yield* tx.putNodeKey(origin, newest.publicKey, origin === nodeId);
        else yield* tx.setNodeKey(origin, newest.publicKey);
      }),
    );

  // Receiver side: the key events of a batch that passed verification, applied in the batch's own transaction.
  const applyKeyEvents: KeyChanges["applyKeyEvents"] = (events) =>
    backend.write((tx) =>
      Effect.gen(function* () {
        let applied = 0;
        for (const event of events) {
          const reject = (reason: string) => new ReplicationRejectedError({ origin: event.origin, seq: event.seq, reason });
          const data = JSON.parse(event.dataJson) as Record<string, unknown>;
          const node = typeof data.node === "string" ? data.node : undefined;
          if (node === undefined || node === nodeId) continue;
          const history = yield* historyOf(tx, node, event.recordedAt);
          if (event.type === "KeyRotated") {
            const d = data as unknown as KeyRotatedData;
            if (node !== event.origin || d.fromSeq !== event.seq) return yield* reject("KeyRotated: not the origin's own key, or not from its own seq");
            if (history.some((e) => e.fromSeq === d.fromSeq && e.publicKey === d.publicKey)) continue;
            const before = keyAt(history, d.fromSeq - 1);
            const authorised = { origin: node, fromSeq: d.fromSeq, publicKey: d.publicKey, authority: "rotated" as const, authorisedBy: node };
            if (before === undefined || before.publicKey !== d.previousKey || !verifyKeyAuthorisation(before.publicKey, authorised, d.signature))
              return yield* reject("KeyRotated is not signed by the key in force before it");
            yield* tx.putKeyEntry({ ...authorised, signature: d.signature, eventId: event.eventId, recordedAt: event.recordedAt, revokedFromSeq: null, revokedReason: null, revokedBy: null });
            if (history.every((e) => e.fromSeq < d.fromSeq)) yield* tx.setNodeKey(node, d.publicKey);
          } else if (event.type === "KeyAuthorised") {
            const d = data as unknown as KeyAuthorisedData;
            if (history.some((e) => e.fromSeq === d.fromSeq)) continue;
            const authorised = { origin: node, fromSeq: d.fromSeq, publicKey: d.publicKey, authority: "parent" as const, authorisedBy: event.origin };
            const signers = yield* keysOf(tx)(event.origin);
            // Recorded in the authority's own log, which verified; a signature that does not check out here (a key of
            // the authority this node never learnt) is left out of the history rather than failing the batch.
            if (!signers.some((k) => verifyKeyAuthorisation(k, authorised, d.signature))) continue;
            yield* tx.putKeyEntry({ ...authorised, signature: d.signature, eventId: event.eventId, recordedAt: event.recordedAt, revokedFromSeq: null, revokedReason: null, revokedBy: null });
            if (history.every((e) => e.fromSeq < d.fromSeq)) yield* tx.setNodeKey(node, d.publicKey);
          } else if (event.type === "KeyRevoked") {
            const d = data as unknown as KeyRevokedData;
            const entry = history.find((e) => e.publicKey === d.publicKey);
            if (entry === undefined || entry.revokedFromSeq !== null) continue;
            yield* tx.putKeyEntry({ ...entry, revokedFromSeq: d.fromSeq, revokedReason: d.reason, revokedBy: event.origin });
          } else continue;
          applied++;
        }
        return applied;
      }),
    );

  return { rotateKey, authoriseKey, revokeKey, importKeyHistory, applyKeyEvents };
};
