/**
 * @module `planledger audit verify --db postgres://…` on the database of a real district node process on PostgreSQL
 * (`serve --db postgres://… --key FILE`), enrolled under a real oblast process and synced over HTTP: the witness
 * countersignatures and cosignatures its parent gave are checked as on a file, with k of n, split views and `--online`.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { type NodeProcess, api, repoRoot, startNodeProcess, tempDir } from "@planledger/federation/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { psql } from "../test-psql.js";

/** `planledger audit …` as a process; asynchronous, so this process's own node servers keep answering. */
const audit = (...args: ReadonlyArray<string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "audit", ...args], { cwd: repoRoot });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

let temp: ReturnType<typeof tempDir>;
let url: string;
let oblast: NodeProcess;
let district: NodeProcess;
let pushed = 0;

beforeAll(async () => {
  temp = tempDir();
  url = await freshPostgresUrl();
  [oblast, district] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district", db: url }),
  ]);
  const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: "novopskovskyi", level: "district" });
  expect((await api(district, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
  const plan = readFileSync(join(repoRoot, "fixtures/plans/002_d9322476a2055758.txt"), "utf8");
  expect((await api(district, "POST", "/api/v1/plans", plan)).status).toBe(201);
  expect((await api(district, "POST", "/federation/v1/sync")).status).toBe(200);
  pushed = (await api<{ ownSeq: number }>(district, "GET", "/health")).body.ownSeq;
  // The district stops; its database is what the auditor reads. The oblast keeps answering (`--online`).
  await district.kill();
}, 240_000);

afterAll(async () => {
  await oblast?.kill();
  temp?.remove();
});

describe("planledger audit verify --db postgres://… (witnesses, quorum, split views)", () => {
  it("checks the parent's countersignatures and cosignatures kept in the PostgreSQL database, as on a file", async () => {
    const run = await audit("verify", "--db", url);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Засвідчення \/ witnesses: [1-9]\d* перевірено, усі збігаються з журналом \/ checked, all match the log/);
    expect(run.stdout).toContain("Розбіжних бачень не зафіксовано / no split views recorded");
    expect(run.stdout).not.toContain("SQLite-only");
    const json = JSON.parse((await audit("verify", "--json", "--db", url)).stdout);
    expect(json.intact).toBe(true);
    expect(json.witnesses.checked).toBeGreaterThan(0);
    expect(json.witnesses.cosignatures).toBeGreaterThan(0);
    expect(json.witnesses.findings).toEqual([]);
    expect(json.witnesses.coverage).toEqual([{ origin: "novopskovskyi", witness: "luhanska", seq: pushed }]);
    expect(json.witnesses.quorum).toMatchObject({ origin: "novopskovskyi", quorum: 1, witnesses: ["luhanska"], witnessedSize: pushed, cosignedBy: ["luhanska"] });
  });

  it("asks the parent with --online, and exits 1 on an open conclusive split view", async () => {
    const online = JSON.parse((await audit("verify", "--online", "--json", "--db", url)).stdout);
    expect(online.parent).toMatchObject({ _tag: "Checked", parent: "luhanska", origin: "novopskovskyi", parentSeq: pushed, localSeq: pushed, problem: null });
    psql(
      url,
      "INSERT INTO federation_split_views (origin, source, held_size, held_root, presented_size, presented_root, evidence, conclusive, event_id, detected_at) " +
        "VALUES ('luhanska', 'push', 4, 'aa', 4, 'bb', '{}', 1, NULL, '2026-12-05T10:00:00.000Z')",
    );
    const run = await audit("verify", "--db", url);
    expect(run.code).toBe(1);
    const json = JSON.parse((await audit("verify", "--json", "--db", url)).stdout);
    expect(json.intact).toBe(false);
    expect(json.witnesses.splitViews).toMatchObject([{ origin: "luhanska", conclusive: true, liftedAt: null }]);
  });
});
