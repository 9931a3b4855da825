/**
 * @module A parent's witness countersignature over a child checkpoint it verified: the JSON form, kept beside the
 * C2SP tlog-cosignature/v1 lines (`../witness/`) while nodes that know only this form remain (docs/federation.md,
 * "Transition from the JSON witness").
 */
import { type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson, publicKeyObject } from "@planledger/event-store";
import type { Checkpoint } from "./replicated-event.js";

/**
 * The bytes a witness signs: canonical JSON of the whole origin checkpoint (its signature included), the
 * witness node and the time it witnessed. Signing the origin's signature too binds the witness to that
 * exact statement, so an origin cannot later present another signature for the same seq.
 *
 * @example
 * witnessPayload(checkpoint, "luhanska", "2026-11-22T09:00:00.000Z")
 */
export const witnessPayload = (cp: Checkpoint, node: string, signedAt: string): Buffer =>
  Buffer.from(
    canonicalJson({
      checkpoint: { hash: cp.hash, origin: cp.origin, seq: cp.seq, signature: cp.signature, signedAt: cp.signedAt },
      signedAt,
      witness: node,
    }),
    "utf8",
  );

/**
 * The checkpoint with `witness` filled in by `node`.
 *
 * @example
 * const witnessed = witnessCheckpoint(checkpoint, "luhanska", key.privateKey, new Date().toISOString())
 */
export const witnessCheckpoint = (cp: Checkpoint, node: string, privateKey: KeyObject, signedAt: string): Checkpoint => ({
  ...cp,
  witness: { node, signedAt, signature: sign(null, witnessPayload(cp, node, signedAt), privateKey).toString("base64") },
});

/**
 * Whether the checkpoint's witness signature verifies under the witness's base64 SPKI public key.
 *
 * @example
 * verifyWitness(witnessed, parentPublicKey) // true
 */
export const verifyWitness = (cp: Checkpoint, witnessPublicKey: string): boolean => {
  const w = cp.witness;
  if (w === undefined || w === null) return false;
  try {
    return verify(null, witnessPayload(cp, w.node, w.signedAt), publicKeyObject(witnessPublicKey), Buffer.from(w.signature, "base64"));
  } catch {
    return false;
  }
};
