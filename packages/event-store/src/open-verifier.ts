/**
 * @module The check a node makes when it opens its database: every origin's log from where this node last
 * verified it (its own signed mark, `verified-head.ts`) to its head — the chain, seq, hashes, stream versions and
 * checkpoints of that tail — then new marks at the heads. A database with no marks, or marks behind more than
 * half of its log, gets the full walk (`verifyBackend`), one scan being cheaper than many seeks. What lies before a
 * mark was verified at an earlier opening; `planledger audit verify` walks everything again. A tail longer than
 * `VERIFY_BEFORE_OPEN` events is walked behind the open node (`verifyWhileServing`), which refuses writes if it
 * finds a breakage.
 */
import { Effect, type Scope } from "effect";
import { ChainBrokenError } from "./event-store.errors.js";
import { checkpointKeyProblem } from "./key-history.js";
import { GENESIS_HASH, envelopeHash } from "./hash-chain.js";
import type { LogBackend } from "./log-backend.js";
import { type Breakage, verifyBackend } from "./log-verifier.js";
import type { NodeKey } from "./node-key.js";
import type { OriginHead } from "./stored-event.js";
import { type VerifiedHead, isVerifiedHeadSigned, signVerifiedHead } from "./verified-head.js";

export interface OpenCheck {
  /**
   * `"full"`: every chain walked; `"since-verified"`: only what follows this node's marks; `"deferred"`: the tails
   * walked behind the open node (`stagedVerifyOnOpen`).
   */
  readonly mode: "full" | "since-verified" | "deferred";
  /** How many events were hashed again. */
  readonly checked: number;
  /** The first breakage found, with its origin; null when every log held is intact. */
  readonly broken: (Breakage & { readonly origin: string }) | null;
}

/** Events read per round trip while walking a tail. */
const PAGE = 5_000;
/**
 * Events per page of a walk behind an open node: at 16–20 µs an event on SQLite (docs/operations.md, "The national
 * node at scale"), about 20 ms of hashing between two turns of the event loop.
 */
const PACED_PAGE = 1_000;
/** Checkpoint signatures verified between two turns of the event loop behind an open node. */
const PACED_SIGNATURES = 200;

/** Where a node's check of its logs stands while it serves: `/health` shows it. */
export interface OpenVerification {
  /** `"verifying"` while a large tail is walked behind the open node; `"broken"` once that walk found a breakage. */
  readonly state: "verified" | "verifying" | "broken";
  /** Events hashed again by the walk so far. */
  readonly checked: number;
  /** Events the walk covers (0 when it was done before the node opened). */
  readonly total: number;
  readonly broken: OpenCheck["broken"];
}

/** The check made before a store opens, and the walk left for after (null when nothing is left). */
export interface StagedOpenCheck {
  readonly before: OpenCheck;
  /** Events `after` walks. */
  readonly pending: number;
  /**
   * The rest of the walk, page by page with `pause` between pages, calling `progress` with the events checked so
   * far; it marks the heads it verified when all is intact, as the opening walk does.
   */
  readonly after: ((pause: Effect.Effect<void>, progress: (checked: number) => void) => Effect.Effect<OpenCheck>) | null;
}

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
  Effect.map(stagedVerifyOnOpen(backend, nodeId, key, now, Number.POSITIVE_INFINITY), (staged) => staged.before);

/**
 * As `verifyOnOpen` when at most `inlineLimit` events follow this node's marks; beyond, only what costs a seek per
 * origin is checked before the store opens — no log shorter than what was verified, each mark's seq still carrying
 * the hash verified — and the walk of the tails is handed back as `after`, for the store to run behind the open
 * node (a national node that took in a million events since it last opened must not wait minutes to answer).
 *
 * @example
 * const { before, after } = yield* stagedVerifyOnOpen(backend, "ukraine", key, clock, 50_000);
 * if (after !== null) yield* Effect.forkScoped(after(Effect.sleep(0), (n) => (checked = n)));
 */
export const stagedVerifyOnOpen = (
  backend: LogBackend,
  nodeId: string,
  key: NodeKey,
  now: () => string,
  inlineLimit: number,
): Effect.Effect<StagedOpenCheck> =>
  Effect.gen(function* () {
    const reader = backend.reader;
    const heads = yield* reader.heads();
    const marks = new Map<string, VerifiedHead>();
    for (const mark of yield* reader.verifiedHeads())
      if (isVerifiedHeadSigned(key.publicKey, nodeId, mark)) marks.set(mark.origin, mark);
    const headOf = new Map(heads.map((h) => [h.origin, h]));
    const done = (before: OpenCheck): StagedOpenCheck => ({ before, pending: 0, after: null });

    // A log that is now shorter than what this node once verified lost events, whatever else it holds.
    for (const mark of marks.values()) {
      const held = headOf.get(mark.origin)?.seq ?? 0;
      if (held < mark.seq)
        return done({
          mode: "since-verified",
          checked: 0,
          broken: {
            origin: mark.origin,
            position: null,
            seq: held + 1,
            reason: `the log ends at seq ${held}, but this node verified it up to seq ${mark.seq} (${mark.verifiedAt}): events were removed`,
          },
        });
    }

    const total = yield* reader.lastPosition();
    const tail = heads.reduce((sum, head) => sum + head.seq - (marks.get(head.origin)?.seq ?? 0), 0);
    if (tail > inlineLimit) {
      // One seek per origin now: a mark whose seq no longer carries the verified hash is a rewritten log.
      for (const mark of marks.values())
        if ((yield* reader.hashAt(mark.origin, mark.seq)) !== mark.hash)
          return done({
            mode: "since-verified",
            checked: 0,
            broken: { origin: mark.origin, position: null, seq: mark.seq, reason: `seq ${mark.seq} no longer carries the hash this node verified (${mark.verifiedAt})` },
          });
      return {
        before: { mode: "deferred", checked: 0, broken: null },
        pending: tail,
        after: (pause, progress) =>
          Effect.gen(function* () {
            let checked = 0;
            for (const head of heads) {
              const outcome = yield* verifyTail(backend, head, marks.get(head.origin), { page: PACED_PAGE, pause, progress: (n) => progress(checked + n) });
              checked += outcome.checked;
              progress(checked);
              if (outcome.broken !== null) return { mode: "deferred", checked, broken: { origin: head.origin, ...outcome.broken } } satisfies OpenCheck;
            }
            yield* markVerified(backend, nodeId, key, now, heads, marks);
            return { mode: "deferred", checked, broken: null } satisfies OpenCheck;
          }),
      };
    }

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
    if (check.broken === null) yield* markVerified(backend, nodeId, key, now, heads, marks);
    return done(check);
  });

/** Signed marks at the heads verified that moved since their last mark. */
const markVerified = (
  backend: LogBackend,
  nodeId: string,
  key: NodeKey,
  now: () => string,
  heads: ReadonlyArray<OriginHead>,
  marks: ReadonlyMap<string, VerifiedHead>,
): Effect.Effect<void> => {
  const moved = heads.filter((head) => marks.get(head.origin)?.hash !== head.hash);
  if (moved.length === 0) return Effect.void;
  const verifiedAt = now();
  return backend.write((tx) =>
    tx.putVerifiedHeads(moved.map((head) => signVerifiedHead(key.privateKey, nodeId, { origin: head.origin, seq: head.seq, hash: head.hash, verifiedAt }))),
  );
};

/** One origin's events after `mark` (from its start without one) up to `head`, and the checkpoints among them. */
const verifyTail = (
  backend: LogBackend,
  head: OriginHead,
  mark: VerifiedHead | undefined,
  paced: { readonly page: number; readonly pause: Effect.Effect<void>; readonly progress: (checked: number) => void } | null = null,
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
      if (paced !== null && lastSeq > fromSeq) {
        paced.progress(checked);
        yield* paced.pause;
      }
      const page = yield* reader.readWire(origin, lastSeq, Math.min(lastSeq + (paced?.page ?? PAGE), head.seq));
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
    let signatures = 0;
    for (let cp = yield* reader.firstCheckpointAfter(origin, fromSeq === 0 ? -1 : fromSeq); cp !== undefined; cp = yield* reader.firstCheckpointAfter(origin, cp.seq)) {
      // Behind an open node, a turn of the event loop every so many signatures (about 0.1 ms each).
      if (paced !== null && ++signatures % PACED_SIGNATURES === 0) yield* paced.pause;
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

/**
 * Events a store walks before it opens (about a second on SQLite at 16–20 µs an event); a larger tail since this
 * node's marks is walked behind the open node.
 */
export const VERIFY_BEFORE_OPEN = 50_000;

/** One turn of the event loop: requests and pushes are served between two pages of the walk. */
const turn: Effect.Effect<void> = Effect.async<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void));
  return Effect.sync(() => clearImmediate(handle));
});

/**
 * Verifies the logs as a store opens (`stagedVerifyOnOpen`): fails with `ChainBrokenError` on what it finds before
 * opening; a tail longer than `inlineLimit` is walked by a fiber of the scope, a page per turn of the event loop,
 * and the backend handed back refuses every write (a defect carrying the `ChainBrokenError`) once that walk finds
 * a breakage. `onChange` hears each state the walk reaches (`"verifying"` at the start, then its end). `verifyGained`
 * walks what the logs gained since then the same way, later, and marks it (or turns the state `broken`).
 *
 * @example
 * const { backend: gated, verification } = yield* verifyWhileServing(backend, "ukraine", key, clock, VERIFY_BEFORE_OPEN);
 * verification().state // "verifying", then "verified"
 */
export const verifyWhileServing = (
  backend: LogBackend,
  nodeId: string,
  key: NodeKey,
  now: () => string,
  inlineLimit: number,
  onChange: (state: OpenVerification) => void = () => {},
): Effect.Effect<
  { readonly backend: LogBackend; readonly verification: () => OpenVerification; readonly verifyGained: Effect.Effect<OpenVerification> },
  ChainBrokenError,
  Scope.Scope
> =>
  Effect.gen(function* () {
    const staged = yield* stagedVerifyOnOpen(backend, nodeId, key, now, inlineLimit);
    if (staged.before.broken !== null) return yield* new ChainBrokenError(staged.before.broken);
    const after = staged.after;
    let state: OpenVerification =
      after === null
        ? { state: "verified", checked: staged.before.checked, total: staged.before.checked, broken: null }
        : { state: "verifying", checked: 0, total: staged.pending, broken: null };
    const gated: LogBackend = {
      ...backend,
      write: (body) => (state.broken === null ? backend.write(body) : Effect.die(new ChainBrokenError(state.broken))),
    };
    // What the logs gained since the marks, walked again from the database behind the serving node, a page a turn, then
    // marked: a node restarted after a relay then finds nothing to walk. Not while the opening walk runs or after a
    // breakage; one walk at a time.
    let walking = false;
    const verifyGained: Effect.Effect<OpenVerification> = Effect.suspend(() => {
      if (state.state !== "verified" || walking) return Effect.succeed(state);
      walking = true;
      return Effect.gen(function* () {
        const again = yield* stagedVerifyOnOpen(backend, nodeId, key, now, 0);
        const check = again.before.broken !== null || again.after === null ? again.before : yield* again.after(turn, () => {});
        if (check.broken !== null) {
          state = { state: "broken", checked: check.checked, total: again.pending, broken: check.broken };
          onChange(state);
        }
        return state;
      }).pipe(Effect.ensuring(Effect.sync(() => (walking = false))));
    });
    if (after === null) return { backend: gated, verification: () => state, verifyGained };
    onChange(state);
    yield* Effect.forkScoped(
      after(turn, (checked) => {
        state = { ...state, checked };
      }).pipe(
        Effect.tap((check) =>
          Effect.sync(() => {
            state = { state: check.broken === null ? "verified" : "broken", checked: check.checked, total: staged.pending, broken: check.broken };
            onChange(state);
          }),
        ),
      ),
    );
    return { backend: gated, verification: () => state, verifyGained };
  });
