/**
 * @module Signed notes (c2sp.org/signed-note): a text signed by one or more keys, one `— name base64` line each;
 * Ed25519 note keys (signature type 0x01), their key IDs and verifier key strings.
 */
import { type KeyObject, createHash, createPublicKey, sign, verify } from "node:crypto";
import { Either } from "effect";
import { publicKeyObject } from "../checkpoint.js";
import { MalformedNoteError, NoteVerificationError } from "./merkle.errors.js";

/** Signature type of Ed25519 note signatures over the note text. */
export const ED25519_SIGNATURE_TYPE = 0x01;

/** Signature lines a note may carry here: the specification asks verifiers to accept at least 16. */
export const MAX_NOTE_SIGNATURES = 100;

/** One signature line: the key's name, its 32-bit key ID and the signature bytes that follow the ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Buffer;
}

/** A note: its text (ending in a newline) and its signatures in the order of their lines. */
export interface SignedNote {
  readonly text: string;
  readonly signatures: ReadonlyArray<NoteSignature>;
}

/** A key that signs note texts under a name; `sign` returns the bytes that follow the key ID. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly sign: (text: Buffer) => Buffer;
}

/** A known key: signatures with its name and key ID are checked with `verify`, all others are ignored. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** The signature type byte (0x01 Ed25519, 0x04 tlog-cosignature/v1). */
  readonly type: number;
  /** The public key material as it appears in the verifier key (32 bytes for both Ed25519 types). */
  readonly publicKey: Buffer;
  readonly verify: (text: Buffer, signature: Uint8Array) => boolean;
}

/** A signature that verified, with the key that verified it. */
export interface VerifiedSignature extends NoteSignature {
  readonly verifier: NoteVerifier;
}

/** An opened note: its text, the signatures known keys verified, and those of keys not known here. */
export interface VerifiedNote {
  readonly text: string;
  readonly verified: ReadonlyArray<VerifiedSignature>;
  readonly unverified: ReadonlyArray<NoteSignature>;
}

const SIGNATURE_PREFIX = "\u2014 "; // em dash, space
// Unicode spaces (JavaScript's \s, plus NEL which it leaves out) and "+".
const notInKeyNames = /[\s\u0085+]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what notes must not hold
const controlCharacter = /[\u0000-\u0009\u000b-\u001f]/;
const loneSurrogate = /\p{Cs}/u;
const base64Text = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Standard base64 (RFC 4648 §4) decoded strictly: padding required, no other characters, and only the one
 * canonical spelling of the bytes (Node's own decoder skips what it does not understand).
 *
 * @example
 * decodeBase64("AQID") // <Buffer 01 02 03>
 * decodeBase64("AQI") // undefined
 */
export const decodeBase64 = (text: string): Buffer | undefined => {
  if (!base64Text.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : undefined;
};

/**
 * Whether `name` may name a key: non-empty, no Unicode space, no "+", no control character.
 *
 * @example
 * isKeyName("planledger.example/luhanska") // true
 * isKeyName("a b") // false
 */
export const isKeyName = (name: string): boolean =>
  name.length > 0 && !notInKeyNames.test(name) && !controlCharacter.test(name) && !loneSurrogate.test(name);

/**
 * The key ID: the first four bytes, big-endian, of `SHA-256(name ‖ 0x0A ‖ type ‖ publicKey)`.
 *
 * @example
 * noteKeyId("example.com/foo", ED25519_SIGNATURE_TYPE, rawKey).toString(16) // "530d903a"
 */
export const noteKeyId = (name: string, type: number, publicKey: Uint8Array): number =>
  createHash("sha256")
    .update(Buffer.from(`${name}\n`, "utf8"))
    .update(Buffer.of(type))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);

/**
 * A key ID as verifier keys and messages write it: eight lower-case hex digits.
 *
 * @example
 * formatKeyId(0x530d903a) // "530d903a"
 */
export const formatKeyId = (keyId: number): string => keyId.toString(16).padStart(8, "0");

/**
 * The raw 32-byte Ed25519 public key (RFC 8032) of a key object (public or private) or of a base64 SPKI DER
 * key, the form `NodeKey.publicKey` and `node_keys` hold. Throws a TypeError for a key that is not Ed25519.
 *
 * @example
 * ed25519PublicKey(nodeKey.publicKey).length // 32
 */
export const ed25519PublicKey = (key: KeyObject | string): Buffer => {
  const object = typeof key === "string" ? publicKeyObject(key) : key.type === "private" ? createPublicKey(key) : key;
  if (object.asymmetricKeyType !== "ed25519") throw new TypeError(`not an Ed25519 key: ${object.asymmetricKeyType}`);
  return Buffer.from(object.export({ format: "jwk" }).x as string, "base64url");
};

/**
 * The key object of a raw 32-byte Ed25519 public key.
 *
 * @example
 * verify(null, message, ed25519KeyObject(raw), signature)
 */
export const ed25519KeyObject = (publicKey: Uint8Array): KeyObject =>
  createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(publicKey).toString("base64url") }, format: "jwk" });

const checkedName = (name: string): string => {
  if (!isKeyName(name)) throw new TypeError(`${JSON.stringify(name)} cannot name a note key: empty, or holds a space or "+"`);
  return name;
};

const rawKey = (publicKey: KeyObject | string | Uint8Array): Buffer => {
  if (publicKey instanceof Uint8Array) {
    if (publicKey.length !== 32) throw new TypeError(`an Ed25519 public key is 32 bytes, ${publicKey.length} were given`);
    return Buffer.from(publicKey);
  }
  return ed25519PublicKey(publicKey);
};

/**
 * Ed25519 verification that answers false, never throws, for a signature of the wrong length.
 *
 * @example
 * ed25519Verifies(key, message, signature)
 */
export const ed25519Verifies = (key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean => {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
};

/**
 * The note signer of an Ed25519 private key (a node key's `privateKey`) under `name` (type 0x01). Throws a
 * TypeError when `name` cannot name a key or the key is not Ed25519: configuration, not data.
 *
 * @example
 * const signer = ed25519NoteSigner("planledger.example/luhanska", nodeKey.privateKey);
 */
export const ed25519NoteSigner = (name: string, privateKey: KeyObject): NoteSigner => {
  const publicKey = ed25519PublicKey(privateKey);
  return {
    name: checkedName(name),
    keyId: noteKeyId(name, ED25519_SIGNATURE_TYPE, publicKey),
    sign: (text) => sign(null, text, privateKey),
  };
};

/**
 * The note verifier of an Ed25519 public key under `name` (type 0x01): a key object, base64 SPKI DER (as
 * `NodeKey.publicKey`) or the raw 32 bytes. Throws a TypeError for a bad name or a key that is not Ed25519.
 *
 * @example
 * const verifier = ed25519NoteVerifier("planledger.example/luhanska", store.publicKey);
 */
export const ed25519NoteVerifier = (name: string, publicKey: KeyObject | string | Uint8Array): NoteVerifier => {
  const raw = rawKey(publicKey);
  const key = ed25519KeyObject(raw);
  return {
    name: checkedName(name),
    keyId: noteKeyId(name, ED25519_SIGNATURE_TYPE, raw),
    type: ED25519_SIGNATURE_TYPE,
    publicKey: raw,
    verify: (text, signature) => ed25519Verifies(key, text, signature),
  };
};

/**
 * The verifier key string of a key: `name+hex(key ID)+base64(type ‖ public key)`.
 *
 * @example
 * verifierKey(ed25519NoteVerifier("example.com/foo", raw)) // "example.com/foo+530d903a+Aeky…"
 */
export const verifierKey = (verifier: Pick<NoteVerifier, "name" | "type" | "publicKey">): string =>
  `${verifier.name}+${formatKeyId(noteKeyId(verifier.name, verifier.type, verifier.publicKey))}+${Buffer.concat([
    Buffer.of(verifier.type),
    verifier.publicKey,
  ]).toString("base64")}`;

const lineOf = (text: string, offset: number): number => {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
};

/** What makes `text` unusable as note text (valid UTF-8, no control character but newline, a final newline). */
const textProblem = (text: string): MalformedNoteError | null => {
  const surrogate = loneSurrogate.exec(text);
  if (surrogate !== null) {
    return new MalformedNoteError({ reason: "not valid UTF-8 (an unpaired surrogate)", line: lineOf(text, surrogate.index) });
  }
  const control = controlCharacter.exec(text);
  if (control !== null) {
    const code = `U+${(control[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}`;
    return new MalformedNoteError({ reason: `control character ${code}; only newlines are allowed`, line: lineOf(text, control.index) });
  }
  if (!text.endsWith("\n")) return new MalformedNoteError({ reason: "does not end with a newline", line: lineOf(text, text.length) });
  return null;
};

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads a signed note: the text up to and including the newline before the last blank line, then one or more
 * lines `— <key name> <base64(key ID ‖ signature)>`. Nothing is verified here (see {@link openNote}).
 *
 * @example
 * parseSignedNote("Hello.\n\n— example.com/foo Uw2Q…\n") // Right({ text: "Hello.\n", signatures: [{ name: "example.com/foo", … }] })
 */
export const parseSignedNote = (note: string | Uint8Array): Either.Either<SignedNote, MalformedNoteError> => {
  let text: string;
  if (typeof note === "string") text = note;
  else {
    try {
      text = utf8.decode(note);
    } catch {
      return Either.left(new MalformedNoteError({ reason: "not valid UTF-8", line: null }));
    }
  }
  const problem = textProblem(text);
  if (problem !== null) return Either.left(problem);
  const split = text.lastIndexOf("\n\n");
  if (split === -1) return Either.left(new MalformedNoteError({ reason: "no blank line separates the text from its signatures", line: null }));
  const body = text.slice(0, split + 1);
  const lines = text.slice(split + 2, -1).split("\n");
  const firstLine = lineOf(text, split) + 2;
  if (lines.length === 1 && lines[0] === "") {
    return Either.left(new MalformedNoteError({ reason: "no signature line after the blank line", line: firstLine }));
  }
  if (lines.length > MAX_NOTE_SIGNATURES) {
    return Either.left(
      new MalformedNoteError({ reason: `${lines.length} signature lines, more than the ${MAX_NOTE_SIGNATURES} accepted`, line: firstLine }),
    );
  }
  const signatures: Array<NoteSignature> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const at = firstLine + i;
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      return Either.left(new MalformedNoteError({ reason: 'a signature line starts with "— " (em dash, space)', line: at }));
    }
    const space = line.indexOf(" ", SIGNATURE_PREFIX.length);
    const name = space === -1 ? "" : line.slice(SIGNATURE_PREFIX.length, space);
    if (!isKeyName(name)) {
      return Either.left(new MalformedNoteError({ reason: 'a signature line is "— <key name> <base64>", the name without spaces or "+"', line: at }));
    }
    const bytes = decodeBase64(line.slice(space + 1));
    if (bytes === undefined) return Either.left(new MalformedNoteError({ reason: `the signature of ${name} is not standard base64`, line: at }));
    if (bytes.length < 5) {
      return Either.left(new MalformedNoteError({ reason: `the signature of ${name} is ${bytes.length} bytes: a key ID and a signature are at least 5`, line: at }));
    }
    signatures.push({ name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) });
  }
  return Either.right({ text: body, signatures });
};

const signatureLine = (s: NoteSignature): string => {
  const bytes = Buffer.allocUnsafe(4 + s.signature.length);
  bytes.writeUInt32BE(s.keyId, 0);
  bytes.set(s.signature, 4);
  return `${SIGNATURE_PREFIX}${s.name} ${bytes.toString("base64")}\n`;
};

/**
 * The note as text: its text, a blank line, one signature line per signature.
 *
 * @example
 * formatSignedNote({ text: "Hello.\n", signatures }) // "Hello.\n\n— example.com/foo Uw2Q…\n"
 */
export const formatSignedNote = (note: SignedNote): string => `${note.text}\n${note.signatures.map(signatureLine).join("")}`;

/**
 * Signs `text` with each signer, after the signatures in `existing` (a signer's own earlier signature, same
 * name and key ID, is replaced). Fails when `text` cannot be note text (not ending in a newline, a control
 * character) or a signer's name cannot name a key.
 *
 * @example
 * Either.map(signNote(checkpointBody, [logSigner]), formatSignedNote)
 */
export const signNote = (
  text: string,
  signers: ReadonlyArray<NoteSigner>,
  existing: ReadonlyArray<NoteSignature> = [],
): Either.Either<SignedNote, MalformedNoteError> => {
  const problem = textProblem(text);
  if (problem !== null) return Either.left(problem);
  for (const signer of signers) {
    if (!isKeyName(signer.name)) return Either.left(new MalformedNoteError({ reason: `${JSON.stringify(signer.name)} cannot name a key`, line: null }));
  }
  const bytes = Buffer.from(text, "utf8");
  const replaced = (s: NoteSignature) => signers.some((signer) => signer.name === s.name && signer.keyId === s.keyId);
  const signatures = [
    ...existing.filter((s) => !replaced(s)),
    ...signers.map((signer) => ({ name: signer.name, keyId: signer.keyId, signature: signer.sign(bytes) })),
  ];
  if (signatures.length > MAX_NOTE_SIGNATURES) {
    return Either.left(new MalformedNoteError({ reason: `${signatures.length} signatures, more than the ${MAX_NOTE_SIGNATURES} accepted`, line: null }));
  }
  return Either.right({ text, signatures });
};

/**
 * Opens a note as the specification says a verifier must: a signature is checked when both its key name and
 * key ID match a known key, and ignored otherwise; one known signature that fails rejects the whole note, and
 * so does a note with no verified signature. Identical signature lines count once. A {@link SignedNote} is
 * taken as {@link parseSignedNote} or {@link signNote} made it (its text is not checked again).
 *
 * @example
 * openNote(noteText, [ed25519NoteVerifier("example.com/foo", key)]) // Right({ text, verified: [...], unverified: [...] })
 */
export const openNote = (
  note: string | Uint8Array | SignedNote,
  verifiers: ReadonlyArray<NoteVerifier>,
): Either.Either<VerifiedNote, MalformedNoteError | NoteVerificationError> => {
  const parsed = typeof note === "string" || note instanceof Uint8Array ? parseSignedNote(note) : Either.right(note);
  if (Either.isLeft(parsed)) return Either.left(parsed.left);
  const { text, signatures } = parsed.right;
  const known = new Map<string, Array<NoteVerifier>>();
  for (const v of verifiers) {
    const key = `${v.name} ${v.keyId}`;
    known.set(key, [...(known.get(key) ?? []), v]);
  }
  const bytes = Buffer.from(text, "utf8");
  const verified: Array<VerifiedSignature> = [];
  const unverified: Array<NoteSignature> = [];
  const seen = new Set<string>();
  for (const s of signatures) {
    const line = signatureLine(s);
    if (seen.has(line)) continue;
    seen.add(line);
    const candidates = known.get(`${s.name} ${s.keyId}`);
    const keyName = `${s.name}+${formatKeyId(s.keyId)}`;
    if (candidates === undefined) unverified.push(s);
    else if (candidates.length > 1) return Either.left(new NoteVerificationError({ key: keyName, reason: "two known keys share this name and key ID" }));
    else if (!(candidates[0] as NoteVerifier).verify(bytes, s.signature)) {
      return Either.left(new NoteVerificationError({ key: keyName, reason: "the signature by this known key does not verify" }));
    } else verified.push({ ...s, verifier: candidates[0] as NoteVerifier });
  }
  if (verified.length === 0) {
    return Either.left(
      new NoteVerificationError({ key: null, reason: `none of the ${signatures.length} signatures is by a known key (${verifiers.length} known)` }),
    );
  }
  return Either.right({ text, verified, unverified });
};
