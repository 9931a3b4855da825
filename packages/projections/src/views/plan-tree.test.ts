import { describe, expect, it } from "vitest";
import { projectEvents } from "../model/project-events.js";
import { LogBuilder, deadline, quarterRange, quarterly } from "../testing/log-builder.js";
import type { MeasureNode } from "./plan-tree.js";
import { planTree } from "./plan-tree.js";

const P = "luhanska.852.2021-01-15";
const m = (id: string) => `${P}.s1.t1.${id}`;

const log = (): LogBuilder => {
  const b = new LogBuilder().plan(
    "luhanska",
    P,
    { orderDate: "2021-01-15", period: { from: 2021, to: 2022 } },
    [
      { id: "m1", term: deadline("2021-12-31"), targets: [{ value: 115, unit: "прийомних сімей" }] },
      { id: "m2", term: quarterRange(2021, 2, 4) },
      { id: "m3", term: quarterly() },
      { id: "m4", term: deadline("2021-06-30") },
    ],
    "2021-01-20T09:00:00.000Z",
  );
  const amendment = b.add(
    "luhanska",
    `plan:${P}`,
    "PlanAmended",
    { planId: P, order: { number: "310", date: "2021-05-20" }, note: "скасування заходу 4" },
    "2021-05-21T10:00:00.000Z",
  );
  b.add(
    "luhanska",
    `plan:${P}`,
    "MeasureCancelled",
    { measureId: m("m4"), reason: "втратив актуальність" },
    "2021-05-21T10:00:00.000Z",
    { causationId: amendment.eventId ?? "" },
  );
  b.report(
    "luhanska",
    P,
    2021,
    1,
    [
      { measure: "m1", status: "inProgress", actuals: [{ value: 23, unit: "прийомних сімей" }] },
      { measure: "m3", status: "done" },
    ],
    "2021-04-02T08:00:00.000Z",
  );
  b.report(
    "luhanska",
    P,
    2021,
    2,
    [
      { measure: "m1", status: "inProgress", actuals: [{ value: 40, unit: "прийомних сімей" }] },
      { measure: "m2", status: "done" },
      { measure: "m3", status: "done" },
    ],
    "2021-07-03T08:00:00.000Z",
  );
  // Drafted but never submitted: it must not count.
  b.report("luhanska", P, 2021, 3, [{ measure: "m1", status: "done" }], "2021-10-02T08:00:00.000Z", false);
  return b;
};

const measures = (at: string): Record<string, MeasureNode> => {
  const state = projectEvents(log().events);
  const plan = state.plans.get(P);
  if (plan === undefined) throw new Error("plan not folded");
  const tree = planTree(state, plan, at, "luhanska");
  return Object.fromEntries(
    tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures)).map((x) => [x.measureId.split(".").pop(), x]),
  );
};

describe("plan tree statuses", () => {
  it("shows reported statuses and indicator progress after the II quarter", () => {
    const t = measures("2021-08-01");
    expect(t.m1?.status).toBe("inProgress");
    expect(t.m1?.progress).toEqual([
      { unit: "прийомних сімей", target: 115, actual: 40, ratio: 0.3478, met: false },
    ]);
    expect(t.m1?.actualsPeriod).toEqual({ year: 2021, quarter: 2 });
    expect(t.m2?.status).toBe("done");
    expect(t.m3?.status).toBe("done");
    expect(t.m4?.status).toBe("cancelled");
    expect(t.m4?.cancelled).toEqual({ reason: "втратив актуальність", effective: "2021-05-20" });
  });

  it("marks quarters: reported, not reported, cancelled from the amending order's date", () => {
    const t = measures("2021-08-01");
    expect(t.m4?.periods.map((p) => [p.label, p.status])).toEqual([
      ["I кв. 2021", "notReported"],
      ["II кв. 2021", "cancelled"],
      ["III кв. 2021", "cancelled"],
    ]);
    expect(t.m1?.periods.map((p) => p.status)).toEqual(["inProgress", "inProgress", "planned"]);
  });

  it("reports 'not reported' when the III quarter's report is past due and only a draft exists", () => {
    const t = measures("2021-10-10");
    expect(t.m1?.status).toBe("notReported");
    expect(t.m1?.periods.map((p) => p.status)).toEqual(["inProgress", "inProgress", "notReported", "planned"]);
    // A one-off result reported done stays done.
    expect(t.m2?.status).toBe("done");
    expect(t.m2?.periods.map((p) => p.status)).toEqual(["planned", "done", "done", "done"]);
    // A recurring measure needs "done" again for each closed period.
    expect(t.m3?.status).toBe("overdue");
  });

  it("turns a deadline passed without 'done' into overdue", () => {
    const t = measures("2022-01-10");
    expect(t.m1?.status).toBe("overdue");
    expect(t.m1?.overdue).toBe(true);
    expect(t.m1?.periods.at(-1)).toMatchObject({ label: "I кв. 2022", status: "overdue", reported: false });
  });

  it("counts measures per status", () => {
    const state = projectEvents(log().events);
    const plan = state.plans.get(P);
    if (plan === undefined) throw new Error("plan not folded");
    const tree = planTree(state, plan, "2021-10-10", "novopskovskyi");
    expect(tree.statusCounts).toMatchObject({ notReported: 1, done: 1, overdue: 1, cancelled: 1, inProgress: 0 });
    expect(tree.replica).toBe(true);
    expect(tree.amendments.map((a) => a.order.number)).toEqual(["310"]);
    expect(tree.freshness?.lastSeq).toBe(log().events.length);
  });
});
