/**
 * @module `createApp()`: the Hono app of one node, with no socket, so tests drive it with `app.request()`.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AuthEnv } from "./auth/authorize.js";
import { PayloadTooLarge, ResourceNotFound } from "./http/http.errors.js";
import { sendProblem } from "@planledger/problem";
import { toNodeProblem } from "./http/problem.js";
import { type NodeDeps, nodeContext } from "./node-context.js";
import { openApiDocument } from "./openapi/openapi.js";
import { proofRoutes } from "./routes/proof.routes.js";
import { auditRoutes } from "./routes/audit.routes.js";
import { bundleRoutes } from "./routes/bundle.routes.js";
import { diffRoutes } from "./routes/diff.routes.js";
import { healthRoutes } from "./routes/health.routes.js";
import { historyRoutes } from "./routes/history.routes.js";
import { hierarchyRoutes } from "./routes/hierarchy.routes.js";
import { DOCUMENT_TYPES, planRoutes } from "./routes/plan.routes.js";
import { reportRoutes } from "./routes/report.routes.js";
import { tokenRoutes } from "./routes/token.routes.js";
import { webPages } from "@planledger/web";
import { nodeWebSource } from "./web/node-web-source.js";
import { nodePeople } from "./web/node-people.js";
import { nodeReports } from "./web/node-reports.js";
import { nodePlans } from "./web/node-plans.js";
import { nodeReviews } from "./web/node-reviews.js";
import { nodeLinks } from "./web/node-links.js";

const DEFAULT_MAX_BODY = 1024 * 1024;
/** The largest plan file the API reads, as the import page: 25 MiB (the importer refuses larger input itself). */
const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

/**
 * Builds the node's HTTP API. Every error, from any route, leaves through the one `onError` as an RFC 9457
 * problem whose status follows the error's `_tag`.
 *
 * @example
 * const app = createApp({ identity, runtime, tokens, readModel, parsePlanText });
 * const res = await app.request("/health");
 */
export const createApp = (deps: NodeDeps) => {
  const ctx = nodeContext(deps);
  const maxBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const app = new Hono<AuthEnv>();

  app.onError((error, c) => {
    const problem = toNodeProblem(error, c.req.path);
    if (problem.status >= 500) console.error(`[${ctx.identity.nodeId}] ${c.req.method} ${c.req.path}`, error);
    return sendProblem(c, problem);
  });
  app.notFound((c) => sendProblem(c, toNodeProblem(new ResourceNotFound({ resource: "route", id: `${c.req.method} ${c.req.path}` }), c.req.path)));

  const limitBody = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => sendProblem(c, toNodeProblem(new PayloadTooLarge({ maxBytes }), c.req.path)),
  });
  // Only on methods that carry a body: for a GET the Node adapter would build a full fetch Request just to find
  // there is none, and reads pass no middleware at all.
  // A plan file (Word, Excel, PDF) posted to adopt or to parse may be as large as the importer reads; every other
  // body keeps the small bound.
  const limitDocument = bodyLimit({
    maxSize: MAX_DOCUMENT_BYTES,
    onError: (c) => sendProblem(c, toNodeProblem(new PayloadTooLarge({ maxBytes: MAX_DOCUMENT_BYTES }), c.req.path)),
  });
  app.on(["POST", "PUT", "PATCH", "DELETE"], "/api/*", (c, next) =>
    c.req.method === "POST" && /^\/api\/v1\/plans(\/parse)?\/?$/.test(c.req.path) && DOCUMENT_TYPES.test(c.req.header("content-type") ?? "")
      ? limitDocument(c, next)
      : limitBody(c, next),
  );

  app.route("/health", healthRoutes(ctx));
  // Generated once per app: the schemas it is made from do not change while the node runs.
  const description = openApiDocument(ctx.identity);
  app.get("/api/v1/openapi.json", (c) => c.json(description));
  app.route("/api/v1/plans", planRoutes(ctx));
  app.route("/api/v1/plans", diffRoutes(ctx));
  app.route("/api/v1", reportRoutes(ctx));
  app.route("/api/v1/streams", historyRoutes(ctx));
  app.route("/api/v1", proofRoutes(ctx));
  app.route("/api/v1/audit", auditRoutes(ctx));
  app.route("/api/v1", bundleRoutes(ctx));
  app.route("/api/v1", hierarchyRoutes(ctx));
  app.route("/api/v1/tokens", tokenRoutes(ctx.tokens));
  // The pages people open (packages/web), after the API so that no page path can shadow a route of it.
  const pages = webPages({
    source: nodeWebSource(ctx),
    now: ctx.now,
    silentDays: deps.silentDays ?? 7,
    ...(deps.accounts === undefined ? {} : { people: nodePeople(deps.accounts, deps.secureCookies ?? false, deps.signInLimit) }),
    reports: nodeReports(ctx),
    plans: nodePlans(ctx),
    reviews: nodeReviews(ctx),
    links: nodeLinks(ctx),
  });
  app.route("/", pages.routes);
  // The node's listener answers kept pages itself (`pageListener`), as it does cached JSON views.
  return Object.assign(app, { peekPage: pages.peek });
};

export type NodeApp = ReturnType<typeof createApp>;
