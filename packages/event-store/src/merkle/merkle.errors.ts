/**
 * @module Failures of the Merkle tree, its proofs and the C2SP note formats, as data: each says what is wrong
 * and where (a line of a note, a proof hash, a node of the tree).
 */
import { Schema as S } from "effect";

/** A signed note (c2sp.org/signed-note) that cannot be read: `line` is 1-based, null when no line can be named. */
export class MalformedNoteError extends S.TaggedError<MalformedNoteError>()("MalformedNoteError", {
  reason: S.String,
  line: S.NullOr(S.Int),
}) {
  override get message(): string {
    const at = this.line === null ? "" : ` (рядок ${this.line} / line ${this.line})`;
    return `підписана нотатка пошкоджена${at}: ${this.reason} / malformed signed note${at}: ${this.reason}`;
  }
}

/**
 * A note whose signatures do not hold: a signature by a known key that does not verify, a key named twice, or
 * no signature by a known key at all. `key` is `name+keyid` (hex) when one key is at fault.
 */
export class NoteVerificationError extends S.TaggedError<NoteVerificationError>()("NoteVerificationError", {
  key: S.NullOr(S.String),
  reason: S.String,
}) {
  override get message(): string {
    const who = this.key === null ? "" : ` ${this.key}`;
    return `підпис нотатки не підтверджено${who}: ${this.reason} / note signature${who} not verified: ${this.reason}`;
  }
}

/** A verifier key string (`name+hash+base64`) that cannot be used. */
export class MalformedVerifierKeyError extends S.TaggedError<MalformedVerifierKeyError>()("MalformedVerifierKeyError", {
  key: S.String,
  reason: S.String,
}) {
  override get message(): string {
    return `ключ перевірки ${this.key} непридатний: ${this.reason} / verifier key ${this.key} unusable: ${this.reason}`;
  }
}

/** A checkpoint body (c2sp.org/tlog-checkpoint) that cannot be read or written: `line` is 1-based. */
export class MalformedCheckpointError extends S.TaggedError<MalformedCheckpointError>()("MalformedCheckpointError", {
  reason: S.String,
  line: S.NullOr(S.Int),
}) {
  override get message(): string {
    const at = this.line === null ? "" : ` (рядок ${this.line} / line ${this.line})`;
    return `контрольна точка пошкоджена${at}: ${this.reason} / malformed checkpoint${at}: ${this.reason}`;
  }
}

/** A checkpoint signed and well formed, but of another log than the one expected. */
export class CheckpointOriginError extends S.TaggedError<CheckpointOriginError>()("CheckpointOriginError", {
  origin: S.String,
  expected: S.String,
}) {
  override get message(): string {
    return `контрольна точка журналу ${this.origin}, очікувався ${this.expected} / checkpoint of log ${this.origin}, expected ${this.expected}`;
  }
}

/** An inclusion or consistency proof that does not prove what it claims; `reason` names the hash or size at fault. */
export class InvalidProofError extends S.TaggedError<InvalidProofError>()("InvalidProofError", {
  proof: S.Literal("inclusion", "consistency"),
  reason: S.String,
}) {
  override get message(): string {
    const uk = this.proof === "inclusion" ? "включення" : "узгодженості";
    return `доказ ${uk} недійсний: ${this.reason} / ${this.proof} proof invalid: ${this.reason}`;
  }
}

/** A proof or root asked for sizes or an index the tree cannot answer (beyond its size, zero, not an integer). */
export class ProofRequestError extends S.TaggedError<ProofRequestError>()("ProofRequestError", {
  reason: S.String,
}) {
  override get message(): string {
    return `доказ неможливо побудувати: ${this.reason} / cannot build the proof: ${this.reason}`;
  }
}

/** The node store lacks the hash of a perfect subtree the answer needs: the store is behind the tree or damaged. */
export class MissingNodeError extends S.TaggedError<MissingNodeError>()("MissingNodeError", {
  level: S.Int,
  index: S.Int,
}) {
  override get message(): string {
    return `немає вузла дерева (рівень ${this.level}, індекс ${this.index}) / tree node missing (level ${this.level}, index ${this.index})`;
  }
}
