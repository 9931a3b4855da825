import { type Instant, NodeId, type PlanDocument } from "@planledger/domain";
import { EventStore } from "@planledger/event-store";
import { Effect, Either, Option } from "effect";
import { describe, expect, it } from "vitest";
import { mustParse, seedBytes, seeds } from "../testing/fixtures.js";
import { exportPlan } from "./export-plan.js";
import { importPlanDocument } from "./import-plan.js";

const luhanska = NodeId.make("luhanska");
const options = { ownerNode: luhanska, actor: "importer", at: "2026-01-10T09:00:00.000Z" as Instant };

/** A store whose clock the test moves. */
const clocked = () => {
  let now = "2026-01-10T09:00:00.000Z";
  return { layer: EventStore.inMemory({ nodeId: "luhanska", now: () => now }), set: (t: string) => (now = t) };
};

const run = <A, E>(effect: Effect.Effect<A, E, EventStore>, layer = EventStore.inMemory({ nodeId: "luhanska" })) =>
  Effect.runPromise(Effect.either(Effect.provide(effect, layer)));

const withoutAnomalies = (doc: PlanDocument) => ({ ...doc, plan: { ...doc.plan, implements: undefined }, anomalies: [] });
const strip = (doc: PlanDocument) => JSON.parse(JSON.stringify(withoutAnomalies(doc))) as unknown;

describe.each(Object.entries(seeds))("import into a node: %s", (_, file) => {
  const doc = mustParse(seedBytes(file)).document;
  const measures = doc.sections.reduce((n, s) => n + s.tasks.reduce((k, t) => k + t.measures.length, 0), 0);

  it("adopts, then changes nothing on a second import, and exports the same plan, which imports as the same plan", async () => {
    const result = await run(
      Effect.gen(function* () {
        const first = yield* importPlanDocument(doc, options);
        const second = yield* importPlanDocument(doc, options);
        const exported = Option.getOrThrow(yield* exportPlan(first.planId));
        const again = yield* importPlanDocument(exported, options);
        const store = yield* EventStore;
        const stream = yield* store.readStream(`plan:${first.planId}`);
        return { first, second, again, exported, stream };
      }),
    );
    const { first, second, again, exported, stream } = Either.getOrThrow(result);
    expect(first.outcome).toBe("adopted");
    expect(first.events[0]?.type).toBe("PlanAdopted");
    expect(first.events.filter((e) => e.type === "MeasureAdded")).toHaveLength(measures);
    expect(second).toMatchObject({ outcome: "unchanged", events: [] });
    expect(again).toMatchObject({ outcome: "unchanged", events: [] });
    expect(stream).toHaveLength(first.events.length);
    expect(strip(exported)).toEqual(strip(doc));

    const elsewhere = Either.getOrThrow(
      await run(
        Effect.gen(function* () {
          const imported = yield* importPlanDocument(exported, options);
          return Option.getOrThrow(yield* exportPlan(imported.planId));
        }),
      ),
    );
    expect(elsewhere).toEqual(exported);
  });
});

describe("importing an amended version of plan № 1003", () => {
  const original = mustParse(seedBytes(seeds.plan1003)).document;
  const amended: PlanDocument = {
    ...original,
    plan: { ...original.plan, order: { number: "17", date: "2020-02-03" as PlanDocument["plan"]["order"]["date"] } },
    sections: original.sections.map((section, s) =>
      s !== 0
        ? section
        : {
            ...section,
            tasks: section.tasks.map((task) => ({
              ...task,
              measures: [
                ...task.measures
                  .filter((m) => m.ordinal !== 7)
                  .map((m) => (m.ordinal === 2 ? { ...m, term: { kind: "quarterRange" as const, text: "II квартал 2020 року", from: { year: 2020, quarter: 2 as const }, to: { year: 2020, quarter: 2 as const } } } : m)),
                { ...(task.measures[0] ?? original.sections[0]!.tasks[0]!.measures[0]!), label: "8)", ordinal: 8, title: "новий захід" },
              ],
            })),
          },
    ),
  };

  it("records one amendment with only the differences, and exports either version by date", async () => {
    const clock = clocked();
    const result = await run(
      Effect.gen(function* () {
        const adopted = yield* importPlanDocument(original, options);
        clock.set("2026-02-01T09:00:00.000Z");
        const change = yield* importPlanDocument(amended, { ...options, planId: adopted.planId, at: "2026-02-01T09:00:00.000Z" as Instant });
        const before = Option.getOrThrow(yield* exportPlan(adopted.planId, "2026-01-31T00:00:00.000Z"));
        const after = Option.getOrThrow(yield* exportPlan(adopted.planId));
        const never = yield* exportPlan(adopted.planId, "2025-01-01T00:00:00.000Z");
        return { change, before, after, never };
      }),
      clock.layer,
    );
    const { change, before, after, never } = Either.getOrThrow(result);
    expect(change.outcome).toBe("amended");
    expect(change.events.map((e) => e.type)).toEqual(["PlanAmended", "MeasureAmended", "MeasureAdded", "MeasureCancelled"]);
    expect(change.events[0]?.data).toMatchObject({ order: { number: "17", date: "2020-02-03" } });
    expect(Object.keys(change.events[1]?.data ?? {}).sort()).toEqual(["measureId", "term"]);
    expect(change.events.slice(1).every((e) => e.causationId === change.events[0]?.eventId)).toBe(true);
    expect(before.sections[0]?.tasks[0]?.measures.map((m) => m.label)).toEqual(["1)", "2)", "3)", "4)", "5)", "б)", "7)"]);
    expect(after.sections[0]?.tasks[0]?.measures.map((m) => m.label)).toEqual(["1)", "2)", "3)", "4)", "5)", "б)", "8)"]);
    expect(after.sections[0]?.tasks[0]?.measures[1]?.term).toMatchObject({ kind: "quarterRange", text: "II квартал 2020 року" });
    expect(Option.isNone(never)).toBe(true);
  });

  it("refuses a changed document that names no new amending order", async () => {
    const sameOrder = { ...amended, plan: original.plan };
    const result = await run(
      Effect.gen(function* () {
        yield* importPlanDocument(original, options);
        return yield* importPlanDocument(sameOrder, options);
      }),
    );
    expect(Either.isLeft(result) ? result.left._tag : null).toBe("AmendingOrderRequired");
  });
});
