import { EventStore } from "@planledger/event-store";
import { Effect, Fiber, Layer, Option } from "effect";
import { describe, expect, it } from "vitest";
import { Projections } from "./projections.service.js";
import { LogBuilder, deadline } from "./testing/log-builder.js";

const P = "luhanska.852.2021-01-15";

const run = <A, E>(body: Effect.Effect<A, E, Projections | EventStore>, sliceMs?: number) =>
  Effect.runPromise(
    body.pipe(
      Effect.provide(
        Layer.provideMerge(
          Projections.inMemory({ now: () => new Date("2021-08-01T10:00:00.000Z"), ...(sliceMs === undefined ? {} : { sliceMs }) }),
          EventStore.inMemory({ nodeId: "luhanska" }),
        ),
      ),
    ),
  );

describe("Projections service (in-memory layer)", () => {
  it("sees appends made after it started and answers with plain data", async () => {
    const b = new LogBuilder().plan("luhanska", P, { orderDate: "2021-01-15", period: { from: 2021, to: 2021 } }, [
      { id: "m1", term: deadline("2021-12-31"), targets: [{ value: 10, unit: "послуг" }] },
    ], "2021-01-20T00:00:00.000Z");
    b.report("luhanska", P, 2021, 2, [{ measure: "m1", status: "inProgress", actuals: [{ value: 4, unit: "послуг" }] }],
      "2021-07-02T00:00:00.000Z");
    const result = await run(
      Effect.gen(function* () {
        const p = yield* Projections;
        const before = yield* p.listPlans();
        const store = yield* EventStore;
        for (const e of b.events)
          yield* store.append(e.stream, [{ type: e.type, data: e.data }], { expectedVersion: "any", actor: "t", recordedAt: e.recordedAt });
        const tree = yield* p.planTree(P);
        const reports = yield* p.reports(P);
        return { before, plans: yield* p.listPlans(), tree, reports };
      }),
    );
    expect(result.before).toEqual([]);
    expect(result.plans.map((p) => [p.id, p.owner, p.measures, p.replica])).toEqual([[P, "luhanska", 1, false]]);
    expect(result.tree.at).toBe("2021-08-01");
    expect(result.tree.sections[0]?.tasks[0]?.measures[0]).toMatchObject({
      status: "inProgress",
      statusLabel: { uk: "виконується", en: "in progress" },
      progress: [{ unit: "послуг", target: 10, actual: 4, ratio: 0.4, met: false }],
    });
    // I кв. was never reported and is past due; II кв. is submitted; III кв. is under way.
    expect(result.reports.periods.map((r) => r.state)).toEqual(["missing", "submitted", "upcoming"]);
    expect(JSON.parse(JSON.stringify(result.tree))).toEqual(result.tree);
  });

  it("fails with tagged errors for an unknown plan and an unreadable asOf", async () => {
    const errors = await run(
      Effect.gen(function* () {
        const p = yield* Projections;
        const missing = yield* Effect.flip(p.rollup("luhanska.1.2020-01-01"));
        const badDate = yield* Effect.flip(p.listPlans({ asOf: "вчора" }));
        return [missing._tag, badDate._tag];
      }),
    );
    expect(errors).toEqual(["PlanNotFound", "InvalidAsOf"]);
  });

  it("holds the ledger while a roll-up computes in slices: a catch-up meanwhile waits for it", async () => {
    const O = "luhanska.1003.2018-12-12";
    const term = deadline("2026-12-31");
    const at = "2021-02-01T00:00:00.000Z";
    const b = new LogBuilder().plan("luhanska", O, { orderDate: "2018-12-12", period: { from: 2018, to: 2026 } }, [
      { id: "m1", term, targets: [{ value: 100, unit: "послуг" }] },
    ], at);
    const districts = [1, 2, 3, 4].map((n) => `district-${n}.${n}.2019-10-16`);
    districts.forEach((plan, i) => {
      const origin = plan.split(".")[0] as string;
      b.plan(origin, plan, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 }, parentPlanId: O }, [
        { id: "m1", term, targets: [{ value: 25, unit: "послуг" }] },
      ], at);
      b.add(origin, `plan:${plan}`, "MeasureLinked", { measureId: `${plan}.s1.t1.m1`, parent: { node: "luhanska", planId: O, measureId: `${O}.s1.t1.m1` } }, at);
      b.report(origin, plan, 2021, 1, [{ measure: "m1", status: "inProgress", actuals: [{ value: i + 1, unit: "послуг" }] }], "2021-04-02T00:00:00.000Z");
    });
    const held = b.events.length;
    // The last district reports again: evaluated last, its new figure would show up half-way through a roll-up.
    b.report("district-4", districts[3] as string, 2021, 2, [{ measure: "m1", status: "inProgress", actuals: [{ value: 40, unit: "послуг" }] }],
      "2021-07-02T00:00:00.000Z");
    const order: string[] = [];
    const result = await run(
      Effect.gen(function* () {
        const p = yield* Projections;
        const store = yield* EventStore;
        const append = (from: number, to: number) =>
          Effect.forEach(b.events.slice(from, to), (e) =>
            store.append(e.stream, [{ type: e.type, data: e.data }], { expectedVersion: "any", actor: "t", recordedAt: e.recordedAt }),
          );
        yield* append(0, held);
        const before = yield* p.rollup(O);
        const computing = yield* Effect.fork(Effect.tap(p.rollup(O), () => Effect.sync(() => order.push("roll-up"))));
        // One turn of the event loop: the roll-up has begun, and paused after its first slice.
        yield* Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)));
        const pausedMidway = Option.isNone(yield* Fiber.poll(computing));
        yield* append(held, b.events.length);
        const caught = yield* Effect.tap(p.catchUp(), () => Effect.sync(() => order.push("catch-up")));
        const during = yield* Fiber.join(computing);
        return { before, during, after: yield* p.rollup(O), pausedMidway, caught };
      }),
      0,
    );
    expect(result.pausedMidway).toBe(true);
    expect(order).toEqual(["roll-up", "catch-up"]);
    expect(result.caught.applied).toBeGreaterThan(0);
    // The roll-up that was under way answers for the log as it was when it began; the next one sees the new report.
    expect(result.during).toEqual(result.before);
    expect(result.before.measures[0]?.combined.targets[0]?.value).toBe(1 + 2 + 3 + 4);
    expect(result.after.measures[0]?.combined.targets[0]?.value).toBe(1 + 2 + 3 + 40);
  });
});
