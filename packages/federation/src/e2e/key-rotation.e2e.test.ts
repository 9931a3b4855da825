/**
 * Issue #18, "Keys rotate and can be revoked", between real node processes on 127.0.0.1. A district pushes to its
 * oblast, is stopped, `planledger node rotate-key` rotates its key, it restarts under the new key, and its next push
 * is accepted: the oblast holds two keys for it and `audit verify` passes on both databases. Another district's key
 * is revoked at the oblast (`planledger node revoke-key`) from the seq after what the oblast holds: its next push is
 * refused `KeyRevoked` and nothing of it is stored; revoked in its own database, `audit verify` flags it (exit 1).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { openSqlite, readNodeKey, sqliteLogReader } from "@planledger/event-store";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type NodeProcess, repoRoot, startNodeProcess } from "../testing/node-process.js";
import { adoptDistrictPlan } from "../testing/quarter-reports.js";
import { tempDir } from "../testing/test-nodes.js";

const env = { PLANLEDGER_SYNC_RETRIES: "0" };

let temp: ReturnType<typeof tempDir>;
let oblast: NodeProcess;
let novopskov: NodeProcess;
let svatove: NodeProcess;

type SyncReport = { error: string | null };
type Status = { children: { nodeId: string; events: number }[] };

const ownSeq = async (node: NodeProcess) => (await api<{ ownSeq: number }>(node, "GET", "/health")).body.ownSeq;
const held = async (nodeId: string) =>
  (await api<Status>(oblast, "GET", "/federation/v1/status")).body.children.find((c) => c.nodeId === nodeId)?.events;
const sync = async (node: NodeProcess) => (await api<SyncReport>(node, "POST", "/federation/v1/sync")).body;

/** `n` events in the node's own log: a report drafted, n − 2 progress entries, submitted. */
const recordEvents = async (node: NodeProcess, planId: string, quarter: 1 | 2 | 3 | 4, n: number): Promise<void> => {
  const tree = await api<{ sections: { tasks: { measures: { measureId: string }[] }[] }[] }>(node, "GET", `/api/v1/plans/${encodeURIComponent(planId)}`);
  const measures = tree.body.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
  const drafted = await api<{ reportId: string }>(node, "POST", `/api/v1/plans/${encodeURIComponent(planId)}/reports`, { year: 2025, quarter });
  expect(drafted.status).toBe(201);
  const path = `/api/v1/reports/${encodeURIComponent(drafted.body.reportId)}`;
  let version = drafted.etag;
  for (let i = 0; i < n - 2; i++) {
    const measure = measures[i % measures.length] as { measureId: string };
    const written = await api(
      node,
      "POST",
      `${path}/progress`,
      { measureId: measure.measureId, status: "inProgress", actuals: [{ value: i + 1, unit: "осіб" }], spent: [], narrative: `запис ${i + 1}` },
      { "if-match": `"${version}"` },
    );
    expect(written.status).toBe(200);
    version = written.etag;
  }
  expect((await api(node, "POST", `${path}/submit`, undefined, { "if-match": `"${version}"` })).status).toBe(200);
};

/** The CLI as an operator runs it: exit code, stdout, stderr; `PLANLEDGER_TOKEN` only when given. */
const cli = async (args: string[], token?: string): Promise<[number, string, string]> => {
  const childEnv = { ...process.env };
  delete childEnv.PLANLEDGER_TOKEN;
  if (token !== undefined) childEnv.PLANLEDGER_TOKEN = token;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", join(repoRoot, "apps/cli/src/main.ts"), ...args], {
      cwd: repoRoot,
      env: childEnv,
    });
    return [0, stdout, stderr];
  } catch (failure) {
    const f = failure as { code: number; stdout: string; stderr: string };
    return [f.code, f.stdout, f.stderr];
  }
};

/** The key history a database holds for `origin`, oldest first. */
const keyHistory = (db: string, origin: string) => {
  const { sqlite } = openSqlite(db, "readOnly");
  try {
    return Effect.runSync(sqliteLogReader(sqlite).keyHistory(origin));
  } finally {
    sqlite.close();
  }
};

const enrol = async (nodeId: string, child: NodeProcess) => {
  const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId, level: "district" });
  expect((await api(child, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
};

beforeAll(async () => {
  temp = tempDir();
  [oblast, novopskov, svatove] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }, env),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }, env),
    startNodeProcess(temp.dir, { nodeId: "svativskyi", level: "district" }, env),
  ]);
  await enrol("novopskovskyi", novopskov);
  await enrol("svativskyi", svatove);
}, 180_000);

afterAll(async () => {
  await Promise.all([oblast?.kill(), novopskov?.kill(), svatove?.kill()]);
  temp?.remove();
});

describe("keys over time, between real node processes", () => {
  it("rotates a stopped node's key; its next push is accepted and both logs verify", async () => {
    const planId = await adoptDistrictPlan(novopskov);
    await recordEvents(novopskov, planId, 1, 6);
    expect((await sync(novopskov)).error).toBeNull();
    const pushed = await ownSeq(novopskov);
    expect(await held("novopskovskyi")).toBe(pushed);
    const oldKey = readNodeKey(`${novopskov.dbPath}.key`).publicKey;

    // A running node keeps its key in memory: the rotation is refused while it runs, and nothing changes.
    const running = await cli(["node", "rotate-key", "--db", novopskov.dbPath]);
    expect(running[0], running[2]).toBe(1);
    expect(running[2]).toContain("stop the node");
    expect(readNodeKey(`${novopskov.dbPath}.key`).publicKey).toBe(oldKey);

    await novopskov.kill();
    const [code, out, said] = await cli(["node", "rotate-key", "--db", novopskov.dbPath]);
    expect([code, said]).toEqual([0, ""]);
    const newKey = readNodeKey(`${novopskov.dbPath}.key`).publicKey;
    expect(newKey).not.toBe(oldKey);
    expect(out).toContain(newKey);
    expect(out).toContain(`in force from seq ${pushed + 1}`);

    novopskov = await novopskov.restart();
    expect(await ownSeq(novopskov)).toBe(pushed + 1);
    await recordEvents(novopskov, planId, 2, 6);
    expect((await sync(novopskov)).error).toBeNull();
    const head = await ownSeq(novopskov);
    expect(head).toBe(pushed + 7);
    expect(await held("novopskovskyi")).toBe(head);

    // The oblast learnt the rotation from the KeyRotated event in the pushed log: two keys, the second from pushed + 1.
    const history = keyHistory(oblast.dbPath, "novopskovskyi");
    expect(history.map((e) => [e.fromSeq, e.publicKey, e.authority])).toEqual([
      [0, oldKey, "enrolled"],
      [pushed + 1, newKey, "rotated"],
    ]);
    for (const db of [novopskov.dbPath, oblast.dbPath]) {
      const [audited, report, err] = await cli(["audit", "verify", "--db", db]);
      expect([audited, err], report).toEqual([0, ""]);
    }
  }, 60_000);

  it("refuses a revoked key's later events at the parent, and audit verify flags them where they are held", async () => {
    const planId = await adoptDistrictPlan(svatove);
    await recordEvents(svatove, planId, 1, 6);
    expect((await sync(svatove)).error).toBeNull();
    const pushed = await ownSeq(svatove);
    expect(await held("svativskyi")).toBe(pushed);
    const key = readNodeKey(`${svatove.dbPath}.key`).publicKey;
    const revoke = ["node", "revoke-key", "--parent", oblast.url, "--node", "svativskyi", "--from-seq", String(pushed + 1), "--reason", "ноутбук викрадено"];

    // Bad input: exit 2 with a reason; a refusal by the oblast: exit 1 with its problem.
    const noToken = await cli(revoke);
    expect([noToken[0], noToken[2].includes("PLANLEDGER_TOKEN")]).toEqual([2, true]);
    const badSeq = await cli([...revoke.slice(0, 7), "0", "--reason", "x"], oblast.adminToken);
    expect([badSeq[0], badSeq[2].includes("--from-seq")]).toEqual([2, true]);
    const wrongToken = await cli(revoke, "not-the-admin-token");
    expect(wrongToken[0]).toBe(1);
    expect(wrongToken[2]).toMatch(/HTTP 40[13]/);
    const beyond = await cli([...revoke.slice(0, 7), String(pushed + 5), "--reason", "x"], oblast.adminToken);
    expect([beyond[0], beyond[2].includes("KeyBeyondLog")], beyond[2]).toEqual([1, true]);

    const [code, out, said] = await cli(revoke, oblast.adminToken);
    expect([code, said]).toEqual([0, ""]);
    expect(out).toContain(`from seq ${pushed + 1}`);
    expect(out).toContain(key);
    const again = await cli(revoke, oblast.adminToken);
    expect([again[0], again[2].includes("KeyAlreadyRevoked")], again[2]).toEqual([1, true]);

    // The district knows nothing of it and signs on with the revoked key: the oblast refuses, stores nothing.
    await recordEvents(svatove, planId, 2, 6);
    expect((await sync(svatove)).error).toBe("KeyRevoked");
    expect(await held("svativskyi")).toBe(pushed);
    const atOblast = keyHistory(oblast.dbPath, "svativskyi");
    expect(atOblast.map((e) => [e.publicKey, e.revokedFromSeq])).toEqual([[key, pushed + 1]]);
    // Nothing the revoked key signed after the revocation is held at the oblast, so its logs verify.
    const oblastAudit = await cli(["audit", "verify", "--db", oblast.dbPath]);
    expect(oblastAudit[0], oblastAudit[1]).toBe(0);

    // In the district's own database its checkpoints signed from that seq on are flagged: exit 1, the finding named.
    await svatove.kill();
    const before = await cli(["audit", "verify", "--db", svatove.dbPath]);
    expect(before[0], before[1]).toBe(0);
    const local = await cli(["node", "revoke-key", "--db", svatove.dbPath, "--from-seq", String(pushed), "--reason", "ноутбук викрадено"]);
    expect([local[0], local[2]]).toEqual([0, ""]);
    const after = await cli(["audit", "verify", "--db", svatove.dbPath]);
    expect(after[0], after[1]).toBe(1);
    expect(after[1]).toContain(`key revoked from seq ${pushed}`);
    expect(after[1]).toContain("ноутбук викрадено");
  }, 60_000);
});
