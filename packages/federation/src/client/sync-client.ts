/**
 * @module The child's side of the wire: enroll with a parent, push its subtree's logs up, pull its
 * ancestors' logs down, once or on a schedule. Resumes from the parent's cursors, so a crash or a cut
 * connection costs at most the batches in flight sent again, which the parent skips. Pushes go compressed in
 * the coding the parent says it reads, in batches sized to the line as measured (`line-meter.ts`), and a round
 * whose line fails starts again from the parent's cursors for as long as its attempts get batches through.
 */
import { Agent, type IncomingMessage, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { problemCode } from "@planledger/problem";
import { Effect, Either, Schema as S } from "effect";
import {
  ACCEPT_ENCODING,
  acceptedCodings,
  type Coding,
  codingOf,
  compress,
  decompress,
  type Effort,
  MIN_COMPRESSED_BYTES,
} from "../protocol/content-coding.js";
import { CursorList, EnrollAccepted, EnrollRequest, PullBatch, PushAccepted, WitnessCosigned, WitnessRequest } from "../protocol/messages.js";
import type { WitnessRound } from "../protocol/endpoints.js";
import type { Checkpoint } from "../protocol/replicated-event.js";
import type { FederationNode } from "../node/federation-node.js";

/** A node's operation, run: at once on SQLite, after its round trips on PostgreSQL. */
const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);
import { type BatchSizer, makeLineMeter } from "./line-meter.js";

export interface OriginSync {
  readonly origin: string;
  readonly batches: number;
  readonly stored: number;
  readonly skipped: number;
  readonly cursor: number;
}

export interface SyncReport {
  readonly node: string;
  readonly parent: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly pushed: ReadonlyArray<OriginSync>;
  readonly pulled: ReadonlyArray<OriginSync>;
  /** Null when the sync completed; else the failure that ended it (the parent's problem `code`, or the network error). */
  readonly error: string | null;
  /** Push bodies as they went on the wire: compressed, when the parent reads a coding. */
  readonly bytesSent: number;
  /** The same push bodies before compression. */
  readonly bytesRaw: number;
  /** Answer bodies as they came off the wire (pull pages compressed, when the parent sends them so). */
  readonly bytesReceived: number;
  /** The coding the pushes went in: `br`, `gzip`, or `identity` (a parent that reads none, or refused one). */
  readonly coding: string;
  /** How often the round started again from the parent's cursors after its line failed (cut, reset, timeout). */
  readonly retries: number;
  /** The line as measured by the end of the round (null before it carried a request, or a large one). */
  readonly rttMs: number | null;
  readonly bytesPerSecond: number | null;
}

export interface SyncClientOptions {
  /** Sends every request through this `fetch` (tests route it in-process); Node's own HTTP client unless given. */
  readonly fetch?: typeof fetch;
  /** The most events per pushed batch; 1000 unless given. Batches are smaller when the line is slow. */
  readonly batchSize?: number;
  /** Pushed batches in flight at once (the next is sent while the parent verifies the previous); 2 unless given. */
  readonly pushWindow?: number;
  /** The most events asked for per pull page; 1000 unless given, fewer when the line is slow. */
  readonly pullLimit?: number;
  /** How long a batch should take from sending to its answer, on the line as measured; 3000 ms unless given. */
  readonly batchMs?: number;
  /** Compress pushes in a coding the parent reads; true unless given. */
  readonly compress?: boolean;
  /**
   * A round whose line fails (a cut, a reset, a timeout, a 502–504) starts again from the parent's cursors, for as
   * long as its attempts get batches through, and gives up after this many attempts in a row that got none; 5 unless
   * given (0: a failed line ends the round). A parent that answers nothing twice in a row (it is down) is not tried again.
   */
  readonly retries?: number;
  /** The wait before starting again, doubled for each attempt in a row that got nothing through, up to 4 s; 250 ms unless given. */
  readonly retryDelayMs?: number;
  readonly now?: () => string;
  /** Told when a round ended (scheduled or on demand), after its outcome was noted in the uplink row. */
  readonly onRoundEnd?: (report: SyncReport) => void;
}

/** The most an answer may decode to: the largest pull page (5000 events, ~10 MiB) many times over. */
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

/** A refusal or failure answered by the parent, kept with its problem body. */
export class SyncFailed extends S.TaggedError<SyncFailed>()("SyncFailed", {
  status: S.Int,
  reason: S.String,
  problem: S.Unknown,
}) {}

const base = (url: string): string => `${url.replace(/\/+$/, "")}/federation/v1`;

/**
 * An answer's status, its body parsed as JSON (null when it was not JSON), the codings the parent says it reads
 * (its `Accept-Encoding`, null when it names none) and the body's size as it came off the wire.
 */
interface Answer {
  readonly status: number;
  readonly payload: unknown;
  readonly acceptEncoding: string | null;
  readonly bytesIn: number;
}
export type Exchange = (url: string, method: string, headers: Record<string, string>, body?: string | Uint8Array) => Promise<Answer>;

const parsedOrNull = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** Through a `fetch`, which decodes a compressed answer itself (and asks for what it can decode). */
const viaFetch =
  (doFetch: typeof fetch): Exchange =>
  async (url, method, headers, body) => {
    const response = await doFetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text().catch(() => "");
    const declared = Number(response.headers.get("content-length"));
    return {
      status: response.status,
      payload: parsedOrNull(text),
      acceptEncoding: response.headers.get("accept-encoding"),
      bytesIn: Number.isFinite(declared) && declared > 0 ? declared : Buffer.byteLength(text),
    };
  };

/** As long as undici's own header and body timeouts, so a parent that stops answering ends the sync with an error. */
const ANSWER_TIMEOUT_MS = 300_000;

/**
 * Requests over Node's own HTTP client with kept-alive sockets (`sockets` of them per parent). Per pushed batch
 * this costs the child about a millisecond of CPU less than `fetch` (measured with bench:sync), as much as
 * encoding a hundred events. Redirects are not followed: a parent's URL is the one it was enrolled under.
 * Answers may come compressed (`Accept-Encoding: br, gzip` goes with every request) and are decoded here, up to
 * {@link MAX_ANSWER_BYTES}; an answer cut short rejects, as a failed connection does.
 */
export const viaNodeHttp = (sockets: number): Exchange => {
  // With a timeout of its own, the agent closes an idle socket a second before the parent's announced
  // keep-alive timeout (`Keep-Alive: timeout=5` from a Node server) instead of keeping it until the parent
  // closes it, perhaps just as the next request goes out on it.
  const kept = { keepAlive: true, maxSockets: sockets, timeout: ANSWER_TIMEOUT_MS };
  const agents = { http: new Agent(kept), https: new HttpsAgent(kept) };
  return (url, method, headers, body) =>
    new Promise<Answer>((resolve, reject) => {
      const secure = url.startsWith("https:");
      const payload = body === undefined ? undefined : typeof body === "string" ? Buffer.from(body, "utf8") : body;
      const sent = (secure ? httpsRequest : httpRequest)(
        url,
        {
          method,
          agent: secure ? agents.https : agents.http,
          headers: {
            "accept-encoding": ACCEPT_ENCODING,
            ...headers,
            ...(payload === undefined ? {} : { "content-length": String(payload.byteLength) }),
          },
          timeout: ANSWER_TIMEOUT_MS,
        },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.once("end", () => {
            const raw = Buffer.concat(chunks);
            const coding = codingOf(response.headers["content-encoding"]);
            const answer = (text: string | null): Answer => ({
              status: response.statusCode ?? 0,
              payload: text === null ? null : parsedOrNull(text),
              acceptEncoding: response.headers["accept-encoding"] ?? null,
              bytesIn: raw.byteLength,
            });
            if (coding === null) return resolve(answer(null));
            void decompress(raw, coding, MAX_ANSWER_BYTES).then((decoded) =>
              resolve(answer(Either.isRight(decoded) ? decoded.right.toString("utf8") : null)),
            );
          });
          response.once("error", reject);
          response.once("close", () => {
            if (!response.complete) reject(new Error(`the answer from ${url} was cut short`));
          });
        },
      );
      sent.once("timeout", () => sent.destroy(new Error(`no answer from ${url} within ${ANSWER_TIMEOUT_MS / 1000} s`)));
      sent.once("error", reject);
      sent.end(payload);
    });
};

/** Why a round stops: a refusal or failure answered by the parent stops it; a failed line is worth a retry. */
const lineFailed = (failure: unknown): boolean =>
  failure instanceof SyncFailed ? failure.status === 502 || failure.status === 503 || failure.status === 504 : failure instanceof Error;

const describe = (failure: unknown): string =>
  failure instanceof SyncFailed ? failure.reason : failure instanceof Error ? failure.message : String(failure);

/** A parent that advertised a coding and then refused a body in it (415): the round goes again without compression. */
const codingRefused = (failure: unknown): boolean => failure instanceof SyncFailed && failure.status === 415;

/**
 * @example
 * const client = makeSyncClient(node)
 * await client.join("http://127.0.0.1:8701", token)
 * const report = await client.syncOnce()
 */
export const makeSyncClient = (node: FederationNode, options: SyncClientOptions = {}) => {
  const batchSize = options.batchSize ?? 1000;
  const pullLimit = options.pullLimit ?? 1000;
  const pushWindow = Math.max(1, options.pushWindow ?? 2);
  const maxRetries = Math.max(0, options.retries ?? 5);
  const retryDelayMs = options.retryDelayMs ?? 250;
  const now = options.now ?? (() => new Date().toISOString());
  const exchange = options.fetch === undefined ? viaNodeHttp(pushWindow) : viaFetch(options.fetch);
  // The line as measured by this round (each round, and each attempt after a failure, measures it anew).
  const line = makeLineMeter(options.batchMs === undefined ? {} : { batchMs: options.batchMs });
  // Guesses until measured: a push of progress entries is ~150 bytes per event compressed (~850 in the clear).
  const pushSizes = { compressed: line.sizer(150, batchSize), identity: line.sizer(850, batchSize) };
  const pullSizes = line.sizer(150, pullLimit);
  /** The parent URL that refused a coding it had advertised (415): pushes to it go uncompressed from then on. */
  let refusedCodingAt: string | null = null;

  let bytesSent = 0;
  let bytesRaw = 0;
  let bytesReceived = 0;
  /** Answers received from the parent, of any status: whether an attempt of a round reached it at all. */
  let answers = 0;

  const callAnswer = async <A, I>(
    schema: S.Schema<A, I>,
    url: string,
    init: { method: string; token?: string; body?: string | Uint8Array; contentEncoding?: Coding },
  ): Promise<{ readonly value: A; readonly answer: Answer }> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.contentEncoding !== undefined) headers["content-encoding"] = init.contentEncoding;
    const started = performance.now();
    const answer = await exchange(url, init.method, headers, init.body);
    answers++;
    bytesReceived += answer.bytesIn;
    const bytesOut = init.body === undefined ? 0 : typeof init.body === "string" ? Buffer.byteLength(init.body) : init.body.byteLength;
    line.record({ bytesOut, bytesIn: answer.bytesIn, ms: performance.now() - started });
    const { status, payload } = answer;
    if (status < 200 || status > 299) {
      // `code`, or `reason` from a parent of a version before `code` (see @planledger/problem, `problemCode`).
      const reason = problemCode(payload) ?? `HTTP ${status}`;
      throw new SyncFailed({ status, reason, problem: payload });
    }
    const decoded = S.decodeUnknownEither(schema)(payload);
    if (Either.isLeft(decoded)) throw new SyncFailed({ status, reason: "MalformedAnswer", problem: payload });
    return { value: decoded.right, answer };
  };
  const call = <A, I>(schema: S.Schema<A, I>, url: string, init: { method: string; token?: string; body?: string | Uint8Array }) =>
    callAnswer(schema, url, init).then((r) => r.value);

  /** Enrolls with the parent at `url` using the invitation `token`, and remembers it (and its key) here. */
  const join = async (url: string, token: string): Promise<EnrollAccepted> => {
    const request = new EnrollRequest({ child: { nodeId: node.self.nodeId, level: node.self.level, publicKey: node.publicKey }, token });
    const accepted = await call(EnrollAccepted, `${base(url)}/enroll`, { method: "POST", body: JSON.stringify(request) });
    await run(node.rememberParent(url, token, accepted));
    return accepted;
  };

  type Encoded = {
    readonly body: Buffer;
    readonly coding: Coding | undefined;
    readonly firstSeq: number;
    readonly lastSeq: number;
    readonly checkpoint: Checkpoint;
  };
  /** A batch on its way; `behind` when another was still unanswered as it was sent (so it may overtake it). */
  type Sent = { readonly batch: Encoded; readonly behind: boolean; readonly answer: Promise<Either.Either<PushAccepted, unknown>> };
  /** An origin's figures, added to by every attempt of the round. */
  type Tally = { origin: string; batches: number; stored: number; skipped: number; cursor: number };

  /**
   * Pushes `origin`'s log from the parent's cursor `from`, with up to `pushWindow` batches in flight: the next
   * batch is encoded and sent while the parent verifies the previous one, so neither side waits out the other's
   * round trip. Answers are taken in the order the batches were sent. A batch that reaches the parent before
   * the one ahead of it waits there for it; should it still be refused with `SequenceGap` (nothing of it is
   * stored), it is sent again from the cursor the parent answered. Any other refusal ends the push. Each batch is
   * as large as the line carries in about `batchMs` (`sizes`), compressed in `coding` when there is one.
   */
  const pushOrigin = async (url: string, token: string, tally: Tally, from: number, coding: Coding | undefined): Promise<void> => {
    const { origin } = tally;
    let after = from;
    tally.cursor = Math.max(tally.cursor, from);
    const members = await run(node.members());
    const head = (await run(node.cursorOf(origin))).seq;
    const sizes: BatchSizer = coding === undefined ? pushSizes.identity : pushSizes.compressed;
    // The body is turned into UTF-8 bytes once here: counted from them, compressed from them, sent as they are.
    const encode = async (fromSeq: number): Promise<Encoded | null> => {
      const next = await run(node.nextBatchBody(origin, fromSeq, sizes.next(), head, members));
      if (next === null) return null;
      const plain = Buffer.from(next.body, "utf8");
      bytesRaw += plain.byteLength;
      const effort: Effort = sizes.lineBound() ? "small" : "fast";
      const packed = coding !== undefined && plain.byteLength >= MIN_COMPRESSED_BYTES ? await compress(plain, coding, effort) : null;
      const body = packed ?? plain;
      sizes.sent(next.checkpoint.seq - fromSeq, body.byteLength);
      return { body, coding: packed === null ? undefined : coding, firstSeq: fromSeq + 1, lastSeq: next.checkpoint.seq, checkpoint: next.checkpoint };
    };
    // Yields to the event loop first, so a request just handed to the socket goes out before the next is encoded.
    const encodeSoon = (fromSeq: number) => new Promise<void>((resolve) => setImmediate(resolve)).then(() => encode(fromSeq));
    const send = (batch: Encoded, behind: boolean): Sent => {
      bytesSent += batch.body.byteLength;
      // Never rejects: a batch still in flight while an earlier answer is awaited must not fail unhandled.
      const answer = call(PushAccepted, `${base(url)}/push`, {
        method: "POST",
        token,
        body: batch.body,
        ...(batch.coding === undefined ? {} : { contentEncoding: batch.coding }),
      }).then(
        (accepted) => Either.right(accepted),
        (failure: unknown) => Either.left(failure),
      );
      return { batch, behind, answer };
    };
    const accept = async (sent: Sent, accepted: PushAccepted): Promise<void> => {
      if (!(await run(node.keepWitness(accepted.witnessed, sent.batch.checkpoint)))) {
        throw new SyncFailed({ status: 200, reason: "BadWitness", problem: accepted.witnessed });
      }
      // The C2SP cosignature of the tree head, from a parent that makes one (one of a version before it sends none).
      const { checkpoint } = sent.batch;
      if (accepted.cosignature !== undefined && !(await run(node.keepCosignature(checkpoint.origin, checkpoint.seq, accepted.cosignature)))) {
        throw new SyncFailed({ status: 200, reason: "BadCosignature", problem: { cosignature: accepted.cosignature, origin: checkpoint.origin, size: checkpoint.seq } });
      }
      tally.batches++;
      tally.stored += accepted.stored;
      tally.skipped += accepted.skipped;
      after = Math.max(after, accepted.cursor.seq);
      tally.cursor = Math.max(tally.cursor, after);
    };

    const inFlight: Sent[] = [];
    let nextFrom = after;
    for (;;) {
      while (inFlight.length < pushWindow) {
        const batch = inFlight.length === 0 ? await encode(nextFrom) : await encodeSoon(nextFrom);
        if (batch === null) break;
        inFlight.push(send(batch, inFlight.length > 0));
        nextFrom = batch.lastSeq;
      }
      const sent = inFlight.shift();
      if (sent === undefined) break;
      const before = after;
      const answer = await sent.answer;
      if (Either.isRight(answer)) await accept(sent, answer.right);
      else if (!(answer.left instanceof SyncFailed && answer.left.reason === "SequenceGap" && sent.behind)) throw answer.left;
      const stalled = Either.isRight(answer) && after <= before;
      if (after !== sent.batch.lastSeq || stalled) {
        // What is still in flight was encoded from a guess the parent's cursor contradicts: let it finish (it
        // stores nothing twice), then go on from the cursor — or stop, when the parent took nothing new.
        for (const rest of inFlight.splice(0)) {
          const late = await rest.answer;
          if (Either.isRight(late)) await accept(rest, late.right);
        }
        if (stalled) break;
        nextFrom = after;
      }
    }
  };

  const pullOrigin = async (url: string, token: string, tally: Tally): Promise<void> => {
    const { origin } = tally;
    tally.cursor = (await run(node.cursorOf(origin))).seq;
    for (;;) {
      const after = (await run(node.cursorOf(origin))).seq;
      const limit = Math.min(pullLimit, pullSizes.next());
      const { value: page, answer } = await callAnswer(
        PullBatch,
        `${base(url)}/pull?origin=${encodeURIComponent(origin)}&after=${after}&limit=${limit}`,
        { method: "GET", token },
      );
      pullSizes.sent(page.events.length, answer.bytesIn);
      const accepted = await run(Effect.either(node.acceptPulled(page)));
      if (Either.isLeft(accepted)) {
        throw new SyncFailed({ status: 0, reason: accepted.left._tag, problem: accepted.left });
      }
      tally.batches++;
      tally.stored += accepted.right;
      tally.cursor = (await run(node.cursorOf(origin))).seq;
      if (!page.more || page.events.length === 0) break;
    }
  };

  /**
   * Asks this node's named witnesses other than the parent (which cosigns with every push) to cosign its own log's
   * checkpoint — at the size the parent last cosigned, so that k of n cosign one checkpoint, or at the head before
   * any push — each with the consistency proof from the size that witness last cosigned here. Keeps each line that
   * verifies. A witness that asks for a proof from another size (`ConsistencyProofRequired`, `fromSize`) is asked again once.
   */
  const askWitnesses = async (): Promise<typeof WitnessRound.Type> => {
    const self = node.self.nodeId;
    const policy = await run(node.witnessPolicy());
    const parentId = (await run(node.uplink()))?.parentId;
    const kept = await run(node.witness.store.cosignatures(self));
    const byParent = kept.filter((c) => c.witness === parentId).at(-1);
    const head = await run(node.cosignedCheckpoint(self));
    const size = byParent?.size ?? head?.treeSize ?? 0;
    const results: Array<{ witness: string; outcome: string }> = [];
    const own = size > 0 ? await run(node.cosignedCheckpoint(self, size)) : null;
    const ownNote = size > 0 ? await run(node.witness.ownNote(size)) : "";
    for (const w of policy.witnesses) {
      if (own === null) break;
      if (w.nodeId === parentId) {
        results.push({ witness: w.nodeId, outcome: own.cosignatures.some((c) => c.witness === w.nodeId) ? "cosigned" : "not yet (cosigns with each push)" });
        continue;
      }
      if (w.url === null) {
        results.push({ witness: w.nodeId, outcome: "no URL" });
        continue;
      }
      const ask = async (from: number) =>
        call(WitnessCosigned, `${base(w.url as string)}/witness`, {
          method: "POST",
          body: JSON.stringify(new WitnessRequest({ note: ownNote, proof: [...(await run(node.witness.consistencyProof(self, from, size)))] })),
        });
      const last = kept.filter((c) => c.witness === w.nodeId && c.size <= size).at(-1)?.size ?? 0;
      try {
        let answer: WitnessCosigned;
        try {
          answer = await ask(last);
        } catch (failure) {
          const fromSize = failure instanceof SyncFailed ? (failure.problem as { fromSize?: unknown } | null)?.fromSize : undefined;
          if (typeof fromSize !== "number" || fromSize === last || fromSize > size) throw failure;
          answer = await ask(fromSize);
        }
        const ok = answer.size === size && (await run(node.keepCosignature(self, size, answer.cosignature, w.nodeId)));
        results.push({ witness: w.nodeId, outcome: ok ? "cosigned" : "BadCosignature" });
      } catch (failure) {
        const detail = failure instanceof SyncFailed ? `${failure.reason}: ${String((failure.problem as { detail?: unknown } | null)?.detail ?? "")}` : describe(failure);
        results.push({ witness: w.nodeId, outcome: detail });
      }
    }
    const now_ = size > 0 ? await run(node.cosignedCheckpoint(self, size)) : null;
    const named = new Set(policy.witnesses.map((w) => w.nodeId));
    const cosigned = now_?.cosignatures.filter((c) => named.has(c.witness)).length ?? 0;
    return { _tag: "WitnessRound", origin: self, size, quorum: policy.quorum, cosigned, witnessed: cosigned >= policy.quorum, results };
  };

  let running: Promise<SyncReport> | null = null;

  const syncNow = async (): Promise<SyncReport> => {
    const startedAt = now();
    const up = await run(node.uplink());
    const pushed = new Map<string, Tally>();
    const pulled = new Map<string, Tally>();
    const tally = (of: Map<string, Tally>, origin: string): Tally => {
      const held = of.get(origin) ?? { origin, batches: 0, stored: 0, skipped: 0, cursor: 0 };
      of.set(origin, held);
      return held;
    };
    bytesSent = 0;
    bytesRaw = 0;
    bytesReceived = 0;
    let coding: Coding | undefined;
    let retries = 0;
    const report = (error: string | null, parent: string | null): SyncReport => ({
      node: node.self.nodeId,
      parent,
      startedAt,
      finishedAt: now(),
      pushed: [...pushed.values()].map((t) => ({ ...t })),
      pulled: [...pulled.values()].map((t) => ({ ...t })),
      error,
      bytesSent,
      bytesRaw,
      bytesReceived,
      coding: coding ?? "identity",
      retries,
      rttMs: line.rttMs() === null ? null : Math.round(line.rttMs() ?? 0),
      bytesPerSecond: line.bytesPerSecond() === null ? null : Math.round(line.bytesPerSecond() ?? 0),
    });
    if (up === null) return report("NoParent", null);
    let error: string | null = null;
    /** Attempts in a row that got no batch through, and that got no answer at all (a parent that is down). */
    let fruitless = 0;
    let unanswered = 0;
    const batchesThrough = (): number => [...pushed.values(), ...pulled.values()].reduce((sum, t) => sum + t.batches, 0);
    for (;;) {
      const answered = answers;
      const through = batchesThrough();
      line.reset();
      try {
        // Each attempt starts from the parent's cursors: what a cut attempt delivered is not sent again.
        const { value: cursors, answer } = await callAnswer(CursorList, `${base(up.url)}/cursors`, { method: "GET", token: up.token });
        await run(node.rememberAncestors(up.parentId, cursors.ancestors));
        // A parent of a version before compression names no coding it reads: its pushes go as they are.
        coding = options.compress === false || refusedCodingAt === up.url ? undefined : acceptedCodings(answer.acceptEncoding)[0];
        const held = new Map(cursors.cursors.map((c) => [c.origin, c.seq]));
        for (const origin of await run(node.originsToPush())) await pushOrigin(up.url, up.token, tally(pushed, origin), held.get(origin) ?? 0, coding);
        for (const origin of await run(node.originsToPull())) await pullOrigin(up.url, up.token, tally(pulled, origin));
        error = null;
        break;
      } catch (failure) {
        if (coding !== undefined && codingRefused(failure)) {
          refusedCodingAt = up.url;
          continue;
        }
        unanswered = answers === answered ? unanswered + 1 : 0;
        fruitless = batchesThrough() === through ? fruitless + 1 : 0;
        if (lineFailed(failure) && maxRetries > 0 && fruitless <= maxRetries && unanswered < 2) {
          retries++;
          await new Promise((resolve) => setTimeout(resolve, Math.min(4000, retryDelayMs * 2 ** Math.max(0, fruitless - 1))));
          continue;
        }
        error = describe(failure);
        break;
      }
    }
    await run(node.noteSync(error));
    const done = report(error, up.parentId);
    options.onRoundEnd?.(done);
    // Witnesses beyond the parent, when named: asked after a round that went through (not counted in its report); their
    // answers never fail it.
    if (error === null && (await run(node.witnessPolicy())).witnesses.some((w) => w.nodeId !== up.parentId && w.url !== null)) {
      await askWitnesses().catch(() => undefined);
    }
    return done;
  };

  /** One push-then-pull round; a call while one is running shares it instead of starting a second. */
  const syncOnce = (): Promise<SyncReport> => {
    if (running === null) running = syncNow().finally(() => (running = null));
    return running;
  };

  /**
   * Syncs now and then every `intervalMs` after each round ends (so rounds never overlap), until stopped.
   *
   * @example
   * const schedule = client.schedule(30_000); … schedule.stop()
   */
  const schedule = (intervalMs: number, onReport?: (report: SyncReport) => void): { readonly stop: () => void } => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = (): void => {
      void syncOnce().then((report) => {
        onReport?.(report);
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
    };
    tick();
    return {
      stop: () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
      },
    };
  };

  return { join, syncOnce, schedule, askWitnesses };
};

export type SyncClient = ReturnType<typeof makeSyncClient>;
