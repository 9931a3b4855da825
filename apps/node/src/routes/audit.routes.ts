/**
 * @module Read-only routes for auditors (issue #16): every origin log this node holds with its keys, any origin's
 * log in federation's wire form with its checkpoints and countersignatures, and an origin's streams. An auditor
 * checks a node with these alone, without enrolling as its child (docs/audit.md §8).
 */
import { standaloneVerifier } from "@planledger/event-store";
import { Schema as S } from "effect";
import { Hono } from "hono";
import type { AuditLogBody, AuditOriginsBody, AuditStreamsBody } from "../api/response-bodies.js";
import { auditLogPage, auditOrigins, auditStreams } from "../audit/origin-audit.js";
import { type AuthEnv, authorize } from "../auth/authorize.js";
import { InvalidInput, ResourceNotFound } from "../http/http.errors.js";
import { decodeInput } from "../http/read-json.js";
import type { NodeContext } from "../node-context.js";

export const DEFAULT_LOG_LIMIT = 500;
export const MAX_LOG_LIMIT = 5000;

export const AuditLogQuery = S.Struct({
  from: S.optional(S.NumberFromString.pipe(S.int(), S.positive()).annotations({ description: "the first seq of the page (default 1)" })),
  limit: S.optional(
    S.NumberFromString.pipe(S.int(), S.between(1, MAX_LOG_LIMIT)).annotations({
      description: `at most this many events (default ${DEFAULT_LOG_LIMIT}, at most ${MAX_LOG_LIMIT})`,
    }),
  ),
});

const rules: Record<string, string> = {
  from: "ціле число ≥ 1 / an integer ≥ 1",
  limit: `ціле число від 1 до ${MAX_LOG_LIMIT} / an integer from 1 to ${MAX_LOG_LIMIT}`,
};

/** The query decoded, or a 400 whose message names the parameter, Ukrainian first. */
const logQuery = (query: Record<string, string>) => {
  try {
    return decodeInput(AuditLogQuery, query);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    const name = error.issues[0]?.path ?? "";
    const rule = rules[name];
    throw new InvalidInput({
      message:
        rule === undefined
          ? `Невідомий параметр «${name}»; є from і limit / unknown query parameter "${name}"; there are from and limit`
          : `Параметр «${name}» має бути: ${rule}; отримано ${JSON.stringify(query[name])} / parameter "${name}": got ${JSON.stringify(query[name])}`,
      issues: error.issues,
    });
  }
};

/**
 * @example
 * app.route("/api/v1/audit", auditRoutes(ctx)) // GET /api/v1/audit/origins/novopskovskyi/log?from=1&limit=500
 */
export const auditRoutes = (ctx: NodeContext) => {
  const routes = new Hono<AuthEnv>();
  const canAudit = authorize(ctx.tokens, "history:read");

  // Public, as the proofs are: the script checks what a token holder fetched, and reveals nothing of the log.
  routes.get("/verifier.mjs", (c) =>
    c.body(new Uint8Array(standaloneVerifier()), 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }),
  );

  routes.get("/origins", canAudit, async (c) => {
    const origins = await ctx.run(auditOrigins(ctx.cosignedCheckpoint));
    return c.json({ node: ctx.identity.nodeId, origins } satisfies typeof AuditOriginsBody.Type);
  });

  routes.get("/origins/:origin/log", canAudit, async (c) => {
    const origin = c.req.param("origin");
    const { from, limit } = logQuery(c.req.query());
    const page = await ctx.run(auditLogPage(origin, from ?? 1, limit ?? DEFAULT_LOG_LIMIT));
    if (page === undefined) throw new ResourceNotFound({ resource: "origin", id: origin });
    // `events` go out as the store reads them: federation's wire arrays, `data` as the text its origin hashed.
    return c.json(page satisfies Omit<typeof AuditLogBody.Type, "events">);
  });

  routes.get("/origins/:origin/streams", canAudit, async (c) => {
    const origin = c.req.param("origin");
    const streams = await ctx.run(auditStreams(origin));
    if (streams === undefined) throw new ResourceNotFound({ resource: "origin", id: origin });
    return c.json({ origin, streams } satisfies typeof AuditStreamsBody.Type);
  });

  return routes;
};
