/**
 * @module Kept pages answered off Node's raw request, before the Hono adapter builds a Fetch request for it:
 * a page a person opens again, unchanged, costs about what its JSON costs (`pnpm bench:web`).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { PeekedPage, PeekRequest } from "@planledger/web";

/** Only the page paths; the API, federation and health never pay for a look-up. */
const PAGE_PATH = /^\/(?:$|\?|plans\/|audit)/;

/** Cookie and Accept-Encoding off the raw header list (building `req.headers` costs more than the look-up). */
const cookieAndEncoding = (raw: ReadonlyArray<string>): { cookie: string | undefined; acceptEncoding: string | undefined } => {
  let cookie: string | undefined;
  let acceptEncoding: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 6 && name.toLowerCase() === "cookie") cookie = cookie === undefined ? raw[i + 1] : `${cookie}; ${raw[i + 1]}`;
    else if (name.length === 15 && name.toLowerCase() === "accept-encoding") acceptEncoding = raw[i + 1];
  }
  return { cookie, acceptEncoding };
};

/**
 * Wraps the app's listener: a kept current page is written here exactly as the routes would answer it, the rest
 * goes to `next`.
 *
 * @example
 * createServer(pageListener(app.peekPage, getRequestListener(app.fetch)))
 */
export const pageListener =
  (peek: (request: PeekRequest) => PeekedPage | undefined, next: RequestListener): RequestListener =>
  (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "";
    if (req.method !== "GET" || !PAGE_PATH.test(url)) return next(req, res);
    const hit = peek({ method: "GET", url, ...cookieAndEncoding(req.rawHeaders) });
    if (hit === undefined) return next(req, res);
    res.writeHead(hit.status, hit.headers);
    res.end(hit.body);
  };
