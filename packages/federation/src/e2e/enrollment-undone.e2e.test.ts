/**
 * Issue #18, "Enrollment can be undone": an admin removes a child or cancels an invitation, between real node
 * processes on 127.0.0.1. A removed child's requests are refused with a reason; its log stays held and verifiable
 * on the parent; the removal is recorded in the parent's own signed log; a new invitation admits it again.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { join } from "node:path";
import { auditDatabase } from "@planledger/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type NodeProcess, repoRoot, startNodeProcess } from "../testing/node-process.js";
import { tempDir } from "../testing/test-nodes.js";

const env = { PLANLEDGER_SYNC_RETRIES: "0" };

let temp: ReturnType<typeof tempDir>;
let oblast: NodeProcess;
let district: NodeProcess;

type SyncReport = { error: string | null; pushed: { origin: string; stored: number }[] };
type Status = { children: { nodeId: string; events: number; removedAt?: string | null }[] };
type Problem = { status: number; code: string; detail?: string; title: string };
type History = { events: { type: string; data: Record<string, unknown>; actor: string }[] };

const child = async (nodeId: string) =>
  (await api<Status>(oblast, "GET", "/federation/v1/status")).body.children.find((c) => c.nodeId === nodeId);
const syncDistrict = async () => (await api<SyncReport>(district, "POST", "/federation/v1/sync")).body;
/** `planledger sync …` against the oblast, as its admin would run it: exit code, stdout, stderr. */
const cli = async (...args: string[]): Promise<[number, string, string]> => {
  const argv = ["--import", "tsx", join(repoRoot, "apps/cli/src/main.ts"), "sync", ...args, "--admin-token-file", oblast.tokenFile, "--url", oblast.url];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, argv, { cwd: repoRoot });
    return [0, stdout, stderr];
  } catch (failure) {
    const f = failure as { code: number; stdout: string; stderr: string };
    return [f.code, f.stdout, f.stderr];
  }
};
const plan = (file: string) => readFileSync(join(repoRoot, "fixtures/plans", file), "utf8");

beforeAll(async () => {
  temp = tempDir();
  [oblast, district] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }, env),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }, env),
  ]);
  const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: "novopskovskyi", level: "district" });
  expect((await api(district, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
  expect((await api(district, "POST", "/api/v1/plans", plan("002_d9322476a2055758.txt"))).status).toBe(201);
  expect((await syncDistrict()).error).toBeNull();
}, 180_000);

afterAll(async () => {
  await Promise.all([oblast?.kill(), district?.kill()]);
  temp?.remove();
});

describe("enrollment undone, between real node processes", () => {
  it("a removed child's pushes are refused with the reason; its log stays held and verifiable; the removal is in the parent's log", async () => {
    const held = (await child("novopskovskyi"))?.events ?? 0;
    expect(held).toBeGreaterThan(60);

    // Only the parent's admin may remove a child.
    const anonymous = await api<Problem>({ url: oblast.url, adminToken: "" }, "POST", "/federation/v1/children/remove", {
      nodeId: "novopskovskyi",
      reason: "x",
    });
    expect(anonymous.status).toBe(401);
    const noReason = await api<Problem>(oblast, "POST", "/federation/v1/children/remove", { nodeId: "novopskovskyi", reason: "" });
    expect(noReason.status).toBe(400);

    const removed = await api<{ nodeId: string; removedAt: string }>(oblast, "POST", "/federation/v1/children/remove", {
      nodeId: "novopskovskyi",
      reason: "Постанова ВРУ № 807-IX від 17.07.2020: район увійшов до Старобільського / merged into Starobilsk raion",
    });
    expect(removed.status).toBe(200);
    expect(removed.body.nodeId).toBe("novopskovskyi");
    expect(Date.parse(removed.body.removedAt)).not.toBeNaN();

    // Removed twice: nothing to remove.
    const again = await api<Problem>(oblast, "POST", "/federation/v1/children/remove", { nodeId: "novopskovskyi", reason: "again" });
    expect([again.status, again.body.code]).toEqual([404, "NoSuchChild"]);
    expect(again.body.detail).toContain("already removed");

    // The district goes on recording; its next round is refused, saying why, and nothing new is stored above.
    expect((await api(district, "POST", "/api/v1/plans", plan("000_9d8a7f6d078db2f4.txt"))).status).toBe(201);
    const refused = await syncDistrict();
    expect(refused.error).toMatch(/ChildRemoved|вилучено/);
    expect((await child("novopskovskyi"))?.events).toBe(held);
    expect((await child("novopskovskyi"))?.removedAt).toBe(removed.body.removedAt);

    // The removal is an event of the oblast's own signed log, with who and why.
    const history = await api<History>(oblast, "GET", `/api/v1/streams/${encodeURIComponent("enrollment:luhanska")}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events.map((e) => [e.type, e.data.nodeId, e.actor])).toEqual([["ChildRemoved", "novopskovskyi", "admin@luhanska"]]);
    expect(String(history.body.events[0]?.data.reason)).toContain("807-IX");

    // Every log the oblast holds, the removed district's included, still verifies.
    const audit = auditDatabase(oblast.dbPath);
    expect(audit._tag).toBe("Checked");
    if (audit._tag === "Checked") {
      const origins = Object.fromEntries(audit.origins.map((o) => [o.origin, [o.events, o.broken]]));
      expect(origins.novopskovskyi).toEqual([held, null]); // null: no break found
      expect(origins.luhanska?.[1]).toBeNull();
    }
  }, 120_000);

  it("a new invitation admits the removed child again, and what it recorded meanwhile arrives", async () => {
    const before = (await child("novopskovskyi"))?.events ?? 0;
    const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: "novopskovskyi", level: "district" });
    expect((await api(district, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
    expect((await syncDistrict()).error).toBeNull();
    const after = await child("novopskovskyi");
    expect(after?.removedAt).toBeNull();
    expect(after?.events).toBeGreaterThan(before);
    expect(after?.events).toBe((await api<{ ownSeq: number }>(district, "GET", "/health")).body.ownSeq);
  }, 120_000);

  it("a cancelled invitation enrolls nothing; an enrolled child cannot be 'cancelled'", async () => {
    const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: "svativskyi", level: "district" });
    expect(invitation.status).toBe(201);
    const [code, out] = await cli("--cancel-invitation", "svativskyi");
    expect([code, out]).toEqual([0, "запрошення скасовано / invitation cancelled: svativskyi\n"]);

    const enroll = await api<Problem>({ url: oblast.url, adminToken: "" }, "POST", "/federation/v1/enroll", {
      _tag: "EnrollRequest",
      child: { nodeId: "svativskyi", level: "district", publicKey: "MCowBQYDK2VwAyEA0000000000000000000000000000000000000000000=" },
      token: invitation.body.token,
    });
    expect([enroll.status, enroll.body.code]).toEqual([403, "EnrollmentRefused"]);

    const enrolled = await api<Problem>(oblast, "POST", "/federation/v1/invitations/cancel", { nodeId: "novopskovskyi" });
    expect([enrolled.status, enrolled.body.code]).toEqual([404, "NoSuchChild"]);
    // The CLI says why, and exits 2.
    const [refusedCode, , said] = await cli("--cancel-invitation", "novopskovskyi");
    expect(refusedCode).toBe(2);
    expect(said).toContain("HTTP 404 Немає такого дочірнього вузла чи запрошення");
    expect(said).toContain("already enrolled: remove the child instead");
    const unknown = await api<Problem>(oblast, "POST", "/federation/v1/invitations/cancel", { nodeId: "nobody" });
    expect([unknown.status, unknown.body.code]).toEqual([404, "NoSuchChild"]);

    const history = await api<History>(oblast, "GET", `/api/v1/streams/${encodeURIComponent("enrollment:luhanska")}/history`);
    expect(history.body.events.map((e) => [e.type, e.data.nodeId])).toEqual([
      ["ChildRemoved", "novopskovskyi"],
      ["InvitationCancelled", "svativskyi"],
    ]);
  }, 120_000);
});
