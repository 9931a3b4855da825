import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openSqlite } from "@planledger/event-store";
import { type NodeProcess, api, repoRoot, startNodeProcess, tempDir } from "@planledger/federation/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
let oblast: NodeProcess;
let district: NodeProcess;
let pushed = 0;

beforeAll(async () => {
  temp = tempDir();
  [oblast, district] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }),
  ]);
  const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: "novopskovskyi", level: "district" });
  expect((await api(district, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
  const plan = readFileSync(join(repoRoot, "fixtures/plans/002_d9322476a2055758.txt"), "utf8");
  expect((await api(district, "POST", "/api/v1/plans", plan)).status).toBe(201);
  expect((await api(district, "POST", "/federation/v1/sync")).status).toBe(200);
  pushed = (await api<{ ownSeq: number }>(district, "GET", "/health")).body.ownSeq;
  // The district stops; its file is what the auditor holds. The oblast keeps answering.
  await district.kill();
}, 240_000);

afterAll(async () => {
  await oblast?.kill();
  temp?.remove();
});

describe("planledger audit verify --online", () => {
  it("asks the parent what it holds of the district's own log, and finds the file containing it", async () => {
    const run = await audit("verify", "--online", "--db", district.dbPath);
    expect(run.stdout).toContain(`✓ novopskovskyi: батьківський вузол luhanska має журнал до seq ${pushed}, файл його містить`);
    expect(run.stdout).toMatch(new RegExp(`novopskovskyi: luhanska засвідчив до seq / witnessed up to seq ${pushed} з / of ${pushed} \\(100 %\\)`));
    expect(run.code).toBe(0);
    const json = JSON.parse((await audit("verify", "--online", "--json", "--db", district.dbPath)).stdout);
    expect(json.parent).toMatchObject({ _tag: "Checked", parent: "luhanska", parentSeq: pushed, localSeq: pushed, problem: null });
  });

  it("fails on a file cut below what the parent holds, naming both ends", async () => {
    const { sqlite } = openSqlite(district.dbPath);
    sqlite.exec("DROP TRIGGER IF EXISTS events_no_delete");
    sqlite.prepare("DELETE FROM events WHERE origin = 'novopskovskyi' AND seq > ?").run(pushed - 5);
    sqlite.close();
    const run = await audit("verify", "--online", "--db", district.dbPath);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `the parent luhanska holds this log up to seq ${pushed}, but here it ends at seq ${pushed - 5}: the log was cut`,
    );
  });
});
