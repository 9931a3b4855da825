/**
 * @module The admin messages that change a child's key at its parent (`docs/federation.md`, "Keys over time").
 */
import { KeyEntry } from "@planledger/event-store";
import { Schema as S } from "effect";

const nodeId = S.String.pipe(S.minLength(1), S.maxLength(63));
const publicKey = S.String.pipe(S.minLength(40), S.maxLength(200)).annotations({ description: "base64 SPKI DER of an Ed25519 public key" });
const fromSeq = S.Int.pipe(S.greaterThanOrEqualTo(1)).annotations({ description: "the first seq of the node's log the change applies to" });
const reason = S.String.pipe(S.minLength(1), S.maxLength(2000));

/** The parent's admin, as the authority, revokes a key of a node below it from a seq, saying why. */
export const RevokeKeyRequest = S.Struct({
  nodeId,
  fromSeq,
  reason,
  publicKey: S.optional(publicKey).annotations({ description: "the key to revoke; the key in force at fromSeq when absent" }),
}).annotations({ identifier: "RevokeKeyRequest" });
export type RevokeKeyRequest = typeof RevokeKeyRequest.Type;

/** The parent's admin, as the authority, authorises a new key of a node below it from a seq (a restored machine). */
export const AuthoriseKeyRequest = S.Struct({ nodeId, fromSeq, reason, publicKey }).annotations({ identifier: "AuthoriseKeyRequest" });
export type AuthoriseKeyRequest = typeof AuthoriseKeyRequest.Type;

/** What a key change recorded: the history entry as it now stands, and the event in this node's log. */
export const KeyChanged = S.Struct({
  _tag: S.Literal("KeyRevoked", "KeyAuthorised"),
  nodeId: S.String,
  entry: KeyEntry,
  eventId: S.String,
}).annotations({ identifier: "KeyChanged" });
export type KeyChanged = typeof KeyChanged.Type;

/** A node's key history as this node holds it. */
export const KeyHistoryAnswer = S.Struct({ _tag: S.Literal("KeyHistory"), nodeId: S.String, keys: S.Array(KeyEntry) }).annotations({
  identifier: "KeyHistoryAnswer",
});
