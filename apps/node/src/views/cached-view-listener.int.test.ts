import { createServer, type RequestListener, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIncoming } from "../testing/openapi-check.js";
import { adoptSeed, send, testNode } from "../testing/test-node.js";
import { cachedViewListener } from "./cached-view-listener.js";

/**
 * One node, two sockets: `lean` listens as `startNode` does (cached views first, then the app), `app` only through
 * the adapter. Same views, same cache: every answer of the lean path must have the app's status, header lines and
 * body bytes. Only the place of `Content-Length` among the lines differs (the adapter has Node append it after
 * `Keep-Alive`); the order of distinct fields carries no meaning (RFC 9110 §5.3), so lines are compared sorted.
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

interface Raw {
  readonly status: number | undefined;
  /** Header lines as sent (name case kept), sorted, without Date (it moves with the clock). */
  readonly headers: ReadonlyArray<string>;
  readonly body: Buffer;
}

/** The answer as it came off the socket (no decompression, no header normalisation). */
const raw = (port: number, path: string, headers: Record<string, string> = {}, method = "GET") =>
  new Promise<Raw>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers, setHost: !("host" in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const lines: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i]?.toLowerCase() !== "date") lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        }
        const body = Buffer.concat(chunks);
        // Both paths' answers are checked against the OpenAPI document.
        try {
          checkIncoming(method, path, res, body);
        } catch (mismatch) {
          return reject(mismatch);
        }
        resolve({ status: res.statusCode, headers: lines.sort(), body });
      });
    });
    req.on("error", reject);
    req.end();
  });

/** Asks both sockets; returns the lean answer after checking it equals the app's and whether the lean path took it. */
const both = async (path: string, headers: Record<string, string> = {}, method = "GET") => {
  const before = fellThrough;
  const fromLean = await raw(lean, path, headers, method);
  const leanAnswered = fellThrough === before;
  const fromApp = await raw(app, path, headers, method);
  expect({ status: fromLean.status, headers: fromLean.headers }).toEqual({ status: fromApp.status, headers: fromApp.headers });
  expect(fromLean.body.equals(fromApp.body), `body of ${method} ${path}`).toBe(true);
  return { ...fromLean, leanAnswered };
};

let planId = "";
let tree = "";

beforeAll(async () => {
  lean = await listen(
    cachedViewListener(node.views, (req, res) => {
      fellThrough++;
      return appListener(req, res);
    }),
  );
  app = await listen(appListener);
  planId = (await adoptSeed(node, "003")).planId;
  tree = `/api/v1/plans/${planId}`;
});

afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await node.runtime.dispose();
});

describe("cachedViewListener", () => {
  it("answers a cached plan tree itself, exactly as the app does, gzipped or not", async () => {
    const first = await both(tree, { "accept-encoding": "gzip" });
    expect(first.leanAnswered).toBe(false); // computed by the app, then cached
    const gzipped = await both(tree, { "accept-encoding": "gzip, deflate, br" });
    expect(gzipped.leanAnswered).toBe(true);
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers).toContain("content-encoding: gzip");
    expect(gzipped.headers).toContain(`Content-Length: ${gzipped.body.length}`);
    const plain = await both(tree);
    expect(plain.leanAnswered).toBe(true);
    expect(plain.headers).not.toContain("content-encoding: gzip");
    expect(gunzipSync(gzipped.body)).toEqual(plain.body);
    expect(JSON.parse(plain.body.toString("utf8"))).toMatchObject({ id: planId });
  });

  it("answers the plan list and the roll-up the same way", async () => {
    for (const path of ["/api/v1/plans", `${tree}/rollup`]) {
      await both(path, { "accept-encoding": "gzip" });
      const again = await both(path, { "accept-encoding": "gzip" });
      expect(again.leanAnswered).toBe(true);
      expect(again.status).toBe(200);
    }
  });

  it("serves nothing stale: after a write the app catches up and the lean path serves the new version", async () => {
    const before = await both(tree);
    const etag = before.headers.find((line) => line.startsWith("etag: "));
    const amend = await send(node, "POST", `${tree}/amendments`, {
      role: "editor",
      ifMatch: etag?.slice("etag: ".length) ?? "",
      body: { order: { number: "1044", date: "2019-01-10" }, note: "уточнено терміни" },
    });
    expect(amend.status).toBe(200);
    const after = await both(tree);
    expect(after.leanAnswered).toBe(false);
    expect(after.headers).toContain(`etag: ${amend.headers.get("etag")}`);
    expect((await both(tree)).leanAnswered).toBe(true);
  });

  it("leaves everything else to the app: other methods, queries, odd targets and hosts, unknown plans", async () => {
    await both(tree);
    const cases: ReadonlyArray<readonly [string, Record<string, string>, string]> = [
      [tree, {}, "HEAD"],
      [`${tree}?asOf=2019-01-01`, {}, "GET"],
      [`${tree}/`, {}, "GET"],
      [tree.replace("luhanska", "%6cuhanska"), {}, "GET"],
      [tree, { host: "LOCALHOST" }, "GET"],
      [tree, { host: "[::1]:8701" }, "GET"],
      ["/api/v1/plans/luhanska.1.2000-01-01", {}, "GET"],
      ["/api/v1/plans/Not-An-Id", {}, "GET"],
    ];
    for (const [path, headers, method] of cases) {
      const answer = await both(path, headers, method);
      expect(answer.leanAnswered, `${method} ${path} ${JSON.stringify(headers)}`).toBe(false);
    }
  });
});
