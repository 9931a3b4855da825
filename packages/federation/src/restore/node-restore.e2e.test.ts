/**
 * Issue #18, "A lost node restored from its parent", between real node processes on 127.0.0.1: a district pushed
 * 1,000 events to its oblast and recorded 50 more that it never pushed; its database is lost. `planledger node
 * restore` recovers the 1,000 from the oblast, verified against the checkpoint the oblast witnessed, says exactly what
 * was recovered and that the rest is lost, and writes a new database with a new key the oblast authorised from seq
 * 1,001; the restored node continues there and its next push is accepted. A forged restore — a log that differs from
 * the witnessed one, a key the oblast did not authorise, the old machine coming back — is refused with a reason; bad
 * input is refused with exit 2 and nothing written.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { auditDatabase, envelopeHash, generateNodeKey, type NodeKey, openSqlite, readNodeKey, signCheckpoint, uuidV7 } from "@planledger/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type NodeProcess, repoRoot, startNodeProcess } from "../testing/node-process.js";
import { adoptDistrictPlan } from "../testing/quarter-reports.js";
import { tempDir } from "../testing/test-nodes.js";

const env = { PLANLEDGER_SYNC_RETRIES: "0" };

let temp: ReturnType<typeof tempDir>;
let oblast: NodeProcess;
let district: NodeProcess;
let planId: string;
/** The old machine's database as it was when lost: 1,000 pushed, 50 more recorded and never pushed. */
let oldCopy: string;

type Health = { ownSeq: number };
type SyncReport = { error: string | null };
type Problem = { status: number; code: string; title: string; detail?: string };
type Status = { children: { nodeId: string; events: number }[] };

const ownSeq = async (node: NodeProcess) => (await api<Health>(node, "GET", "/health")).body.ownSeq;

/** Exactly `n` (≥ 2) events in the district's own log: a report drafted, n − 2 progress entries, submitted. */
const recordEvents = async (node: NodeProcess, quarter: { year: number; quarter: 1 | 2 | 3 | 4 }, n: number): Promise<void> => {
  const tree = await api<{ sections: { tasks: { measures: { measureId: string }[] }[] }[] }>(node, "GET", `/api/v1/plans/${encodeURIComponent(planId)}`);
  const measures = tree.body.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
  const drafted = await api<{ reportId: string }>(node, "POST", `/api/v1/plans/${encodeURIComponent(planId)}/reports`, quarter);
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

/** `planledger node restore …` as an operator runs it: exit code, stdout, stderr. */
const restore = async (args: string[], token: string | null = oblast.adminToken): Promise<[number, string, string]> => {
  const argv = ["--import", "tsx", join(repoRoot, "apps/cli/src/main.ts"), "node", "restore", ...args];
  const childEnv = { ...process.env };
  delete childEnv.PLANLEDGER_TOKEN;
  if (token !== null) childEnv.PLANLEDGER_TOKEN = token;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, argv, { cwd: repoRoot, env: childEnv });
    return [0, stdout, stderr];
  } catch (failure) {
    const f = failure as { code: number; stdout: string; stderr: string };
    return [f.code, f.stdout, f.stderr];
  }
};

/** Files in the temp folder whose names start with `prefix`: a refused restore leaves none. */
const filesOf = (prefix: string) => readdirSync(temp.dir).filter((f) => f.startsWith(prefix));

beforeAll(async () => {
  temp = tempDir();
  [oblast, district] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }, env),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }, env),
  ]);
  const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: "novopskovskyi", level: "district" });
  expect((await api(district, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
  planId = await adoptDistrictPlan(district);
  await recordEvents(district, { year: 2025, quarter: 1 }, 1000 - (await ownSeq(district)));
  expect(await ownSeq(district)).toBe(1000);
  expect((await api<SyncReport>(district, "POST", "/federation/v1/sync")).body.error).toBeNull();
  // 50 more that never reach the oblast: the machine is lost before its next push.
  await recordEvents(district, { year: 2025, quarter: 2 }, 50);
  expect(await ownSeq(district)).toBe(1050);
  await district.kill();
  oldCopy = join(temp.dir, "old-machine");
  copyFileSync(district.dbPath, `${oldCopy}.db`);
  copyFileSync(`${district.dbPath}.key`, `${oldCopy}.db.key`);
  for (const f of filesOf("novopskovskyi")) rmSync(join(temp.dir, f));
}, 180_000);

afterAll(async () => {
  await Promise.all([oblast?.kill(), district?.kill()]);
  temp?.remove();
});

describe("a lost node restored from its parent, between real node processes", () => {
  it("refuses bad input with exit 2 and a reason, writing nothing", async () => {
    const db = join(temp.dir, "novopskovskyi.db");
    const base = ["--parent", oblast.url, "--node", "novopskovskyi", "--db", db];

    const noToken = await restore(base, null);
    expect(noToken[0]).toBe(2);
    expect(noToken[2]).toContain("PLANLEDGER_TOKEN");

    const wrongToken = await restore(base, "not-the-admin-token");
    expect(wrongToken[0]).toBe(2);
    expect(wrongToken[2]).toMatch(/HTTP 40[13]/);

    const unknown = await restore(["--parent", oblast.url, "--node", "svativskyi", "--db", join(temp.dir, "svativskyi.db")]);
    expect(unknown[0]).toBe(2);
    expect(unknown[2]).toContain("OriginNotServed");
    expect(filesOf("svativskyi")).toEqual([]);

    const existing = await restore(["--parent", oblast.url, "--node", "novopskovskyi", "--db", oblast.dbPath]);
    expect(existing[0]).toBe(2);
    expect(existing[2]).toContain("already exists");

    const missingNode = await restore(["--parent", oblast.url, "--db", db]);
    expect(missingNode[0]).toBe(2);
    expect(filesOf("novopskovskyi")).toEqual([]);

    // The routes themselves answer problem bodies.
    const asked = await api<Problem>(oblast, "GET", "/federation/v1/restore?node=svativskyi");
    expect([asked.status, asked.body.code]).toEqual([404, "OriginNotServed"]);
    const anonymous = await api<Problem>({ url: oblast.url, adminToken: "" }, "GET", "/federation/v1/restore?node=novopskovskyi");
    expect(anonymous.status).toBe(401);
    const badBody = await api<Problem & { errors?: unknown[] }>(oblast, "POST", "/federation/v1/restore", { nodeId: "novopskovskyi", seq: 0 });
    expect([badBody.status, badBody.body.code]).toEqual([400, "ParseError"]);
    const notChild = await api<Problem>(oblast, "POST", "/federation/v1/restore", {
      nodeId: "svativskyi",
      seq: 1,
      hash: "0".repeat(64),
      publicKey: "MCowBQYDK2VwAyEA0000000000000000000000000000000000000000000=",
    });
    expect([notChild.status, notChild.body.code]).toEqual([404, "NoSuchChild"]);
  }, 120_000);

  it("refuses a log that differs from the witnessed checkpoint, naming where, and writes nothing", async () => {
    // A holder whose answers were tampered with on the way: one event of the log page changed.
    const proxy: Server = createServer(async (req, res) => {
      const upstream = await fetch(`${oblast.url}${req.url}`, { headers: { authorization: req.headers.authorization ?? "" } });
      let text = await upstream.text();
      if (req.url?.includes("/audit/origins/novopskovskyi/log")) {
        const page = JSON.parse(text) as { events: unknown[][] };
        const target = page.events[499] as unknown[];
        if (target !== undefined) target[12] = String(target[12]).replace("запис", "ЗАПИС");
        text = JSON.stringify(page);
      }
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
      res.end(text);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const via = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const db = join(temp.dir, "novopskovskyi.db");
      const [code, , said] = await restore(["--parent", oblast.url, "--from", via, "--node", "novopskovskyi", "--db", db]);
      expect(code).toBe(1);
      expect(said).toContain("seq 500");
      expect(said).toContain("змінено");
      expect(said).toContain("nothing was written");
      expect(filesOf("novopskovskyi")).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
    // The oblast authorised nothing: no NodeRestored in its log.
    const history = await api<{ events: { type: string }[] }>(oblast, "GET", `/api/v1/streams/${encodeURIComponent("enrollment:luhanska")}/history`);
    expect((history.body.events ?? []).map((e) => e.type)).not.toContain("NodeRestored");
  }, 120_000);

  it("restores the 1,000 pushed events, says the rest is lost, continues at 1,001 under a new key, and its next push is accepted", async () => {
    const db = join(temp.dir, "novopskovskyi.db");
    const [code, out, said] = await restore(["--parent", oblast.url, "--node", "novopskovskyi", "--db", db]);
    expect([code, said]).toEqual([0, ""]);
    expect(out).toContain("відновлено до seq 1000 / recovered up to seq 1000");
    expect(out).toContain("whatever the old machine recorded after seq 1000 is lost");
    expect(existsSync(db) && existsSync(`${db}.key`)).toBe(true);
    expect(readFileSync(`${db}.key`, "utf8")).not.toBe(readFileSync(`${oldCopy}.db.key`, "utf8"));
    expect(filesOf("novopskovskyi").filter((f) => f.includes("restoring"))).toEqual([]);

    // The new database verifies as a whole, and holds the 1,000 and the NodeRestored at 1,001.
    const audit = auditDatabase(db);
    expect(audit._tag).toBe("Checked");
    if (audit._tag === "Checked") {
      const own = audit.origins.find((o) => o.origin === "novopskovskyi");
      expect([own?.events, own?.broken]).toEqual([1001, null]);
    }

    district = await startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }, env);
    expect(await ownSeq(district)).toBe(1001);
    const restored = await api<{ events: { type: string; seq: number; data: Record<string, unknown> }[] }>(
      district,
      "GET",
      `/api/v1/streams/${encodeURIComponent("enrollment:novopskovskyi")}/history`,
    );
    expect(restored.body.events.map((e) => [e.type, e.seq, e.data.recoveredSeq])).toEqual([["NodeRestored", 1001, 1000]]);

    // It continues, and the oblast takes its next push.
    await recordEvents(district, { year: 2025, quarter: 3 }, 10);
    expect(await ownSeq(district)).toBe(1011);
    const report = (await api<SyncReport>(district, "POST", "/federation/v1/sync")).body;
    expect(report.error).toBeNull();
    const status = await api<Status>(oblast, "GET", "/federation/v1/status");
    expect(status.body.children.find((c) => c.nodeId === "novopskovskyi")?.events).toBe(1011);

    // The oblast recorded the restoration in its own log, and every log it holds still verifies.
    const history = await api<{ events: { type: string; data: Record<string, unknown> }[] }>(
      oblast,
      "GET",
      `/api/v1/streams/${encodeURIComponent("enrollment:luhanska")}/history`,
    );
    const event = history.body.events.find((e) => e.type === "NodeRestored");
    expect([event?.data.nodeId, event?.data.recoveredSeq, event?.data.fromSeq]).toEqual(["novopskovskyi", 1000, 1001]);
    const oblastAudit = auditDatabase(oblast.dbPath);
    expect(oblastAudit._tag).toBe("Checked");
    if (oblastAudit._tag === "Checked") for (const o of oblastAudit.origins) expect([o.origin, o.broken]).toEqual([o.origin, null]);
  }, 180_000);

  it("refuses a key the oblast did not authorise, and the old machine's credential and key", async () => {
    const db = join(temp.dir, "novopskovskyi.db");
    const uplink = openSqlite(db, "readOnly");
    const newToken = String(uplink.sqlite.prepare("SELECT token FROM federation_uplink WHERE id = 1").pluck().get());
    uplink.sqlite.close();
    const child = { url: oblast.url, adminToken: newToken };
    const held = await api<{ events: unknown[][] }>(oblast, "GET", "/api/v1/audit/origins/novopskovskyi/log?from=1011&limit=1");
    const prevHash = String(held.body.events[0]?.[11]);
    // One more event on the restored node's chain, closed by a checkpoint signed by a key the oblast did not authorise.
    const fields = {
      eventId: uuidV7(),
      origin: "novopskovskyi",
      seq: 1012,
      stream: "report:novopskovskyi.forged",
      streamVersion: 1,
      type: "ProgressRecorded",
      actor: "executor@novopskovskyi",
      recordedAt: new Date().toISOString(),
      causationId: null,
      correlationId: null,
      prevHash,
    };
    const dataJson = "{}";
    const hash = envelopeHash(fields, dataJson);
    const wire = [fields.eventId, fields.origin, 1012, fields.stream, 1, fields.type, fields.actor, fields.recordedAt, null, null, prevHash, hash, dataJson];
    const pushSignedBy = (key: NodeKey) =>
      api<Problem>(child, "POST", "/federation/v1/push", {
        _tag: "PushBatch",
        sender: "novopskovskyi",
        origin: "novopskovskyi",
        events: [wire],
        checkpoint: signCheckpoint(key.privateKey, { origin: "novopskovskyi", seq: 1012, hash, signedAt: new Date().toISOString() }),
        members: [],
      });
    // A child's credential authorises nothing: only the oblast's admin may.
    const selfAuthorised = await api<Problem>(child, "POST", "/federation/v1/restore", {
      nodeId: "novopskovskyi",
      seq: 1011,
      hash: prevHash,
      publicKey: generateNodeKey().publicKey,
    });
    expect([selfAuthorised.status, selfAuthorised.body.code]).toEqual([403, "Forbidden"]);
    const stranger = await pushSignedBy(generateNodeKey());
    expect([stranger.status, stranger.body.code], JSON.stringify(stranger.body)).toEqual([422, "BadSignature"]);
    const oldKey = await pushSignedBy(readNodeKey(`${oldCopy}.db.key`));
    expect(oldKey.status).toBeGreaterThanOrEqual(400);
    expect(["BadSignature", "KeyRevoked"]).toContain(oldKey.body.code);

    // The old machine comes back with its 50 unpushed events: its credential was replaced, its round is refused.
    const oldDir = join(temp.dir, "old");
    mkdirSync(oldDir);
    copyFileSync(`${oldCopy}.db`, join(oldDir, "novopskovskyi.db"));
    copyFileSync(`${oldCopy}.db.key`, join(oldDir, "novopskovskyi.db.key"));
    const oldMachine = await startNodeProcess(oldDir, { nodeId: "novopskovskyi", level: "district" }, env);
    try {
      expect(await ownSeq(oldMachine)).toBe(1050);
      const refused = (await api<SyncReport>(oldMachine, "POST", "/federation/v1/sync")).body;
      expect(refused.error).toBe("UnknownSender");
    } finally {
      await oldMachine.kill();
    }
    const status = await api<Status>(oblast, "GET", "/federation/v1/status");
    expect(status.body.children.find((c) => c.nodeId === "novopskovskyi")?.events).toBe(1011);
  }, 120_000);
});
