import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateNodeKey } from "../node-key.js";
import { failure, notes } from "./fixtures/vectors.js";
import { MerkleTree } from "./merkle-tree.js";
import { ed25519NoteSigner, ed25519NoteVerifier, formatSignedNote, parseSignedNote, signNote } from "./signed-note.js";
import {
  type TlogCheckpoint,
  formatTlogCheckpoint,
  openTlogCheckpoint,
  parseTlogCheckpoint,
  signTlogCheckpoint,
} from "./tlog-checkpoint.js";

const origin = "planledger.example/luhanska";
const key = generateNodeKey();
const log = ed25519NoteVerifier(origin, key.publicKey);
const tree = MerkleTree.empty();
for (let i = 0; i < 5; i++) tree.append(Buffer.from(`event ${i}`));
const checkpoint: TlogCheckpoint = { origin, size: tree.size, rootHash: tree.root(), extensions: [] };
const note = Either.getOrThrow(signTlogCheckpoint(checkpoint, [ed25519NoteSigner(origin, key.privateKey)]));

describe("checkpoints against the C2SP specification's example", () => {
  it("reads the example's origin, size and root hash, and its log signature line", () => {
    const parsed = Either.getOrThrow(parseSignedNote(notes.c2sp.checkpointExample));
    const body = Either.getOrThrow(parseTlogCheckpoint(parsed.text));
    expect(body.origin).toBe("example.com/behind-the-sofa");
    expect(body.size).toBe(20852163);
    expect(Buffer.from(body.rootHash).toString("base64")).toBe("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    expect(body.extensions).toEqual([]);
    expect(parsed.signatures.map((s) => [s.name, s.keyId.toString(16).padStart(8, "0"), s.signature.length])).toEqual([
      ["example.com/behind-the-sofa", "033de0ae", 64],
    ]);
    expect(Either.getOrThrow(formatTlogCheckpoint(body))).toBe(parsed.text);
  });

  it("opens the example only with its log's key, which the specification does not publish", () => {
    expect(failure(openTlogCheckpoint(notes.c2sp.checkpointExample, { log }))).toMatchObject({ _tag: "NoteVerificationError", key: null });
  });
});

describe("checkpoint bodies", () => {
  it("round-trip with extension lines", () => {
    const withExtensions = { ...checkpoint, extensions: ["planledger: witnessed by 2 of 3", "x"] };
    const text = Either.getOrThrow(formatTlogCheckpoint(withExtensions));
    expect(text).toBe(`${origin}\n5\n${tree.root().toString("base64")}\nplanledger: witnessed by 2 of 3\nx\n`);
    expect(Either.getOrThrow(parseTlogCheckpoint(text))).toEqual({ ...withExtensions, rootHash: tree.root() });
    expect(Either.getOrThrow(formatTlogCheckpoint({ ...checkpoint, size: 0 }))).toMatch(/\n0\n/);
  });

  it.each(notes.formats.malformedCheckpoints)("refuses transparency-dev/formats' case: $desc", ({ text }) => {
    expect(failure(parseTlogCheckpoint(text))._tag).toBe("MalformedCheckpointError");
  });

  it("refuses what the specification forbids, naming the line", () => {
    const root = tree.root().toString("base64");
    expect(failure(parseTlogCheckpoint(`${origin}\n05\n${root}\n`))).toMatchObject({ line: 2 });
    expect(failure(parseTlogCheckpoint(`${origin}\n5\n${root}\n\nextension\n`))).toMatchObject({ line: 4, reason: "line 4 is empty" });
    expect(failure(parseTlogCheckpoint(`${origin}\n5\n${root.slice(0, -4)}\n`)).message).toMatch(/root hash is 30 bytes, not 32/);
    expect(failure(parseTlogCheckpoint(`${origin}\n9007199254740992\n${root}\n`)).message).toMatch(/beyond 2\^53 − 1/);
    expect(failure(formatTlogCheckpoint({ ...checkpoint, origin: "" }))).toMatchObject({ line: 1 });
    expect(failure(formatTlogCheckpoint({ ...checkpoint, origin: "a\nb" })).message).toMatch(/origin holds control character U\+000A/);
    expect(failure(formatTlogCheckpoint({ ...checkpoint, size: -1 }))).toMatchObject({ line: 2 });
    expect(failure(formatTlogCheckpoint({ ...checkpoint, rootHash: Buffer.alloc(31) }))).toMatchObject({ line: 3 });
    expect(failure(formatTlogCheckpoint({ ...checkpoint, extensions: ["ok", ""] }))).toMatchObject({ line: 5, reason: "extension line 2 is empty" });
  });
});

describe("signed checkpoints", () => {
  it("open with the log's key into the tree's size and root", () => {
    expect(note).toBe(`${origin}\n5\n${tree.root().toString("base64")}\n\n— ${origin} ${note.split(" ").pop()}`);
    const opened = Either.getOrThrow(openTlogCheckpoint(note, { log, origin }));
    expect(opened.checkpoint).toEqual(checkpoint);
    expect(opened.cosignatures).toEqual([]);
  });

  it("do not open with another key, with a body altered, or for another origin", () => {
    const other = ed25519NoteVerifier(origin, generateNodeKey().publicKey);
    expect(failure(openTlogCheckpoint(note, { log: other })).message).toMatch(/none of the 1 signatures is by a known key/);
    expect(failure(openTlogCheckpoint(note.replace(`\n5\n`, "\n6\n"), { log }))).toMatchObject({ reason: "the signature by this known key does not verify" });
    expect(failure(openTlogCheckpoint(note, { log, origin: "planledger.example/kharkivska" }))).toMatchObject({
      _tag: "CheckpointOriginError",
      origin,
    });
  });

  it("open past signatures of unknown keys (a rotated key, a witness not configured)", () => {
    const stranger = ed25519NoteSigner("witness.example/w9", generateNodeKey().privateKey);
    const parsed = Either.getOrThrow(parseSignedNote(note));
    const more = formatSignedNote(Either.getOrThrow(signNote(parsed.text, [stranger], parsed.signatures)));
    const opened = Either.getOrThrow(openTlogCheckpoint(more, { log }));
    expect(opened.note.unverified.map((s) => s.name)).toEqual(["witness.example/w9"]);
  });

  it("need the log's own signature: a witness's alone does not do", () => {
    const witnessKey = generateNodeKey();
    const witness = ed25519NoteVerifier("witness.example/w1", witnessKey.publicKey);
    const text = Either.getOrThrow(formatTlogCheckpoint(checkpoint));
    const onlyWitness = formatSignedNote(Either.getOrThrow(signNote(text, [ed25519NoteSigner("witness.example/w1", witnessKey.privateKey)])));
    expect(failure(openTlogCheckpoint(onlyWitness, { log, cosigners: [witness] }))).toMatchObject({ reason: "the note carries no signature by the log's key" });
  });

  it("fail to open after any one byte of the text or the signature is altered (fast-check)", () => {
    const parsed = Either.getOrThrow(parseSignedNote(note));
    const textBytes = Buffer.from(parsed.text, "utf8");
    const signature = parsed.signatures[0] as (typeof parsed.signatures)[number];
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, xor, inText) => {
        let altered: Buffer;
        if (inText) {
          const bytes = Buffer.from(textBytes);
          bytes[at % bytes.length] = (bytes[at % bytes.length] as number) ^ xor;
          altered = Buffer.concat([bytes, Buffer.from(note.slice(parsed.text.length), "utf8")]);
        } else {
          const bytes = Buffer.from(signature.signature);
          bytes[at % bytes.length] = (bytes[at % bytes.length] as number) ^ xor;
          altered = Buffer.from(formatSignedNote({ text: parsed.text, signatures: [{ ...signature, signature: bytes }] }), "utf8");
        }
        expect(Either.isLeft(openTlogCheckpoint(altered, { log }))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
