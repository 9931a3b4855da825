/**
 * Issue #18, "A dated hierarchy" and "Succession": the 2020 raion reform replayed between real node processes on
 * 127.0.0.1. Novopskov raion reports on plan № 328 in 2019–2020; the oblast records Starobilsk raion (17.07.2020,
 * Постанова ВРУ № 807-IX) and Novopskov's merger into it; Novopskov names its successor in its own signed log;
 * Starobilsk pulls Novopskov's log and continues № 328's reporting under its own origin; the oblast's roll-up of
 * № 1003 is asked "as Novopskov raion on 01.07.2020" and "as Starobilsk raion now"; every node's log verifies.
 * Bad input — a succession to a node that does not exist, a cycle, a merge dated before the node existed — is
 * refused with a problem body and nothing is stored.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type NodeProcess, repoRoot, startNodeProcess } from "../testing/node-process.js";
import { tempDir } from "../testing/test-nodes.js";

const env = { PLANLEDGER_SYNC_RETRIES: "0" };
const O = "luhanska.1003.2018-12-12";
const D = "novopskovskyi.328.2019-10-16";
const reform = { kind: "resolution", issuer: "Верховної Ради України", number: "807-IX", date: "2020-07-17" };
const koatuu = { kind: "order", issuer: "Держстандарту України", number: "659", date: "1997-10-31" };

let temp: ReturnType<typeof tempDir>;
let oblast: NodeProcess;
let novopskov: NodeProcess;
let starobilsk: NodeProcess;

type Problem = { status: number; code: string; title: string; detail?: string };
type SyncReport = { error: string | null };
type Territory = { origins: string[]; predecessors: string[]; units: string[] };
type Child = { node: string; measureId: string; own: { period: { year: number; quarter: number } | null; actuals: { value: number }[] } };
type RollupBody = { measures: { measureId: string; children: Child[] }[]; territory: Territory };

const plan = (file: string) => readFileSync(join(repoRoot, "fixtures/plans", file), "utf8");
const sync = async (node: NodeProcess) => (await api<SyncReport>(node, "POST", "/federation/v1/sync")).body;
const enrol = async (nodeId: string, child: NodeProcess) => {
  const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId, level: "district" });
  expect((await api(child, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
};
const measureIds = async (node: NodeProcess, planId: string): Promise<string[]> => {
  const tree = await api<unknown>(node, "GET", `/api/v1/plans/${planId}`);
  return [...JSON.stringify(tree.body).matchAll(/"measureId":"([^"]+)"/g)].map((m) => m[1] as string);
};
/** One quarter's report on one measure: drafted, recorded, submitted. */
const report = async (node: NodeProcess, year: number, quarter: number, measureId: string, value: number) => {
  const drafted = await api<{ reportId: string } & Problem>(node, "POST", `/api/v1/plans/${D}/reports`, { year, quarter });
  if (drafted.status !== 201) return drafted;
  const { reportId } = drafted.body;
  const recorded = await api(node, "POST", `/api/v1/reports/${reportId}/progress`, {
    measureId, status: "inProgress", actuals: [{ value, unit: "осіб" }], spent: [], narrative: `${quarter} кв. ${year}`,
  }, { "if-match": `"${drafted.etag}"` });
  expect(recorded.status).toBe(200);
  expect((await api(node, "POST", `/api/v1/reports/${reportId}/submit`, undefined, { "if-match": `"${recorded.etag}"` })).status).toBe(200);
  return drafted;
};
const change = (body: Record<string, unknown>) => api<Problem>(oblast, "POST", "/api/v1/hierarchy/changes", body);
const cli = async (...args: string[]): Promise<[number, string, string]> => {
  const argv = ["--import", "tsx", join(repoRoot, "apps/cli/src/main.ts"), ...args];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, argv, { cwd: repoRoot });
    return [0, stdout, stderr];
  } catch (failure) {
    const f = failure as { code: number; stdout: string; stderr: string };
    return [f.code, f.stdout, f.stderr];
  }
};

let linked = "";

beforeAll(async () => {
  temp = tempDir();
  [oblast, novopskov, starobilsk] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }, env),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }, env),
    startNodeProcess(temp.dir, { nodeId: "starobilskyi", level: "district" }, env),
  ]);
  await enrol("novopskovskyi", novopskov);
  expect((await api(oblast, "POST", "/api/v1/plans", plan("003_b52cafefab6c56ab.txt"))).status).toBe(201);
  expect((await api(novopskov, "POST", `/api/v1/plans?parentPlanId=${O}`, plan("002_d9322476a2055758.txt"))).status).toBe(201);
  expect((await sync(novopskov)).error).toBeNull();
  // One of № 328's measures linked to one of № 1003's (the demo links them all by suggestion).
  const [child] = await measureIds(novopskov, D);
  const [parent] = await measureIds(novopskov, O);
  linked = child as string;
  const version = (await api(novopskov, "GET", `/api/v1/plans/${D}`)).etag;
  const link = await api(novopskov, "POST", `/api/v1/plans/${D}/measures/${linked}/link`, { parent: { node: "luhanska", planId: O, measureId: parent } }, {
    "if-match": `"${version}"`,
  });
  expect(link.status).toBeLessThan(300);
  for (const [year, quarter, value] of [[2019, 4, 3], [2020, 1, 5], [2020, 2, 7]] as const)
    expect((await report(novopskov, year, quarter, linked, value)).status).toBe(201);
  expect((await sync(novopskov)).error).toBeNull();
}, 300_000);

afterAll(async () => {
  await Promise.all([oblast?.kill(), novopskov?.kill(), starobilsk?.kill()]);
  temp?.remove();
});

describe("the 2020 raion reform, replayed between real node processes", () => {
  it("records the register on the oblast, refusing bad changes with a problem body and storing nothing", async () => {
    for (const body of [
      { _tag: "CreateNode", nodeId: "luhanska", name: "Луганська область", level: "oblast", parentId: null, basis: koatuu, effective: "1997-10-31" },
      { _tag: "CreateNode", nodeId: "novopskovskyi", name: "Новопсковський район", level: "district", parentId: "luhanska", basis: koatuu, effective: "1997-10-31" },
      { _tag: "CreateNode", nodeId: "novopskovska", name: "Новопсковська селищна громада", level: "hromada", parentId: "novopskovskyi", basis: { kind: "order", issuer: "Кабінету Міністрів України", number: "710-р", date: "2020-06-12" }, effective: "2020-06-12" },
    ])
      expect((await change(body)).status).toBe(201);
    const before = await api<{ changes: unknown[] }>(oblast, "GET", "/api/v1/hierarchy");

    // A raion under its own hromada.
    const cycle = await change({ _tag: "MoveNode", nodeId: "novopskovskyi", parentId: "novopskovska", basis: reform, effective: "2020-07-17" });
    expect([cycle.status, cycle.body.code]).toEqual([422, "HierarchyCycle"]);
    expect(cycle.body.title).toMatch(/^Цикл в ієрархії \/ /);
    // A merge into a node that does not exist yet, then one dated before the node existed.
    const ghost = await change({ _tag: "MergeNode", nodeId: "novopskovskyi", into: "starobilskyi", basis: reform, effective: "2020-07-17" });
    expect([ghost.status, ghost.body.code]).toEqual([422, "UnknownNode"]);
    expect((await change({ _tag: "CreateNode", nodeId: "starobilskyi", name: "Старобільський район", level: "district", parentId: "luhanska", basis: reform, effective: "2020-07-17" })).status).toBe(201);
    const early = await change({ _tag: "MergeNode", nodeId: "starobilskyi", into: "novopskovskyi", basis: koatuu, effective: "2019-01-01" });
    expect([early.status, early.body.code]).toEqual([422, "NodeNotYetCreated"]);
    expect(early.body.detail).toContain("01.01.2019");
    // Ending a raion with a hromada still under it.
    const busy = await change({ _tag: "MergeNode", nodeId: "novopskovskyi", into: "starobilskyi", basis: reform, effective: "2020-07-17" });
    expect([busy.status, busy.body.code]).toEqual([409, "NodeHasChildren"]);
    const after = await api<{ changes: unknown[] }>(oblast, "GET", "/api/v1/hierarchy");
    expect(after.body.changes.length).toBe(before.body.changes.length + 1); // only Starobilsk's creation

    expect((await change({ _tag: "MoveNode", nodeId: "novopskovska", parentId: "starobilskyi", basis: reform, effective: "2020-07-17" })).status).toBe(201);
    expect((await change({ _tag: "MergeNode", nodeId: "novopskovskyi", into: "starobilskyi", basis: reform, effective: "2020-07-17" })).status).toBe(201);

    type Tree = { roots: { nodeId: string; children: { nodeId: string; children: { nodeId: string }[] }[] }[] };
    const in2019 = await api<Tree>(oblast, "GET", "/api/v1/hierarchy?on=01.07.2019");
    expect(in2019.body.roots[0]?.children.map((c) => c.nodeId)).toEqual(["novopskovskyi"]);
    const now = await api<Tree>(oblast, "GET", "/api/v1/hierarchy");
    expect(now.body.roots[0]?.children.map((c) => [c.nodeId, c.children.map((h) => h.nodeId)])).toEqual([["starobilskyi", ["novopskovska"]]]);
    const territory = await api<Territory>(oblast, "GET", "/api/v1/hierarchy/starobilskyi/territory");
    expect(territory.body.origins).toEqual(["novopskovska", "novopskovskyi", "starobilskyi"]);
    const bad = await api<Problem>(oblast, "GET", "/api/v1/hierarchy/novopskovskyi/territory?on=32.13.2020");
    expect(bad.status).toBe(400);
  }, 120_000);

  it("Novopskov names its successor in its own log; a succession to a node that does not exist is refused", async () => {
    expect((await sync(novopskov)).error).toBeNull(); // pulls the oblast's register
    const args = ["node", "succeed", "--url", novopskov.url, "--predecessor", "novopskovskyi", "--effective", "17.07.2020",
      "--basis", "resolution|Верховної Ради України|807-IX|17.07.2020", "--admin-token-file", novopskov.tokenFile];
    const [ghostCode, , ghostErr] = await cli(...args, "--successor", "svativskyi");
    expect(ghostCode).toBe(2);
    expect(ghostErr).toContain("svativskyi");
    const [code, out] = await cli(...args, "--successor", "starobilskyi");
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ stream: "succession:novopskovskyi", version: 1, events: ["SuccessorNamed"] });
    const twice = await api<Problem>(novopskov, "POST", "/api/v1/successions", { predecessor: "novopskovskyi", successor: "starobilskyi", basis: reform, effective: "2020-07-17" });
    expect([twice.status, twice.body.code]).toEqual([409, "SuccessionAlreadyNamed"]);
    expect((await sync(novopskov)).error).toBeNull();
  }, 120_000);

  it("Starobilsk pulls Novopskov's log and continues № 328's reporting under its own origin; Novopskov no longer can", async () => {
    await enrol("starobilskyi", starobilsk);
    expect((await sync(starobilsk)).error).toBeNull();
    expect((await api(starobilsk, "GET", `/api/v1/plans/${D}`)).status).toBe(200);
    expect((await report(starobilsk, 2020, 3, linked, 12)).status).toBe(201);
    const refused = await api<Problem>(novopskov, "POST", `/api/v1/plans/${D}/reports`, { year: 2020, quarter: 4 });
    expect([refused.status, refused.body.code]).toEqual([403, "NotPlanOwner"]);
    expect((await sync(starobilsk)).error).toBeNull();
    // The plan's history reads as one: Q4 2019–Q2 2020 from Novopskov's log, Q3 2020 from Starobilsk's.
    const calendar = await api<{ periods: { year: number; quarter: number; state: string }[] }>(oblast, "GET", `/api/v1/plans/${D}/reports`);
    const held = calendar.body.periods.filter((p) => p.state === "submitted").map((p) => `${p.year}-${p.quarter}`);
    expect(held).toEqual(["2019-4", "2020-1", "2020-2", "2020-3"]);
    const originOf = async (quarter: string) => (await api<{ origin: string }>(oblast, "GET", `/api/v1/reports/${D}.${quarter}`)).body.origin;
    expect([await originOf("2020-q2"), await originOf("2020-q3")]).toEqual(["novopskovskyi", "starobilskyi"]);
  }, 180_000);

  it("the oblast's roll-up of № 1003 as Novopskov raion on 01.07.2020 and as Starobilsk raion now", async () => {
    const childOf = (body: RollupBody) => body.measures.flatMap((m) => m.children).find((c) => c.measureId === linked);
    const then = await api<RollupBody>(oblast, "GET", `/api/v1/plans/${O}/rollup?territory=novopskovskyi&on=01.07.2020`);
    expect(then.status).toBe(200);
    expect(then.body.territory.origins).toEqual(["novopskovska", "novopskovskyi"]);
    expect(childOf(then.body)?.own).toMatchObject({ period: { year: 2020, quarter: 2 }, actuals: [{ value: 7 }] });
    const now = await api<RollupBody>(oblast, "GET", `/api/v1/plans/${O}/rollup?territory=starobilskyi`);
    expect(now.body.territory.predecessors).toEqual(["novopskovskyi"]);
    expect(childOf(now.body)?.own).toMatchObject({ period: { year: 2020, quarter: 3 }, actuals: [{ value: 12 }] });
    // Novopskov raion is gone from the tree now; Starobilsk raion did not exist in 2019.
    expect((await api<Problem>(oblast, "GET", `/api/v1/plans/${O}/rollup?territory=novopskovskyi`)).status).toBe(404);
    expect((await api<Problem>(oblast, "GET", `/api/v1/plans/${O}/rollup?territory=starobilskyi&on=01.07.2019`)).status).toBe(404);
  }, 120_000);

  it("audit verify passes on every node, each origin under its own key", async () => {
    for (const node of [oblast, novopskov, starobilsk]) {
      const [code, out] = await cli("audit", "verify", "--db", node.dbPath);
      expect(code, out).toBe(0);
    }
  }, 120_000);
});
