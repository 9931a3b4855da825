/**
 * @module Verifier key strings (c2sp.org/signed-note, "Verifier keys"): `name+hex(key ID)+base64(type ‖ key)`
 * read into a note verifier, for Ed25519 note keys (0x01) and Ed25519 cosigner keys (0x04).
 */
import { Either } from "effect";
import { COSIGNATURE_V1_TYPE, ed25519CosignatureVerifier } from "./cosignature.js";
import { MalformedVerifierKeyError } from "./merkle.errors.js";
import { ED25519_SIGNATURE_TYPE, type NoteVerifier, decodeBase64, ed25519NoteVerifier, formatKeyId, isKeyName } from "./signed-note.js";

/**
 * The verifier of a verifier key string. The key ID it names must be the one its name, type and key give;
 * types other than 0x01 (Ed25519) and 0x04 (Ed25519 cosignature/v1) are refused.
 *
 * @example
 * parseVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k") // Right(verifier)
 */
export const parseVerifierKey = (vkey: string): Either.Either<NoteVerifier, MalformedVerifierKeyError> => {
  const fail = (reason: string) => Either.left(new MalformedVerifierKeyError({ key: vkey, reason }));
  const first = vkey.indexOf("+");
  const second = first === -1 ? -1 : vkey.indexOf("+", first + 1);
  if (second === -1) return fail("is not <name>+<key ID>+<base64 key>");
  const name = vkey.slice(0, first);
  const hex = vkey.slice(first + 1, second);
  if (!isKeyName(name)) return fail("the name is empty or holds a space");
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) return fail(`the key ID ${JSON.stringify(hex)} is not eight hex digits`);
  const bytes = decodeBase64(vkey.slice(second + 1));
  if (bytes === undefined || bytes.length === 0) return fail("the key is not standard base64");
  const type = bytes[0] as number;
  const key = bytes.subarray(1);
  if (type !== ED25519_SIGNATURE_TYPE && type !== COSIGNATURE_V1_TYPE) {
    return fail(`signature type 0x${type.toString(16).padStart(2, "0")} is not supported (0x01 Ed25519, 0x04 cosignature/v1)`);
  }
  if (key.length !== 32) return fail(`an Ed25519 public key is 32 bytes, this one is ${key.length}`);
  const verifier = type === ED25519_SIGNATURE_TYPE ? ed25519NoteVerifier(name, key) : ed25519CosignatureVerifier(name, key);
  if (verifier.keyId !== Number.parseInt(hex, 16)) {
    return fail(`the key ID ${hex} is not the one of this name and key, ${formatKeyId(verifier.keyId)}`);
  }
  return Either.right(verifier);
};
