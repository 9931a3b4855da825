import {
  AddMeasure,
  AmendMeasure,
  AmendPlan,
  CancelMeasure,
  type CommandMeta,
  type Instant,
  IsoDate,
  MeasureId,
  NodeId,
  type PlanDocument,
  PlanId,
  TaskId,
  adoptPlanFromDocument,
  planDecider,
  planStream,
} from "@planledger/domain";
import { EventStore, commandHandler } from "@planledger/event-store";
import { Effect, Either } from "effect";
import { describe, expect, it } from "vitest";
import { type DiffMoment, parseDiffMoment, planDiff } from "./plan-diff.js";

const moment = (text: string): DiffMoment => Either.getOrThrow(parseDiffMoment(text, "test"));

describe("parseDiffMoment: a date is the end of that day in Kyiv, a timestamp is that instant", () => {
  it("reads дд.мм.рррр and рррр-мм-дд as 23:59:59.999 Kyiv time, winter (UTC+2) and summer (UTC+3)", () => {
    expect(moment("15.03.2024")).toEqual({ given: "15.03.2024", at: "2024-03-15T21:59:59.999Z" });
    expect(moment("2024-03-15").at).toBe("2024-03-15T21:59:59.999Z");
    expect(moment("01.07.2024").at).toBe("2024-07-01T20:59:59.999Z");
    // The day clocks go forward (31 March 2024, 03:00 → 04:00) ends in summer time.
    expect(moment("31.03.2024").at).toBe("2024-03-31T20:59:59.999Z");
    expect(moment("27.10.2024").at).toBe("2024-10-27T21:59:59.999Z");
  });

  it("reads timestamps with a zone as that instant, and without one as Kyiv wall-clock time", () => {
    expect(moment("2024-03-15T10:00:00Z").at).toBe("2024-03-15T10:00:00.000Z");
    expect(moment("2024-03-15T10:00:00.250+03:00").at).toBe("2024-03-15T07:00:00.250Z");
    expect(moment("2024-03-15T10:00").at).toBe("2024-03-15T08:00:00.000Z");
  });

  it("refuses what is not a moment, naming the parameter, Ukrainian first", () => {
    for (const bad of ["31.02.2024", "2024-13-01", "вчора", "15/03/2024", "2024-03-15T25:00Z", ""]) {
      const read = parseDiffMoment(bad, "from");
      expect(Either.isLeft(read), bad).toBe(true);
      if (Either.isLeft(read)) expect(read.left.message).toMatch(/^from: «.*» — .*очікується дд\.мм\.рррр.* \/ from: ".*" — .*expected dd\.mm\.yyyy/);
    }
  });
});

const planId = PlanId.make("novopskovskyi.77.2024-01-10");
const task = TaskId.make(`${planId}.s1.t1`);
const m = (n: number) => MeasureId.make(`${task}.m${n}`);
const doc: PlanDocument = {
  plan: { title: "План заходів", issuer: "РДА", order: { number: "77", date: IsoDate.make("2024-01-10") }, period: { from: 2024, to: 2026 } },
  sections: [
    {
      label: "I.",
      title: "Координація",
      tasks: [
        {
          label: "1",
          title: "Взаємодія",
          measures: [1, 2].map((n) => ({
            label: `${n})`,
            ordinal: n,
            title: `захід ${n}`,
            term: { kind: "deadline" as const, text: "до 31.12.2024", date: IsoDate.make("2024-12-31") },
            executors: [{ name: "Служба у справах дітей", byConsent: false }],
            indicator: { text: "проведено", targets: [] },
            budget: [],
          })),
        },
      ],
    },
  ],
  anomalies: [],
};

/** A store whose clock is set before each write; the plan adopted on 10.01.2024, amended by order № 45 on 20.03.2024. */
const history = async () => {
  let now = "2024-01-10T09:00:00.000Z";
  const meta = (actor: string): CommandMeta => ({ actor, node: NodeId.make("novopskovskyi"), at: now as Instant });
  const plans = commandHandler(planDecider, { cache: false });
  const stream = planStream(planId);
  return Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      yield* plans.handle(stream, adoptPlanFromDocument(doc, { planId, ownerNode: NodeId.make("novopskovskyi"), parentPlanId: null, meta: meta("kovalenko") }), {
        expected: "current",
        actor: "kovalenko@novopskovskyi",
      });
      now = "2024-03-20T08:30:00.000Z";
      const order = { number: "45", date: IsoDate.make("2024-03-15") };
      yield* plans.handle(
        stream,
        new AmendPlan({
          meta: meta("petrenko"),
          planId,
          order,
          note: "уточнення строків",
          changes: [
            new AmendMeasure({ meta: meta("petrenko"), planId, measureId: m(1), term: { kind: "deadline", text: "до 30.06.2025", date: IsoDate.make("2025-06-30") } }),
            new AddMeasure({
              meta: meta("petrenko"),
              planId,
              measureId: m(3),
              taskId: task,
              label: "3)",
              ordinal: 3,
              title: "захід 3",
              term: { kind: "onDemand", text: "за потреби" },
              executors: [{ name: "ЦНАП", byConsent: true }],
              indicator: { text: "надано послуги", targets: [] },
              budget: [],
            }),
            new CancelMeasure({ meta: meta("petrenko"), planId, measureId: m(2), reason: "втратив актуальність" }),
          ],
        }),
        { expected: "current", actor: "petrenko@novopskovskyi" },
      );
      now = "2024-04-02T12:00:00.000Z";
      // A change made without an order: its basis is null, not guessed from the amendment before it.
      yield* plans.handle(stream, new AmendMeasure({ meta: meta("sydorenko"), planId, measureId: m(1), title: "захід 1 (уточнено)" }), {
        expected: "current",
        actor: "sydorenko@novopskovskyi",
      });
      return yield* store.readStream(stream);
    }).pipe(Effect.provide(EventStore.inMemory({ nodeId: "novopskovskyi", now: () => now }))),
  );
};

describe("planDiff: the plan as of two moments, each change with its event, actor and order", () => {
  it("lists exactly what order № 45 changed, by whom, and which event", async () => {
    const events = await history();
    const amendment = events.find((e) => e.type === "PlanAmended");
    const diff = Either.getOrThrow(planDiff(events, planId, moment("01.03.2024"), moment("31.03.2024")));
    const basis = { kind: "amendment", number: "45", date: "2024-03-15", note: "уточнення строків", eventId: amendment?.eventId };
    const by = { actor: "petrenko@novopskovskyi", recordedAt: "2024-03-20T08:30:00.000Z", basis };
    expect(diff.existedAtFrom).toBe(true);
    expect(diff.orders).toEqual([basis]);
    expect(diff.events.map((e) => e.type)).toEqual(["PlanAmended", "MeasureAmended", "MeasureAdded", "MeasureCancelled"]);
    expect(diff.events.every((e) => e.basis?.eventId === amendment?.eventId)).toBe(true);
    const eventOf = (type: string) => events.find((e) => e.type === type && e.recordedAt === by.recordedAt)?.eventId;
    expect(diff.changes).toEqual([
      {
        target: "measure",
        id: m(1),
        where: "I.1.1)",
        change: "amended",
        field: "term",
        before: { kind: "deadline", text: "до 31.12.2024", date: "2024-12-31" },
        after: { kind: "deadline", text: "до 30.06.2025", date: "2025-06-30" },
        eventId: eventOf("MeasureAmended"),
        ...by,
      },
      { target: "measure", id: m(2), where: "I.1.2)", change: "cancelled", field: null, before: null, after: { reason: "втратив актуальність", effective: "2024-03-15", recordedAt: by.recordedAt }, eventId: eventOf("MeasureCancelled"), ...by },
      {
        target: "measure",
        id: m(3),
        where: "I.1.3)",
        change: "added",
        field: null,
        before: null,
        after: expect.objectContaining({ measureId: m(3), label: "3)", title: "захід 3", executors: [{ name: "ЦНАП", byConsent: true }], parent: null }),
        eventId: eventOf("MeasureAdded"),
        ...by,
      },
    ]);
  });

  it("names no order for a change made without one, and folds two changes of a field into before → after", async () => {
    const events = await history();
    const diff = Either.getOrThrow(planDiff(events, planId, moment("2024-03-01"), moment("10.04.2024")));
    const title = diff.changes.find((c) => c.field === "title");
    expect(title).toMatchObject({ id: m(1), before: "захід 1", after: "захід 1 (уточнено)", actor: "sydorenko@novopskovskyi", basis: null });
    expect(diff.events.at(-1)).toMatchObject({ type: "MeasureAmended", basis: null, causationId: null });
    // Nothing changed between 21.03 and 01.04: an empty diff, not an error.
    const quiet = Either.getOrThrow(planDiff(events, planId, moment("21.03.2024"), moment("01.04.2024")));
    expect([quiet.changes, quiet.events, quiet.orders]).toEqual([[], [], []]);
  });

  it("shows a plan adopted between the moments as one adoption under its order, not as every measure added", async () => {
    const events = await history();
    const diff = Either.getOrThrow(planDiff(events, planId, moment("01.01.2024"), moment("31.03.2024")));
    expect(diff.existedAtFrom).toBe(false);
    expect(diff.changes[0]).toMatchObject({ target: "plan", change: "adopted", actor: "kovalenko@novopskovskyi", basis: { kind: "adoption", number: "77", date: "2024-01-10" } });
    expect(diff.changes.map((c) => `${c.change} ${c.where}`)).toEqual(["adopted novopskovskyi.77.2024-01-10", "amended I.1.1)", "cancelled I.1.2)", "added I.1.3)"]);
    expect(diff.orders.map((o) => o.number)).toEqual(["77", "45"]);
  });

  it("refuses a plan not adopted yet at `to`, and one not held at all", async () => {
    const events = await history();
    const early = planDiff(events, planId, moment("01.12.2023"), moment("31.12.2023"));
    expect(Either.isLeft(early) && early.left.message).toMatch(/^to: план «.*» ще не було затверджено на 31\.12\.2023/);
    const none = planDiff([], planId, moment("01.12.2023"), moment("31.12.2024"));
    expect(Either.isLeft(none) && none.left._tag).toBe("PlanNotFound");
  });
});
