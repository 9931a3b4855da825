/**
 * Issue #15: the findings a user meets at the node's API that no other test held as asked, and the odd values that
 * sit deep inside an otherwise valid body (a plan whose one measure title is 1 MB or broken, a progress entry whose
 * comment holds NUL or whose spending is 1e400). Each refusal: a problem naming the field, Ukrainian first; the log
 * the same after; the node still taking a good write.
 */
import { createPublicKey, verify } from "node:crypto";
import type { PlanDocument } from "@planledger/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePlanText } from "../parse-plan-text.js";
import { adoptSeed, seedText, send, testNode } from "../testing/test-node.js";

const node = testNode("luhanska");
afterAll(() => node.runtime.dispose());

let planId: string;
let reportId: string;
type Doc = PlanDocument & { sections: { tasks: { measures: Record<string, unknown>[] }[] }[] };
const doc = (seed: "000" | "001" | "002" = "002"): Doc => JSON.parse(JSON.stringify(parsePlanText(seedText(seed))));
const TITLE = "sections.0.tasks.0.measures.0.title";

beforeAll(async () => {
  ({ planId } = await adoptSeed(node, "000"));
  const drafted = await send(node, "POST", `/api/v1/plans/${planId}/reports`, { role: "reporter", body: { year: 2021, quarter: 1 } });
  expect(drafted.status).toBe(201);
  ({ reportId } = (await drafted.json()) as { reportId: string });
});

const versionOf = async (path: string) => Number((await send(node, "GET", path, { role: "viewer" })).headers.get("etag")?.replaceAll('"', ""));
const progress = (overrides: Record<string, unknown> = {}) => ({
  measureId: `${planId}.s1.t1.m1`,
  status: "inProgress",
  actuals: [{ value: 10, unit: "осіб" }],
  spent: [{ source: "обласний бюджет", amount: 1.5 }],
  narrative: "Триває.",
  ...overrides,
});

type Problem = { status: number; code: string; title: string; detail?: string; errors?: { path: string; message: string }[] };

/**
 * Sends the request and checks the refusal: the status, a problem whose title reads Ukrainian then English, the
 * log holding the same events (and so the same head), and /health answering after.
 */
const refused = async (request: () => Response | Promise<Response>, status: number, code: string): Promise<Problem> => {
  const before = await node.log();
  const res = await request();
  const body = (await res.json()) as Problem;
  expect([res.status, res.headers.get("content-type"), body.code], JSON.stringify(body).slice(0, 300)).toEqual([
    status,
    "application/problem+json",
    code,
  ]);
  expect(body.title).toMatch(/^[А-ЯІЇЄҐа-яіїєґ][^/]* \/ [A-Za-z]/);
  expect(await node.log()).toEqual(before);
  expect((await node.app.request("/health")).status).toBe(200);
  return body;
};
const pathsOf = (problem: Problem) => (problem.errors ?? []).map((e) => e.path);

describe("odd values deep inside a valid plan body (POST /api/v1/plans, interchange JSON)", () => {
  const adopt = (body: unknown) => () => send(node, "POST", "/api/v1/plans", { role: "editor", body: typeof body === "string" ? body : JSON.stringify(body) });

  it("the document as parsed is taken (so each refusal below is about the one value changed)", async () => {
    const other = testNode("luhanska");
    const res = await send(other, "POST", "/api/v1/plans", { role: "editor", body: doc() });
    expect(res.status).toBe(201);
    await other.runtime.dispose();
  });

  it("a measure title of 1 MB (500,000 Cyrillic letters, under the 1 MiB body limit) → 400 naming the title", async () => {
    const big = doc();
    (big.sections[0]?.tasks[0]?.measures[0] as Record<string, unknown>).title = "ж".repeat(500_000);
    const body = JSON.stringify(big);
    expect(Buffer.byteLength(body)).toBeGreaterThan(1_000_000);
    expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
    const problem = await refused(adopt(body), 400, "InvalidInput");
    expect(pathsOf(problem)).toEqual([TITLE]);
    expect(problem.errors?.[0]?.message).toMatch(/^текст довший за 20000 символів \/ .*longer than 20000 characters/);
  });

  it("a measure title of 1 MiB and more → 413 before it is read", async () => {
    const big = doc();
    (big.sections[0]?.tasks[0]?.measures[0] as Record<string, unknown>).title = "x".repeat(1024 * 1024);
    const problem = await refused(adopt(big), 413, "PayloadTooLarge");
    expect(problem).toMatchObject({ maxBytes: 1024 * 1024 });
  });

  it("NUL or a lone surrogate in one measure's title → 400 naming that title", async () => {
    for (const title of ["Надання\u0000допомоги", "Надання \ud800 допомоги", "Надання \udc00"]) {
      const bad = doc();
      (bad.sections[0]?.tasks[0]?.measures[0] as Record<string, unknown>).title = title;
      const problem = await refused(adopt(bad), 400, "InvalidInput");
      expect(pathsOf(problem), JSON.stringify(title)).toEqual([TITLE]);
      expect(problem.errors?.[0]?.message).toMatch(/^текст містить NUL або пошкоджений символ \//);
    }
  });

  it("one measure's budget total written 1e400 → 400 naming that total", async () => {
    const bad = doc("001");
    // The first measure that has a budget line.
    const at = bad.sections.flatMap((s, i) => s.tasks.flatMap((t, j) => t.measures.map((m, k) => ({ m, path: `sections.${i}.tasks.${j}.measures.${k}` }))))
      .find(({ m }) => Array.isArray(m.budget) && m.budget.length > 0);
    expect(at).toBeDefined();
    const budget = at?.m.budget as unknown as { total: unknown }[];
    budget[0] = { ...budget[0], total: 424242 };
    const problem = await refused(adopt(JSON.stringify(bad).replace("424242", "1e400")), 400, "InvalidInput");
    expect(pathsOf(problem)).toEqual([`${at?.path}.budget.0.total`]);
    expect(problem.detail ?? "").toMatch(new RegExp(`^${at?.path}.budget.0.total: число поза межами`));
  });

  it("one measure's title replaced by arrays nested 100,000 deep → 400 naming where, not a 500", async () => {
    const bad = doc();
    (bad.sections[0]?.tasks[0]?.measures[0] as Record<string, unknown>).title = "@DEEP@";
    const text = JSON.stringify(bad).replace('"@DEEP@"', `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    const problem = await refused(adopt(text), 400, "MalformedJson");
    expect(problem.detail).toMatch(/^вкладеність глибша за 64 рівні \(позиція \d+\) \/ nested deeper than 64 levels \(offset \d+\)$/);
    const offset = Number(/offset (\d+)/.exec(problem.detail ?? "")?.[1]);
    expect(text.slice(0, offset)).toContain('"title":[');
  });
});

describe("odd values deep inside a valid progress entry (POST /api/v1/reports/:id/progress)", () => {
  const record = (body: unknown, version: number) => () =>
    send(node, "POST", `/api/v1/reports/${reportId}/progress`, { role: "reporter", ifMatch: version, body: typeof body === "string" ? body : JSON.stringify(body) });

  it("a comment holding NUL → 400 naming the narrative", async () => {
    const version = await versionOf(`/api/v1/reports/${reportId}`);
    const problem = await refused(record(progress({ narrative: "Виконано\u0000 частково." }), version), 400, "InvalidInput");
    expect(pathsOf(problem)).toEqual(["narrative"]);
    expect(problem.errors?.[0]?.message).toMatch(/^текст містить NUL/);
  });

  it("a comment of 1 MB → 400 naming the narrative (under the body limit) or 413 (over it)", async () => {
    const version = await versionOf(`/api/v1/reports/${reportId}`);
    const long = await refused(record(progress({ narrative: "ж".repeat(500_000) }), version), 400, "InvalidInput");
    expect(pathsOf(long)).toEqual(["narrative"]);
    await refused(record(progress({ narrative: "ж".repeat(600_000) }), version), 413, "PayloadTooLarge");
  });

  it("money spent written 1e400, or an actual's unit holding a lone surrogate → 400 naming each", async () => {
    const version = await versionOf(`/api/v1/reports/${reportId}`);
    const infinite = await refused(record(JSON.stringify(progress()).replace('"amount":1.5', '"amount":1e400'), version), 400, "InvalidInput");
    expect(pathsOf(infinite)).toEqual(["spent.0.amount"]);
    const broken = await refused(record(progress({ actuals: [{ value: 1, unit: "ос\udbffіб" }] }), version), 400, "InvalidInput");
    expect(pathsOf(broken)).toEqual(["actuals.0.unit"]);
  });

  it("after every refusal the node takes the good entry at the same version", async () => {
    const version = await versionOf(`/api/v1/reports/${reportId}`);
    const before = await node.log();
    const res = await record(progress(), version)();
    expect(res.status).toBe(200);
    expect(await node.log()).toHaveLength(before.length + 1);
  });
});

describe("a new measure's title (POST /api/v1/plans/:id/measures)", () => {
  it("of 1 MB → 400 naming the title; broken → 400 naming it", async () => {
    // The plan adopted above is seed 000: its first measure as written in the document, under a new label.
    const first = doc("000").sections[0]?.tasks[0]?.measures[0];
    expect(first).toBeDefined();
    const { term, executors, indicator, budget } = first as Record<string, unknown>;
    const body = (title: string) => ({ taskId: `${planId}.s1.t1`, label: "99.", title, term, executors, indicator, budget });
    const version = await versionOf(`/api/v1/plans/${planId}`);
    const add = (title: string) => () => send(node, "POST", `/api/v1/plans/${planId}/measures`, { role: "editor", ifMatch: version, body: body(title) });
    const long = await refused(add("ж".repeat(500_000)), 400, "InvalidInput");
    expect(pathsOf(long)).toEqual(["title"]);
    const nul = await refused(add("Захід\u0000"), 400, "InvalidInput");
    expect(pathsOf(nul)).toEqual(["title"]);
    // The same body with a title people write is taken.
    expect((await add("Новий захід")()).status).toBe(201);
  });
});

describe("finding 2: nesting 100,000 deep on every JSON route of the API → 400, never a 500", () => {
  it("each operation the OpenAPI document lists with a JSON body answers 400 MalformedJson, the log untouched", async () => {
    const description = (await (await send(node, "GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    const ids: Record<string, string> = {
      planId,
      measureId: `${planId}.s1.t1.m1`,
      reportId,
      tokenId: "no-such-token",
      stream: `plan:${planId}`,
    };
    const asked: string[] = [];
    for (const [template, item] of Object.entries(description.paths))
      for (const [method, operation] of Object.entries(item)) {
        if (!template.startsWith("/api/") || operation.requestBody?.content["application/json"] === undefined) continue;
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? name);
        const answers: string[] = [];
        // The role whose permission the route needs: the first that is not refused before the body is read.
        for (const role of ["admin", "editor", "reporter"] as const) {
          const before = await node.log();
          const res = await send(node, method.toUpperCase(), path, {
            role,
            ifMatch: 1,
            body: `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
          });
          const problem = (await res.json()) as Problem;
          expect(res.status, `${method} ${template}`).toBeLessThan(500);
          expect(await node.log()).toEqual(before);
          answers.push(`${res.status} ${problem.code}`);
          if (res.status !== 403) break;
        }
        asked.push(`${method} ${template}: ${answers[answers.length - 1]}`);
      }
    expect(asked.length).toBeGreaterThanOrEqual(12);
    expect(asked.filter((a) => !a.endsWith(": 400 MalformedJson"))).toEqual([]);
  });
});

describe("finding 8: the national node has something signed over its own log", () => {
  it("a root at the national level serves its own log's checkpoint, signed with its key, covering every event it wrote", async () => {
    const national = testNode("ukraine", { level: "national" });
    try {
      await adoptSeed(national, "003");
      const own = (await national.log()).length;
      expect(own).toBeGreaterThan(0);
      const res = await send(national, "GET", "/api/v1/checkpoint");
      expect(res.status).toBe(200);
      const cp = (await res.json()) as { origin: string; treeSize: number; note: string; verifierKey: string };
      // The note's origin line names the node (`ukraine`, or `planledger/ukraine` as C2SP origins are spelt).
      expect(cp.origin).toMatch(/^(planledger\/)?ukraine$/);
      expect(cp.treeSize).toBe(own);
      // As an outside verifier would (C2SP signed note): the body, then `— <name> <base64(keyID ‖ signature)>`.
      const [body, signatures] = cp.note.split("\n\n") as [string, string];
      const [name, hash] = cp.verifierKey.split("+") as [string, string];
      const raw = Buffer.from(cp.verifierKey.slice(name.length + hash.length + 2), "base64").subarray(1);
      const key = createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]), format: "der", type: "spki" });
      const line = signatures.split("\n").find((l) => l.startsWith(`— ${name} `)) ?? "";
      const signature = Buffer.from(line.slice(`— ${name} `.length), "base64").subarray(4);
      expect(body.split("\n").slice(0, 2)).toEqual([cp.origin, String(own)]);
      expect(verify(null, Buffer.from(`${body}\n`), key, signature)).toBe(true);
      // The signature covers the size: a note claiming one event fewer does not verify.
      expect(verify(null, Buffer.from(`${body.replace(`\n${own}\n`, `\n${own - 1}\n`)}\n`), key, signature)).toBe(false);
    } finally {
      await national.runtime.dispose();
    }
  });
});
