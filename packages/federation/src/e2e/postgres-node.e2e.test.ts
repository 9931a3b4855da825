/**
 * @module A node on PostgreSQL as an operator runs it (`planledger serve --db postgres://… --key FILE`), a real process
 * beside a district on its SQLite file: the district enrolls and pushes over real HTTP; the PostgreSQL node is killed
 * with SIGKILL while a push is arriving and started again; the next sync completes it; every event is held once and
 * `planledger audit verify --db postgres://…` passes on the server's database.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { EventStore } from "@planledger/event-store";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { Effect, ManagedRuntime } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type NodeProcess, repoRoot, startNodeProcess } from "../testing/node-process.js";
import { tempDir } from "../testing/test-nodes.js";

const env = { PLANLEDGER_SYNC_BATCH_SIZE: "200", PLANLEDGER_SYNC_RETRIES: "0" };

let temp: ReturnType<typeof tempDir>;
let url: string;
let oblast: NodeProcess;
let district: NodeProcess;

type SyncReport = { error: string | null; pushed: { origin: string; stored: number }[] };
type Status = { children: { nodeId: string; events: number }[] };

const syncDistrict = async () => (await api<SyncReport>(district, "POST", "/federation/v1/sync")).body;
const heldByOblast = async (origin: string) =>
  (await api<Status>(oblast, "GET", "/federation/v1/status")).body.children.find((c) => c.nodeId === origin)?.events ?? 0;
const ownSeq = async (node: NodeProcess) => (await api<{ ownSeq: number }>(node, "GET", "/health")).body.ownSeq;

/** Appends `count` events to a stopped node's own log, as its own store would (same file, same key). */
const appendOffline = async (node: NodeProcess, count: number) => {
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path: node.dbPath, nodeId: node.nodeId }));
  await runtime.runPromise(
    Effect.flatMap(EventStore, (store) =>
      store.append(
        `load:${node.nodeId}`,
        Array.from({ length: count }, (_, i) => ({ type: "LoadRecorded", data: { n: i, note: "навантаження / load" } })),
        { expectedVersion: "any", actor: "load-test" },
      ),
    ),
  );
  await runtime.dispose();
};

/** `planledger audit verify --db …`: its exit code and what it printed. */
const auditVerify = (db: string) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "audit", "verify", "--db", db], { cwd: repoRoot }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` }),
  );

beforeAll(async () => {
  temp = tempDir();
  url = await freshPostgresUrl();
  [oblast, district] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast", db: url }, env),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }, env),
  ]);
  const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: "novopskovskyi", level: "district" });
  expect(invitation.status).toBe(201);
  expect((await api(district, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await Promise.all([oblast?.kill(), district?.kill()]);
  temp?.remove();
});

describe("a node on PostgreSQL (planledger serve --db postgres://)", () => {
  it("takes a district's pushes; killed with SIGKILL mid-push and started again, it holds every event once and verifies", async () => {
    const first = await syncDistrict();
    expect(first.error).toBeNull();
    expect(await heldByOblast("novopskovskyi")).toBe(await ownSeq(district));

    await district.kill();
    await appendOffline(district, 6000);
    district = await district.restart();
    const total = await ownSeq(district);
    const before = await heldByOblast("novopskovskyi");

    void syncDistrict().catch(() => undefined);
    let heldAtKill = before;
    for (let i = 0; i < 3000 && heldAtKill <= before; i++) {
      await new Promise((r) => setTimeout(r, 5));
      heldAtKill = await heldByOblast("novopskovskyi").catch(() => heldAtKill);
    }
    await oblast.kill("SIGKILL");
    expect(heldAtKill).toBeGreaterThan(before);

    oblast = await oblast.restart();
    const afterKill = await heldByOblast("novopskovskyi");
    // What was acknowledged before the kill is there; nothing is there twice (the count is the log's head).
    expect(afterKill).toBeGreaterThanOrEqual(heldAtKill);
    expect(afterKill).toBeLessThan(total);

    const resumed = await syncDistrict();
    expect(resumed.error).toBeNull();
    expect(resumed.pushed[0]?.stored).toBe(total - afterKill);
    expect(await heldByOblast("novopskovskyi")).toBe(total);

    await oblast.kill();
    const verified = await auditVerify(url);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toContain("novopskovskyi");
    oblast = await oblast.restart();
  }, 300_000);
});
