/**
 * @module Sending a problem: the one content type and header set, for each way a node answers — a fetch
 * handler's `Response`, a Hono context's response (which keeps the headers middleware already set), and the plain
 * status/type/text that federation's Node-level push listener writes itself.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Problem } from "./problem.js";

/**
 * RFC 9457's media type. No `charset`: JSON is UTF-8 by definition and its registration defines none (RFC 8259,
 * section 11), so every route of a node sends exactly this.
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** An answer as status, content type and JSON text, ready to write to any transport. */
export interface ProblemAnswer {
  readonly status: number;
  readonly contentType: typeof PROBLEM_CONTENT_TYPE;
  readonly body: string;
}

/**
 * The headers of a problem answer: its media type, and for a 401 the challenge RFC 9110 asks for.
 *
 * @example problemHeaders(problem) // { "content-type": "application/problem+json" }
 */
export const problemHeaders = (problem: Pick<Problem, "status">): Record<string, string> =>
  problem.status === 401
    ? { "content-type": PROBLEM_CONTENT_TYPE, "www-authenticate": 'Bearer realm="planledger"' }
    : { "content-type": PROBLEM_CONTENT_TYPE };

/**
 * A problem as status, content type and text, for code that writes Node's own response.
 *
 * @example const { status, contentType, body } = problemAnswer(problem); res.writeHead(status, { "content-type": contentType }).end(body);
 */
export const problemAnswer = (problem: Problem): ProblemAnswer => ({
  status: problem.status,
  contentType: PROBLEM_CONTENT_TYPE,
  body: JSON.stringify(problem),
});

/**
 * A problem as a web-standard `Response`, for fetch handlers (federation's).
 *
 * @example return problemResponse(toProblem(refusal, "/federation/v1/push", federationProblems));
 */
export const problemResponse = (problem: Problem): Response =>
  new Response(JSON.stringify(problem), { status: problem.status, headers: problemHeaders(problem) });

/**
 * A problem sent through a Hono context, so that headers set before the error (cookies, caching) go out with it.
 *
 * @example app.onError((error, c) => sendProblem(c, toProblem(error, c.req.path, nodeProblems)))
 */
export const sendProblem = (c: Context, problem: Problem): Response =>
  // Hono types the status as its known codes; a catalogue's statuses are plain numbers by design.
  c.newResponse(JSON.stringify(problem), problem.status as ContentfulStatusCode, problemHeaders(problem));
