import { AddMeasure, AmendMeasure, AmendPlan, type Instant, IsoDate, MeasureId, NodeId, PlanId, TaskId, planDecider, planStream } from "@planledger/domain";
import { commandHandler, ed25519NoteVerifier, leafHash, openTlogCheckpoint, verifyInclusion } from "@planledger/event-store";
import { Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptSeed, replicate, send, testNode } from "../testing/test-node.js";

const node = testNode("novopskovskyi", { level: "district" });
const oblast = testNode("luhanska");
afterAll(async () => {
  await node.runtime.dispose();
  await oblast.runtime.dispose();
});

const planId = PlanId.make("novopskovskyi.328.2019-10-16");
const task = TaskId.make(`${planId}.s2.t2`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const moments: Record<"adopted" | "between" | "amended" | "patched", string> = { adopted: "", between: "", amended: "", patched: "" };
let amendmentEvents: ReadonlyArray<{ eventId: string; type: string }> = [];

beforeAll(async () => {
  await adoptSeed(node, "002");
  await pause(15);
  moments.between = new Date().toISOString();
  await pause(15);
  const meta = { actor: "petrenko@novopskovskyi", node: NodeId.make("novopskovskyi"), at: new Date().toISOString() as Instant };
  const done = await node.runtime.runPromise(
    commandHandler(planDecider).handle(
      planStream(planId),
      new AmendPlan({
        meta,
        planId,
        order: { number: "112", date: IsoDate.make("2026-11-30") },
        changes: [
          new AmendMeasure({ meta, planId, measureId: MeasureId.make(`${task}.m5`), title: "створення та розвиток послуги ранньої реабілітації дітей з інвалідністю" }),
          new AddMeasure({
            meta,
            planId,
            measureId: MeasureId.make(`${task}.m7`),
            taskId: task,
            label: "7)",
            ordinal: 7,
            title: "створення мобільної бригади паліативної допомоги дітям",
            term: { kind: "onDemand", text: "за потреби" },
            executors: [{ name: "Новопсковський районний центр соціальних служб", byConsent: false }],
            indicator: { text: "створено бригаду", targets: [] },
            budget: [],
          }),
        ],
      }),
      { expected: "current", actor: "petrenko@novopskovskyi" },
    ),
  );
  amendmentEvents = done.events;
  await pause(15);
  moments.amended = new Date().toISOString();
  await pause(15);
  // The same kind of change through the API's own measure route: it names no order.
  const res = await send(node, "PATCH", `/api/v1/plans/${planId}/measures/${task}.m6`, {
    role: "editor",
    ifMatch: done.version,
    body: { title: "формування міждисциплінарних команд раннього втручання" },
  });
  expect(res.status).toBe(200);
  await pause(15);
  moments.patched = new Date().toISOString();
});

type Body = {
  node: string;
  planId: string;
  orders: Array<{ number: string; date: string }>;
  changes: Array<{ where: string; change: string; field: string | null; before: unknown; after: unknown; actor: string; eventId: string; basis: { number: string } | null }>;
  events: Array<{ eventId: string; type: string; seq: number; proof: { entry: string; leafIndex: number; treeSize: number; proof: string[]; root: string } | null }>;
  checkpoint: { origin: string; treeSize: number; root: string; note: string | null; verifierKey: string | null; jsonCheckpoint: unknown; remark: string | null } | null;
};
const diff = async (path: string, role: "auditor" | "viewer" | "admin" | null = "auditor", on = node) => {
  const res = await send(on, "GET", path, role === null ? {} : { role });
  return { status: res.status, body: (await res.json()) as Body & { title?: string; detail?: string; errors?: Array<{ path: string; message: string }> } };
};
const q = (from: string, to: string) => `/api/v1/plans/${planId}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

/** Each proof leads from its event's leaf to the checkpoint's root. */
const proofsHold = (body: Body): boolean =>
  body.events.every((e) => {
    const p = e.proof;
    if (p === null || body.checkpoint === null) return false;
    const entry = Buffer.from(p.entry, "base64");
    const root = Buffer.from(body.checkpoint.root, "hex");
    return (
      entry.toString("utf8").includes(`\n${e.seq}\n${e.eventId}\n`) &&
      Either.isRight(verifyInclusion(e.seq - 1, body.checkpoint.treeSize, leafHash(entry), p.proof.map((h) => Buffer.from(h, "hex")), root))
    );
  });

describe("GET /api/v1/plans/{id}/diff", () => {
  it("answers an auditor with the changes, actor, order and each event's proof against the signed checkpoint", async () => {
    const { status, body } = await diff(q(moments.between, moments.amended));
    expect(status).toBe(200);
    expect(body.node).toBe("novopskovskyi");
    expect(body.orders.map((o) => [o.number, o.date])).toEqual([["112", "2026-11-30"]]);
    expect(body.events.map((e) => e.eventId)).toEqual(amendmentEvents.map((e) => e.eventId));
    expect(body.changes.map((c) => [c.where, c.change, c.field, c.after === null ? null : typeof c.after, c.actor, c.basis?.number])).toEqual([
      ["II.2.5)", "amended", "title", "string", "petrenko@novopskovskyi", "112"],
      ["II.2.7)", "added", null, "object", "petrenko@novopskovskyi", "112"],
    ]);
    expect(body.changes[0]?.before).toBe("створення та розвиток послуги ранньої реабілітації для дітей (осіб) з інвалідністю");
    expect(proofsHold(body)).toBe(true);
    // The root is the one the node signed, under the key the auditor holds for it.
    const store = await node.store();
    const opened = openTlogCheckpoint(body.checkpoint?.note ?? "", { log: ed25519NoteVerifier("planledger/novopskovskyi", store.publicKey) });
    expect(Either.isRight(opened) && Buffer.from(opened.right.checkpoint.rootHash).toString("hex")).toBe(body.checkpoint?.root);
    expect(Either.isRight(opened) && opened.right.checkpoint.size).toBe(body.checkpoint?.treeSize);
  });

  it("names no order for a change made through the measure route, which records none", async () => {
    const { status, body } = await diff(q(moments.amended, moments.patched));
    expect(status).toBe(200);
    expect(body.orders).toEqual([]);
    expect(body.changes).toEqual([expect.objectContaining({ where: "II.2.6)", field: "title", basis: null })]);
    expect(proofsHold(body)).toBe(true);
  });

  it("on a node holding a replica: the same changes, proofs against the root it computed, no note it could sign", async () => {
    await replicate(node, oblast);
    // The replica arrived after both moments: counted by when they reached the oblast, nothing had changed yet.
    expect((await diff(q(moments.between, moments.amended), "auditor", oblast)).status).toBe(404);
    const { status, body } = await diff(`${q(moments.between, moments.amended)}&byReceipt=false`, "auditor", oblast);
    expect(status).toBe(200);
    expect(body.changes.map((c) => c.where)).toEqual(["II.2.5)", "II.2.7)"]);
    expect(body.checkpoint).toMatchObject({ origin: "novopskovskyi", note: null, verifierKey: null, jsonCheckpoint: null });
    expect(body.checkpoint?.remark).toMatch(/^novopskovskyi — журнал іншого вузла.* \/ novopskovskyi is another node's log/);
    expect(proofsHold(body)).toBe(true);
  });

  it("is for roles that read history: no credential 401, a viewer 403", async () => {
    expect((await diff(q(moments.between, moments.amended), null)).status).toBe(401);
    expect((await diff(q(moments.between, moments.amended), "viewer")).status).toBe(403);
    expect((await diff(q(moments.between, moments.amended), "admin")).status).toBe(200);
  });

  it("refuses bad input as a problem naming the parameter, Ukrainian first", async () => {
    const bad = await diff(q("31.02.2026", moments.amended));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: "from", message: expect.stringMatching(/^from: «31\.02\.2026» — такого дня немає; очікується дд\.мм\.рррр/) }]);
    const reversed = await diff(q(moments.amended, moments.between));
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors?.[0]).toMatchObject({ path: "from", message: expect.stringMatching(/пізніше за to: .* \/ from is after to$/) });
    const missing = await diff(`/api/v1/plans/${planId}/diff?from=01.01.2020`);
    expect([missing.status, missing.body.errors?.[0]?.path]).toEqual([400, "to"]);
    const unknown = await diff(`/api/v1/plans/novopskovskyi.999.2020-01-01/diff?from=01.01.2020&to=01.01.2021`);
    expect([unknown.status, unknown.body.detail]).toEqual([404, expect.stringMatching(/^План «novopskovskyi\.999\.2020-01-01» не знайдено на цьому вузлі/)]);
    const early = await diff(q("01.01.2000", "31.12.2000"));
    expect([early.status, early.body.detail]).toEqual([404, expect.stringMatching(/^to: план «.*» ще не було затверджено на 31\.12\.2000/)]);
  });
});
