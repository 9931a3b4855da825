/**
 * @module Which key signs which seq range of an origin's log: the key history. A node's key can change — rotated by
 * the node (the old key signs the new one), authorised by its parent (a node restored on a new machine, a key
 * reported compromised) — and a key can be revoked from a seq. A checkpoint at seq `s` verifies under the key in force
 * at `s`: the entry with the largest `fromSeq <= s`.
 */
import { type KeyObject, sign, verify } from "node:crypto";
import { Schema as S } from "effect";
import { canonicalJson } from "./canonical-json.js";
import type { Checkpoint } from "./checkpoint.js";
import { publicKeyObject, verifyCheckpoint } from "./checkpoint.js";

/** How an entry's key came to be in force. */
export const KeyAuthority = S.Literal("enrolled", "rotated", "parent");
export type KeyAuthority = typeof KeyAuthority.Type;

/** One key of one origin, in force from `fromSeq` until the next entry's `fromSeq` (or for good). */
export const KeyEntry = S.Struct({
  origin: S.String,
  fromSeq: S.Int.pipe(S.nonNegative()),
  /** Base64 SPKI DER Ed25519. */
  publicKey: S.String,
  authority: KeyAuthority,
  /** `rotated`: the origin itself (its previous key signed); `parent`: the authority node's id; `enrolled`: null. */
  authorisedBy: S.NullOr(S.String),
  /** Base64 Ed25519 over {@link keyAuthorisationPayload}; null for `enrolled`. */
  signature: S.NullOr(S.String),
  /** The event that recorded it (`KeyRotated` in the origin's log, `KeyAuthorised` in the authority's). */
  eventId: S.NullOr(S.String),
  recordedAt: S.String,
  /** Checkpoints at seq ≥ this, verified under this key, are not accepted. */
  revokedFromSeq: S.NullOr(S.Int.pipe(S.nonNegative())),
  revokedReason: S.NullOr(S.String),
  revokedBy: S.NullOr(S.String),
});
export type KeyEntry = typeof KeyEntry.Type;

/** The stream a node records its key changes in (its own log; single writer, as every stream). */
export const keyStream = (nodeId: string): string => `node-keys:${nodeId}`;

/** Data of `KeyRotated`, in the rotating node's own log: its previous key signed the new one. */
export const KeyRotatedData = S.Struct({
  node: S.String,
  fromSeq: S.Int.pipe(S.positive()),
  publicKey: S.String,
  previousKey: S.String,
  signature: S.String,
});
export type KeyRotatedData = typeof KeyRotatedData.Type;

/** Data of `KeyAuthorised`, in the authority's own log: it signed `node`'s key from `fromSeq`. */
export const KeyAuthorisedData = S.Struct({
  node: S.String,
  fromSeq: S.Int.pipe(S.positive()),
  publicKey: S.String,
  reason: S.String,
  by: S.String,
  signature: S.String,
});
export type KeyAuthorisedData = typeof KeyAuthorisedData.Type;

/** Data of `KeyRevoked`, in the revoking node's own log (the node itself, or its parent as the authority). */
export const KeyRevokedData = S.Struct({
  node: S.String,
  publicKey: S.String,
  fromSeq: S.Int.pipe(S.positive()),
  reason: S.String,
  by: S.String,
});
export type KeyRevokedData = typeof KeyRevokedData.Type;

export const KEY_EVENT_TYPES = ["KeyRotated", "KeyAuthorised", "KeyRevoked"] as const;

type Authorised = Pick<KeyEntry, "origin" | "fromSeq" | "publicKey" | "authority" | "authorisedBy">;

/**
 * The bytes a key authorisation signs: canonical JSON of
 * `{ authorisedBy, authority, fromSeq, origin, publicKey, purpose: "planledger/key-authorisation/v1" }`. The purpose
 * keeps it from ever being read as a checkpoint or a verified-head mark signed by the same key.
 *
 * @example
 * keyAuthorisationPayload({ origin: "novopskovskyi", fromSeq: 51, publicKey, authority: "rotated", authorisedBy: "novopskovskyi" })
 */
export const keyAuthorisationPayload = (e: Authorised): Buffer =>
  Buffer.from(
    canonicalJson({
      authorisedBy: e.authorisedBy,
      authority: e.authority,
      fromSeq: e.fromSeq,
      origin: e.origin,
      publicKey: e.publicKey,
      purpose: "planledger/key-authorisation/v1",
    }),
    "utf8",
  );

/**
 * Signs a key authorisation (the previous key for a rotation, the parent's key for a parent's authorisation).
 *
 * @example
 * const signature = signKeyAuthorisation(oldKey.privateKey, { origin, fromSeq: 51, publicKey: next.publicKey, authority: "rotated", authorisedBy: origin })
 */
export const signKeyAuthorisation = (privateKey: KeyObject, e: Authorised): string =>
  sign(null, keyAuthorisationPayload(e), privateKey).toString("base64");

/**
 * Whether `signature` is the signer's signature of the authorisation; false for anything unreadable.
 *
 * @example
 * verifyKeyAuthorisation(previous.publicKey, entry, entry.signature) // true
 */
export const verifyKeyAuthorisation = (signerPublicKey: string, e: Authorised, signature: string): boolean => {
  try {
    return verify(null, keyAuthorisationPayload(e), publicKeyObject(signerPublicKey), Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
};

/**
 * The first key an origin is known by, from seq 0, as it was registered at enrollment or first start: the entry a
 * history starts with before any rotation is recorded.
 *
 * @example
 * enrolledKey("novopskovskyi", registeredKey, new Date().toISOString())
 */
export const enrolledKey = (origin: string, publicKey: string, recordedAt: string): KeyEntry => ({
  origin,
  fromSeq: 0,
  publicKey,
  authority: "enrolled",
  authorisedBy: null,
  signature: null,
  eventId: null,
  recordedAt,
  revokedFromSeq: null,
  revokedReason: null,
  revokedBy: null,
});

/**
 * The entry in force at `seq` among one origin's entries: the one with the largest `fromSeq <= seq` (the first
 * entry covers everything before it too, so seq 0 and a history that starts late still have a key).
 *
 * @example
 * keyAt(history, 40)?.publicKey
 */
export const keyAt = (entries: ReadonlyArray<KeyEntry>, seq: number): KeyEntry | undefined => {
  let found: KeyEntry | undefined;
  for (const e of entries) if (e.fromSeq <= seq && (found === undefined || e.fromSeq > found.fromSeq)) found = e;
  return found ?? [...entries].sort((a, b) => a.fromSeq - b.fromSeq)[0];
};

/** Why a checkpoint does not verify under an origin's key history, or null when it does. */
export type CheckpointKeyProblem =
  | { readonly _tag: "NoKey" }
  | { readonly _tag: "BadSignature"; readonly entry: KeyEntry | null }
  | { readonly _tag: "Revoked"; readonly entry: KeyEntry };

/**
 * Checks a checkpoint under the key in force at its seq (`history` of its origin; `fallback` — the `node_keys` key —
 * when the origin has no history). A valid signature by a key revoked at or before the checkpoint's seq is `Revoked`.
 *
 * @example
 * checkpointKeyProblem(history, store.publicKey, cp) // null
 */
export const checkpointKeyProblem = (
  history: ReadonlyArray<KeyEntry>,
  fallback: string | undefined,
  cp: Checkpoint,
): CheckpointKeyProblem | null => {
  const entry = history.length > 0 ? keyAt(history, cp.seq) : undefined;
  const key = entry?.publicKey ?? fallback;
  if (key === undefined) return { _tag: "NoKey" };
  if (!verifyCheckpoint(key, cp)) {
    // Signed by a key revoked by then (an old machine's, a stolen one): say so rather than "bad signature".
    const revoked = history.find((e) => e.revokedFromSeq !== null && cp.seq >= e.revokedFromSeq && verifyCheckpoint(e.publicKey, cp));
    return revoked === undefined ? { _tag: "BadSignature", entry: entry ?? null } : { _tag: "Revoked", entry: revoked };
  }
  if (entry !== undefined && entry.revokedFromSeq !== null && cp.seq >= entry.revokedFromSeq) return { _tag: "Revoked", entry };
  return null;
};

/**
 * Checks an origin's history as a chain: every `rotated` entry signed by the key before it, every `parent` entry by
 * one of its authority's keys (`keysOf`: every key known for that node — it may have rotated since). Returns the first
 * entry that fails, with why, or null.
 *
 * @example
 * historyProblem(await keyHistory("novopskovskyi"), (id) => [keys.get(id)].filter((k) => k !== undefined))
 */
export const historyProblem = (
  history: ReadonlyArray<KeyEntry>,
  keysOf: (nodeId: string) => ReadonlyArray<string>,
): { readonly entry: KeyEntry; readonly reason: string } | null => {
  const sorted = [...history].sort((a, b) => a.fromSeq - b.fromSeq);
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i] as KeyEntry;
    const previous = sorted[i - 1];
    if (entry.authority === "enrolled") {
      if (i > 0) return { entry, reason: `key from seq ${entry.fromSeq} is marked "enrolled" but is not the first key` };
      continue;
    }
    if (entry.signature === null || entry.authorisedBy === null) return { entry, reason: `key from seq ${entry.fromSeq} carries no authorisation` };
    const signers = entry.authority === "rotated" ? (previous === undefined ? [] : [previous.publicKey]) : keysOf(entry.authorisedBy);
    if (signers.length === 0)
      return {
        entry,
        reason:
          entry.authority === "rotated"
            ? `key from seq ${entry.fromSeq} is a rotation with no key before it`
            : `no key of ${entry.authorisedBy}, which authorised the key from seq ${entry.fromSeq}`,
      };
    const signature = entry.signature;
    if (!signers.some((signer) => verifyKeyAuthorisation(signer, entry, signature)))
      return { entry, reason: `the authorisation of the key from seq ${entry.fromSeq} is not signed by ${entry.authority === "rotated" ? "the key before it" : entry.authorisedBy}` };
  }
  return null;
};

/** A `node_key_history` row as the engines read and write it, columns in table order. */
export type KeyRowTuple = [
  origin: string,
  fromSeq: number,
  publicKey: string,
  authority: string,
  authorisedBy: string | null,
  signature: string | null,
  eventId: string | null,
  recordedAt: string,
  revokedFromSeq: number | null,
  revokedReason: string | null,
  revokedBy: string | null,
];

/**
 * The entry of a stored row (an unknown authority is read as `parent`, the strictest: its signature is checked).
 *
 * @example
 * rows.map(keyEntryOfRow)
 */
export const keyEntryOfRow = (r: KeyRowTuple): KeyEntry => ({
  origin: r[0],
  fromSeq: Number(r[1]),
  publicKey: r[2],
  authority: r[3] === "enrolled" || r[3] === "rotated" ? r[3] : "parent",
  authorisedBy: r[4],
  signature: r[5],
  eventId: r[6],
  recordedAt: r[7],
  revokedFromSeq: r[8] === null ? null : Number(r[8]),
  revokedReason: r[9],
  revokedBy: r[10],
});

/**
 * The row of an entry, columns in table order.
 *
 * @example
 * statement.run(...keyRowOf(entry))
 */
export const keyRowOf = (e: KeyEntry): KeyRowTuple => [
  e.origin,
  e.fromSeq,
  e.publicKey,
  e.authority,
  e.authorisedBy,
  e.signature,
  e.eventId,
  e.recordedAt,
  e.revokedFromSeq,
  e.revokedReason,
  e.revokedBy,
];
