import { EventStore } from "@planledger/event-store";
import { Effect, Layer } from "effect";
import { describe, expect, it } from "vitest";
import { Projections } from "./projections.service.js";
import { LogBuilder, deadline } from "./testing/log-builder.js";

const P = "luhanska.852.2021-01-15";

const run = <A, E>(body: Effect.Effect<A, E, Projections | EventStore>) =>
  Effect.runPromise(
    body.pipe(
      Effect.provide(
        Layer.provideMerge(
          Projections.inMemory({ now: () => new Date("2021-08-01T10:00:00.000Z") }),
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
});
