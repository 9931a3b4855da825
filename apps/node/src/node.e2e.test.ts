import { generateKeyPairSync } from "node:crypto";
import { request } from "node:http";
/**
 * Real node processes (`planledger serve` on free ports, databases in a temp dir), driven over HTTP.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NodeProcess, repoRoot, spawnNode } from "@planledger/testing";
import { checkIncoming } from "./testing/openapi-check.js";

const dir = mkdtempSync(join(tmpdir(), "planledger-e2e-"));
const spec = (nodeId: string, level: "oblast" | "district") => ({
  nodeId,
  level,
  dbPath: join(dir, `${nodeId}.db`),
  adminTokenFile: join(dir, `${nodeId}.token`),
  env: { PLANLEDGER_SYNC_INTERVAL_MS: "0" },
});
const tokenOf = (nodeId: string) => readFileSync(join(dir, `${nodeId}.token`), "utf8").trim();

let luhanska: NodeProcess;
let novopskovskyi: NodeProcess;
/** The credential the parent invited the district with (set once it has joined). */
let childCredential = "";

const call = async (node: NodeProcess, method: string, path: string, init: { token?: string; body?: string; type?: string; ifMatch?: number } = {}) => {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = init.type ?? "application/json";
  if (init.ifMatch !== undefined) headers["if-match"] = `"${init.ifMatch}"`;
  const res = await fetch(`${node.url}${path}`, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) });
  return { status: res.status, etag: res.headers.get("etag"), type: res.headers.get("content-type"), body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  [luhanska, novopskovskyi] = await Promise.all([spawnNode(spec("luhanska", "oblast")), spawnNode(spec("novopskovskyi", "district"))]);
}, 120_000);

afterAll(async () => {
  await Promise.all([luhanska?.stop(), novopskovskyi?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("planledger serve", () => {
  it("listens on 127.0.0.1 and answers /health", async () => {
    expect(new URL(luhanska.url).hostname).toBe("127.0.0.1");
    const health = await call(luhanska, "GET", "/health");
    expect(health).toMatchObject({ status: 200, body: { node: "luhanska", level: "oblast", parent: null, events: 0, lastSync: null } });
  });

  it("adopts a document, serves its tree with an ETag, records progress, and refuses a stale write", async () => {
    const admin = tokenOf("luhanska");
    const text = readFileSync(join(repoRoot, "fixtures/plans/000_9d8a7f6d078db2f4.txt"), "utf8");
    const adopted = await call(luhanska, "POST", "/api/v1/plans", { token: admin, body: text, type: "text/plain; charset=utf-8" });
    expect(adopted.status).toBe(201);
    const planId = adopted.body.planId as string;

    const list = await call(luhanska, "GET", "/api/v1/plans");
    expect(list.body.plans).toEqual([expect.objectContaining({ id: planId, owner: "luhanska" })]);
    const tree = await call(luhanska, "GET", `/api/v1/plans/${planId}`);
    expect([tree.status, tree.etag]).toEqual([200, `"${adopted.body.version}"`]);
    const rollup = await call(luhanska, "GET", `/api/v1/plans/${planId}/rollup`);
    expect(rollup.status).toBe(200);

    const drafted = await call(luhanska, "POST", `/api/v1/plans/${planId}/reports`, { token: admin, body: JSON.stringify({ year: 2021, quarter: 4 }) });
    expect(drafted.status).toBe(201);
    const progress = JSON.stringify({ measureId: `${planId}.s1.t1.m1`, status: "done", actuals: [], spent: [], narrative: "Виконано." });
    const reportPath = `/api/v1/reports/${drafted.body.reportId}/progress`;
    expect((await call(luhanska, "POST", reportPath, { token: admin, body: progress, ifMatch: 1 })).status).toBe(200);
    const before = (await call(luhanska, "GET", "/health")).body.events;
    const stale = await call(luhanska, "POST", reportPath, { token: admin, body: progress, ifMatch: 1 });
    expect([stale.status, stale.type]).toEqual([412, "application/problem+json"]);
    expect((await call(luhanska, "GET", "/health")).body.events).toBe(before);
  });

  it("answers what Node's parser refuses with a problem, not a reset connection; holds an unauthenticated enrollment to 64 KiB", async () => {
    // A 100 KB id in the URL: 431 with a problem body (it used to reset the connection).
    const long = await fetch(`${luhanska.url}/api/v1/plans/${"x".repeat(100_000)}`);
    expect(long.status).toBe(431);
    expect(long.headers.get("content-type")).toBe("application/problem+json");
    expect(((await long.json()) as { status: number }).status).toBe(431);
    // An enrollment needs no credential: a body over 64 KiB is refused from its length, before it is read…
    const declared = await fetch(`${luhanska.url}/federation/v1/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"pad":"${"x".repeat(200_000)}"}`,
    });
    expect(declared.status).toBe(413);
    // …and one sent without a length is cut off as soon as it passes the limit: the answer comes while the
    // sender is still sending (so the upload itself may then fail, which is the point).
    const streamedStatus = await new Promise<number>((resolve, reject) => {
      const req = request(`${luhanska.url}/federation/v1/enroll`, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.once("end", () => {
          try {
            checkIncoming("POST", "/federation/v1/enroll", res, Buffer.concat(chunks));
            resolve(res.statusCode ?? 0);
          } catch (mismatch) {
            reject(mismatch);
          }
        });
      });
      req.on("error", () => undefined);
      setTimeout(() => reject(new Error("no answer")), 10_000).unref();
      let sent = 0;
      const more = () => {
        while (sent < 40 && req.write("[".repeat(4096))) sent++;
        if (sent < 40) req.once("drain", more);
        else req.end();
      };
      more();
    });
    expect(streamedStatus).toBe(413);
    // A small body nested past 64 levels is bad JSON, not a stack overflow.
    const deep = await fetch(`${luhanska.url}/federation/v1/enroll`, { method: "POST", headers: { "content-type": "application/json" }, body: "[".repeat(1000) });
    expect(deep.status).toBe(400);
    expect((await call(luhanska, "GET", "/health")).status).toBe(200);
  });

  it("refuses another node's credential and a viewer's write", async () => {
    const foreign = await call(luhanska, "POST", "/api/v1/plans", { token: tokenOf("novopskovskyi"), body: "x", type: "text/plain" });
    expect(foreign.status).toBe(401);
    const issued = await call(luhanska, "POST", "/api/v1/tokens", {
      token: tokenOf("luhanska"),
      body: JSON.stringify({ name: "glyadach", role: "viewer" }),
    });
    expect(issued.status).toBe(201);
    const viewer = await call(luhanska, "POST", "/api/v1/plans", { token: issued.body.token as string, body: "x", type: "text/plain" });
    expect(viewer.status).toBe(403);
  });

  it("keeps its log, tokens and read model across a restart", async () => {
    const before = await call(luhanska, "GET", "/api/v1/plans");
    const events = (await call(luhanska, "GET", "/health")).body.events;
    expect(await luhanska.stop()).toBe(0);
    luhanska = await spawnNode(spec("luhanska", "oblast"));
    expect((await call(luhanska, "GET", "/health")).body.events).toBe(events);
    expect((await call(luhanska, "GET", "/api/v1/plans")).body).toEqual(before.body);
    const tokens = await call(luhanska, "GET", "/api/v1/tokens", { token: tokenOf("luhanska") });
    expect((tokens.body.tokens as { name: string }[]).map((t) => t.name)).toEqual(["admin", "glyadach"]);
  }, 120_000);

  it("reports its last sync with the parent on /health, and the parent's cached views show what the sync stored", async () => {
    const started = Date.now();
    const childAdmin = tokenOf("novopskovskyi");
    const text = readFileSync(join(repoRoot, "fixtures/plans/002_d9322476a2055758.txt"), "utf8");
    const adopted = await call(novopskovskyi, "POST", "/api/v1/plans", { token: childAdmin, body: text, type: "text/plain; charset=utf-8" });
    expect(adopted.status).toBe(201);
    const planIds = async () => ((await call(luhanska, "GET", "/api/v1/plans")).body.plans as { id: string }[]).map((p) => p.id);
    // The parent's list is now cached at its current log position.
    expect(await planIds()).not.toContain(adopted.body.planId);
    expect((await call(novopskovskyi, "GET", "/health")).body.lastSync).toBeNull();

    const invited = await call(luhanska, "POST", "/federation/v1/invitations", {
      token: tokenOf("luhanska"),
      body: JSON.stringify({ nodeId: "novopskovskyi", level: "district" }),
    });
    expect(invited.status).toBe(201);
    childCredential = invited.body.token as string;
    const joined = await call(novopskovskyi, "POST", "/federation/v1/join", {
      token: childAdmin,
      body: JSON.stringify({ parentUrl: luhanska.url, token: invited.body.token }),
    });
    expect(joined.status).toBe(200);
    expect((await call(novopskovskyi, "POST", "/federation/v1/sync", { token: childAdmin })).status).toBe(200);

    const lastSync = (await call(novopskovskyi, "GET", "/health")).body.lastSync;
    expect(typeof lastSync).toBe("string");
    expect(Date.parse(lastSync as string)).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    expect(await planIds()).toContain(adopted.body.planId);
    expect((await call(luhanska, "GET", `/api/v1/plans/${adopted.body.planId}`)).status).toBe(200);
  }, 120_000);

  // Every answer here is checked against the OpenAPI document (the setup file's fetch check): these are the
  // federation answers that node-to-node sync otherwise reads with its own client.
  it("answers federation's routes as its OpenAPI document says: cursors, pull, status, and their refusals", async () => {
    expect(childCredential).not.toBe("");
    const asChild = { token: childCredential };
    const cursors = await call(luhanska, "GET", "/federation/v1/cursors", asChild);
    expect(cursors).toMatchObject({ status: 200, body: { _tag: "CursorList", node: "luhanska" } });
    const pulled = await call(luhanska, "GET", "/federation/v1/pull?origin=luhanska&after=0&limit=50", asChild);
    expect(pulled.status).toBe(200);
    expect((pulled.body.events as unknown[]).length).toBeGreaterThan(0);
    expect((await call(luhanska, "GET", "/federation/v1/status", asChild)).status).toBe(200);
    expect((await call(luhanska, "GET", "/federation/v1/status", { token: tokenOf("luhanska") })).status).toBe(200);
    expect((await call(novopskovskyi, "GET", "/federation/v1/status", { token: tokenOf("novopskovskyi") })).status).toBe(200);
    expect((await call(luhanska, "GET", "/federation/v1/pull?origin=nowhere", asChild)).status).toBe(404);
    expect((await call(luhanska, "POST", "/federation/v1/push", { ...asChild, body: "{}" })).status).toBe(400);
    expect((await call(luhanska, "GET", "/federation/v1/cursors")).status).toBe(401);
    expect((await call(luhanska, "GET", "/federation/v1/nowhere")).status).toBe(404);
    // An enrollment by invitation: the invited node's key and the token its parent's admin was given.
    const invitation = await call(luhanska, "POST", "/federation/v1/invitations", {
      token: tokenOf("luhanska"),
      body: JSON.stringify({ nodeId: "markivska", level: "district" }),
    });
    const publicKey = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).toString("base64");
    const enrolled = await call(luhanska, "POST", "/federation/v1/enroll", {
      body: JSON.stringify({ _tag: "EnrollRequest", child: { nodeId: "markivska", level: "district", publicKey }, token: invitation.body.token }),
    });
    expect(enrolled).toMatchObject({ status: 200, body: { _tag: "EnrollAccepted", parent: { nodeId: "luhanska" } } });
    // A root's admin asking for a sync: nothing to sync with, 409 `NoParent` (docs/federation.md).
    expect(await call(luhanska, "POST", "/federation/v1/sync", { token: tokenOf("luhanska") })).toMatchObject({ status: 409, body: { code: "NoParent" } });
  });
});
