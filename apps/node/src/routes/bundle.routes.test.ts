import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProofBundle } from "@planledger/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptSeed, replicate, send, testNode } from "../testing/test-node.js";

const script = fileURLToPath(new URL("../../../../packages/event-store/verifier/planledger-verify.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "planledger-bundle-route-"));
const district = testNode("novopskovskyi", { level: "district" });
const oblast = testNode("luhanska");
afterAll(async () => {
  await district.runtime.dispose();
  await oblast.runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The verifier as an auditor runs it: `node planledger-verify.mjs bundle.json`, apart from the repository. */
const verifyBundle = (bundle: unknown, name: string) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(bundle));
  const run = spawnSync(process.execPath, [script, file], { cwd: dir, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

let planId = "";
beforeAll(async () => {
  ({ planId } = await adoptSeed(district, "002"));
  const drafted = await send(district, "POST", `/api/v1/plans/${planId}/reports`, { role: "reporter", body: { year: 2020, quarter: 1 } });
  expect(drafted.status).toBe(201);
  await replicate(district, oblast);
});

describe("GET /api/v1/plans/{planId}/proof-bundle", { timeout: 60_000 }, () => {
  it("gives the auditor the plan's history with its proofs, which the standalone verifier confirms", async () => {
    const res = await send(district, "GET", `/api/v1/plans/${planId}/proof-bundle`, { role: "auditor" });
    expect(res.status).toBe(200);
    const bundle = (await res.json()) as ProofBundle;
    expect(bundle).toMatchObject({ format: "planledger-proof-bundle/v1", planId, exportedBy: "novopskovskyi", notes: [] });
    expect(bundle.streams).toEqual([`plan:${planId}`, `report:${planId}:2020-Q1`]);
    expect(bundle.events.at(-1)?.type).toBe("ReportDrafted");
    const { code, stdout } = verifyBundle(bundle, "district.json");
    expect(code).toBe(0);
    expect(stdout).toContain(`ALL CHECKS HOLD: ${bundle.events.length} events, 1 logs`);
  });

  it("adds a consistency proof from a size the auditor kept (?since=N)", async () => {
    const res = await send(district, "GET", `/api/v1/plans/${planId}/proof-bundle?since=3`, { role: "auditor" });
    expect(res.status).toBe(200);
    const [log] = ((await res.json()) as ProofBundle).logs;
    expect(log?.consistency?.fromSize).toBe(3);
    expect(log?.consistency?.proof.length).toBeGreaterThan(0);
  });

  it("says what it cannot prove for a log held for another origin when the node has no key file to cosign with", async () => {
    const res = await send(oblast, "GET", `/api/v1/plans/${planId}/proof-bundle`, { role: "auditor" });
    expect(res.status).toBe(200);
    const bundle = (await res.json()) as ProofBundle;
    expect(bundle.notes.join("\n")).toContain("node luhanska did not cosign this log's root (no key at hand)");
    const { code, stdout } = verifyBundle(bundle, "replica.json");
    expect(code).toBe(1);
    expect(stdout).toContain(`log novopskovskyi@${bundle.logs[0]?.treeSize}: no checkpoint note`);
    expect(stdout).toContain(`${bundle.events.length} events of log novopskovskyi rest on a root that is not confirmed`);
  });

  it("answers 404 for an unknown plan, 400 for a bad size, 403 without history:read", async () => {
    expect((await send(district, "GET", "/api/v1/plans/novopskovskyi.1.2000-01-01/proof-bundle", { role: "auditor" })).status).toBe(404);
    const bad = await send(district, "GET", `/api/v1/plans/${planId}/proof-bundle?since=0`, { role: "auditor" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("since");
    const beyond = await send(district, "GET", `/api/v1/plans/${planId}/proof-bundle?since=luhanska:2`, { role: "auditor" });
    expect(beyond.status).toBe(400);
    expect((await send(district, "GET", `/api/v1/plans/${planId}/proof-bundle`, { role: "viewer" })).status).toBe(403);
  });
});
