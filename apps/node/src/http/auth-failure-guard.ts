/**
 * @module Failed authentication limited per source, in front of every route of a node (the API, federation's
 * endpoints, the pushes its listener reads off Node's request, the kept views and pages): a source whose credentials
 * failed too often lately has every request that carries one refused with 429 and `Retry-After`, before any route
 * reads its body or checks it — a correct credential too, until the window lets it try again.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { problemAnswer, problemHeaders } from "@planledger/problem";
import { TooManyFailedAttempts } from "./http.errors.js";
import { toNodeProblem } from "./problem.js";
import type { WindowLimiter } from "./window-limiter.js";

export interface AuthFailureGuardOptions {
  /** Failures per source (`windowLimiter`, shared with the sign-in page's). */
  readonly failures: WindowLimiter;
  /** The source a request is counted under (`sourceOf` over its socket and, from a trusted proxy, X-Forwarded-For). */
  readonly sourceOf: (req: IncomingMessage) => string;
  /** Whether an `Authorization` value is a live credential of this node: an API token, or an enrolled child's. */
  readonly knows: (authorization: string) => boolean | Promise<boolean>;
}

/** The request's `Authorization` value off the raw header list (building `req.headers` costs more than this). */
const authorizationOf = (raw: ReadonlyArray<string>): string | undefined => {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 13 && name.toLowerCase() === "authorization") return raw[i + 1];
  }
  return undefined;
};

/** The 429 with `Retry-After`, written on Node's response as the node's other problems are. */
export const sendTooManyFailures = (res: ServerResponse, retryAfter: number, instance: string): void => {
  const answer = problemAnswer(toNodeProblem(new TooManyFailedAttempts({ retryAfter }), instance));
  res.writeHead(answer.status, {
    ...problemHeaders(answer),
    "retry-after": String(retryAfter),
    "content-length": Buffer.byteLength(answer.body),
    // The body, if any, is not read: the connection ends with this answer rather than carry it.
    connection: "close",
  });
  res.end(answer.body);
};

/**
 * Wraps the node's listener. A request with no `Authorization` header passes untouched (public reads stay open to
 * everyone). One with it is refused while its source is over the limit; otherwise it goes on, and counts as a
 * failure when it is answered 401 or 403 and its credential is not one this node knows — so a valid token that
 * merely lacks the role (a viewer's on an admin route) is not a failed authentication, and successful requests
 * cost nothing here. The count is taken once the answer is sent: a burst of concurrent guesses may overshoot the
 * limit by its concurrency, which buys nothing against 192-bit random tokens (the sign-in page, where guesses are
 * passwords, reserves its count before checking instead).
 *
 * @example
 * createServer(authFailureGuard({ failures, sourceOf, knows }, pushListener(node, getRequestListener(app.fetch))))
 */
export const authFailureGuard =
  (options: AuthFailureGuardOptions, next: RequestListener): RequestListener =>
  (req: IncomingMessage, res: ServerResponse) => {
    const authorization = authorizationOf(req.rawHeaders);
    if (authorization === undefined) return next(req, res);
    const source = options.sourceOf(req);
    const wait = options.failures.retryAfterS(source);
    if (wait > 0) {
      req.resume();
      return sendTooManyFailures(res, wait, (req.url ?? "/").replace(/\?.*$/, ""));
    }
    res.once("finish", () => {
      if (res.statusCode !== 401 && res.statusCode !== 403) return;
      void Promise.resolve(options.knows(authorization)).then(
        (known) => {
          if (!known) options.failures.hit(source);
        },
        () => options.failures.hit(source),
      );
    });
    next(req, res);
  };
