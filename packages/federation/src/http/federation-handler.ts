/**
 * @module The federation endpoints of a node as a web-standard fetch handler, mounted by the node app
 * (`app.mount("/federation/v1", federationHandler(node))`). Plain `Request → Response`, so this package
 * needs no HTTP framework and tests call it without a socket.
 */
import { jsonTooDeep } from "@planledger/domain";
import { PROBLEM_CONTENT_TYPE, problemAnswer, problemHeaders } from "@planledger/problem";
import { Effect, Either, type ParseResult, Schema as S } from "effect";
import { ACCEPT_ENCODING, acceptedCodings, type Coding, codingOf, compress, decompress, MIN_COMPRESSED_BYTES } from "../protocol/content-coding.js";
import { EnrollRequest, NodeLevel, PullBatch, PushBatch, WitnessCosigned, WitnessRequest } from "../protocol/messages.js";
import {
  CancelInvitationRequest,
  CheckpointQuery,
  LiftSplitViewRequest,
  RemoveChildRequest,
  WitnessForRequest,
  WitnessPolicyBody,
} from "../protocol/endpoints.js";
import type { FederationNode } from "../node/federation-node.js";

/** A node's operation, run: its value (a failure is a defect here). */
const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);
/** A node's operation, run: its value or its refusal. */
const outcome = <A, E>(effect: Effect.Effect<A, E>): Promise<Either.Either<A, E>> => Effect.runPromise(Effect.either(effect));
import { AuthoriseKeyRequest, RevokeKeyRequest } from "../keys/key-messages.js";
import { RestoreRequest, RestoreSourceQuery } from "../restore/restore-messages.js";
import { type FederationRefusal, OriginNotServed, UnknownSender } from "../verify/refusals.js";
import { FEDERATION_PREFIX, type FederationRequestError, toFederationProblem } from "./problem.js";

/** An answer as status, content type and JSON text: what both the fetch handler and the Node listener send. */
export interface PlainAnswer {
  readonly status: number;
  readonly contentType: "application/json" | "application/problem+json";
  readonly body: string;
}

/** Every problem of these endpoints, refusals and request errors alike, is built and sent by `@planledger/problem`. */
const problem = (error: FederationRefusal | FederationRequestError | ParseResult.ParseError, instance: string | undefined): PlainAnswer =>
  problemAnswer(toFederationProblem(error, instance));
const jsonAnswer = (body: unknown, status = 200): PlainAnswer => ({ status, contentType: "application/json", body: JSON.stringify(body) });

/**
 * The headers of every federation answer: its type, and `Accept-Encoding` naming the codings this node reads in
 * request bodies (RFC 7694) — how a child learns, from the answer to its first request of a round, that it may
 * compress its pushes. A parent of a version before compression sends none, and gets bodies as they are.
 */
export const answerHeaders = (answer: Pick<PlainAnswer, "status" | "contentType">): Record<string, string> => ({
  ...(answer.contentType === PROBLEM_CONTENT_TYPE ? problemHeaders(answer) : { "content-type": answer.contentType }),
  "accept-encoding": ACCEPT_ENCODING,
});

/**
 * An answer's body as it goes out: compressed in the first coding of ours the request accepts, when it is large
 * enough to gain from it; with the headers that say so.
 *
 * @example const { body, headers } = await encodedAnswer(answer, req.headers["accept-encoding"])
 */
export const encodedAnswer = async (
  answer: PlainAnswer,
  acceptEncoding: string | null | undefined,
): Promise<{ readonly body: Buffer; readonly headers: Record<string, string> }> => {
  const plain = Buffer.from(answer.body, "utf8");
  const coding: Coding | undefined = plain.byteLength < MIN_COMPRESSED_BYTES ? undefined : acceptedCodings(acceptEncoding)[0];
  if (coding === undefined) return { body: plain, headers: answerHeaders(answer) };
  // Cheaply (brotli 1): a parent serves many children and does not know their lines (docs/federation.md,
  // "Compression and poor lines").
  const body = await compress(plain, coding, "fast");
  return { body, headers: { ...answerHeaders(answer), "content-encoding": coding, vary: "accept-encoding" } };
};

const toResponse = (answer: PlainAnswer): Response => new Response(answer.body, { status: answer.status, headers: answerHeaders(answer) });
/** As `toResponse`, compressed when the request accepts it (pull pages: the largest answers). */
const toEncodedResponse = async (answer: PlainAnswer, request: Request): Promise<Response> => {
  const { body, headers } = await encodedAnswer(answer, request.headers.get("accept-encoding"));
  return new Response(body, { status: answer.status, headers });
};

const json = (body: unknown, status = 200): Response => toResponse(jsonAnswer(body, status));

const refused = (refusal: FederationRefusal | FederationRequestError, instance: string): Response => toResponse(problem(refusal, instance));
const badInput = (error: ParseResult.ParseError, instance: string): Response => toResponse(problem(error, instance));

/** The token of an `Authorization: Bearer …` header value, or null. */
const bearerToken = (authorization: string | null | undefined): string | null =>
  (authorization == null ? null : /^Bearer\s+(.+)$/i.exec(authorization.trim()))?.[1] ?? null;
const bearer = (request: Request): string | null => bearerToken(request.headers.get("authorization"));

const intParam = (url: URL, name: string, fallback: number): number => {
  const value = Number(url.searchParams.get(name) ?? fallback);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
};

/** Enrollment, invitations and joins carry a few hundred bytes: a larger body is refused, read or not. */
export const MAX_SMALL_BODY_BYTES = 64 * 1024;

/** The answer to a body in a coding this node does not read: 415, and (as every answer) what it does read. */
export const unsupportedEncoding = (contentEncoding: string, instance: string): PlainAnswer =>
  problem({ _tag: "UnsupportedEncoding", contentEncoding, accepted: ACCEPT_ENCODING }, instance);

/** A request's body as it came (at most `maxBytes`), and the coding it is in; refused as `readBytes` below says. */
const readRaw = async (
  request: Request,
  instance: string,
  maxBytes: number,
): Promise<Either.Either<{ readonly bytes: Buffer; readonly coding: Coding | "identity" }, PlainAnswer>> => {
  const contentEncoding = request.headers.get("content-encoding");
  const coding = codingOf(contentEncoding);
  if (coding === null) return Either.left(unsupportedEncoding(contentEncoding ?? "", instance));
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return Either.left(problem({ _tag: "PayloadTooLarge", maxBytes }, instance));
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  if (reader !== undefined)
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return Either.left(problem({ _tag: "PayloadTooLarge", maxBytes }, instance));
      }
      chunks.push(value);
    }
  return Either.right({ bytes: Buffer.concat(chunks, size), coding });
};

/**
 * A request's body as bytes, in the clear: refused from its declared length before reading, again when more
 * arrives than that (a body sent without a length, or lying about it), and once more when its `Content-Encoding`
 * would expand it past `maxBytes` — so that no request holds more than `maxBytes`, compressed or decoded.
 */
const readBytes = async (request: Request, instance: string, maxBytes: number): Promise<Either.Either<Buffer, PlainAnswer>> => {
  const raw = await readRaw(request, instance, maxBytes);
  if (Either.isLeft(raw)) return Either.left(raw.left);
  const decoded = await decompress(raw.right.bytes, raw.right.coding, maxBytes);
  if (Either.isRight(decoded)) return Either.right(decoded.right);
  return Either.left(problem(decoded.left === "tooLarge" ? { _tag: "PayloadTooLarge", maxBytes } : { _tag: "MalformedJson" }, instance));
};

/** A small JSON body (enrollment, invitations, joins), read as `readBytes` reads, then parsed with a depth limit. */
const readBody = async (request: Request, instance: string, maxBytes = MAX_SMALL_BODY_BYTES): Promise<Either.Either<unknown, Response>> => {
  const bytes = await readBytes(request, instance, maxBytes);
  if (Either.isLeft(bytes)) return Either.left(toResponse(bytes.left));
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes.right);
  if (jsonTooDeep(text) !== null) return Either.left(refused({ _tag: "MalformedJson" }, instance));
  try {
    return Either.right(JSON.parse(text) as unknown);
  } catch {
    return Either.left(refused({ _tag: "MalformedJson" }, instance));
  }
};

const decodeEnroll = S.decodeUnknownEither(EnrollRequest);
const decodeInvitation = S.decodeUnknownEither(
  S.Struct({ nodeId: S.String.pipe(S.pattern(/^[a-z][a-z0-9-]{0,62}$/)), level: NodeLevel, token: S.optional(S.String.pipe(S.minLength(16))) }),
);
const decodeJoin = S.decodeUnknownEither(S.Struct({ parentUrl: S.String.pipe(S.pattern(/^https?:\/\//)), token: S.String.pipe(S.minLength(1)) }));
const decodePush = S.decodeUnknownEither(PushBatch);
const decodeWitness = S.decodeUnknownEither(WitnessRequest);
const decodeLift = S.decodeUnknownEither(LiftSplitViewRequest);
const decodeRemoveChild = S.decodeUnknownEither(RemoveChildRequest);
const decodeRevokeKey = S.decodeUnknownEither(RevokeKeyRequest);
const decodeAuthoriseKey = S.decodeUnknownEither(AuthoriseKeyRequest);
const decodeCancelInvitation = S.decodeUnknownEither(CancelInvitationRequest);
const decodePolicy = S.decodeUnknownEither(WitnessPolicyBody);
const decodeWitnessFor = S.decodeUnknownEither(WitnessForRequest);
const decodeCheckpointQuery = S.decodeUnknownEither(S.Struct(CheckpointQuery.fields));
const decodeRestoreQuery = S.decodeUnknownEither(RestoreSourceQuery);
const decodeRestore = S.decodeUnknownEither(RestoreRequest);

/** Where pushes are received. */
export const PUSH_PATH = `${FEDERATION_PREFIX}/push`;

/** The largest push body read, 64 MiB unless given: a batch of 5000 plan events is about 10 MiB. */
export const DEFAULT_MAX_PUSH_BYTES = 64 * 1024 * 1024;

/** The answer to a push body over `maxBytes` (`DEFAULT_MAX_PUSH_BYTES` unless given), compressed or decoded. */
export const tooLarge = (maxBytes: number): PlainAnswer => problem({ _tag: "PayloadTooLarge", maxBytes }, PUSH_PATH);

/**
 * A push body's bytes as read (at most `maxBytes`), decoded from `coding` — refused when that would pass `maxBytes`
 * (a zip bomb is stopped there) — and parsed: `{ json }`, null when it is not JSON, or the refusal.
 *
 * @example await pushBody(bytes, codingOf(req.headers["content-encoding"]) ?? "identity", DEFAULT_MAX_PUSH_BYTES)
 */
export const pushBody = async (
  bytes: Buffer,
  coding: Coding | "identity",
  maxBytes: number,
): Promise<Either.Either<{ readonly json: unknown } | null, PlainAnswer>> => {
  const decoded = await decompress(bytes, coding, maxBytes);
  if (Either.isLeft(decoded)) return decoded.left === "tooLarge" ? Either.left(tooLarge(maxBytes)) : Either.right(null);
  try {
    return Either.right({ json: JSON.parse(decoded.right.toString("utf8")) as unknown });
  } catch {
    return Either.right(null);
  }
};

/**
 * `POST /push`, first step: the sender its bearer token (`Authorization` header value) belongs to, or the
 * refusal — decided before the body is read, so a stranger's batch is never parsed.
 */
export const pushSender = async (node: FederationNode, authorization: string | null, instance: string): Promise<Either.Either<string, PlainAnswer>> => {
  const sender = await outcome(node.authenticate(bearerToken(authorization)));
  return Either.isLeft(sender) ? Either.left(problem(sender.left, instance)) : Either.right(sender.right);
};

/** How long a batch that arrived ahead of the one before it waits for that one to be stored. */
export const OVERTAKEN_WAIT_MS = 2000;

/**
 * The refusal of a push body that is JSON but not a batch. Describing the mismatch formats the value received, which
 * overflows the stack for a value nested a few thousand deep (found by the API fuzzer: the node closed the
 * connection without an answer); such a body is answered as malformed JSON, as the other bodies nested past
 * `MAX_JSON_DEPTH` are. The push body is not scanned for depth before parsing: on a batch of several MiB that scan
 * costs as much as the parse.
 */
const notABatch = (error: ParseResult.ParseError, instance: string): PlainAnswer => {
  try {
    return problem(error, instance);
  } catch (e) {
    if (e instanceof RangeError) return problem({ _tag: "MalformedJson" }, instance);
    throw e;
  }
};

/**
 * `POST /push`, second step: decode the body (null when it was not JSON), verify and store the batch, and answer.
 * A batch that starts past what is held waits (up to {@link OVERTAKEN_WAIT_MS}) for the batch ahead of it, which a
 * client with two batches in flight may still be sending; verification then decides as always.
 */
export const pushAnswer = async (
  node: FederationNode,
  sender: string,
  body: { readonly json: unknown } | null,
  instance: string,
): Promise<PlainAnswer> => {
  if (body === null) return problem({ _tag: "MalformedJson" }, instance);
  const decoded = decodePush(body.json);
  if (Either.isLeft(decoded)) return notABatch(decoded.left, instance);
  const first = decoded.right.events[0];
  if (first !== undefined && first.seq > 1) await node.whenHolding(decoded.right.origin, first.seq - 1, OVERTAKEN_WAIT_MS);
  const result = await outcome(node.receivePush(sender, decoded.right));
  return Either.isLeft(result) ? problem(result.left, instance) : jsonAnswer(result.right);
};
// Events go out as their wire arrays (see `WireEvents`), so the page is encoded by its schema, not stringified as is.
const encodePull = S.encodeSync(PullBatch);

export interface FederationHandlerOptions {
  /** Runs one sync with the parent now (`POST /sync`, used by `planledger sync`); absent on a root node. */
  readonly syncNow?: () => Promise<unknown>;
  /** Largest pull page; 5000 unless given. */
  readonly maxPull?: number;
  /**
   * Whether the request carries this node's admin credential: for `POST /invitations`, `POST /join` and
   * `POST /sync`, and (beside an enrolled child's) `GET /status`. Absent, no request is an admin's.
   */
  readonly isAdmin?: (request: Request) => boolean | Promise<boolean>;
  /** Enrolls this node with a parent (`POST /join`); the sync client's `join`. */
  readonly join?: (parentUrl: string, token: string) => Promise<unknown>;
  /** The largest push body read, compressed or decoded; {@link DEFAULT_MAX_PUSH_BYTES} unless given. */
  readonly maxPushBytes?: number;
  /** Asks this node's named witnesses to cosign its log's checkpoint now (`POST /witnesses/ask`); the sync client's. */
  readonly askWitnesses?: () => Promise<unknown>;
}

const forbidden = (instance: string): Response => refused({ _tag: "Forbidden" }, instance);
/** No credential at all is 401 (say who you are); a credential that does not grant the route is 403. */
const notAllowed = (request: Request, instance: string): Response =>
  bearer(request) === null ? refused(new UnknownSender({ sender: "", detail: "no credential" }), instance) : forbidden(instance);

/**
 * Routes (relative to where it is mounted; a full path containing `/federation/v1` works too):
 * `POST /enroll`, `GET /cursors`, `POST /push`, `GET /pull?origin=&after=&limit=`, `GET /status`, `POST /sync`,
 * and for the node's admin `POST /invitations` (parent: invite a child) and `POST /join` (child: enroll).
 * `GET /links/suggestions` under the same prefix is planning, not sync: the node app serves it
 * (apps/node, `link-suggestions.routes.ts`) ahead of this handler.
 *
 * @example
 * app.mount("/federation/v1", federationHandler(node, { syncNow: () => client.syncOnce() }))
 */
export const federationHandler =
  (node: FederationNode, options: FederationHandlerOptions = {}) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const at = url.pathname.indexOf(FEDERATION_PREFIX);
    const path = at >= 0 ? url.pathname.slice(at + FEDERATION_PREFIX.length) || "/" : url.pathname;
    const route = `${request.method} ${path}`;
    // The full path, as a client asked for it: Hono's `mount` hands this handler the path without its prefix.
    const instance = `${FEDERATION_PREFIX}${path}`;
    // The node's check may be a database round trip (its tokens on PostgreSQL): asked only where a route needs it.
    const admin = async (): Promise<boolean> => (await options.isAdmin?.(request)) === true;
    switch (route) {
      case "GET /status":
        // Who this node's parent and children are, their last checkpoints and the last sync error: for the node's
        // admins and its enrolled children, not for anyone who can reach the port (`/health` is the public face).
        if (!(await admin()) && Either.isLeft(await outcome(node.authenticate(bearer(request))))) return notAllowed(request, instance);
        return json(await run(node.status()));
      case "POST /enroll": {
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeEnroll(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const result = await outcome(node.enroll(decoded.right));
        return Either.isLeft(result) ? refused(result.left, instance) : json(result.right);
      }
      case "GET /cursors": {
        const sender = await outcome(node.authenticate(bearer(request)));
        return Either.isLeft(sender) ? refused(sender.left, instance) : json(await run(node.cursorsFor(sender.right)));
      }
      case "POST /push": {
        const sender = await pushSender(node, request.headers.get("authorization"), instance);
        if (Either.isLeft(sender)) return toResponse(sender.left);
        const maxBytes = options.maxPushBytes ?? DEFAULT_MAX_PUSH_BYTES;
        const raw = await readRaw(request, instance, maxBytes);
        if (Either.isLeft(raw)) return toResponse(raw.left);
        const body = await pushBody(raw.right.bytes, raw.right.coding, maxBytes);
        return toResponse(Either.isLeft(body) ? body.left : await pushAnswer(node, sender.right, body.right, instance));
      }
      case "GET /pull": {
        const sender = await outcome(node.authenticate(bearer(request)));
        if (Either.isLeft(sender)) return refused(sender.left, instance);
        const limit = Math.min(intParam(url, "limit", 1000) || 1000, options.maxPull ?? 5000);
        const result = await outcome(node.servePull(url.searchParams.get("origin") ?? "", intParam(url, "after", 0), limit));
        return Either.isLeft(result) ? refused(result.left, instance) : toEncodedResponse(jsonAnswer(encodePull(result.right)), request);
      }
      case "POST /invitations": {
        if (!(await admin())) return forbidden(instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeInvitation(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const { nodeId, level, token } = decoded.right;
        return json({ nodeId, level, ...(await run(node.invite({ nodeId, level }, token))) }, 201);
      }
      case "POST /join": {
        if (!(await admin()) || options.join === undefined) return forbidden(instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeJoin(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        try {
          return json(await options.join(decoded.right.parentUrl, decoded.right.token));
        } catch (failure) {
          // The parent's own code (a `SyncFailed`), or what went wrong on the way there.
          const detail = failure instanceof Error && "reason" in failure ? String(failure.reason) : String(failure);
          return refused({ _tag: "JoinFailed", detail }, instance);
        }
      }
      case "POST /sync": {
        // A round on demand costs both nodes CPU and the parent's line: the node's admins only.
        if (!(await admin())) return notAllowed(request, instance);
        if (options.syncNow === undefined) {
          return refused({ _tag: "NoParent" }, instance);
        }
        const report = await options.syncNow();
        // A node with no parent has nothing to sync with: the same 409 whether or not a client is wired in.
        if ((report as { readonly error?: unknown } | null)?.error === "NoParent") return refused({ _tag: "NoParent" }, instance);
        return json(report);
      }
      case "POST /witness": {
        // Anyone may ask a witness: what it signs is checked against what it holds and has cosigned before.
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeWitness(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const result = await outcome(node.witnessRequest(decoded.right.note, decoded.right.proof));
        if (Either.isLeft(result)) return refused(result.left, instance);
        const { origin, size, root, line } = result.right;
        return json(new WitnessCosigned({ witness: node.self.nodeId, origin, size, root, cosignature: line }));
      }
      case "POST /witness/logs": {
        if (!(await admin())) return notAllowed(request, instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeWitnessFor(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const registered = await outcome(node.witnessFor(decoded.right.nodeId, decoded.right.publicKey));
        return Either.isLeft(registered) ? refused(registered.left, instance) : json({ _tag: "WitnessFor", ...decoded.right });
      }
      case "GET /checkpoint": {
        const query = decodeCheckpointQuery(Object.fromEntries(url.searchParams));
        if (Either.isLeft(query)) return badInput(query.left, instance);
        const size = query.right.size === undefined ? undefined : Number(query.right.size);
        const cp = await run(node.cosignedCheckpoint(query.right.origin, size));
        return cp === null ? refused(new OriginNotServed({ origin: query.right.origin }), instance) : json({ _tag: "CosignedCheckpoint", ...cp });
      }
      case "GET /split-views":
        if (!(await admin())) return notAllowed(request, instance);
        return json({
          _tag: "SplitViewList",
          node: node.self.nodeId,
          views: await run(node.splitViews()),
        });
      case "POST /split-views/lift": {
        if (!(await admin())) return notAllowed(request, instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeLift(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const lifted = await run(node.liftSplitView(decoded.right.origin, `admin@${node.self.nodeId}`, decoded.right.reason));
        return json({ _tag: "SplitViewLifted", origin: decoded.right.origin, lifted });
      }
      case "POST /children/remove": {
        if (!(await admin())) return notAllowed(request, instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeRemoveChild(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const removed = await outcome(node.removeChild(decoded.right.nodeId, decoded.right.reason, `admin@${node.self.nodeId}`));
        return Either.isLeft(removed)
          ? refused(removed.left, instance)
          : json({ _tag: "ChildRemoved", nodeId: decoded.right.nodeId, removedAt: removed.right.removedAt });
      }
      case "POST /children/revoke-key": {
        if (!(await admin())) return notAllowed(request, instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeRevokeKey(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const revoked = await outcome(node.keys.revokeChildKey({ ...decoded.right, by: `admin@${node.self.nodeId}` }));
        return Either.isLeft(revoked)
          ? refused(revoked.left, instance)
          : json({ _tag: "KeyRevoked", nodeId: decoded.right.nodeId, entry: revoked.right.entry, eventId: revoked.right.eventId });
      }
      case "POST /children/authorise-key": {
        if (!(await admin())) return notAllowed(request, instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeAuthoriseKey(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const authorised = await outcome(node.keys.authoriseChildKey({ ...decoded.right, by: `admin@${node.self.nodeId}` }));
        return Either.isLeft(authorised)
          ? refused(authorised.left, instance)
          : json({ _tag: "KeyAuthorised", nodeId: decoded.right.nodeId, entry: authorised.right.entry, eventId: authorised.right.eventId });
      }
      case "POST /invitations/cancel": {
        if (!(await admin())) return notAllowed(request, instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeCancelInvitation(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const cancelled = await outcome(node.cancelInvitation(decoded.right.nodeId, `admin@${node.self.nodeId}`));
        return Either.isLeft(cancelled)
          ? refused(cancelled.left, instance)
          : json({ _tag: "InvitationCancelled", nodeId: decoded.right.nodeId, invitedAt: cancelled.right.invitedAt });
      }
      case "GET /restore": {
        // What this node holds of a lost node's log, for its restoration: its admins only (docs/federation.md).
        if (!(await admin())) return notAllowed(request, instance);
        const query = decodeRestoreQuery(Object.fromEntries(url.searchParams));
        if (Either.isLeft(query)) return badInput(query.left, instance);
        const source = await outcome(node.restoreSource(query.right.node));
        return Either.isLeft(source) ? refused(source.left, instance) : json(source.right);
      }
      case "POST /restore": {
        if (!(await admin())) return notAllowed(request, instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodeRestore(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        const granted = await outcome(node.authoriseRestore(decoded.right, `admin@${node.self.nodeId}`));
        return Either.isLeft(granted) ? refused(granted.left, instance) : json(granted.right);
      }
      case "GET /witnesses":
        if (!(await admin())) return notAllowed(request, instance);
        return json({ _tag: "WitnessPolicy", ...(await run(node.witnessPolicy())) });
      case "POST /witnesses": {
        if (!(await admin())) return notAllowed(request, instance);
        const body = await readBody(request, instance);
        if (Either.isLeft(body)) return body.left;
        const decoded = decodePolicy(body.right);
        if (Either.isLeft(decoded)) return badInput(decoded.left, instance);
        await run(node.setWitnessPolicy(decoded.right.quorum, decoded.right.witnesses.map((w) => ({ nodeId: w.nodeId, publicKey: w.publicKey, url: w.url ?? null }))));
        return json({ _tag: "WitnessPolicy", ...(await run(node.witnessPolicy())) });
      }
      case "POST /witnesses/ask": {
        if (!(await admin())) return notAllowed(request, instance);
        if (options.askWitnesses === undefined) return refused({ _tag: "NoParent" }, instance);
        return json(await options.askWitnesses());
      }
      default:
        return refused({ _tag: "RouteNotFound" }, instance);
    }
  };
