import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { applyEvent } from "../model/apply-event.js";
import type { LedgerState } from "../model/ledger-state.js";
import { projectEvents } from "../model/project-events.js";
import { LogBuilder, deadline } from "../testing/log-builder.js";
import type { Rollup, RollupPage } from "./rollup.js";
import { rollup, rollupMemo, rollupSliced } from "./rollup.js";

const O = "luhanska.1003.2018-12-12";
const D1 = "novopskovskyi.328.2019-10-16";
const D2 = "bilovodskyi.12.2019-11-01";
const H = "novopskovska.5.2020-02-01";
const id = (plan: string, m: string) => `${plan}.s1.t1.${m}`;
const term = deadline("2026-12-31");
const Q1 = "2024-04-02T08:00:00.000Z";

const link = (b: LogBuilder, origin: string, plan: string, m: string, parentNode: string, parentPlan: string) =>
  b.add(
    origin,
    `plan:${plan}`,
    "MeasureLinked",
    { measureId: id(plan, m), parent: { node: parentNode, planId: parentPlan, measureId: id(parentPlan, m) } },
    "2020-03-01T00:00:00.000Z",
  );

const federation = (): LogBuilder => {
  const b = new LogBuilder();
  const at = "2020-03-01T00:00:00.000Z";
  b.plan("luhanska", O, { orderDate: "2018-12-12", period: { from: 2018, to: 2026 } }, [
    { id: "m1", term, targets: [{ value: 115, unit: "прийомних сімей" }] },
    { id: "m2", term, targets: [{ value: 80, unit: "%" }], aggregation: "average" },
    { id: "m3", term },
  ], at);
  for (const [origin, plan] of [
    ["novopskovskyi", D1],
    ["bilovodskyi", D2],
  ] as const) {
    b.plan(origin, plan, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 }, parentPlanId: O }, [
      { id: "m1", term, targets: [{ value: 20, unit: "прийомних сімей" }] },
      { id: "m2", term, targets: [{ value: 80, unit: "%" }], aggregation: "average" },
      { id: "m3", term },
    ], at);
    for (const m of ["m1", "m2", "m3"]) link(b, origin, plan, m, "luhanska", O);
  }
  b.plan("novopskovska", H, { orderDate: "2020-02-01", period: { from: 2020, to: 2026 }, parentPlanId: D1 }, [
    { id: "m1", term, targets: [{ value: 5, unit: "прийомних сімей" }] },
  ], at);
  link(b, "novopskovska", H, "m1", "novopskovskyi", D1);

  b.report("luhanska", O, 2024, 1, [{ measure: "m1", status: "inProgress", actuals: [{ value: 5, unit: "прийомних сімей" }] }], Q1);
  b.report("novopskovskyi", D1, 2024, 1, [
    { measure: "m1", status: "inProgress", actuals: [{ value: 10, unit: "прийомних сімей" }] },
    { measure: "m2", status: "inProgress", actuals: [{ value: 70, unit: "%" }] },
    { measure: "m3", status: "done" },
  ], Q1);
  b.report("bilovodskyi", D2, 2024, 1, [
    // Another wording of the unit: with one target and one figure it still counts.
    { measure: "m1", status: "inProgress", actuals: [{ value: 15, unit: "сімей" }] },
    { measure: "m3", status: "inProgress" },
  ], Q1);
  b.report("novopskovska", H, 2024, 1, [{ measure: "m1", status: "done", actuals: [{ value: 3, unit: "прийомних сімей" }] }], Q1);
  return b;
};

const rollupOf = (b: LogBuilder, at = "2024-04-20", page: RollupPage = {}): Rollup => {
  const state = projectEvents(b.events);
  const plan = state.plans.get(O);
  if (plan === undefined) throw new Error("no oblast plan");
  return rollup(
    state,
    plan,
    at,
    (origin) => (origin === "novopskovskyi" ? { seq: 7, hash: "ab".repeat(32), signedAt: "2024-04-03T00:00:00.000Z" } : null),
    page,
  );
};

const measure = (r: Rollup, m: string) => {
  const found = r.measures.find((x) => x.measureId === id(O, m));
  if (found === undefined) throw new Error(`no ${m}`);
  return found;
};

describe("roll-up", () => {
  it("sums own and child figures, children including their own subtree", () => {
    const m1 = measure(rollupOf(federation()), "m1");
    expect(m1.own.actuals).toEqual([{ value: 5, unit: "прийомних сімей" }]);
    // Children are ordered by measure id (the order pages are cut in).
    expect(m1.children.map((c) => [c.node, c.combined.targets[0]?.value])).toEqual([
      ["bilovodskyi", 15],
      ["novopskovskyi", 13],
    ]);
    expect(m1.children[1]?.children.map((c) => [c.node, c.own.status, c.own.actuals[0]?.value])).toEqual([
      ["novopskovska", "done", 3],
    ]);
    expect(m1.combined.targets).toEqual([
      { unit: "прийомних сімей", target: 115, value: 33, ratio: 0.287, met: false, contributors: 3, missing: [] },
    ]);
    expect(m1.combined.aggregation).toBe("sum");
    expect(m1.combined.complete).toBe(true);
  });

  it("averages the children that reported and names the ones missing", () => {
    const m2 = measure(rollupOf(federation()), "m2");
    expect(m2.combined.targets[0]).toMatchObject({ value: 70, contributors: 1, missing: [id(D2, "m2")] });
    expect(m2.combined.complete).toBe(false);
  });

  it("takes the smallest figure for min", () => {
    const b = federation();
    // Re-state the oblast measure m2 as "min": the worst district sets the figure.
    b.add("luhanska", `plan:${O}`, "MeasureAmended", {
      measureId: id(O, "m2"),
      indicator: { text: "охоплення", targets: [{ value: 80, unit: "%" }], aggregation: "min" },
    }, "2024-04-10T00:00:00.000Z");
    b.report("bilovodskyi", D2, 2024, 2, [{ measure: "m2", status: "inProgress", actuals: [{ value: 55, unit: "%" }] }],
      "2024-07-02T00:00:00.000Z");
    const m2 = measure(rollupOf(b, "2024-07-10"), "m2");
    expect(m2.combined.aggregation).toBe("min");
    expect(m2.combined.targets[0]).toMatchObject({ value: 55, contributors: 2, missing: [] });
  });

  it("is all-done only when every linked measure is done", () => {
    const m3 = measure(rollupOf(federation()), "m3");
    expect(m3.combined.aggregation).toBe("allDone");
    expect(m3.combined.allDone).toBe(false);
    expect(m3.combined.statusCounts).toEqual({ done: 1, inProgress: 1 });
    const b = federation();
    b.report("bilovodskyi", D2, 2024, 2, [{ measure: "m3", status: "done" }], "2024-07-02T00:00:00.000Z");
    expect(measure(rollupOf(b, "2024-07-10"), "m3").combined.allDone).toBe(true);
  });

  it("drops unlinked and cancelled children", () => {
    const b = federation();
    b.add("bilovodskyi", `plan:${D2}`, "MeasureUnlinked", { measureId: id(D2, "m1") }, "2024-04-15T00:00:00.000Z");
    b.add("novopskovska", `plan:${H}`, "MeasureCancelled", { measureId: id(H, "m1"), reason: "реорганізація" },
      "2024-04-15T00:00:00.000Z");
    const m1 = measure(rollupOf(b), "m1");
    expect(m1.children.map((c) => c.node)).toEqual(["novopskovskyi"]);
    expect(m1.combined.targets[0]?.value).toBe(15);
  });

  it("says how fresh each child log is", () => {
    const b = federation();
    const r = rollupOf(b);
    const seqOf = (origin: string) => b.events.filter((e) => e.origin === origin).length;
    expect(r.freshness.map((f) => [f.origin, f.lastSeq])).toEqual([
      ["bilovodskyi", seqOf("bilovodskyi")],
      ["novopskovska", seqOf("novopskovska")],
      ["novopskovskyi", seqOf("novopskovskyi")],
    ]);
    // Once per origin, found through the child's origin; the child itself carries none.
    const d1 = measure(r, "m1").children.find((c) => c.planId === D1);
    expect(d1).not.toHaveProperty("freshness");
    expect(r.freshness.find((f) => f.origin === d1?.origin)).toEqual({
      origin: "novopskovskyi",
      lastSeq: seqOf("novopskovskyi"),
      lastRecordedAt: Q1,
      lastReceivedAt: Q1,
      checkpoint: { seq: 7, hash: "ab".repeat(32), signedAt: "2024-04-03T00:00:00.000Z" },
    });
  });

  it("names each child plan once, not per linked measure", () => {
    const r = rollupOf(federation());
    expect(r.plans.map((p) => p.planId)).toEqual([D2, H, D1]);
    expect(r.measures.flatMap((m) => m.children)).toHaveLength(6);
    for (const c of r.measures.flatMap((m) => m.children)) expect(c).not.toHaveProperty("planTitle");
  });

  it("pages a measure's children, every child still counted in the combined figure", () => {
    const b = federation();
    const whole = measure(rollupOf(b), "m1");
    const first = measure(rollupOf(b, "2024-04-20", { limit: 1 }), "m1");
    expect([first.childCount, first.children.map((c) => c.planId), first.next]).toEqual([2, [D2], id(D2, "m1")]);
    expect(first.combined).toEqual(whole.combined);
    const second = rollupOf(b, "2024-04-20", { limit: 1, measure: id(O, "m1"), after: first.next ?? undefined });
    expect(second.measures.map((m) => m.measureId)).toEqual([id(O, "m1")]);
    const m1 = measure(second, "m1");
    expect([m1.children.map((c) => c.planId), m1.next]).toEqual([[D1], null]);
    // The limit holds at every level; the hromada is still counted in the district's own combined figure.
    expect([m1.children[0]?.childCount, m1.children[0]?.children.map((c) => c.planId)]).toEqual([1, [H]]);
    expect(second.plans.map((p) => p.planId)).toEqual([H, D1]);
    expect(second.freshness.map((f) => f.origin)).toEqual(["bilovodskyi", "novopskovska", "novopskovskyi"]);
  });

  it("gives exactly the same answer computed in slices, with the event loop turning between them", async () => {
    // Several districts: the two above with their hromada, and six more, one cancelled measure, one unlinked, one
    // without a report, so every rule of the combined figure has a say.
    const b = federation();
    const at = "2020-03-01T00:00:00.000Z";
    for (let n = 1; n <= 6; n++) {
      const origin = `district-${n}`;
      const plan = `${origin}.${n}.2019-10-16`;
      b.plan(origin, plan, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 }, parentPlanId: O }, [
        { id: "m1", term, targets: [{ value: 20, unit: "прийомних сімей" }] },
        { id: "m2", term, targets: [{ value: 80, unit: "%" }], aggregation: "average" },
        { id: "m3", term },
      ], at);
      for (const m of ["m1", "m2", "m3"]) link(b, origin, plan, m, "luhanska", O);
      if (n === 5) continue;
      b.report(origin, plan, 2024, 1, [
        { measure: "m1", status: n % 2 === 0 ? "done" : "inProgress", actuals: [{ value: n * 3, unit: "прийомних сімей" }] },
        { measure: "m2", status: "inProgress", actuals: [{ value: 50 + n * 5, unit: "%" }] },
        { measure: "m3", status: n === 3 ? "notDone" : "done" },
      ], Q1);
    }
    b.add("district-2", `plan:district-2.2.2019-10-16`, "MeasureCancelled", { measureId: id("district-2.2.2019-10-16", "m2"), reason: "реорганізація" }, "2024-04-15T00:00:00.000Z");
    b.add("district-4", `plan:district-4.4.2019-10-16`, "MeasureUnlinked", { measureId: id("district-4.4.2019-10-16", "m1") }, "2024-04-15T00:00:00.000Z");
    const state = projectEvents(b.events);
    const plan = state.plans.get(O);
    if (plan === undefined) throw new Error("no oblast plan");
    const checkpointOf = (origin: string) => (origin === "district-3" ? { seq: 4, hash: "cd".repeat(32), signedAt: "2024-04-03T00:00:00.000Z" } : null);
    for (const page of [{}, { limit: 2 }, { limit: 1, measure: id(O, "m1"), after: id("district-1.1.2019-10-16", "m1") }] satisfies RollupPage[]) {
      const whole = rollup(state, plan, "2024-04-20", checkpointOf, page);
      // A turn of the event loop is counted by a callback queued on each: slices of 0 ms pause after every step.
      let turns = 0;
      let counting = true;
      const count = (): void => {
        turns++;
        if (counting) setImmediate(count);
      };
      setImmediate(count);
      const sliced = await Effect.runPromise(rollupSliced(state, plan, "2024-04-20", checkpointOf, page, { sliceMs: 0 }));
      counting = false;
      expect(sliced).toEqual(whole);
      expect(turns).toBeGreaterThan(8);
    }
    const whole = rollup(state, plan, "2024-04-20", checkpointOf);
    expect(measure(whole, "m1").childCount).toBe(7);
    // 33 as above, and districts 1, 2, 3 and 6 (4 unlinked, 5 without a report).
    expect(measure(whole, "m1").combined.targets[0]).toMatchObject({ value: 33 + 3 + 6 + 9 + 18, contributors: 7, missing: [id("district-5.5.2019-10-16", "m1")] });
  });

  it("keeps measures' roll-ups between roll-ups, and recomputes only what a change touched, to the same answer", () => {
    const b = federation();
    const batches: Array<[number, number]> = [];
    const batch = (add: () => void) => {
      const from = b.events.length;
      add();
      batches.push([from, b.events.length]);
    };
    const held = b.events.length;
    const Q2 = "2024-07-02T00:00:00.000Z";
    // A district reports; the hromada, two levels down, reports; a new district links in; a link and a measure go.
    batch(() => b.report("bilovodskyi", D2, 2024, 2, [{ measure: "m1", status: "inProgress", actuals: [{ value: 19, unit: "сімей" }] }], Q2));
    batch(() => b.report("novopskovska", H, 2024, 2, [{ measure: "m1", status: "done", actuals: [{ value: 4, unit: "прийомних сімей" }] }], Q2));
    batch(() => {
      const D3 = "starobilskyi.7.2020-01-10";
      b.plan("starobilskyi", D3, { orderDate: "2020-01-10", period: { from: 2020, to: 2026 }, parentPlanId: O }, [
        { id: "m1", term, targets: [{ value: 10, unit: "прийомних сімей" }] },
      ], Q2);
      link(b, "starobilskyi", D3, "m1", "luhanska", O);
      b.report("starobilskyi", D3, 2024, 2, [{ measure: "m1", status: "inProgress", actuals: [{ value: 2, unit: "прийомних сімей" }] }], Q2);
    });
    batch(() => {
      b.add("bilovodskyi", `plan:${D2}`, "MeasureUnlinked", { measureId: id(D2, "m3") }, Q2);
      b.add("novopskovskyi", `plan:${D1}`, "MeasureCancelled", { measureId: id(D1, "m2"), reason: "реорганізація" }, Q2);
    });
    const state = projectEvents(b.events.slice(0, held));
    const at = "2024-07-10";
    const checkpointOf = () => null;
    const memo = rollupMemo();
    const oblastOf = (s: LedgerState) => {
      const plan = s.plans.get(O);
      if (plan === undefined) throw new Error("no oblast plan");
      return plan;
    };
    const both = (s: LedgerState) => ({
      kept: rollup(s, oblastOf(s), at, checkpointOf, {}, memo),
      whole: rollup(s, oblastOf(s), at, checkpointOf),
    });
    memo.prepare(state, at, { reset: false, plans: [] });
    const first = both(state);
    expect(first.kept).toEqual(first.whole);
    // Three measures of the oblast, three of each district, the hromada's one.
    expect(memo.size()).toBe(10);
    const kept: number[] = [];
    for (const [from, to] of batches) {
      const changed = new Set<string>();
      for (const e of b.events.slice(from, to)) {
        const touched = applyEvent(state, e);
        if (touched.kind === "plan") changed.add(touched.planId);
        else if (touched.kind !== "none") changed.add(state.reports.get(touched.reportId)?.planId ?? "");
      }
      memo.prepare(state, at, { reset: false, plans: changed });
      kept.push(memo.size());
      const { kept: answer, whole } = both(state);
      expect(answer).toEqual(whole);
    }
    // What survived each change: the other district and the hromada; the district above the hromada but its linked
    // measure, and the other district; all but the oblast measure the new district links to; the hromada and the new
    // district (the oblast's measures go whenever a district under them changes).
    expect(kept).toEqual([4, 5, 9, 2]);
    expect(measure(both(state).kept, "m1").combined.targets[0]).toMatchObject({ value: 5 + 19 + 10 + 4 + 2, contributors: 4 });

    // A memo not told of a change answers as before it: what `prepare` is for.
    b.report("bilovodskyi", D2, 2024, 3, [{ measure: "m1", status: "inProgress", actuals: [{ value: 25, unit: "сімей" }] }], "2024-10-02T00:00:00.000Z");
    for (const e of b.events.slice(batches[batches.length - 1]?.[1])) applyEvent(state, e);
    const late = rollup(state, oblastOf(state), "2024-10-10", checkpointOf);
    memo.prepare(state, at, { reset: false, plans: [] });
    expect(rollup(state, oblastOf(state), at, checkpointOf, {}, memo)).not.toEqual(rollup(state, oblastOf(state), at, checkpointOf));
    // A new day starts afresh.
    memo.prepare(state, "2024-10-10", { reset: false, plans: [] });
    expect(memo.size()).toBe(0);
    expect(rollup(state, oblastOf(state), "2024-10-10", checkpointOf, {}, memo)).toEqual(late);
  });

  it("cuts a link cycle where it closes, and keeps nothing that depends on where the cut fell", () => {
    const b = federation();
    // The hromada's measure is linked back above the district it reports to: H → D1 → H.
    b.add("novopskovskyi", `plan:${D1}`, "MeasureLinked", { measureId: id(D1, "m1"), parent: { node: "novopskovska", planId: H, measureId: id(H, "m1") } }, Q1);
    const state = projectEvents(b.events);
    const memo = rollupMemo();
    memo.prepare(state, "2024-04-20", { reset: false, plans: [] });
    for (const planId of [H, D1, H]) {
      const plan = state.plans.get(planId);
      if (plan === undefined) throw new Error(`no ${planId}`);
      expect(rollup(state, plan, "2024-04-20", () => null, {}, memo)).toEqual(rollup(state, plan, "2024-04-20"));
    }
    // Only the district's two measures outside the cycle were kept.
    expect(memo.size()).toBe(2);
    const h = state.plans.get(H);
    expect(h && rollup(state, h, "2024-04-20").measures[0]?.children.map((c) => [c.planId, c.childCount])).toEqual([[D1, 0]]);
  });
});
