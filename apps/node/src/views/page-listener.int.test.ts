import { createServer, type RequestListener, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptSeed, testNode } from "../testing/test-node.js";
import { pageListener } from "./page-listener.js";

/**
 * One node, two sockets: `lean` answers kept pages off the raw request (as `startNode` listens), `app` only
 * through the adapter. A page the lean path answers must carry the app's status, header lines and body bytes.
 */
const node = testNode("luhanska");
const appListener = getRequestListener(node.app.fetch, { hostname: "127.0.0.1" });
let fellThrough = 0;
const servers: Server[] = [];
const listen = async (listener: RequestListener) => {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};
let lean = 0;
let app = 0;
let planId = "";

const raw = (port: number, path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number | undefined; headers: string[]; body: Buffer }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const lines: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          if (res.rawHeaders[i]?.toLowerCase() !== "date") lines.push(`${res.rawHeaders[i]?.toLowerCase()}: ${res.rawHeaders[i + 1]}`);
        resolve({ status: res.statusCode, headers: lines.sort(), body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end();
  });

/** Asks the lean socket, then the app's; checks both answers are the same; says whether the lean path answered. */
const both = async (path: string, headers: Record<string, string> = {}) => {
  const before = fellThrough;
  const fromLean = await raw(lean, path, headers);
  const leanAnswered = fellThrough === before;
  const fromApp = await raw(app, path, headers);
  expect({ status: fromLean.status, headers: fromLean.headers }).toEqual({ status: fromApp.status, headers: fromApp.headers });
  expect(fromLean.body.equals(fromApp.body), `body of ${path}`).toBe(true);
  return { ...fromLean, leanAnswered };
};

beforeAll(async () => {
  lean = await listen(
    pageListener(node.app.peekPage, (req, res) => {
      fellThrough++;
      return appListener(req, res);
    }),
  );
  app = await listen(appListener);
  planId = (await adoptSeed(node, "003")).planId;
});

afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("pageListener", () => {
  it("answers a kept page itself, byte for byte as the app, gzipped or not, in the cookie's language", async () => {
    const first = await both(`/plans/${planId}`);
    expect(first.leanAnswered).toBe(false);
    expect(first.status).toBe(200);
    const again = await both(`/plans/${planId}`);
    expect(again.leanAnswered).toBe(true);
    const gzipped = await both(`/plans/${planId}`, { "accept-encoding": "gzip, br" });
    expect(gzipped.leanAnswered).toBe(true);
    expect(gunzipSync(gzipped.body).equals(again.body)).toBe(true);
    // English is kept apart: the first English request renders, the next is answered off the raw request.
    expect((await both(`/plans/${planId}`, { cookie: "theme=x; lang=en" })).leanAnswered).toBe(false);
    const english = await both(`/plans/${planId}`, { cookie: "theme=x; lang=en" });
    expect(english.leanAnswered).toBe(true);
    expect(english.body.toString("utf8")).toContain('<html lang="en">');
  });

  it("leaves ?lang=, writes, error pages, the audit page and the API to the app", async () => {
    await both("/");
    expect((await both("/?lang=en")).leanAnswered).toBe(false);
    expect((await both("/plans/nope.1.2000-01-01")).leanAnswered).toBe(false);
    expect((await both("/plans/nope.1.2000-01-01")).status).toBe(404);
    await both("/audit");
    expect((await both("/audit")).leanAnswered).toBe(false);
    expect((await both("/health")).leanAnswered).toBe(false);
  });

  it("stops answering a page once the log moves", async () => {
    await both("/");
    expect((await both("/")).leanAnswered).toBe(true);
    node.clock.advance();
    expect((await both("/")).leanAnswered).toBe(false);
  });
});
