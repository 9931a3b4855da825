/**
 * @module What a node has verified of each origin's log, signed by the node itself: "I walked `origin`'s chain up
 * to `seq`, ending in `hash`, at `verifiedAt`". Opening a node checks only what follows these marks
 * (`open-verifier.ts`); `planledger audit verify` still walks everything.
 */
import { type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";
import { publicKeyObject } from "./checkpoint.js";

export interface VerifiedHead {
  readonly origin: string;
  readonly seq: number;
  readonly hash: string;
  readonly verifiedAt: string;
  /** Base64 Ed25519 signature of {@link verifiedHeadPayload} by the node that verified. */
  readonly signature: string;
}

/**
 * The bytes a node signs for a mark: canonical JSON naming the purpose, so the signature cannot be taken for a
 * checkpoint's (whose payload has no `purpose`), and the node that verified.
 *
 * @example
 * verifiedHeadPayload({ origin: "novopskovskyi", seq: 12, hash, verifiedAt }, "luhanska")
 */
export const verifiedHeadPayload = (head: Omit<VerifiedHead, "signature">, verifiedBy: string): Buffer =>
  Buffer.from(
    canonicalJson({
      hash: head.hash,
      origin: head.origin,
      purpose: "planledger/verified-head/v1",
      seq: head.seq,
      verifiedAt: head.verifiedAt,
      verifiedBy,
    }),
    "utf8",
  );

/**
 * @example
 * signVerifiedHead(key.privateKey, "luhanska", { origin: "luhanska", seq: 3, hash, verifiedAt: now() })
 */
export const signVerifiedHead = (privateKey: KeyObject, verifiedBy: string, head: Omit<VerifiedHead, "signature">): VerifiedHead => ({
  ...head,
  signature: sign(null, verifiedHeadPayload(head, verifiedBy), privateKey).toString("base64"),
});

/**
 * Whether `head` is signed by `verifiedBy`'s key (base64 SPKI DER).
 *
 * @example
 * isVerifiedHeadSigned(key.publicKey, "luhanska", head) // true
 */
export const isVerifiedHeadSigned = (publicKey: string, verifiedBy: string, head: VerifiedHead): boolean => {
  try {
    return verify(null, verifiedHeadPayload(head, verifiedBy), publicKeyObject(publicKey), Buffer.from(head.signature, "base64"));
  } catch {
    return false;
  }
};
