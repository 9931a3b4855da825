/**
 * @module Transparency log checkpoints (c2sp.org/tlog-checkpoint): the signed note whose text is a log's origin,
 * tree size and root hash, one line each, then optional extension lines.
 */
import { Either } from "effect";
import { type VerifiedCosignature, cosignaturesOf } from "./cosignature.js";
import {
  CheckpointOriginError,
  MalformedCheckpointError,
  type MalformedNoteError,
  NoteVerificationError,
} from "./merkle.errors.js";
import {
  type NoteSigner,
  type NoteVerifier,
  type VerifiedNote,
  decodeBase64,
  formatKeyId,
  formatSignedNote,
  openNote,
  parseSignedNote,
  signNote,
} from "./signed-note.js";
import { HASH_SIZE } from "./tree-hash.js";

/** A log's tree head: which log, how many leaves, the RFC 9162 root hash, and opaque extension lines. */
export interface TlogCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions: ReadonlyArray<string>;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: a checkpoint line holds no control character
const controlCharacter = /[\u0000-\u001f]/;
const lineProblem = (line: string): string | null => {
  if (line.length === 0) return "is empty";
  const control = controlCharacter.exec(line);
  if (control !== null) return `holds control character U+${(control[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}`;
  return null;
};

/**
 * The note text of a checkpoint: `<origin>\n<size>\n<base64 root>\n` and one line per extension. Fails for an
 * empty origin or extension, a line break or control character inside one, a size that is not a whole number
 * from 0 to 2^53 − 1, or a root hash that is not 32 bytes.
 *
 * @example
 * formatTlogCheckpoint({ origin: "planledger.example/luhanska", size: 3, rootHash, extensions: [] })
 * // Right("planledger.example/luhanska\n3\n<base64 root>\n")
 */
export const formatTlogCheckpoint = (checkpoint: TlogCheckpoint): Either.Either<string, MalformedCheckpointError> => {
  const fail = (reason: string, line: number) => Either.left(new MalformedCheckpointError({ reason, line }));
  const originProblem = lineProblem(checkpoint.origin);
  if (originProblem !== null) return fail(`the origin ${originProblem}`, 1);
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) {
    return fail(`the tree size ${checkpoint.size} is not a whole number from 0 to 2^53 − 1`, 2);
  }
  if (checkpoint.rootHash.length !== HASH_SIZE) return fail(`the root hash is ${checkpoint.rootHash.length} bytes, not ${HASH_SIZE}`, 3);
  for (let i = 0; i < checkpoint.extensions.length; i++) {
    const problem = lineProblem(checkpoint.extensions[i] as string);
    if (problem !== null) return fail(`extension line ${i + 1} ${problem}`, 4 + i);
  }
  const lines = [checkpoint.origin, String(checkpoint.size), Buffer.from(checkpoint.rootHash).toString("base64"), ...checkpoint.extensions];
  return Either.right(`${lines.join("\n")}\n`);
};

/**
 * Reads a checkpoint body (the text of its note): at least three non-empty lines, each ending in a newline;
 * the size in decimal without leading zeros (up to 2^53 − 1 here); the root hash 32 bytes of standard base64.
 *
 * @example
 * parseTlogCheckpoint("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
 * // Right({ origin: "example.com/behind-the-sofa", size: 20852163, rootHash: <32 bytes>, extensions: [] })
 */
export const parseTlogCheckpoint = (text: string): Either.Either<TlogCheckpoint, MalformedCheckpointError> => {
  const fail = (reason: string, line: number | null) => Either.left(new MalformedCheckpointError({ reason, line }));
  if (!text.endsWith("\n")) return fail("does not end with a newline", null);
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3) return fail(`has ${lines.length} line${lines.length === 1 ? "" : "s"}; a checkpoint has at least 3`, null);
  for (let i = 0; i < lines.length; i++) {
    const problem = lineProblem(lines[i] as string);
    if (problem !== null) return fail(`line ${i + 1} ${problem}`, i + 1);
  }
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText)) return fail(`the tree size ${JSON.stringify(sizeText)} is not a decimal number without leading zeros`, 2);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return fail(`the tree size ${sizeText} is beyond 2^53 − 1`, 2);
  const rootHash = decodeBase64(rootText);
  if (rootHash === undefined) return fail("the root hash is not standard base64", 3);
  if (rootHash.length !== HASH_SIZE) return fail(`the root hash is ${rootHash.length} bytes, not ${HASH_SIZE}`, 3);
  return Either.right({ origin, size, rootHash, extensions: lines.slice(3) });
};

/**
 * The signed note of a checkpoint, as text: formatted, then signed by each signer (the log's key; a cosigner may
 * sign at once too).
 *
 * @example
 * signTlogCheckpoint({ origin, size: tree.size, rootHash: tree.root(), extensions: [] }, [ed25519NoteSigner(origin, nodeKey.privateKey)])
 */
export const signTlogCheckpoint = (
  checkpoint: TlogCheckpoint,
  signers: ReadonlyArray<NoteSigner>,
): Either.Either<string, MalformedCheckpointError | MalformedNoteError> =>
  Either.flatMap(formatTlogCheckpoint(checkpoint), (text) => Either.map(signNote(text, signers), formatSignedNote));

/**
 * The checkpoint note with one more signature by `cosigner` (an earlier one of the same key is replaced), as
 * text. It checks that the note is a well-formed checkpoint and nothing else: a cosigner opens the note with
 * the log's key and checks consistency with what it saw before it cosigns.
 *
 * @example
 * cosignTlogCheckpoint(childNote, ed25519Cosigner("planledger.example/luhanska", key.privateKey, nowSeconds))
 */
export const cosignTlogCheckpoint = (
  note: string | Uint8Array,
  cosigner: NoteSigner,
): Either.Either<string, MalformedNoteError | MalformedCheckpointError> =>
  Either.flatMap(parseSignedNote(note), (parsed) =>
    Either.flatMap(parseTlogCheckpoint(parsed.text), () =>
      Either.map(signNote(parsed.text, [cosigner], parsed.signatures), formatSignedNote),
    ),
  );

/** A checkpoint whose log signature verified, with the note it came in and its verified cosignatures. */
export interface OpenedCheckpoint {
  readonly checkpoint: TlogCheckpoint;
  readonly note: VerifiedNote;
  readonly cosignatures: ReadonlyArray<VerifiedCosignature>;
}

/** What {@link openTlogCheckpoint} checks a checkpoint against. */
export interface CheckpointKeys {
  /** The log's key: its signature must be on the note and verify. */
  readonly log: NoteVerifier;
  /** Cosigners (parent, witnesses) whose cosignatures are checked and returned; any other signature is ignored. */
  readonly cosigners?: ReadonlyArray<NoteVerifier>;
  /** The origin line expected (the log's key name usually is, but the specification does not require it). */
  readonly origin?: string;
}

/**
 * Opens a checkpoint note: verifies it with the log's key and the cosigners' (a failing known signature rejects
 * it, unknown ones are ignored), requires the log's own signature, reads the body and checks the origin.
 *
 * @example
 * openTlogCheckpoint(noteText, { log: parseVerifierKey(vkey).pipe(Either.getOrThrow), origin: "planledger.example/luhanska" })
 */
export const openTlogCheckpoint = (
  note: string | Uint8Array,
  keys: CheckpointKeys,
): Either.Either<OpenedCheckpoint, MalformedNoteError | NoteVerificationError | MalformedCheckpointError | CheckpointOriginError> => {
  const opened = openNote(note, [keys.log, ...(keys.cosigners ?? [])]);
  if (Either.isLeft(opened)) return Either.left(opened.left);
  if (!opened.right.verified.some((s) => s.verifier === keys.log)) {
    return Either.left(
      new NoteVerificationError({
        key: `${keys.log.name}+${formatKeyId(keys.log.keyId)}`,
        reason: "the note carries no signature by the log's key",
      }),
    );
  }
  const checkpoint = parseTlogCheckpoint(opened.right.text);
  if (Either.isLeft(checkpoint)) return Either.left(checkpoint.left);
  if (keys.origin !== undefined && checkpoint.right.origin !== keys.origin) {
    return Either.left(new CheckpointOriginError({ origin: checkpoint.right.origin, expected: keys.origin }));
  }
  return Either.right({ checkpoint: checkpoint.right, note: opened.right, cosignatures: cosignaturesOf(opened.right) });
};
