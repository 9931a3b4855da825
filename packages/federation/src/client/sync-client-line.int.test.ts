import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { federationHandler } from "../http/federation-handler.js";
import { pushListener } from "../http/push-listener.js";
import { type FaultProxy, startFaultProxy } from "../testing/fault-proxy.js";
import { openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { makeSyncClient } from "./sync-client.js";

let temp: ReturnType<typeof tempDir>;
let oblast: TestNode;
let district: TestNode;
let server: Server;
let line: FaultProxy;
/** Each push the oblast answered: events in it (stored + skipped), and how long its body took to arrive. */
let pushes: { events: number; bodyMs: number }[];

beforeEach(async () => {
  temp = tempDir();
  oblast = await openTestNode(temp.dir, "luhanska", "oblast");
  district = await openTestNode(temp.dir, "novopskovskyi", "district");
  pushes = [];
  const listener = pushListener(oblast.node, () => undefined);
  const handler = federationHandler(oblast.node);
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === "/federation/v1/push") {
      const headersAt = performance.now();
      let bodyMs = 0;
      req.on("end", () => {
        bodyMs = performance.now() - headersAt;
      });
      const end = res.end.bind(res) as (body: Buffer) => ServerResponse;
      (res as { end: unknown }).end = (body: Buffer) => {
        if (res.statusCode === 200 && res.getHeader("content-encoding") === undefined) {
          const { stored, skipped } = JSON.parse(body.toString("utf8")) as { stored: number; skipped: number };
          pushes.push({ events: stored + skipped, bodyMs });
        }
        return end(body);
      };
      return listener(req, res);
    }
    // Enrollment, cursors and pulls: through the fetch handler.
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string"));
      const body = chunks.length === 0 ? {} : { body: Buffer.concat(chunks) };
      const response = await handler(new Request(`http://oblast${req.url}`, { method: req.method ?? "GET", headers, ...body }));
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  line = await startFaultProxy(`127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterEach(async () => {
  await line.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const n of [oblast, district]) await n.close();
  temp.remove();
});

/** Progress entries that compress as real ones do (about 100–150 bytes each in brotli), not as copies of one another. */
const recordVaried = (count: number) =>
  Effect.runPromise(
    district.store.append(
      "report:novopskovskyi-p1:2025-Q1",
      Array.from({ length: count }, (_, i) => ({
        type: "ProgressRecorded",
        data: { measureId: `m${i % 49}`, status: "inProgress", actuals: [{ value: (i * 7919) % 1000, unit: "осіб" }], narrative: `запис ${(i * 104729) % 100_003}` },
      })),
      { expectedVersion: "any", actor: "executor@novopskovskyi" },
    ),
  );

const joined = async (batchMs: number) => {
  const { token } = Effect.runSync(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }));
  const client = makeSyncClient(district.node, { batchMs, retryDelayMs: 50 });
  await client.join(line.url, token);
  return client;
};

describe("batches sized from the line the child measures", () => {
  it("start small and grow to what the line carries in about batchMs: each body takes a bounded time on the line", async () => {
    const client = await joined(1000);
    await recordVaried(1500);
    line.setProfile({ latencyMs: 50, bytesPerSecond: 16_000 });
    const report = await client.syncOnce();
    expect(report.error).toBeNull();
    expect(Effect.runSync(oblast.node.cursorOf("novopskovskyi")).seq).toBe(1500);
    expect(report.pushed[0]).toMatchObject({ stored: 1500, skipped: 0 });
    const sizes = pushes.map((p) => p.events);
    process.stdout.write(
      `128 kbit/s, 100 ms RTT, batchMs 1000: batches ${sizes.join(", ")}; body seconds ${pushes.map((p) => (p.bodyMs / 1000).toFixed(2)).join(", ")}; ` +
        `measured ${report.bytesPerSecond} bytes/s per request, RTT ${report.rttMs} ms\n`,
    );
    expect(sizes[0]).toBe(50);
    // Each batch at most twice the one before; a body on the line for about batchMs, however large the log.
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(2 * (sizes[i - 1] ?? 0));
    expect(Math.max(...pushes.map((p) => p.bodyMs))).toBeLessThan(2000);
    expect(Math.max(...sizes)).toBeLessThan(1000);
    expect(report.bytesPerSecond).toBeGreaterThan(3000);
    expect(report.bytesPerSecond).toBeLessThan(16_000);
  }, 60_000);

  it("a cut costs the batches in flight, not the round: it starts again from the parent's cursor, nothing twice", async () => {
    const client = await joined(1000);
    await recordVaried(1500);
    line.setProfile({ latencyMs: 50, bytesPerSecond: 16_000, cuts: { everyMs: 2000 } });
    const report = await client.syncOnce();
    line.setProfile({});
    expect(report.error).toBeNull();
    expect(line.stats().cuts).toBeGreaterThanOrEqual(2);
    expect(report.retries).toBe(line.stats().cuts);
    expect(Effect.runSync(oblast.node.cursorOf("novopskovskyi")).seq).toBe(1500);
    const verified = await Effect.runPromise(oblast.store.verify());
    expect(verified.find((v) => v.origin === "novopskovskyi")).toMatchObject({ events: 1500, broken: null });
    // Sent again after the cuts: at most the batches that were in flight (two per cut), never the whole log.
    const largest = Math.max(...pushes.map((p) => p.events));
    expect(pushes.reduce((sum, p) => sum + p.events, 0)).toBeLessThanOrEqual(1500 + 2 * largest * report.retries);
  }, 60_000);
});
