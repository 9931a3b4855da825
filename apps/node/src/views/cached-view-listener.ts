/**
 * @module The node's HTTP listener: a current read view that is already cached (plan list, plan tree, roll-up)
 * is written straight to Node's response; every other request goes to the Hono app through `@hono/node-server`.
 * On a cache hit that skips the fetch `Request` adaptation, Hono's routing and context, and the promise chain
 * of the adapter, and answers with the route's status, header lines and body bytes
 * (`cached-view-listener.int.test.ts` compares the two).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { CurrentViews } from "./current-views.js";
import { acceptsGzip } from "./view-cache.js";

/**
 * The three public routes of `shared/contract.md` that serve current views, as plain request targets. Plan ids
 * are `[a-z0-9][a-z0-9-]*(.[a-z0-9-]+)*`: such a target has nothing to percent-decode, no dot segment and no
 * query, so Hono would route it to exactly this view and id. Anything else (a query, `%`, a trailing slash)
 * falls through to Hono.
 */
const VIEW_TARGET = /^\/api\/v1\/plans(?:\/([a-z0-9][a-z0-9.-]*)(\/rollup)?)?$/;

/**
 * Hosts `@hono/node-server` takes as they are (its own test, copied): any other Host header — missing, an IPv6
 * literal, upper case, invalid — goes through the adapter, which normalises it or answers 400.
 */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

/**
 * The request's Host (the first, as Node keeps it) and whether any Accept-Encoding allows gzip, read off the raw
 * header list: building `req.headers` for two fields costs more than the rest of this path.
 */
const hostAndGzip = (raw: ReadonlyArray<string>): { host: string | undefined; gzip: boolean } => {
  let host: string | undefined;
  let gzip = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (host === undefined && name.length === 4 && name.toLowerCase() === "host") host = raw[i + 1];
    else if (name.length === 15 && name.toLowerCase() === "accept-encoding") gzip ||= acceptsGzip(raw[i + 1]);
  }
  return { host, gzip };
};

/**
 * The cached view a request asks for, if it is a plain GET of a current view that is cached and still current,
 * with whether to send it gzipped. The views these routes serve are public (docs/api.md, "Roles"): no
 * middleware runs on them in the app either.
 */
const cachedViewOf = (views: CurrentViews, req: IncomingMessage) => {
  if (req.method !== "GET") return undefined;
  const match = VIEW_TARGET.exec(req.url ?? "");
  if (match === null) return undefined;
  const { host, gzip } = hostAndGzip(req.rawHeaders);
  if (host === undefined || !PLAIN_HOST.test(host)) return undefined;
  const [, id, rollup] = match;
  const view = views.peek(id === undefined ? "plans" : rollup === undefined ? "tree" : "rollup", id ?? "");
  return view === undefined ? undefined : { view, gzip };
};

/**
 * Wraps the app's listener (`getRequestListener(app.fetch)`): cached current views are answered here, the rest
 * by `next`. Everything the app does for these routes on a hit — status 200, the view's headers, gzip when
 * accepted, `Content-Length` — is done here the same way; a route that gains middleware must leave this path.
 *
 * @example
 * createServer(cachedViewListener(views, getRequestListener(app.fetch)))
 */
export const cachedViewListener =
  (views: CurrentViews, next: RequestListener): RequestListener =>
  (req: IncomingMessage, res: ServerResponse) => {
    const hit = cachedViewOf(views, req);
    if (hit === undefined) return next(req, res);
    const { view, gzip } = hit;
    if (gzip && view.gzip !== null && view.nodeGzipHeaders !== null) {
      res.writeHead(200, view.nodeGzipHeaders);
      res.end(view.gzip);
    } else {
      res.writeHead(200, view.nodeHeaders);
      res.end(view.body);
    }
  };
