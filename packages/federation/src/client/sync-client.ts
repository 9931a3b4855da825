/**
 * @module The child's side of the wire: enroll with a parent, push its subtree's logs up, pull its
 * ancestors' logs down, once or on a schedule. Resumes from the parent's cursors, so a crash or a cut
 * connection costs at most one batch sent again, which the parent skips.
 */
import { Agent, type IncomingMessage, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { problemCode } from "@planledger/problem";
import { Either, Schema as S } from "effect";
import { CursorList, EnrollAccepted, EnrollRequest, PullBatch, PushAccepted } from "../protocol/messages.js";
import type { Checkpoint } from "../protocol/replicated-event.js";
import type { FederationNode } from "../node/federation-node.js";

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
  /** Null when the sync completed; else the first failure (the parent's problem `code`, or the network error). */
  readonly error: string | null;
  readonly bytesSent: number;
}

export interface SyncClientOptions {
  /** Sends every request through this `fetch` (tests route it in-process); Node's own HTTP client unless given. */
  readonly fetch?: typeof fetch;
  /** Events per pushed batch; 1000 unless given. */
  readonly batchSize?: number;
  /** Pushed batches in flight at once (the next is sent while the parent verifies the previous); 2 unless given. */
  readonly pushWindow?: number;
  readonly pullLimit?: number;
  readonly now?: () => string;
}

/** A refusal or failure answered by the parent, kept with its problem body. */
export class SyncFailed extends S.TaggedError<SyncFailed>()("SyncFailed", {
  status: S.Int,
  reason: S.String,
  problem: S.Unknown,
}) {}

const base = (url: string): string => `${url.replace(/\/+$/, "")}/federation/v1`;

/** An answer's status and its body parsed as JSON (null when it was not JSON). */
interface Answer {
  readonly status: number;
  readonly payload: unknown;
}
export type Exchange = (url: string, method: string, headers: Record<string, string>, body?: string | Uint8Array) => Promise<Answer>;

const parsedOrNull = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const viaFetch =
  (doFetch: typeof fetch): Exchange =>
  async (url, method, headers, body) => {
    const response = await doFetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: response.status, payload: await response.json().catch(() => null) };
  };

/** As long as undici's own header and body timeouts, so a parent that stops answering ends the sync with an error. */
const ANSWER_TIMEOUT_MS = 300_000;

/**
 * Requests over Node's own HTTP client with kept-alive sockets (`sockets` of them per parent). Per pushed batch
 * this costs the child about a millisecond of CPU less than `fetch` (measured with bench:sync), as much as
 * encoding a hundred events. Redirects are not followed: a parent's URL is the one it was enrolled under.
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
          headers: payload === undefined ? headers : { ...headers, "content-length": String(payload.byteLength) },
          timeout: ANSWER_TIMEOUT_MS,
        },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.once("end", () => resolve({ status: response.statusCode ?? 0, payload: parsedOrNull(Buffer.concat(chunks).toString("utf8")) }));
          response.once("error", reject);
        },
      );
      sent.once("timeout", () => sent.destroy(new Error(`no answer from ${url} within ${ANSWER_TIMEOUT_MS / 1000} s`)));
      sent.once("error", reject);
      sent.end(payload);
    });
};

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
  const now = options.now ?? (() => new Date().toISOString());
  const exchange = options.fetch === undefined ? viaNodeHttp(pushWindow) : viaFetch(options.fetch);

  const call = async <A, I>(
    schema: S.Schema<A, I>,
    url: string,
    init: { method: string; token?: string; body?: string | Uint8Array },
  ): Promise<A> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const { status, payload } = await exchange(url, init.method, headers, init.body);
    if (status < 200 || status > 299) {
      // `code`, or `reason` from a parent of a version before `code` (see @planledger/problem, `problemCode`).
      const reason = problemCode(payload) ?? `HTTP ${status}`;
      throw new SyncFailed({ status, reason, problem: payload });
    }
    const decoded = S.decodeUnknownEither(schema)(payload);
    if (Either.isLeft(decoded)) throw new SyncFailed({ status, reason: "MalformedAnswer", problem: payload });
    return decoded.right;
  };

  /** Enrolls with the parent at `url` using the invitation `token`, and remembers it (and its key) here. */
  const join = async (url: string, token: string): Promise<EnrollAccepted> => {
    const request = new EnrollRequest({ child: { nodeId: node.self.nodeId, level: node.self.level, publicKey: node.publicKey }, token });
    const accepted = await call(EnrollAccepted, `${base(url)}/enroll`, { method: "POST", body: JSON.stringify(request) });
    node.rememberParent(url, token, accepted);
    return accepted;
  };

  let bytesSent = 0;

  type Encoded = { readonly body: Buffer; readonly firstSeq: number; readonly lastSeq: number; readonly checkpoint: Checkpoint };
  /** A batch on its way; `behind` when another was still unanswered as it was sent (so it may overtake it). */
  type Sent = { readonly batch: Encoded; readonly behind: boolean; readonly answer: Promise<Either.Either<PushAccepted, unknown>> };

  /**
   * Pushes `origin`'s log from the parent's cursor `from`, with up to `pushWindow` batches in flight: the next
   * batch is encoded and sent while the parent verifies the previous one, so neither side waits out the other's
   * round trip. Answers are taken in the order the batches were sent. A batch that reaches the parent before
   * the one ahead of it waits there for it; should it still be refused with `SequenceGap` (nothing of it is
   * stored), it is sent again from the cursor the parent answered. Any other refusal ends the push.
   */
  const pushOrigin = async (url: string, token: string, origin: string, from: number): Promise<OriginSync> => {
    let after = from;
    let batches = 0;
    let stored = 0;
    let skipped = 0;
    const members = node.members();
    const head = node.cursorOf(origin).seq;
    // The body is turned into UTF-8 bytes once here: counted from them and sent as they are.
    const encode = (fromSeq: number): Encoded | null => {
      const next = node.nextBatchBody(origin, fromSeq, batchSize, head, members);
      return next === null
        ? null
        : { body: Buffer.from(next.body, "utf8"), firstSeq: fromSeq + 1, lastSeq: next.checkpoint.seq, checkpoint: next.checkpoint };
    };
    // Yields to the event loop first, so a request just handed to fetch goes out before the next is encoded.
    const encodeSoon = (fromSeq: number) => new Promise<Encoded | null>((resolve) => setImmediate(() => resolve(encode(fromSeq))));
    const send = (batch: Encoded, behind: boolean): Sent => {
      bytesSent += batch.body.byteLength;
      // Never rejects: a batch still in flight while an earlier answer is awaited must not fail unhandled.
      const answer = call(PushAccepted, `${base(url)}/push`, { method: "POST", token, body: batch.body }).then(
        (accepted) => Either.right(accepted),
        (failure: unknown) => Either.left(failure),
      );
      return { batch, behind, answer };
    };
    const accept = (sent: Sent, accepted: PushAccepted): void => {
      if (!node.keepWitness(accepted.witnessed, sent.batch.checkpoint)) {
        throw new SyncFailed({ status: 200, reason: "BadWitness", problem: accepted.witnessed });
      }
      batches++;
      stored += accepted.stored;
      skipped += accepted.skipped;
      after = Math.max(after, accepted.cursor.seq);
    };

    const inFlight: Sent[] = [];
    let nextFrom = after;
    for (;;) {
      while (inFlight.length < pushWindow) {
        const batch = inFlight.length === 0 ? encode(nextFrom) : await encodeSoon(nextFrom);
        if (batch === null) break;
        inFlight.push(send(batch, inFlight.length > 0));
        nextFrom = batch.lastSeq;
      }
      const sent = inFlight.shift();
      if (sent === undefined) break;
      const before = after;
      const answer = await sent.answer;
      if (Either.isRight(answer)) accept(sent, answer.right);
      else if (!(answer.left instanceof SyncFailed && answer.left.reason === "SequenceGap" && sent.behind)) throw answer.left;
      const stalled = Either.isRight(answer) && after <= before;
      if (after !== sent.batch.lastSeq || stalled) {
        // What is still in flight was encoded from a guess the parent's cursor contradicts: let it finish (it
        // stores nothing twice), then go on from the cursor — or stop, when the parent took nothing new.
        for (const rest of inFlight.splice(0)) {
          const late = await rest.answer;
          if (Either.isRight(late)) accept(rest, late.right);
        }
        if (stalled) break;
        nextFrom = after;
      }
    }
    return { origin, batches, stored, skipped, cursor: after };
  };

  const pullOrigin = async (url: string, token: string, origin: string): Promise<OriginSync> => {
    let batches = 0;
    let stored = 0;
    for (;;) {
      const after = node.cursorOf(origin).seq;
      const page = await call(PullBatch, `${base(url)}/pull?origin=${encodeURIComponent(origin)}&after=${after}&limit=${pullLimit}`, {
        method: "GET",
        token,
      });
      const accepted = node.acceptPulled(page);
      if (Either.isLeft(accepted)) {
        throw new SyncFailed({ status: 0, reason: accepted.left._tag, problem: accepted.left });
      }
      batches++;
      stored += accepted.right;
      if (!page.more || page.events.length === 0) break;
    }
    return { origin, batches, stored, skipped: 0, cursor: node.cursorOf(origin).seq };
  };

  let running: Promise<SyncReport> | null = null;

  const syncNow = async (): Promise<SyncReport> => {
    const startedAt = now();
    const up = node.uplink();
    const pushed: OriginSync[] = [];
    const pulled: OriginSync[] = [];
    bytesSent = 0;
    if (up === null) {
      return { node: node.self.nodeId, parent: null, startedAt, finishedAt: now(), pushed, pulled, error: "NoParent", bytesSent };
    }
    let error: string | null = null;
    try {
      const cursors = await call(CursorList, `${base(up.url)}/cursors`, { method: "GET", token: up.token });
      node.rememberAncestors(up.parentId, cursors.ancestors);
      const held = new Map(cursors.cursors.map((c) => [c.origin, c.seq]));
      for (const origin of node.originsToPush()) pushed.push(await pushOrigin(up.url, up.token, origin, held.get(origin) ?? 0));
      for (const origin of node.originsToPull()) pulled.push(await pullOrigin(up.url, up.token, origin));
    } catch (failure) {
      error = failure instanceof SyncFailed ? failure.reason : failure instanceof Error ? failure.message : String(failure);
    }
    node.noteSync(error);
    return { node: node.self.nodeId, parent: up.parentId, startedAt, finishedAt: now(), pushed, pulled, error, bytesSent };
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

  return { join, syncOnce, schedule };
};

export type SyncClient = ReturnType<typeof makeSyncClient>;
