/**
 * @module Signed checkpoints: an origin's statement "my log up to `seq` ends in `hash`".
 */
import { type KeyObject, createPublicKey, sign, verify } from "node:crypto";
import { Schema as S } from "effect";
import { canonicalJson } from "./canonical-json.js";

/** A parent's countersignature over the whole checkpoint (its `signature` included). */
export const Witness = S.Struct({ node: S.String, signedAt: S.String, signature: S.String });
export type Witness = typeof Witness.Type;

export const Checkpoint = S.Struct({
  origin: S.String,
  seq: S.Int.pipe(S.nonNegative()),
  hash: S.String,
  signedAt: S.String,
  /** Base64 Ed25519 signature over {@link checkpointPayload}. */
  signature: S.String,
  witness: S.optional(S.NullOr(Witness)),
});
export type Checkpoint = typeof Checkpoint.Type;

/**
 * The bytes an origin signs: canonical JSON of `{ hash, origin, seq, signedAt }`.
 *
 * @example
 * checkpointPayload({ origin: "luhanska", seq: 3, hash, signedAt: "2026-11-22T08:00:00.000Z" })
 */
export const checkpointPayload = (cp: Pick<Checkpoint, "origin" | "seq" | "hash" | "signedAt">): Buffer =>
  Buffer.from(canonicalJson({ hash: cp.hash, origin: cp.origin, seq: cp.seq, signedAt: cp.signedAt }), "utf8");

/**
 * Signs the head of an origin's log with that node's private key.
 *
 * @example
 * signCheckpoint(privateKey, { origin: "luhanska", seq: 3, hash, signedAt: new Date().toISOString() })
 */
export const signCheckpoint = (
  privateKey: KeyObject,
  cp: Pick<Checkpoint, "origin" | "seq" | "hash" | "signedAt">,
): Checkpoint => ({ ...cp, signature: sign(null, checkpointPayload(cp), privateKey).toString("base64"), witness: null });

// Parsing a DER key costs a few hundred microseconds and every received batch verifies one or two signatures
// under the same few keys, so the parsed keys are kept (bounded: node keys are few).
const publicKeys = new Map<string, KeyObject>();

/**
 * The key object of a base64 SPKI DER Ed25519 public key, parsed once per distinct key; throws if it is not one.
 *
 * @example
 * verify(null, payload, publicKeyObject(store.publicKey), signature)
 */
export const publicKeyObject = (publicKey: string): KeyObject => {
  let key = publicKeys.get(publicKey);
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.from(publicKey, "base64"), format: "der", type: "spki" });
    if (publicKeys.size >= 1000) publicKeys.clear();
    publicKeys.set(publicKey, key);
  }
  return key;
};

// A received checkpoint is verified by federation and then again by the store that keeps it; the second check
// of the very same (key, payload, signature) is answered from here. Only successes are kept, bounded.
const verified = new Set<string>();

/**
 * Whether `signature` is the origin's Ed25519 signature of the checkpoint; `publicKey` is base64 SPKI DER.
 *
 * @example
 * verifyCheckpoint(store.publicKey, checkpoint) // true
 */
export const verifyCheckpoint = (publicKey: string, cp: Checkpoint): boolean => {
  try {
    const payload = checkpointPayload(cp);
    const memo = `${publicKey} ${cp.signature} ${payload.toString("latin1")}`;
    if (verified.has(memo)) return true;
    const valid = verify(null, payload, publicKeyObject(publicKey), Buffer.from(cp.signature, "base64"));
    if (valid) {
      if (verified.size >= 1000) verified.clear();
      verified.add(memo);
    }
    return valid;
  } catch {
    return false;
  }
};
