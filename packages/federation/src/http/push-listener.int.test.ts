import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { Effect, Either } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSyncClient } from "../client/sync-client.js";
import { EnrollRequest } from "../protocol/messages.js";
import { toWireTuple } from "../protocol/wire-events.js";
import { checkpointOf, makeOrigin, record } from "../testing/test-chain.js";
import { openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { DEFAULT_MAX_PUSH_BYTES, federationHandler } from "./federation-handler.js";
import { pushListener } from "./push-listener.js";

let temp: ReturnType<typeof tempDir>;
let oblast: TestNode;
let district: TestNode;
let server: Server;
let url: string;
let answeredByFallback: string[];

/** Everything but pushes goes to the fetch handler, as the node's Hono adapter would pass it on. */
const fallback =
  (handler: (request: Request) => Promise<Response>): RequestListener =>
  (req, res) => {
    answeredByFallback.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string"));
      const response = await handler(new Request(`${url}${req.url}`, { method: req.method ?? "GET", headers, ...(body === undefined ? {} : { body }) }));
      // As @hono/node-server writes a Response: its headers as they are (a compressed pull page keeps its coding).
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  };

beforeEach(async () => {
  temp = tempDir();
  oblast = await openTestNode(temp.dir, "luhanska", "oblast");
  district = await openTestNode(temp.dir, "novopskovskyi", "district");
  answeredByFallback = [];
  server = createServer(pushListener(oblast.node, fallback(federationHandler(oblast.node)), { maxBytes: 64 * 1024 }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const n of [oblast, district]) await n.close();
  temp.remove();
});

const post = (body: string | Buffer, token: string | null) =>
  fetch(`${url}/federation/v1/push`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body,
  }).then(async (r) => ({ status: r.status, type: r.headers.get("content-type"), body: (await r.json()) as Record<string, unknown> }));

describe("pushes read straight off Node's request", () => {
  it("carry a real sync over a socket: every event stored once, each checkpoint witnessed; other routes pass through", async () => {
    const { token } = Effect.runSync(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }));
    const client = makeSyncClient(district.node, { batchSize: 40 });
    await client.join(url, token);
    await district.record(100);
    const report = await client.syncOnce();
    expect(report.error).toBeNull();
    expect(report.pushed).toEqual([{ origin: "novopskovskyi", batches: 3, stored: 100, skipped: 0, cursor: 100 }]);
    expect(Effect.runSync(oblast.node.cursorOf("novopskovskyi")).seq).toBe(100);
    expect(Effect.runSync(district.node.witnesses("novopskovskyi")).map((w) => w.seq)).toEqual([40, 80, 100]);
    expect(answeredByFallback.some((r) => r.endsWith("/push"))).toBe(false);
    expect(answeredByFallback).toContain("GET /federation/v1/cursors");
  });

  it("refuse an unknown token, a body that is not JSON, a malformed event and an oversize body, with a problem each; nothing is stored", async () => {
    const { token } = Effect.runSync(oblast.node.invite({ nodeId: "svativskyi", level: "district" }));
    const peer = makeOrigin("svativskyi");
    const enrolled = Effect.runSync(Effect.either(oblast.node.enroll(new EnrollRequest({ child: { nodeId: "svativskyi", level: "district", publicKey: peer.publicKey }, token }))));
    expect(Either.isRight(enrolled)).toBe(true);
    const events = record(peer, 3);
    const batch = (evs: unknown[]) =>
      JSON.stringify({ _tag: "PushBatch", sender: "svativskyi", origin: "svativskyi", events: evs, checkpoint: checkpointOf(peer, 3) });
    const tuples = events.map(toWireTuple);
    const answers = [
      await post(batch(tuples), "not-a-token"),
      await post(batch(tuples), null),
      await post('{"_tag":"PushBatch",', token),
      await post(batch([tuples[0], tuples[1], tuples[2]?.map((v, i) => (i === 11 ? "ABC" : v))]), token),
      await post(Buffer.alloc(65 * 1024, 32), token),
    ];
    expect(answers.map((a) => [a.status, a.type])).toEqual([
      [401, "application/problem+json"],
      [401, "application/problem+json"],
      [400, "application/problem+json"],
      [400, "application/problem+json"],
      [413, "application/problem+json"],
    ]);
    expect(answers[0]?.body.reason).toBe("UnknownSender");
    expect(answers[2]?.body.type).toBe("urn:planledger:problem:bad-json");
    expect(answers[3]?.body.errors).toEqual([{ path: "events.2.11", message: "expected hash: 64 lower-case hex digits" }]);
    expect(answers[4]?.body).toMatchObject({ type: "urn:planledger:problem:payload-too-large", maxBytes: 64 * 1024 });
    expect(Effect.runSync(oblast.node.cursorOf("svativskyi")).seq).toBe(0);
  });

  it("read a body in brotli or gzip; refuse another coding (415, naming what they read), a corrupt one, and a zip bomb past the limit", async () => {
    const { token } = Effect.runSync(oblast.node.invite({ nodeId: "svativskyi", level: "district" }));
    const peer = makeOrigin("svativskyi");
    Effect.runSync(Effect.either(oblast.node.enroll(new EnrollRequest({ child: { nodeId: "svativskyi", level: "district", publicKey: peer.publicKey }, token }))));
    const events = record(peer, 6);
    const batch = (from: number, to: number) =>
      JSON.stringify({ _tag: "PushBatch", sender: "svativskyi", origin: "svativskyi", events: events.slice(from, to).map(toWireTuple), checkpoint: checkpointOf(peer, to) });
    const coded = (body: string | Buffer, encoding: string) =>
      fetch(`${url}/federation/v1/push`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "content-encoding": encoding },
        body,
      }).then(async (r) => ({ status: r.status, accepts: r.headers.get("accept-encoding"), body: (await r.json()) as Record<string, unknown> }));
    const brotli = await coded(brotliCompressSync(batch(0, 3)), "br");
    const gzip = await coded(gzipSync(batch(3, 6)), "gzip");
    expect([brotli.status, brotli.body.stored, gzip.status, gzip.body.stored]).toEqual([200, 3, 200, 3]);
    expect(brotli.accepts).toBe("br, gzip");

    const zstd = await coded(batch(0, 3), "zstd");
    expect([zstd.status, zstd.accepts, zstd.body.code, zstd.body.contentEncoding]).toEqual([415, "br, gzip", "UnsupportedEncoding", "zstd"]);
    const corrupt = await coded(Buffer.from("not brotli at all"), "br");
    expect([corrupt.status, corrupt.body.code]).toEqual([400, "MalformedJson"]);
    // 10 MiB of spaces is 10 KiB in gzip: under the listener's 64 KiB as it comes, far over it decoded.
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 32), { level: 9 });
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const refused = await coded(bomb, "gzip");
    expect([refused.status, refused.body.code, refused.body.maxBytes]).toEqual([413, "PayloadTooLarge", 64 * 1024]);
    // The fetch handler reads pushes the same way, within its own limit.
    const handled = await federationHandler(oblast.node, { maxPushBytes: 64 * 1024 })(
      new Request("http://luhanska/federation/v1/push", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-encoding": "gzip" },
        body: bomb,
      }),
    );
    expect([handled.status, ((await handled.json()) as { code: string }).code]).toEqual([413, "PayloadTooLarge"]);
    expect(Effect.runSync(oblast.node.cursorOf("svativskyi")).seq).toBe(6);
  });

  it("are refused over the limit by the fetch handler too, before the body is read", async () => {
    const { token } = Effect.runSync(oblast.node.invite({ nodeId: "svativskyi", level: "district" }));
    const peer = makeOrigin("svativskyi");
    Effect.runSync(Effect.either(oblast.node.enroll(new EnrollRequest({ child: { nodeId: "svativskyi", level: "district", publicKey: peer.publicKey }, token }))));
    const response = await federationHandler(oblast.node)(
      new Request("http://luhanska/federation/v1/push", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": String(DEFAULT_MAX_PUSH_BYTES + 1) },
        body: "{}",
      }),
    );
    expect([response.status, response.headers.get("content-type")]).toEqual([413, "application/problem+json"]);
    expect(await response.json()).toMatchObject({ type: "urn:planledger:problem:payload-too-large", maxBytes: DEFAULT_MAX_PUSH_BYTES });
  });
});
