import { describe, expect, it } from "vitest";
import { LogBuilder, deadline } from "../../testing/log-builder.js";
import { applyEvent } from "../apply-event.js";
import { emptyLedger } from "../ledger-state.js";
import { projectEvents } from "../project-events.js";

const P = "novopskovskyi.328.2019-10-16";
const at = "2019-10-20T00:00:00.000Z";
const later = "2020-02-01T00:00:00.000Z";
const planned = () =>
  new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [
    { id: "m1", term: deadline("2026-12-31") },
  ], at);

describe("the plan fold", () => {
  it("skips an event whose data does not match its schema, and counts it towards the plan's freshness", () => {
    const b = planned();
    const measure = {
      measureId: `${P}.s1.t1.m2`,
      taskId: `${P}.s1.t1`,
      label: "2)",
      ordinal: 2,
      title: "Захід m2",
      term: deadline("2026-12-31"),
      executors: [{ name: "Служба у справах дітей", byConsent: false }],
      indicator: { text: "показник", targets: [] },
      budget: [],
    };
    // A term that is no term, and an ordinal given as text: neither reaches the plan.
    b.add("novopskovskyi", `plan:${P}`, "MeasureAdded", { ...measure, term: { kind: "someday", text: "колись" } }, later);
    b.add("novopskovskyi", `plan:${P}`, "MeasureAdded", { ...measure, ordinal: "2" }, later);
    // A change to the held measure with an executor missing its consent flag.
    b.add("novopskovskyi", `plan:${P}`, "MeasureAmended", { measureId: `${P}.s1.t1.m1`, executors: [{ name: "Інший" }] }, later);
    b.add("novopskovskyi", `plan:${P}`, "PlanClosed", { reason: "" }, later);
    const state = projectEvents(b.events);
    const plan = state.plans.get(P);
    expect(Object.keys(plan?.measures ?? {})).toEqual([`${P}.s1.t1.m1`]);
    expect(plan?.measures[`${P}.s1.t1.m1`]?.executors).toEqual([{ name: "Служба у справах дітей", byConsent: false }]);
    expect(plan?.closed).toBeNull();
    expect(plan?.lastSeq).toBe(b.events.length);
    expect(plan?.lastRecordedAt).toBe(later);
    expect(state.origins.get("novopskovskyi")?.lastSeq).toBe(b.events.length);
    expect(state.applied).toBe(b.events.length);
  });

  it("adopts nothing from an adoption that does not match, and folds nothing onto the plan it did not adopt", () => {
    const b = new LogBuilder();
    b.add("novopskovskyi", `plan:${P}`, "PlanAdopted", { planId: P, ownerNode: "Novopskov", title: null, issuer: null,
      order: { number: "328", date: "2019-10-16" }, period: { from: 2019, to: 2026 }, parentPlanId: null }, at);
    b.add("novopskovskyi", `plan:${P}`, "SectionAdded", { sectionId: `${P}.s1`, label: "I", ordinal: 1, title: "Розділ" }, at);
    const state = emptyLedger();
    expect(b.events.map((e) => applyEvent(state, e))).toEqual([{ kind: "none" }, { kind: "none" }]);
    expect(state.plans.size).toBe(0);
  });

  it("counts an event type it does not know (a newer origin's) without changing the plan", () => {
    const b = planned();
    b.add("novopskovskyi", `plan:${P}`, "MeasureRenumbered", { measureId: `${P}.s1.t1.m1`, ordinal: 7 }, later);
    const state = emptyLedger();
    const touched = b.events.map((e) => applyEvent(state, e));
    expect(touched.at(-1)).toEqual({ kind: "plan", planId: P });
    expect(state.plans.get(P)?.measures[`${P}.s1.t1.m1`]?.ordinal).toBe(1);
    expect(state.plans.get(P)?.lastSeq).toBe(b.events.length);
  });

  it("skips data that is not JSON at all instead of stopping", () => {
    const b = planned();
    const events = [...b.events, { ...b.events[0]!, position: b.events.length + 1, seq: b.events.length + 1, type: "PlanClosed", data: undefined, dataJson: "{не json" }];
    const state = projectEvents(events);
    expect(state.plans.get(P)?.closed).toBeNull();
    expect(state.position).toBe(events.length);
  });

  it("dates a cancellation made by an amendment on the amending order's day, and keeps the read model's own history", () => {
    const b = planned();
    const amended = b.add("novopskovskyi", `plan:${P}`, "PlanAmended", { planId: P, order: { number: "17", date: "2020-01-28" }, note: "зміни" }, later);
    b.add("novopskovskyi", `plan:${P}`, "MeasureCancelled", { measureId: `${P}.s1.t1.m1`, reason: "виключено" }, later,
      { causationId: amended.eventId ?? "" });
    const plan = projectEvents(b.events).plans.get(P);
    expect(plan?.amendments).toEqual([{ eventId: amended.eventId, order: { number: "17", date: "2020-01-28" }, note: "зміни", recordedAt: later }]);
    expect(plan?.measures[`${P}.s1.t1.m1`]?.cancelled).toEqual({ reason: "виключено", effective: "2020-01-28", recordedAt: later });
  });
});
