/**
 * @module The check a node makes when it opens its database: every origin's log from where this node last
 * verified it (its own signed mark, `verified-head.ts`) to its head — the chain, seq, hashes, stream versions and
 * checkpoints of that tail — then new marks at the heads. A database with no marks, or marks behind more than
 * half of its log, gets the full walk (`verifyBackend`), one scan being cheaper than many seeks. What lies before a
 * mark was verified at an earlier opening; `planledger audit verify` walks everything again.
 */
import { Effect } from "effect";
import { checkpointKeyProblem } from "./key-history.js";
import { GENESIS_HASH, envelopeHash } from "./hash-chain.js";
import type { LogBackend } from "./log-backend.js";
import { type Breakage, verifyBackend } from "./log-verifier.js";
import type { NodeKey } from "./node-key.js";
import type { OriginHead } from "./stored-event.js";
import { type VerifiedHead, isVerifiedHeadSigned, signVerifiedHead } from "./verified-head.js";

export interface OpenCheck {
  /** `"full"`: every chain walked; `"since-verified"`: only what follows this node's marks. */
  readonly mode: "full" | "since-verified";
  /** How many events were hashed again. */
  readonly checked: number;
  /** The first breakage found, with its origin; null when every log held is intact. */
  readonly broken: (Breakage & { readonly origin: string }) | null;
}

/** Events read per round trip while walking a tail. */
const PAGE = 5_000;

/**
 * Verifies what changed since this node last verified its logs, and marks the heads as verified when all is
 * intact. Marks not signed by `key` (forged, or of another node's key) are ignored: their origins are walked
 * from their start.
 *
 * @example
 * const check = yield* verifyOnOpen(backend, "luhanska", key, () => new Date().toISOString());
 * if (check.broken !== null) yield* new ChainBrokenError(check.broken);
 */
export const verifyOnOpen = (backend: LogBackend, nodeId: string, key: NodeKey, now: () => string): Effect.Effect<OpenCheck> =>
  Effect.gen(function* () {
    const reader = backend.reader;
    const heads = yield* reader.heads();
    const marks = new Map<string, VerifiedHead>();
    for (const mark of yield* reader.verifiedHeads())
      if (isVerifiedHeadSigned(key.publicKey, nodeId, mark)) marks.set(mark.origin, mark);
    const headOf = new Map(heads.map((h) => [h.origin, h]));

    // A log that is now shorter than what this node once verified lost events, whatever else it holds.
    for (const mark of marks.values()) {
      const held = headOf.get(mark.origin)?.seq ?? 0;
      if (held < mark.seq)
        return {
          mode: "since-verified",
          checked: 0,
          broken: {
            origin: mark.origin,
            position: null,
            seq: held + 1,
            reason: `the log ends at seq ${held}, but this node verified it up to seq ${mark.seq} (${mark.verifiedAt}): events were removed`,
          },
        } satisfies OpenCheck;
    }

    const total = yield* reader.lastPosition();
    const tail = heads.reduce((sum, head) => sum + head.seq - (marks.get(head.origin)?.seq ?? 0), 0);
    let check: OpenCheck;
    if (tail * 2 > total) {
      const broken = (yield* verifyBackend(backend)).find((report) => report.broken !== null);
      check = { mode: "full", checked: total, broken: broken?.broken ? { origin: broken.origin, ...broken.broken } : null };
    } else {
      let checked = 0;
      let broken: OpenCheck["broken"] = null;
      for (const head of heads) {
        const outcome = yield* verifyTail(backend, head, marks.get(head.origin));
        checked += outcome.checked;
        if (outcome.broken !== null) {
          broken = { origin: head.origin, ...outcome.broken };
          break;
        }
      }
      check = { mode: "since-verified", checked, broken };
    }
    if (check.broken !== null) return check;

    const moved = heads.filter((head) => marks.get(head.origin)?.hash !== head.hash);
    if (moved.length > 0) {
      const verifiedAt = now();
      yield* backend.write((tx) =>
        tx.putVerifiedHeads(
          moved.map((head) => signVerifiedHead(key.privateKey, nodeId, { origin: head.origin, seq: head.seq, hash: head.hash, verifiedAt })),
        ),
      );
    }
    return check;
  });

/** One origin's events after `mark` (from its start without one) up to `head`, and the checkpoints among them. */
const verifyTail = (
  backend: LogBackend,
  head: OriginHead,
  mark: VerifiedHead | undefined,
): Effect.Effect<{ readonly checked: number; readonly broken: Breakage | null }> =>
  Effect.gen(function* () {
    const reader = backend.reader;
    const origin = head.origin;
    const fromSeq = mark?.seq ?? 0;
    let checked = 0;
    const at = (seq: number, stream: string, streamVersion: number, reason: string) =>
      Effect.map(reader.readStream(stream, streamVersion, { data: "lazy" }), (events) => {
        const event = events.find((e) => e.origin === origin && e.seq === seq);
        return { checked, broken: { position: event?.position ?? null, seq, reason } };
      });
    if (mark !== undefined && mark.seq > 0 && (yield* reader.hashAt(origin, mark.seq)) !== mark.hash)
      return { checked, broken: { position: null, seq: mark.seq, reason: `seq ${mark.seq} no longer carries the hash this node verified (${mark.verifiedAt})` } };

    const hashes = new Map<number, string>([[fromSeq, mark?.hash ?? GENESIS_HASH]]);
    const streams = new Map<string, number>();
    let lastSeq = fromSeq;
    let lastHash = mark?.hash ?? GENESIS_HASH;
    while (lastSeq < head.seq) {
      const page = yield* reader.readWire(origin, lastSeq, Math.min(lastSeq + PAGE, head.seq));
      if (page.length === 0) return { checked, broken: { position: null, seq: lastSeq + 1, reason: `seq ${lastSeq + 1} is missing` } };
      for (const [eventId, , seq, stream, streamVersion, type, actor, recordedAt, causationId, correlationId, prevHash, hash, dataJson] of page) {
        checked++;
        const fields = { eventId, origin, seq, stream, streamVersion, type, actor, recordedAt, causationId, correlationId, prevHash };
        if (seq !== lastSeq + 1) return yield* at(seq, stream, streamVersion, `seq ${seq} where ${lastSeq + 1} was due (gap or duplicate)`);
        if (prevHash !== lastHash) return yield* at(seq, stream, streamVersion, `prevHash does not match the hash of seq ${lastSeq}`);
        if (envelopeHash(fields, dataJson) !== hash) return yield* at(seq, stream, streamVersion, "hash does not match the event's content");
        let before = streams.get(stream);
        if (before === undefined) {
          // The stream's event before this one, written before the tail: it must exist and be this origin's.
          before = 0;
          if (streamVersion > 1) {
            const previous = (yield* reader.readStream(stream, streamVersion - 1, { data: "lazy" }))[0];
            if (previous !== undefined && previous.streamVersion === streamVersion - 1) {
              if (previous.origin !== origin) return yield* at(seq, stream, streamVersion, `stream ${stream} is written by ${previous.origin} too`);
              before = previous.streamVersion;
            }
          }
        }
        if (streamVersion !== before + 1) return yield* at(seq, stream, streamVersion, `stream version ${streamVersion} where ${before + 1} was due`);
        streams.set(stream, streamVersion);
        hashes.set(seq, hash);
        lastSeq = seq;
        lastHash = hash;
      }
    }
    if (lastHash !== head.hash) return { checked, broken: { position: head.position, seq: head.seq, reason: "the head's hash is not the chain's" } };

    const publicKey = yield* reader.nodeKey(origin);
    // Each checkpoint under the key in force at its seq. A revoked key's checkpoint is a finding of `audit verify`,
    // not a broken log: the node opens.
    const history = yield* reader.keyHistory(origin);
    // From seq 0 when walking from the start: a checkpoint at 0 must carry the genesis hash.
    for (let cp = yield* reader.firstCheckpointAfter(origin, fromSeq === 0 ? -1 : fromSeq); cp !== undefined; cp = yield* reader.firstCheckpointAfter(origin, cp.seq)) {
      const signed = hashes.get(cp.seq);
      const keyProblem = checkpointKeyProblem(history, publicKey, cp);
      const problem =
        keyProblem?._tag === "NoKey"
          ? "no public key is registered for this origin"
          : keyProblem?._tag === "BadSignature"
            ? `checkpoint signature at seq ${cp.seq} is not valid`
            : signed === undefined
              ? `checkpoint at seq ${cp.seq} is beyond the end of the log (seq ${head.seq}): events are missing`
              : signed !== cp.hash
                ? `checkpoint at seq ${cp.seq} signs a different hash`
                : null;
      if (problem !== null) return { checked, broken: { position: null, seq: cp.seq, reason: problem } };
    }
    return { checked, broken: null };
  });
