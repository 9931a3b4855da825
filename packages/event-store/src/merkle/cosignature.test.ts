import { sign, verify } from "node:crypto";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { generateNodeKey } from "../node-key.js";
import { COSIGNATURE_V1_TYPE, cosignatureMessage, ed25519CosignatureVerifier, ed25519Cosigner, parseCosignature } from "./cosignature.js";
import { failure, notes } from "./fixtures/vectors.js";
import { MerkleTree } from "./merkle-tree.js";
import { ed25519KeyObject, ed25519NoteSigner, ed25519NoteVerifier, formatSignedNote, parseSignedNote, signNote, verifierKey } from "./signed-note.js";
import { cosignTlogCheckpoint, openTlogCheckpoint, signTlogCheckpoint } from "./tlog-checkpoint.js";
import { parseVerifierKey } from "./verifier-key.js";

const origin = "planledger.example/novopskovskyi";
const parentName = "planledger.example/luhanska";
const childKey = generateNodeKey();
const parentKey = generateNodeKey();
const log = ed25519NoteVerifier(origin, childKey.publicKey);
const parent = ed25519CosignatureVerifier(parentName, parentKey.publicKey);
const tree = MerkleTree.empty();
for (let i = 0; i < 3; i++) tree.append(Buffer.from(`event ${i}`));
const checkpointNote = Either.getOrThrow(
  signTlogCheckpoint({ origin, size: tree.size, rootHash: tree.root(), extensions: [] }, [ed25519NoteSigner(origin, childKey.privateKey)]),
);
const T = 1_796_000_000;
const cosigned = Either.getOrThrow(cosignTlogCheckpoint(checkpointNote, ed25519Cosigner(parentName, parentKey.privateKey, T)));

describe("cosignatures against the C2SP tlog-cosignature example", () => {
  it("read the example's witness line: key ID, timestamp 1679315147 and a 64-byte signature", () => {
    const parsed = Either.getOrThrow(parseSignedNote(notes.c2sp.cosignatureExample));
    const witness = parsed.signatures[1];
    expect(witness?.name).toBe("witness.example.com/w1");
    expect(witness?.keyId.toString(16)).toBe("8d66cf3f");
    const cosignature = Either.getOrThrow(parseCosignature(witness as NonNullable<typeof witness>));
    expect(cosignature.timestamp).toBe(1679315147);
    expect(cosignature.signature.length).toBe(64);
  });

  it("sign exactly the message the specification prints for that checkpoint and time", () => {
    const { text } = Either.getOrThrow(parseSignedNote(notes.c2sp.cosignatureExample));
    expect(cosignatureMessage(text, 1679315147).toString("utf8")).toBe(notes.c2sp.cosignatureMessage);
    expect(cosignatureMessage(text, 1679315147n).toString("utf8")).toBe(notes.c2sp.cosignatureMessage);
  });
});

describe("cosignatures against transparency-dev/formats", () => {
  it("compute the key ID of a cosigner key with type 0x04", () => {
    const remora = notes.formats.verifierKeys.find((k) => k.type === COSIGNATURE_V1_TYPE)?.key as string;
    const verifier = Either.getOrThrow(parseVerifierKey(remora));
    expect(verifier).toMatchObject({ name: "remora.n621.de", keyId: 0xda77ade7, type: 0x04 });
    expect(verifierKey(verifier)).toBe(remora);
  });

  it.each(notes.formats.cosignatureTimestamps)("read the timestamp of $signature, or refuse it", ({ signature, timestamp }) => {
    const parsed = parseCosignature(Buffer.from(signature, "base64").subarray(4));
    if (timestamp === null) expect(failure(parsed).message).toMatch(/64 bytes after its key ID, not 8 \+ 64/);
    else expect(Either.getOrThrow(parsed).timestamp).toBe(timestamp);
  });
});

describe("a parent's cosignature of a child's checkpoint", () => {
  it("verifies, with its time, beside the child's own signature", () => {
    const opened = Either.getOrThrow(openTlogCheckpoint(cosigned, { log, cosigners: [parent] }));
    expect(opened.cosignatures).toEqual([{ name: parentName, keyId: parent.keyId, key: `${parentName}+${parent.keyId.toString(16).padStart(8, "0")}`, timestamp: T }]);
    expect(opened.checkpoint.size).toBe(3);
  });

  it("is an Ed25519 signature over cosignature/v1, the time and the whole body, after an 8-byte big-endian time", () => {
    const parsed = Either.getOrThrow(parseSignedNote(cosigned));
    const line = parsed.signatures.find((s) => s.name === parentName);
    const bytes = line?.signature as Buffer;
    expect(bytes.readBigUInt64BE(0)).toBe(BigInt(T));
    const message = Buffer.from(`cosignature/v1\ntime ${T}\n${parsed.text}`, "utf8");
    expect(verify(null, message, ed25519KeyObject(parent.publicKey), bytes.subarray(8))).toBe(true);
  });

  it("has its own key ID: the same key as a note key (0x01) neither opens nor forges it", () => {
    const sameKeyAsNoteKey = ed25519NoteVerifier(parentName, parentKey.publicKey);
    expect(sameKeyAsNoteKey.keyId).not.toBe(parent.keyId);
    const opened = Either.getOrThrow(openTlogCheckpoint(cosigned, { log, cosigners: [sameKeyAsNoteKey] }));
    expect(opened.cosignatures).toEqual([]);
    expect(opened.note.unverified.map((s) => s.name)).toEqual([parentName]);
    // A plain note signature by the parent's key is not a cosignature either.
    const parsed = Either.getOrThrow(parseSignedNote(checkpointNote));
    const plain = formatSignedNote(Either.getOrThrow(signNote(parsed.text, [ed25519NoteSigner(parentName, parentKey.privateKey)], parsed.signatures)));
    expect(Either.getOrThrow(openTlogCheckpoint(plain, { log, cosigners: [parent] })).cosignatures).toEqual([]);
  });

  it("fails when its time, the body or its signature is altered, and is ignored when its key is not known", () => {
    const parsed = Either.getOrThrow(parseSignedNote(cosigned));
    const withCosignature = (change: (bytes: Buffer) => void) => {
      const signatures = parsed.signatures.map((s) => {
        if (s.name !== parentName) return s;
        const bytes = Buffer.from(s.signature);
        change(bytes);
        return { ...s, signature: bytes };
      });
      return formatSignedNote({ text: parsed.text, signatures });
    };
    const laterTime = withCosignature((b) => b.writeBigUInt64BE(BigInt(T + 1), 0));
    expect(failure(openTlogCheckpoint(laterTime, { log, cosigners: [parent] }))).toMatchObject({ reason: "the signature by this known key does not verify" });
    const flipped = withCosignature((b) => {
      b[20] = (b[20] as number) ^ 1;
    });
    expect(Either.isLeft(openTlogCheckpoint(flipped, { log, cosigners: [parent] }))).toBe(true);
    expect(Either.isRight(openTlogCheckpoint(flipped, { log }))).toBe(true); // the parent unknown: its line is ignored
    const beyond = withCosignature((b) => b.writeBigUInt64BE(2n ** 63n, 0));
    expect(Either.isLeft(openTlogCheckpoint(beyond, { log, cosigners: [parent] }))).toBe(true);
  });

  it("covers extension lines", () => {
    const withExtension = Either.getOrThrow(
      signTlogCheckpoint({ origin, size: tree.size, rootHash: tree.root(), extensions: ["extension"] }, [ed25519NoteSigner(origin, childKey.privateKey)]),
    );
    const both = Either.getOrThrow(cosignTlogCheckpoint(withExtension, ed25519Cosigner(parentName, parentKey.privateKey, T)));
    expect(Either.getOrThrow(openTlogCheckpoint(both, { log, cosigners: [parent] })).cosignatures.length).toBe(1);
    const parsed = Either.getOrThrow(parseSignedNote(both));
    const cosignatureOnly = (text: string) => formatSignedNote({ text, signatures: parsed.signatures.filter((s) => s.name === parentName) });
    expect(Either.isRight(openTlogCheckpoint(cosignatureOnly(parsed.text), { log: parent }))).toBe(true);
    expect(Either.isLeft(openTlogCheckpoint(cosignatureOnly(parsed.text.replace("extension", "extensioN")), { log: parent }))).toBe(true);
  });

  it("replaces its own earlier cosignature, keeps other witnesses', and verifies times beyond 2^53 exactly", () => {
    const again = Either.getOrThrow(cosignTlogCheckpoint(cosigned, ed25519Cosigner(parentName, parentKey.privateKey, T + 60)));
    const opened = Either.getOrThrow(openTlogCheckpoint(again, { log, cosigners: [parent] }));
    expect(opened.cosignatures.map((c) => c.timestamp)).toEqual([T + 60]);
    const far = 2n ** 60n;
    const parsed = Either.getOrThrow(parseSignedNote(cosigned));
    const signature = Buffer.alloc(72);
    signature.writeBigUInt64BE(far, 0);
    sign(null, cosignatureMessage(parsed.text, far), parentKey.privateKey).copy(signature, 8);
    const farNote = formatSignedNote({ text: parsed.text, signatures: [parsed.signatures[0] as (typeof parsed.signatures)[0], { name: parentName, keyId: parent.keyId, signature }] });
    const farOpened = Either.getOrThrow(openTlogCheckpoint(farNote, { log, cosigners: [parent] }));
    expect(farOpened.note.verified.length).toBe(2);
    expect(farOpened.cosignatures).toEqual([]); // verified, but its time is no JavaScript number: not counted
    expect(failure(parseCosignature(signature)).message).toMatch(/timestamp 1152921504606846976, beyond 2\^53 − 1 seconds/);
  });

  it("refuse cosigner names and times that cannot be written", () => {
    expect(() => ed25519Cosigner("two words", parentKey.privateKey, T)).toThrow(TypeError);
    expect(() => ed25519Cosigner(parentName, parentKey.privateKey, -1)).toThrow(/timestamp -1/);
    expect(() => ed25519Cosigner(parentName, parentKey.privateKey, 1.5)).toThrow(TypeError);
    expect(failure(cosignTlogCheckpoint("not a checkpoint\n\n— x AAAAAAA=\n", ed25519Cosigner(parentName, parentKey.privateKey, T)))._tag).toBe(
      "MalformedCheckpointError",
    );
  });
});
