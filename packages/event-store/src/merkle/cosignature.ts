/**
 * @module Checkpoint cosignatures (c2sp.org/tlog-cosignature, Ed25519 `cosignature/v1`, signature type 0x04): a
 * parent's or witness's timestamped statement that a checkpoint is the largest consistent one it has seen.
 */
import { type KeyObject, sign } from "node:crypto";
import { Either } from "effect";
import { MalformedNoteError } from "./merkle.errors.js";
import {
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type VerifiedNote,
  ed25519KeyObject,
  ed25519PublicKey,
  ed25519Verifies,
  formatKeyId,
  isKeyName,
  noteKeyId,
} from "./signed-note.js";

/** Signature type of timestamped Ed25519 checkpoint cosignatures. */
export const COSIGNATURE_V1_TYPE = 0x04;

/** A cosignature's payload after the key ID: `u64 timestamp ‖ ed25519_signature[64]`. */
export interface Cosignature {
  /** POSIX seconds at which it was made. */
  readonly timestamp: number;
  readonly signature: Buffer;
}

const MAX_TIMESTAMP = 2n ** 63n - 1n;

/**
 * The bytes a cosigner signs: `cosignature/v1\ntime <timestamp>\n` followed by the whole checkpoint body (the
 * note text, extension lines included, signatures not).
 *
 * @example
 * cosignatureMessage("example.com/behind-the-sofa\n20852163\nCsUY…q2I=\n", 1679315147).toString()
 * // "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUY…q2I=\n"
 */
export const cosignatureMessage = (checkpointBody: string | Uint8Array, timestamp: number | bigint): Buffer =>
  Buffer.concat([
    Buffer.from(`cosignature/v1\ntime ${timestamp.toString()}\n`, "utf8"),
    typeof checkpointBody === "string" ? Buffer.from(checkpointBody, "utf8") : checkpointBody,
  ]);

/**
 * Reads a cosignature's timestamp and Ed25519 signature from a signature line (or the bytes after its key ID):
 * exactly 8 + 64 bytes, a timestamp not above 2^63 − 1 (and, to be a JavaScript number, 2^53 − 1).
 *
 * @example
 * parseCosignature(note.signatures[1]) // Right({ timestamp: 1679315147, signature: <64 bytes> })
 */
export const parseCosignature = (signature: NoteSignature | Uint8Array): Either.Either<Cosignature, MalformedNoteError> => {
  const bytes = Buffer.from(signature instanceof Uint8Array ? signature : signature.signature);
  const who = signature instanceof Uint8Array ? "the cosignature" : `the cosignature of ${signature.name}`;
  if (bytes.length !== 8 + 64) {
    return Either.left(new MalformedNoteError({ reason: `${who} is ${bytes.length} bytes after its key ID, not 8 + 64`, line: null }));
  }
  const timestamp = bytes.readBigUInt64BE(0);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
    return Either.left(new MalformedNoteError({ reason: `${who} has timestamp ${timestamp}, beyond 2^53 − 1 seconds`, line: null }));
  }
  return Either.right({ timestamp: Number(timestamp), signature: bytes.subarray(8) });
};

/**
 * The cosigner of an Ed25519 private key under `name` (type 0x04), stamping `timestamp` (POSIX seconds): a
 * {@link NoteSigner} to pass to `signNote` with the checkpoint's text and signatures. Throws a TypeError for a
 * bad name, a key that is not Ed25519 or a timestamp that is not a whole number of seconds.
 *
 * @example
 * signNote(checkpoint.text, [ed25519Cosigner("planledger.example/oblast", parentKey.privateKey, now)], checkpoint.signatures)
 */
export const ed25519Cosigner = (name: string, privateKey: KeyObject, timestamp: number): NoteSigner => {
  if (!isKeyName(name)) throw new TypeError(`${JSON.stringify(name)} cannot name a note key`);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError(`timestamp ${timestamp} is not a whole number of seconds ≥ 0`);
  const publicKey = ed25519PublicKey(privateKey);
  return {
    name,
    keyId: noteKeyId(name, COSIGNATURE_V1_TYPE, publicKey),
    sign: (text) => {
      const out = Buffer.allocUnsafe(8 + 64);
      out.writeBigUInt64BE(BigInt(timestamp), 0);
      out.set(sign(null, cosignatureMessage(text, timestamp), privateKey), 8);
      return out;
    },
  };
};

/**
 * The verifier of a cosigner's Ed25519 public key under `name` (type 0x04): a key object, base64 SPKI DER or
 * the raw 32 bytes. It verifies the signature over the message with the timestamp the signature carries, of
 * any size up to 2^63 − 1. Throws a TypeError for a bad name or a key that is not Ed25519.
 *
 * @example
 * openNote(note, [logVerifier, ed25519CosignatureVerifier("planledger.example/oblast", parentPublicKey)])
 */
export const ed25519CosignatureVerifier = (name: string, publicKey: KeyObject | string | Uint8Array): NoteVerifier => {
  if (!isKeyName(name)) throw new TypeError(`${JSON.stringify(name)} cannot name a note key`);
  const raw = publicKey instanceof Uint8Array ? Buffer.from(publicKey) : ed25519PublicKey(publicKey);
  if (raw.length !== 32) throw new TypeError(`an Ed25519 public key is 32 bytes, ${raw.length} were given`);
  const key = ed25519KeyObject(raw);
  return {
    name,
    keyId: noteKeyId(name, COSIGNATURE_V1_TYPE, raw),
    type: COSIGNATURE_V1_TYPE,
    publicKey: raw,
    verify: (text, signature) => {
      if (signature.length !== 8 + 64) return false;
      const bytes = Buffer.from(signature.buffer, signature.byteOffset, signature.length);
      const timestamp = bytes.readBigUInt64BE(0);
      if (timestamp > MAX_TIMESTAMP) return false;
      return ed25519Verifies(key, cosignatureMessage(text, timestamp), bytes.subarray(8));
    },
  };
};

/** A verified cosignature: who made it and when. */
export interface VerifiedCosignature {
  readonly name: string;
  readonly keyId: number;
  /** `name+keyid`, as errors and logs name the key. */
  readonly key: string;
  readonly timestamp: number;
}

/**
 * The verified tlog-cosignature/v1 signatures of an opened note, with their timestamps; what a k-of-n witness
 * policy counts.
 *
 * @example
 * Either.map(openNote(note, [log, ...witnesses]), cosignaturesOf) // Right([{ name: "…/oblast", timestamp: … }])
 */
export const cosignaturesOf = (note: VerifiedNote): ReadonlyArray<VerifiedCosignature> =>
  note.verified.flatMap((s) => {
    if (s.verifier.type !== COSIGNATURE_V1_TYPE) return [];
    const parsed = parseCosignature(s);
    return Either.isRight(parsed)
      ? [{ name: s.name, keyId: s.keyId, key: `${s.name}+${formatKeyId(s.keyId)}`, timestamp: parsed.right.timestamp }]
      : [];
  });
