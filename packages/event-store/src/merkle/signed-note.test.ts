import { type KeyObject, createPrivateKey } from "node:crypto";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { generateNodeKey } from "../node-key.js";
import { failure, notes } from "./fixtures/vectors.js";
import {
  type NoteSigner,
  ed25519NoteSigner,
  ed25519NoteVerifier,
  ed25519PublicKey,
  formatSignedNote,
  openNote,
  parseSignedNote,
  signNote,
  verifierKey,
} from "./signed-note.js";
import { parseVerifierKey } from "./verifier-key.js";

const go = notes.goNote;
/** The Ed25519 private key of a Go signer key `PRIVATE+KEY+<name>+<id>+base64(0x01 ‖ seed)`. */
const goPrivateKey = (skey: string): KeyObject => {
  const seed = Buffer.from(skey.split("+").slice(4).join("+"), "base64").subarray(1);
  return createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]), format: "der", type: "pkcs8" });
};
const peter = Either.getOrThrow(parseVerifierKey(go.peterKey));
const enoch = Either.getOrThrow(parseVerifierKey(go.enochKey));
const peterSigner = ed25519NoteSigner("PeterNeumann", goPrivateKey(go.signerKey));

describe("signed notes against the C2SP specification's example", () => {
  it("verifies the example note with the example verifier key, and writes that key back as it was", () => {
    const { verifierKey: vkey, note } = notes.c2sp.signedNoteExample;
    const verifier = Either.getOrThrow(parseVerifierKey(vkey));
    expect(verifier).toMatchObject({ name: "example.com/foo", keyId: 0x530d903a, type: 0x01 });
    expect(verifierKey(verifier)).toBe(vkey);
    const opened = Either.getOrThrow(openNote(note, [verifier]));
    expect(opened.text).toBe("This is an example message.\n");
    expect(opened.verified.map((s) => s.name)).toEqual(["example.com/foo"]);
    expect(formatSignedNote(Either.getOrThrow(parseSignedNote(note)))).toBe(note);
  });

  it("reads the poem: text with a blank line in it, UTF-8, one signature of a key not known here", () => {
    const parsed = Either.getOrThrow(parseSignedNote(notes.c2sp.signedNotePoem));
    expect(parsed.text).toBe("Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n");
    expect(parsed.signatures.map((s) => [s.name, s.signature.length])).toEqual([["quasimodo.example/salvatore", 64]]);
    const verifier = Either.getOrThrow(parseVerifierKey(notes.c2sp.signedNoteExample.verifierKey));
    expect(failure(openNote(notes.c2sp.signedNotePoem, [verifier]))).toMatchObject({ _tag: "NoteVerificationError", key: null });
  });
});

describe("signed notes against golang.org/x/mod/sumdb/note", () => {
  it("signs byte for byte as Go does (Ed25519 is deterministic), replacing an earlier signature of the same key", () => {
    expect(peterSigner.keyId).toBe(0xc74f20a3);
    const signed = Either.getOrThrow(signNote(go.text, [peterSigner]));
    expect(formatSignedNote(signed)).toBe(`${go.text}\n${go.peterSignatureLine}`);
    const stale = { name: "PeterNeumann", keyId: 0xc74f20a3, signature: Buffer.from("BADSIGN") };
    expect(formatSignedNote(Either.getOrThrow(signNote(go.text, [peterSigner], [stale])))).toBe(`${go.text}\n${go.peterSignatureLine}`);
  });

  it("verifies known signatures and sets aside those of unknown keys", () => {
    const note = `${go.text}\n${go.peterSignatureLine}${go.enochSignatureLine}`;
    const one = Either.getOrThrow(openNote(note, [peter]));
    expect(one.text).toBe(go.text);
    expect(one.verified.map((s) => s.name)).toEqual(["PeterNeumann"]);
    expect(one.unverified.map((s) => [s.name, s.keyId])).toEqual([["EnochRoot", 0xaf0cfe78]]);
    const both = Either.getOrThrow(openNote(note, [peter, enoch]));
    expect(both.verified.map((s) => s.name)).toEqual(["PeterNeumann", "EnochRoot"]);
    expect(failure(openNote(note, [])).message).toMatch(/none of the 2 signatures is by a known key/);
  });

  it("rejects the whole note when a known key's signature fails, and counts identical lines once", () => {
    const sig = go.peterSignatureLine;
    const broken = `${go.text}\n${sig.slice(0, 60)}ABCD${sig.slice(60)}`;
    expect(failure(openNote(broken, [peter]))).toMatchObject({ key: "PeterNeumann+c74f20a3", reason: "the signature by this known key does not verify" });
    expect(failure(openNote(`${go.text.replace("cryptography", "cryptographY")}\n${sig}`, [peter]))._tag).toBe("NoteVerificationError");
    const twice = Either.getOrThrow(openNote(`${go.text}\n${sig}${sig}${go.enochSignatureLine}${go.enochSignatureLine}`, [peter]));
    expect([twice.verified.length, twice.unverified.length]).toEqual([1, 1]);
  });

  it("ignores a signature that shares only the name or only the key ID with a known key", () => {
    const otherName = `${go.text}\n${go.peterSignatureLine.replace("PeterNeumann", "CarmenSandiego")}`;
    expect(failure(openNote(otherName, [peter]))).toMatchObject({ key: null });
    const otherKey = ed25519NoteSigner("PeterNeumann", generateNodeKey().privateKey);
    const opened = Either.getOrThrow(openNote(formatSignedNote(Either.getOrThrow(signNote(go.text, [otherKey, peterSigner]))), [peter]));
    expect([opened.verified.length, opened.unverified.length]).toEqual([1, 1]);
  });

  it("refuses a key named twice only when a signature needs it", () => {
    const note = `${go.text}\n${go.enochSignatureLine}`;
    expect(failure(openNote(note, [enoch, peter, enoch])).message).toMatch(/EnochRoot\+af0cfe78.*two known keys share this name and key ID/);
    expect(Either.isRight(openNote(`${go.text}\n${go.peterSignatureLine}`, [enoch, peter, enoch]))).toBe(true);
  });

  it.each(go.malformedNotes.map((note, i) => [i, note] as const))("refuses malformed note %i", (_, note) => {
    expect(failure(openNote(note, [peter]))._tag).toBe("MalformedNoteError");
  });

  it("refuses bytes that are not UTF-8 and too many signatures", () => {
    expect(failure(openNote(Buffer.from(go.malformedNoteBytesHex[0] as string, "hex"), [peter])).message).toMatch(/not valid UTF-8/);
    expect(failure(parseSignedNote(`${go.text}\n${go.peterSignatureLine.repeat(101)}`)).message).toMatch(/101 signature lines, more than the 100/);
    expect(Either.isRight(openNote(`${go.text}\n${go.peterSignatureLine.repeat(16)}`, [peter]))).toBe(true);
  });

  it("refuses Go's mangled verifier keys, and every cut or one-byte change of a good one", () => {
    for (const key of go.badVerifierKeys) expect(Either.isLeft(parseVerifierKey(key))).toBe(true);
    const good = go.peterKey;
    for (let i = 0; i < good.length; i++) {
      for (let j = i + 1; j <= good.length; j++) if (i !== 0 || j !== good.length) expect(Either.isLeft(parseVerifierKey(good.slice(i, j)))).toBe(true);
      const changed = good.slice(0, i) + String.fromCharCode(good.charCodeAt(i) + 1) + good.slice(i + 1);
      expect(Either.isLeft(parseVerifierKey(changed)), changed).toBe(true);
    }
  });
});

describe("verifier keys of transparency-dev/formats", () => {
  it.each(notes.formats.verifierKeys)("$key is refused unless valid, and then has its type", ({ key, valid, type }) => {
    const parsed = parseVerifierKey(key);
    expect(Either.isRight(parsed)).toBe(valid);
    if (Either.isRight(parsed)) {
      expect(parsed.right.type).toBe(type);
      expect(verifierKey(parsed.right)).toBe(key);
    }
  });

  it("say why a key is refused", () => {
    expect(failure(parseVerifierKey("rekor.sigstore.dev+12345678+AwEB")).message).toMatch(/signature type 0x03 is not supported/);
    expect(failure(parseVerifierKey("PeterNeumann+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).message).toMatch(
      /the key ID 00000000 is not the one of this name and key, c74f20a3/,
    );
  });
});

describe("note keys from node keys", () => {
  const key = generateNodeKey();
  const name = "planledger.example/luhanska";

  it("sign with the node's private key and verify with its stored public key (base64 SPKI DER)", () => {
    const signer: NoteSigner = ed25519NoteSigner(name, key.privateKey);
    const verifier = ed25519NoteVerifier(name, key.publicKey);
    expect(verifier.keyId).toBe(signer.keyId);
    expect(ed25519PublicKey(key.privateKey).equals(verifier.publicKey)).toBe(true);
    expect(Buffer.from(key.publicKey, "base64").subarray(-32).equals(verifier.publicKey)).toBe(true);
    const note = formatSignedNote(Either.getOrThrow(signNote("Звіт за I кв.\n", [signer])));
    expect(Either.getOrThrow(openNote(note, [Either.getOrThrow(parseVerifierKey(verifierKey(verifier)))])).text).toBe("Звіт за I кв.\n");
  });

  it("refuse names and texts a note cannot carry, saying where", () => {
    expect(() => ed25519NoteSigner("two words", key.privateKey)).toThrow(TypeError);
    expect(() => ed25519NoteSigner("a+b", key.privateKey)).toThrow(TypeError);
    const signer = ed25519NoteSigner(name, key.privateKey);
    expect(failure(signNote("no final newline", [signer])).message).toMatch(/does not end with a newline/);
    expect(failure(signNote("line 1\nline\t2\n", [signer]))).toMatchObject({ line: 2, reason: "control character U+0009; only newlines are allowed" });
    expect(failure(parseSignedNote("text\n\n— name AAAA\n")).message).toMatch(/line 3.*the signature of name is 3 bytes/);
    expect(failure(parseSignedNote("text\n\n-- name AAAAAAA=\n"))).toMatchObject({ line: 3 });
  });
});
