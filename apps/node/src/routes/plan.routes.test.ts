import { gunzipSync } from "node:zlib";
import { PlanDocument } from "@planledger/domain";
import { Schema as S } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePlanText } from "../parse-plan-text.js";
import { adoptSeed, seedText, send, testNode } from "../testing/test-node.js";

const node = testNode("luhanska");
afterAll(() => node.runtime.dispose());

interface Tree {
  id: string;
  sections: { tasks: { taskId: string; measures: { measureId: string; title: string; status: string; parent: unknown }[] }[] }[];
}
const measuresOf = (tree: Tree) => tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));

describe("plans", () => {
  let plan852: { planId: string; version: number };

  beforeAll(async () => {
    plan852 = await adoptSeed(node, "000");
  });

  it("adopts a plan from its document: 201, Location, ETag = stream version, every part an event", async () => {
    expect(plan852.planId).toBe("luhanska.852.2020-02-08");
    const tree = await send(node, "GET", `/api/v1/plans/${plan852.planId}`);
    expect(tree.status).toBe(200);
    expect(tree.headers.get("etag")).toBe(`"${plan852.version}"`);
    const body = (await tree.json()) as Tree;
    expect(measuresOf(body)).toHaveLength(17);
    const events = await node.log();
    expect(events.filter((e) => e.includes(":MeasureAdded"))).toHaveLength(17);
    expect(events).toHaveLength(plan852.version);
  });

  it("adopts a plan from interchange JSON and lists it with id, title and owner", async () => {
    const doc = S.encodeSync(PlanDocument)(parsePlanText(seedText("003")));
    const res = await send(node, "POST", "/api/v1/plans", { role: "editor", body: doc });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/api/v1/plans/luhanska.1003.2018-12-12");
    const list = (await (await send(node, "GET", "/api/v1/plans")).json()) as { plans: { id: string; title: string; owner: string }[] };
    expect(list.plans.map((p) => [p.id, p.owner])).toEqual([
      ["luhanska.1003.2018-12-12", "luhanska"],
      ["luhanska.852.2020-02-08", "luhanska"],
    ]);
    expect(list.plans[1]?.title).toContain("Турбота");
  });

  it("refuses to adopt the same order twice with 409 and leaves the log as it was", async () => {
    const before = await node.log();
    const res = await send(node, "POST", "/api/v1/plans", {
      role: "editor",
      body: seedText("000"),
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("PlanAlreadyAdopted");
    expect(await node.log()).toEqual(before);
  });

  it("sends the tree gzipped to a client that accepts it, with the same content and ETag", async () => {
    const plain = await send(node, "GET", `/api/v1/plans/${plan852.planId}`);
    const zipped = await send(node, "GET", `/api/v1/plans/${plan852.planId}`, { headers: { "accept-encoding": "gzip, br" } });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("etag")).toBe(plain.headers.get("etag"));
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(JSON.parse(gunzipSync(bytes).toString("utf8"))).toEqual(await plain.json());
  });

  it("answers an unknown plan with a 404 problem", async () => {
    const res = await send(node, "GET", "/api/v1/plans/luhanska.999.2020-01-01");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 404, code: "PlanNotFound" });
  });

  it("serves the roll-up of a plan per measure", async () => {
    const res = await send(node, "GET", `/api/v1/plans/${plan852.planId}/rollup`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { measures: unknown[] };
    expect(body.measures).toHaveLength(17);
  });

  it("amends a plan by a later order, recording the editor as actor", async () => {
    const tree = await send(node, "GET", `/api/v1/plans/${plan852.planId}`);
    const etag = tree.headers.get("etag") ?? "";
    const res = await send(node, "POST", `/api/v1/plans/${plan852.planId}/amendments`, {
      role: "editor",
      ifMatch: etag,
      body: { order: { number: "901", date: "2021-03-15" }, note: "уточнено терміни" },
    });
    expect(res.status).toBe(200);
    const version = Number(etag.replaceAll('"', "")) + 1;
    expect(res.headers.get("etag")).toBe(`"${version}"`);
    const history = await send(node, "GET", `/api/v1/streams/plan:${plan852.planId}/history?fromVersion=${version}`, { role: "auditor" });
    const events = ((await history.json()) as { events: { type: string; actor: string; node: string }[] }).events;
    expect(events).toEqual([expect.objectContaining({ type: "PlanAmended", actor: "editor-1@luhanska", node: "luhanska" })]);
  });

  it("an amendment carries the changes its order makes: each written right after PlanAmended and caused by it", async () => {
    const path = `/api/v1/plans/${plan852.planId}`;
    const before = (await send(node, "GET", path)) as Response;
    const version = Number(before.headers.get("etag")?.replaceAll('"', ""));
    const measures = measuresOf((await before.json()) as Tree).filter((m) => m.status !== "cancelled");
    const [first, second] = measures;
    const taskId = `${plan852.planId}.s1.t1`;
    const newMeasure = {
      taskId,
      label: "9.",
      title: "Супровід сімей, які опікуються дітьми-сиротами",
      term: { kind: "deadline", text: "до 31.12.2021", date: "2021-12-31" },
      executors: [{ name: "Служба у справах дітей облдержадміністрації", byConsent: false }],
      indicator: { text: "охоплено 120 сімей", targets: [{ value: 120, unit: "сімей" }] },
      budget: [],
    };
    const res = await send(node, "POST", `${path}/amendments`, {
      role: "editor",
      ifMatch: version,
      body: {
        order: { number: "245", date: "2021-06-01" },
        changes: [
          { kind: "amendMeasure", measureId: first?.measureId, title: "Змінено розпорядженням № 245" },
          { kind: "cancelMeasure", measureId: second?.measureId, reason: "виконано до строку" },
          { kind: "addMeasure", ...newMeasure },
          { kind: "addMeasure", ...newMeasure, label: "10." },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(`"${version + 5}"`);
    const history = await send(node, "GET", `/api/v1/streams/plan:${plan852.planId}/history?fromVersion=${version + 1}`, { role: "auditor" });
    const events = ((await history.json()) as { events: { type: string; eventId: string; causationId: string | null; data: { measureId?: string } }[] })
      .events;
    expect(events.map((e) => e.type)).toEqual(["PlanAmended", "MeasureAmended", "MeasureCancelled", "MeasureAdded", "MeasureAdded"]);
    const amendedBy = events[0]?.eventId;
    for (const e of events.slice(1)) expect(e.causationId).toBe(amendedBy);
    // The two new measures take the task's next two ordinals.
    const inTask = measures.filter((m) => m.measureId.startsWith(`${taskId}.m`)).length;
    expect(events.slice(3).map((e) => e.data.measureId)).toEqual([`${taskId}.m${inTask + 1}`, `${taskId}.m${inTask + 2}`]);

    // A change the order cannot make refuses the whole amendment: nothing of it is written.
    const refused = await send(node, "POST", `${path}/amendments`, {
      role: "editor",
      ifMatch: version + 5,
      body: { order: { number: "246", date: "2021-06-02" }, changes: [{ kind: "cancelMeasure", measureId: `${taskId}.m999`, reason: "x" }] },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect((await send(node, "GET", path)).headers.get("etag")).toBe(`"${version + 5}"`);
  });

  it("adds, amends, links, unlinks and cancels a measure, each at the version the caller saw", async () => {
    const path = `/api/v1/plans/${plan852.planId}`;
    let version = Number((await send(node, "GET", path)).headers.get("etag")?.replaceAll('"', ""));
    const taskId = `${plan852.planId}.s1.t1`;
    const added = await send(node, "POST", `${path}/measures`, {
      role: "editor",
      ifMatch: version,
      body: {
        taskId,
        label: "5.",
        title: "Проведення навчання фахівців із соціальної роботи",
        term: { kind: "deadline", text: "до 31.12.2021", date: "2021-12-31" },
        executors: [{ name: "Департамент соціального захисту населення", byConsent: false }],
        indicator: { text: "навчено 40 фахівців", targets: [{ value: 40, unit: "фахівців" }] },
        budget: [{ executor: "Департамент", source: "обласний бюджет", total: 12.5, byYear: { "2021": 12.5 } }],
      },
    });
    expect(added.status).toBe(201);
    const { measureId } = (await added.json()) as { measureId: string };
    const existing = measuresOf((await (await send(node, "GET", path)).json()) as Tree).filter((m) => m.measureId.startsWith(`${taskId}.m`));
    expect(measureId).toBe(`${taskId}.m${existing.length}`);
    version++;

    const amended = await send(node, "PATCH", `${path}/measures/${measureId}`, {
      role: "editor",
      ifMatch: version++,
      body: { title: "Навчання фахівців із соціальної роботи (онлайн)" },
    });
    expect(amended.status).toBe(200);
    const parent = { node: "ukraine", planId: "ukraine.526-r.2017-08-09", measureId: "ukraine.526-r.2017-08-09.s1.t1.m1" };
    expect((await send(node, "POST", `${path}/measures/${measureId}/link`, { role: "editor", ifMatch: version++, body: { parent } })).status).toBe(200);
    let tree = (await (await send(node, "GET", path)).json()) as Tree;
    expect(measuresOf(tree).find((m) => m.measureId === measureId)).toMatchObject({
      title: "Навчання фахівців із соціальної роботи (онлайн)",
      parent,
    });
    expect((await send(node, "POST", `${path}/measures/${measureId}/unlink`, { role: "editor", ifMatch: version++, body: {} })).status).toBe(200);
    const cancelled = await send(node, "POST", `${path}/measures/${measureId}/cancel`, {
      role: "editor",
      ifMatch: version,
      body: { reason: "дублює захід 1" },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.headers.get("etag")).toBe(`"${version + 1}"`);
    tree = (await (await send(node, "GET", path)).json()) as Tree;
    expect(measuresOf(tree).find((m) => m.measureId === measureId)).toMatchObject({ status: "cancelled", parent: null });
  });

  it("answers a measure the plan does not have with 404", async () => {
    const path = `/api/v1/plans/${plan852.planId}`;
    const version = Number((await send(node, "GET", path)).headers.get("etag")?.replaceAll('"', ""));
    const before = await node.log();
    const res = await send(node, "POST", `${path}/measures/${plan852.planId}.s1.t1.m99/cancel`, {
      role: "editor",
      ifMatch: version,
      body: { reason: "немає" },
    });
    expect(res.status).toBe(404);
    expect(await node.log()).toEqual(before);
  });

  it("shows the plan as of a date before it was adopted as not held", async () => {
    const res = await send(node, "GET", `/api/v1/plans/${plan852.planId}?asOf=2020-01-01`);
    expect(res.status).toBe(404);
    const bad = await send(node, "GET", `/api/v1/plans/${plan852.planId}?asOf=вчора`);
    expect(bad.status).toBe(400);
  });

  it("pages a roll-up measure's children, naming each child plan and origin's freshness once", async () => {
    const oblast = "luhanska.1003.2018-12-12";
    const target = measuresOf((await (await send(node, "GET", `/api/v1/plans/${oblast}`)).json()) as Tree)[0]?.measureId ?? "";
    const path = `/api/v1/plans/${plan852.planId}`;
    let version = Number((await send(node, "GET", path)).headers.get("etag")?.replaceAll('"', ""));
    const linked = measuresOf((await (await send(node, "GET", path)).json()) as Tree)
      .filter((m) => m.status !== "cancelled")
      .slice(0, 3)
      .map((m) => m.measureId);
    // A moment between the plans' adoption and the links (the node stamps receipt with the real clock).
    await new Promise((resolve) => setTimeout(resolve, 5));
    const beforeLinks = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const measureId of linked) {
      const parent = { node: "luhanska", planId: oblast, measureId: target };
      expect((await send(node, "POST", `${path}/measures/${measureId}/link`, { role: "editor", ifMatch: version++, body: { parent } })).status).toBe(200);
    }
    type Body = {
      measures: { measureId: string; childCount: number; next: string | null; children: { measureId: string; origin: string }[] }[];
      plans: { planId: string; title: string | null }[];
      freshness: { origin: string }[];
    };
    const rollupOf = async (query: string) => {
      const res = await send(node, "GET", `/api/v1/plans/${oblast}/rollup${query}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Body;
    };
    const whole = await rollupOf("");
    expect(whole.measures.find((m) => m.measureId === target)?.children.map((c) => c.measureId)).toEqual([...linked].sort());
    expect(whole.plans.map((p) => p.planId)).toEqual([plan852.planId]);
    expect(whole.freshness.map((f) => f.origin)).toEqual(["luhanska"]);
    expect(whole.measures.flatMap((m) => m.children).every((c) => c.origin === "luhanska" && !("freshness" in c))).toBe(true);

    const first = (await rollupOf("?limit=2")).measures.find((m) => m.measureId === target);
    expect([first?.childCount, first?.children.length, first?.next]).toEqual([3, 2, first?.children[1]?.measureId]);
    const rest = await rollupOf(`?limit=2&measure=${target}&after=${first?.next}&asOf=2099-01-01`);
    expect(rest.measures.map((m) => [m.measureId, m.children.map((c) => c.measureId), m.next])).toEqual([
      [target, [[...linked].sort()[2]], null],
    ]);
    // As of a moment, cached under that moment: asked again, the same answer; another moment or count, its own.
    const at = `?asOf=${encodeURIComponent(beforeLinks)}`;
    const past = await rollupOf(at);
    expect(past.measures.flatMap((m) => m.children)).toEqual([]);
    expect(await rollupOf(at)).toEqual(past);
    expect((await rollupOf("?asOf=2099-01-01")).measures.find((m) => m.measureId === target)?.childCount).toBe(3);
    expect((await rollupOf(at)).measures.flatMap((m) => m.children)).toEqual([]);
    for (const bad of ["?limit=0", "?limit=1001", "?limit=два", "?after="])
      expect((await send(node, "GET", `/api/v1/plans/${oblast}/rollup${bad}`)).status).toBe(400);
  });
});
