import { Effect } from "effect";
import { createServer, type IncomingMessage, request, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { federationHandler } from "../http/federation-handler.js";
import { pushListener } from "../http/push-listener.js";
import { openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { makeSyncClient } from "./sync-client.js";

let temp: ReturnType<typeof tempDir>;
let oblast: TestNode;
let district: TestNode;
let server: Server;
let url: string;
/** Each request the oblast saw: what it was, the coding of its body, the coding of the answer. */
let seen: { route: string; contentEncoding: string | undefined; status: number; answerEncoding: string | undefined }[];

/** Everything but pushes to the fetch handler, as the node's Hono adapter passes it on (headers as they are). */
const fallback =
  (handler: (request: Request) => Promise<Response>): RequestListener =>
  (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string"));
      const response = await handler(new Request(`${url}${req.url}`, { method: req.method ?? "GET", headers, ...(body === undefined ? {} : { body }) }));
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  };

/**
 * The oblast as a parent of one of three versions: `current`; `old`, released before compression (names no coding
 * in its answers, and reads a body as it is whatever its `Content-Encoding` says); `refusing`, which names brotli
 * but answers 415 to a compressed push (as a proxy in front of it might).
 */
const parent = (version: "current" | "old" | "refusing"): RequestListener => {
  const listener = pushListener(oblast.node, fallback(federationHandler(oblast.node)));
  return (req: IncomingMessage, res: ServerResponse) => {
    const entry = { route: `${req.method} ${req.url?.split("?")[0]}`, contentEncoding: req.headers["content-encoding"], status: 0, answerEncoding: undefined };
    seen.push(entry);
    const writeHead = res.writeHead.bind(res) as (status: number, headers: Record<string, unknown>) => ServerResponse;
    (res as { writeHead: unknown }).writeHead = (status: number, headers: Record<string, unknown> = {}) => {
      entry.status = status;
      entry.answerEncoding = headers["content-encoding"] as never;
      if (version === "old") delete headers["accept-encoding"];
      return writeHead(status, headers);
    };
    if (version === "old") delete req.headers["content-encoding"];
    if (version === "refusing" && req.headers["content-encoding"] !== undefined) {
      req.resume();
      res.writeHead(415, { "content-type": "application/problem+json", "accept-encoding": "br" });
      res.end(JSON.stringify({ type: "about:blank", title: "Unsupported Media Type", status: 415 }));
      return;
    }
    listener(req, res);
  };
};

const listen = async (listener: RequestListener) => {
  server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeEach(async () => {
  temp = tempDir();
  oblast = await openTestNode(temp.dir, "luhanska", "oblast");
  district = await openTestNode(temp.dir, "novopskovskyi", "district");
  seen = [];
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const n of [oblast, district]) await n.close();
  temp.remove();
});

const joined = async () => {
  const { token } = Effect.runSync(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }));
  const client = makeSyncClient(district.node, { batchSize: 200 });
  await client.join(url, token);
  return { client, token };
};
const pushes = () => seen.filter((s) => s.route === "POST /federation/v1/push");

describe("compressed sync bodies", () => {
  it("go in brotli to a parent that reads it, and pull pages come back in it; every event stored once", async () => {
    await listen(parent("current"));
    const { client } = await joined();
    await district.record(500);
    await oblast.record(1200, "report:luhanska-p1:2025-Q1");
    const report = await client.syncOnce();
    expect(report.error).toBeNull();
    expect(report.coding).toBe("br");
    expect(report.pushed).toMatchObject([{ origin: "novopskovskyi", stored: 500, skipped: 0, cursor: 500 }]);
    expect(report.pulled).toMatchObject([{ origin: "luhanska", stored: 1200, cursor: 1200 }]);
    expect(pushes().every((p) => p.contentEncoding === "br" && p.status === 200)).toBe(true);
    expect(seen.filter((s) => s.route === "GET /federation/v1/pull").every((p) => p.answerEncoding === "br")).toBe(true);
    // The test nodes' progress entries are short and alike: far more than the 5–9× of real batches.
    expect(report.bytesSent).toBeLessThan(report.bytesRaw / 5);
    expect(Effect.runSync(oblast.node.cursorOf("novopskovskyi")).seq).toBe(500);
    expect(Effect.runSync(district.node.cursorOf("luhanska")).seq).toBe(1200);
  });

  it("go as they are to a parent of a version before compression (it names no coding), and the round completes", async () => {
    await listen(parent("old"));
    const { client } = await joined();
    await district.record(300);
    const report = await client.syncOnce();
    expect([report.error, report.coding, report.bytesSent]).toEqual([null, "identity", report.bytesRaw]);
    expect(pushes().length).toBeGreaterThan(0);
    expect(pushes().every((p) => p.contentEncoding === undefined && p.status === 200)).toBe(true);
    expect(Effect.runSync(oblast.node.cursorOf("novopskovskyi")).seq).toBe(300);
  });

  it("go again uncompressed when the parent refuses the coding it named (415), and stay so for that parent", async () => {
    await listen(parent("refusing"));
    const { client } = await joined();
    await district.record(300);
    const report = await client.syncOnce();
    expect([report.error, report.coding, report.retries]).toEqual([null, "identity", 0]);
    // The batch refused, and the one in flight behind it; then the same batches again, as they are.
    const refused = pushes().filter((p) => p.status === 415);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((p) => p.contentEncoding === "br")).toBe(true);
    expect(pushes().slice(refused.length).every((p) => p.contentEncoding === undefined && p.status === 200)).toBe(true);
    expect(Effect.runSync(oblast.node.cursorOf("novopskovskyi")).seq).toBe(300);
    seen = [];
    await district.record(100);
    expect((await client.syncOnce()).coding).toBe("identity");
    expect(pushes().every((p) => p.contentEncoding === undefined)).toBe(true);
  });

  it("are not sent to a child that asks for none: an older child's pull page comes as it is", async () => {
    await listen(parent("current"));
    const { token } = await joined();
    await oblast.record(1200, "report:luhanska-p1:2025-Q1");
    const answer = await new Promise<{ status: number; encoding: string | undefined; vary: string | undefined; body: string }>((resolve, reject) => {
      // Node's client sends no Accept-Encoding of its own (fetch would).
      const sent = request(`${url}/federation/v1/pull?origin=luhanska&after=0&limit=100`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, encoding: res.headers["content-encoding"], vary: res.headers.vary, body: Buffer.concat(chunks).toString("utf8") }),
        );
      });
      sent.on("error", reject);
      sent.end();
    });
    expect([answer.status, answer.encoding]).toEqual([200, undefined]);
    expect((JSON.parse(answer.body) as { events: unknown[] }).events).toHaveLength(100);
  });
});
