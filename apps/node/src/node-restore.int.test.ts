/**
 * Restoring a lost node through the node app (issue #18): the routes it uses — `GET /federation/v1/restore`, the
 * auditor's `GET /api/v1/audit/origins/{o}/log`, `POST /federation/v1/restore` — answer what the OpenAPI document
 * says, refusals included (every `fetch` to the loopback is checked against it, `testing/openapi-setup.ts`), and a
 * node restored from them starts and syncs. The scenario at scale, between processes: packages/federation,
 * `restore/node-restore.e2e.test.ts`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { enrollOverHttp, restoreNode, syncOverHttp } from "@planledger/federation";
import { Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningNode, startNode } from "./main.js";
import type { NodeLimits } from "./node-config.js";

const dir = mkdtempSync(join(tmpdir(), "planledger-restore-"));
const limits: NodeLimits = { authFailures: 100, authWindowS: 60, syncMinIntervalS: 0, trustedProxies: [], maxSources: 1000 };
const repoRoot = new URL("../../../", import.meta.url).pathname;

let oblast: RunningNode;
let district: RunningNode;
const tokenOf = (folder: string, nodeId: string) => readFileSync(join(folder, `${nodeId}.token`), "utf8").trim();

const start = (folder: string, nodeId: string, level: "oblast" | "district") =>
  startNode(
    { nodeId, level, displayName: nodeId, parentUrl: null, port: 0, host: "127.0.0.1", limits, dbPath: join(folder, `${nodeId}.db`) },
    { adminTokenFile: join(folder, `${nodeId}.token`) },
  );

const call = async (node: RunningNode, method: string, path: string, token: string | null, body?: unknown) => {
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  process.env.PLANLEDGER_SYNC_INTERVAL_MS = "0";
  oblast = await start(dir, "luhanska", "oblast");
  district = await start(dir, "novopskovskyi", "district");
  await enrollOverHttp(
    { url: oblast.url, adminToken: tokenOf(dir, "luhanska"), nodeId: "luhanska" },
    { url: district.url, adminToken: tokenOf(dir, "novopskovskyi"), nodeId: "novopskovskyi", level: "district" },
  );
  const plan = readFileSync(join(repoRoot, "fixtures/plans/002_d9322476a2055758.txt"), "utf8");
  const adopted = await fetch(`${district.url}/api/v1/plans`, {
    method: "POST",
    headers: { authorization: `Bearer ${tokenOf(dir, "novopskovskyi")}`, "content-type": "text/plain; charset=utf-8" },
    body: plan,
  });
  expect(adopted.status).toBe(201);
  expect((await syncOverHttp({ url: district.url, adminToken: tokenOf(dir, "novopskovskyi") })).error).toBeNull();
  await district.close();
}, 60_000);

afterAll(async () => {
  await Promise.all([oblast?.close(), district?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("the restore routes, as documented", () => {
  it("state what the oblast holds of the district, and refuse with problem bodies", async () => {
    const admin = tokenOf(dir, "luhanska");
    const source = await call(oblast, "GET", "/federation/v1/restore?node=novopskovskyi", admin);
    expect(source.status).toBe(200);
    expect([source.body._tag, (source.body.checkpoint as { seq: number }).seq]).toEqual(["RestoreSource", 65]);
    expect((await call(oblast, "GET", "/federation/v1/restore?node=novopskovskyi", null)).status).toBe(401);
    expect((await call(oblast, "GET", "/federation/v1/restore?node=svativskyi", admin)).body.code).toBe("OriginNotServed");
    expect((await call(oblast, "GET", "/federation/v1/restore?node=No%20Such", admin)).body.code).toBe("ParseError");
    expect((await call(oblast, "POST", "/federation/v1/restore", admin, { nodeId: "novopskovskyi" })).body.code).toBe("ParseError");
    const stale = await call(oblast, "POST", "/federation/v1/restore", admin, {
      nodeId: "novopskovskyi",
      seq: 64,
      hash: "0".repeat(64),
      publicKey: "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
    });
    expect([stale.status, stale.body.code, stale.body.reasonCode]).toEqual([409, "RestoreRefused", "NotHead"]);
  });

  it("a node restored from them holds the district's log, starts, and syncs", async () => {
    const folder = join(dir, "new-machine");
    mkdirSync(folder);
    const outcome = await restoreNode({
      parentUrl: oblast.url,
      token: tokenOf(dir, "luhanska"),
      nodeId: "novopskovskyi",
      dbPath: join(folder, "novopskovskyi.db"),
      pageSize: 20,
    });
    if (Either.isLeft(outcome)) throw new Error(outcome.left.detail);
    expect([outcome.right.recoveredSeq, outcome.right.fromSeq]).toEqual([65, 66]);
    expect(existsSync(join(folder, "novopskovskyi.db.key"))).toBe(true);
    district = await start(folder, "novopskovskyi", "district");
    const health = await call(district, "GET", "/health", null);
    expect(health.body.ownSeq).toBe(66);
    expect((await syncOverHttp({ url: district.url, adminToken: tokenOf(folder, "novopskovskyi") })).error).toBeNull();
  }, 60_000);
});
