/**
 * @module The C2SP texts of witnessing: an origin's checkpoint body at a size (c2sp.org/tlog-checkpoint), a
 * witness's tlog-cosignature/v1 signature line over it, the check of such a line, and a note with lines added.
 */
import type { KeyObject } from "node:crypto";
import {
  ed25519CosignatureVerifier,
  ed25519Cosigner,
  formatTlogCheckpoint,
  openNote,
  parseCosignature,
  parseSignedNote,
  signNote,
  tlogOrigin,
} from "@planledger/event-store";
import { Either } from "effect";

/**
 * The checkpoint body (note text) of `origin`'s log at `size` with root `rootHex`: `planledger/<origin>\n<size>\n<base64 root>\n`.
 *
 * @example
 * checkpointBody("novopskovskyi", 40, "5a1c…") // "planledger/novopskovskyi\n40\nWhw…=\n"
 */
export const checkpointBody = (origin: string, size: number, rootHex: string): string =>
  Either.getOrThrow(formatTlogCheckpoint({ origin: tlogOrigin(origin), size, rootHash: Buffer.from(rootHex, "hex"), extensions: [] }));

/** The root (hex) and size a checkpoint body states, or null when it is not one. */
export const bodyHead = (body: string): { readonly origin: string; readonly size: number; readonly root: string } | null => {
  const lines = body.split("\n");
  if (lines.length < 4) return null;
  const root = Buffer.from(lines[2] as string, "base64");
  return root.length === 32 ? { origin: lines[0] as string, size: Number(lines[1]), root: root.toString("hex") } : null;
};

/**
 * `witness`'s tlog-cosignature/v1 line over a checkpoint body, stamped `timestamp` (POSIX seconds):
 * `— planledger/<witness> <base64(key ID ‖ u64 timestamp ‖ Ed25519 signature)>\n`.
 *
 * @example
 * cosignatureLine(body, "luhanska", key.privateKey, 1764936000) // "— planledger/luhanska AbCd…\n"
 */
export const cosignatureLine = (body: string, witness: string, privateKey: KeyObject, timestamp: number): string => {
  const signed = Either.getOrThrow(signNote(body, [ed25519Cosigner(tlogOrigin(witness), privateKey, timestamp)]));
  const s = signed.signatures[0] as { readonly name: string; readonly keyId: number; readonly signature: Buffer };
  const bytes = Buffer.alloc(4 + s.signature.length);
  bytes.writeUInt32BE(s.keyId, 0);
  bytes.set(s.signature, 4);
  return `— ${s.name} ${bytes.toString("base64")}\n`;
};

/**
 * The timestamp of `witness`'s cosignature line over `body` when it verifies under the witness's key (base64 SPKI),
 * else null: a line of another key, malformed, or over another body.
 *
 * @example
 * verifyCosignatureLine(line, body, "luhanska", parentPublicKey) // 1764936000
 */
export const verifyCosignatureLine = (line: string, body: string, witness: string, publicKey: string): number | null => {
  try {
    const verifier = ed25519CosignatureVerifier(tlogOrigin(witness), publicKey);
    const note = `${body}\n${line.endsWith("\n") ? line : `${line}\n`}`;
    const opened = openNote(note, [verifier]);
    if (Either.isLeft(opened) || opened.right.verified.length !== 1) return null;
    const parsed = parseCosignature(opened.right.verified[0] as never);
    return Either.isRight(parsed) ? parsed.right.timestamp : null;
  } catch {
    return null;
  }
};

/**
 * The note with the signature lines added that it does not carry yet (a line is the same signature when its text is).
 *
 * @example
 * withCosignatures(ownNote, ["— planledger/luhanska …\n"]) // the note, then the parent's cosignature line
 */
export const withCosignatures = (note: string, lines: ReadonlyArray<string>): string => {
  const parsed = parseSignedNote(note);
  if (Either.isLeft(parsed)) return note;
  const held = new Set(note.slice(parsed.right.text.length + 1).split("\n").map((l) => `${l}\n`));
  return note + lines.filter((l) => !held.has(l)).join("");
};

/** The body (note text) of a signed note, or null when it is not one. */
export const noteBody = (note: string): string | null => {
  const parsed = parseSignedNote(note);
  return Either.isLeft(parsed) ? null : parsed.right.text;
};
