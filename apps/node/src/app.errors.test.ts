/**
 * The "Must show" 4xx cases: each answers with its problem body and the log holds the same events after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptSeed, send, testNode } from "./testing/test-node.js";

const node = testNode("luhanska", { maxBodyBytes: 64 * 1024 });
afterAll(() => node.runtime.dispose());

let planId: string;
let reportId: string;
let before: ReadonlyArray<string>;

beforeAll(async () => {
  ({ planId } = await adoptSeed(node, "000"));
  const drafted = await send(node, "POST", `/api/v1/plans/${planId}/reports`, { role: "reporter", body: { year: 2021, quarter: 1 } });
  ({ reportId } = (await drafted.json()) as { reportId: string });
});

const progress = (overrides: Record<string, unknown> = {}) => ({
  measureId: `${planId}.s1.t1.m1`,
  status: "inProgress",
  actuals: [{ value: 10, unit: "осіб" }],
  spent: [{ source: "обласний бюджет", amount: 1.5 }],
  narrative: "Триває.",
  ...overrides,
});

/** Runs `request`, checks the problem it answers with, and that no event was written. */
const refused = async (request: () => Response | Promise<Response>, status: number, code: string) => {
  before = await node.log();
  const res = await request();
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as { status: number; code: string; title: string; errors?: { path: string }[] };
  expect(body).toMatchObject({ status, code });
  expect(body.title).toMatch(/\S+ \/ \S+/);
  expect(await node.log()).toEqual(before);
  return body;
};

describe("bad requests leave the log untouched", () => {
  it("malformed JSON → 400", async () => {
    await refused(
      () => send(node, "POST", `/api/v1/reports/${reportId}/progress`, { role: "reporter", ifMatch: 1, body: '{"measureId": "x",' }),
      400,
      "MalformedJson",
    );
  });

  it("JSON nested 100,000 deep → 400, not a 500 from a stack overflow", async () => {
    // The default 1 MiB limit lets such a body through to the parser.
    const roomy = testNode("luhanska");
    const res = await roomy.app.request("/api/v1/plans", {
      method: "POST",
      headers: roomy.auth("editor", { "content-type": "application/json" }),
      body: "[".repeat(100_000) + "]".repeat(100_000),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("MalformedJson");
    await roomy.runtime.dispose();
  });

  it("an actual of 1e400 (Infinity once parsed) → 400 naming the field, not a 500 from the encoder", async () => {
    const report = await send(node, "GET", `/api/v1/reports/${reportId}`, { role: "reporter" });
    const version = Number((report.headers.get("etag") ?? "").replaceAll('"', ""));
    const body = await refused(
      () =>
        node.app.request(`/api/v1/reports/${reportId}/progress`, {
          method: "POST",
          headers: node.auth("reporter", { "content-type": "application/json", "if-match": `"${version}"` }),
          body: JSON.stringify(progress()).replace('"value":10', '"value":1e400'),
        }),
      400,
      "InvalidInput",
    );
    expect(JSON.stringify(body)).toContain("actuals.0.value");
  });

  it("years outside 1991–2100, NUL and broken characters in text, negative actuals → 400 naming the field", async () => {
    const doc = {
      plan: { title: "План", issuer: "ОДА", order: { number: "1", date: "2025-01-10" }, period: { from: -100000000, to: 2025 } },
      sections: [],
      anomalies: [],
    };
    const period = await refused(() => send(node, "POST", "/api/v1/plans", { role: "editor", body: doc }), 400, "InvalidInput");
    expect(JSON.stringify(period)).toContain("plan.period.from");
    const nul = await refused(
      () => send(node, "POST", "/api/v1/plans", { role: "editor", body: { ...doc, plan: { ...doc.plan, title: "План\u0000", period: { from: 2025, to: 2025 } } } }),
      400,
      "InvalidInput",
    );
    expect(JSON.stringify(nul)).toContain("plan.title");
    const year = await refused(
      () => send(node, "POST", `/api/v1/plans/${planId}/reports`, { role: "reporter", body: { year: -99999999, quarter: 1 } }),
      400,
      "InvalidInput",
    );
    expect(JSON.stringify(year)).toContain("year");
    const report = await send(node, "GET", `/api/v1/reports/${reportId}`, { role: "reporter" });
    const version = Number((report.headers.get("etag") ?? "").replaceAll('"', ""));
    const negative = await refused(
      () =>
        send(node, "POST", `/api/v1/reports/${reportId}/progress`, {
          role: "reporter",
          body: progress({ actuals: [{ value: -5, unit: "осіб" }] }),
          ifMatch: version,
        }),
      400,
      "InvalidInput",
    );
    expect(JSON.stringify(negative)).toContain("actuals.0.value");
    const lone = await refused(
      () =>
        send(node, "POST", `/api/v1/reports/${reportId}/progress`, {
          role: "reporter",
          body: progress({ narrative: "Триває \ud800 робота" }),
          ifMatch: version,
        }),
      400,
      "InvalidInput",
    );
    expect(JSON.stringify(lone)).toContain("narrative");
  });

  it("a JSON body declared in another charset than UTF-8 → 415", async () => {
    const res = await node.app.request("/api/v1/plans", {
      method: "POST",
      headers: node.auth("editor", { "content-type": "application/json; charset=latin1" }),
      body: "{}",
    });
    expect(res.status).toBe(415);
  });

  it("wrong types → 400 naming each failing field", async () => {
    const body = await refused(
      () =>
        send(node, "POST", `/api/v1/reports/${reportId}/progress`, {
          role: "reporter",
          ifMatch: 1,
          body: progress({ status: "finished", actuals: [{ value: "ten", unit: "осіб" }] }),
        }),
      400,
      "InvalidInput",
    );
    expect(body.errors?.map((e) => e.path).sort()).toEqual(["actuals.0.value", "status"]);
    expect(body.errors?.find((e) => e.path === "status")).toMatchObject({ message: expect.stringContaining('"inProgress" | "done"') });
  });

  it("unknown fields → 400 naming the field", async () => {
    const body = await refused(
      () => send(node, "POST", `/api/v1/reports/${reportId}/progress`, { role: "reporter", ifMatch: 1, body: progress({ approvedBy: "Іваненко" }) }),
      400,
      "InvalidInput",
    );
    expect(body.errors).toEqual([expect.objectContaining({ path: "approvedBy" })]);
  });

  it("an oversize body → 413", async () => {
    await refused(
      () =>
        send(node, "POST", `/api/v1/reports/${reportId}/progress`, {
          role: "reporter",
          ifMatch: 1,
          body: progress({ narrative: "ж".repeat(70 * 1024) }),
        }),
      413,
      "PayloadTooLarge",
    );
  });

  it("a report for a period outside the plan → 422", async () => {
    const body = await refused(
      () => send(node, "POST", `/api/v1/plans/${planId}/reports`, { role: "reporter", body: { year: 2024, quarter: 2 } }),
      422,
      "QuarterOutsidePlanPeriod",
    );
    expect(body).toMatchObject({ year: 2024, quarter: 2, period: { from: 2021, to: 2021 } });
  });

  it("a stale If-Match → 412 with the current version", async () => {
    const body = await refused(
      () => send(node, "POST", `/api/v1/reports/${reportId}/progress`, { role: "reporter", ifMatch: 7, body: progress() }),
      412,
      "PreconditionFailed",
    );
    expect(body).toMatchObject({ expected: 7, actual: 1 });
  });

  it("two writes at the same version: one wins, the other gets 412 and writes nothing", async () => {
    const current = Number((await send(node, "GET", `/api/v1/reports/${reportId}`, { role: "viewer" })).headers.get("etag")?.replaceAll('"', ""));
    const before = await node.log();
    const [a, b] = await Promise.all([
      send(node, "POST", `/api/v1/reports/${reportId}/progress`, { role: "reporter", ifMatch: current, body: progress({ narrative: "A" }) }),
      send(node, "POST", `/api/v1/reports/${reportId}/progress`, { role: "reporter", ifMatch: current, body: progress({ narrative: "B" }) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    expect(await node.log()).toHaveLength(before.length + 1);
  });

  it("a missing If-Match → 428", async () => {
    await refused(() => send(node, "POST", `/api/v1/reports/${reportId}/progress`, { role: "reporter", body: progress() }), 428, "PreconditionRequired");
  });

  it("a missing token → 401 with WWW-Authenticate", async () => {
    const res = await send(node, "POST", `/api/v1/reports/${reportId}/submit`, { ifMatch: 1 });
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(res.status).toBe(401);
    await refused(() => send(node, "POST", `/api/v1/reports/${reportId}/submit`, { ifMatch: 1 }), 401, "Unauthenticated");
  });

  it("a wrong token, or another node's → 401", async () => {
    await refused(
      () => send(node, "POST", `/api/v1/reports/${reportId}/submit`, { ifMatch: 1, headers: { authorization: `Bearer ${node.token.reporter}0` } }),
      401,
      "Unauthenticated",
    );
    const other = testNode("volynska");
    const body = await refused(
      () => send(node, "POST", `/api/v1/reports/${reportId}/submit`, { ifMatch: 1, headers: { authorization: `Bearer ${other.token.admin}` } }),
      401,
      "Unauthenticated",
    );
    expect(JSON.stringify(body)).toContain("volynska");
    await other.runtime.dispose();
  });

  it("a viewer trying to write → 403", async () => {
    await refused(() => send(node, "POST", `/api/v1/reports/${reportId}/progress`, { role: "viewer", ifMatch: 1, body: progress() }), 403, "Forbidden");
    await refused(
      () => send(node, "POST", "/api/v1/plans", { role: "viewer", body: "whatever", headers: { "content-type": "text/plain" } }),
      403,
      "Forbidden",
    );
  });

  it("a reporter changing plan structure, or an editor recording progress → 403", async () => {
    await refused(
      () => send(node, "POST", `/api/v1/plans/${planId}/measures/${planId}.s1.t1.m1/cancel`, { role: "reporter", ifMatch: 24, body: { reason: "x" } }),
      403,
      "Forbidden",
    );
    await refused(() => send(node, "POST", `/api/v1/reports/${reportId}/progress`, { role: "editor", ifMatch: 1, body: progress() }), 403, "Forbidden");
  });

  it("a document no layout recognises → 422; a body that is neither JSON nor text → 415", async () => {
    await refused(
      () => send(node, "POST", "/api/v1/plans", { role: "editor", body: "просто лист, не план", headers: { "content-type": "text/plain" } }),
      422,
      "UnrecognisedDocument",
    );
    await refused(
      () => send(node, "POST", "/api/v1/plans", { role: "editor", body: "<xml/>", headers: { "content-type": "application/xml" } }),
      415,
      "UnsupportedMediaType",
    );
  });

  it("an unknown route → 404 problem", async () => {
    await refused(() => send(node, "GET", "/api/v1/nothing-here"), 404, "ResourceNotFound");
  });
});
