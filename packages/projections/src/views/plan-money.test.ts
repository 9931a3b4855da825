import { describe, expect, it } from "vitest";
import { projectEvents } from "../model/project-events.js";
import { LogBuilder, deadline } from "../testing/log-builder.js";
import { planMoney } from "./plan-money.js";

const P = "volynska.1.2024-01-20";
const OB = "обласний бюджет";
const MB = "місцеві бюджети";

const log = (): LogBuilder => {
  const b = new LogBuilder().plan("volynska", P, { orderDate: "2024-01-20", period: { from: 2024, to: 2028 } }, [
    {
      id: "m1",
      term: deadline("2028-12-31"),
      budget: [
        { executor: "ОСЦ", source: OB, total: 300, byYear: { "2024": 100, "2025": 200 } },
        // The document's "Всього" is wrong by 10: the check must catch it.
        { executor: "громади", source: MB, total: 60, byYear: { "2024": 20, "2025": 30 } },
      ],
    },
    {
      id: "m2",
      term: deadline("2028-12-31"),
      budget: [{ executor: "ОСЦ", source: OB, total: 50.5, byYear: { "2024": 50.5 } }],
    },
    { id: "m3", term: deadline("2028-12-31"), budget: [{ executor: "ЦСССДМ", source: OB, total: 40, byYear: { "2024": 40 } }] },
  ], "2024-01-25T00:00:00.000Z");
  b.add("volynska", `plan:${P}`, "MeasureCancelled", { measureId: `${P}.s1.t1.m3`, reason: "дублює захід 2" },
    "2024-02-01T00:00:00.000Z");
  b.report("volynska", P, 2024, 1, [
    { measure: "m1", status: "inProgress", spent: [{ source: OB, amount: 25.25 }, { source: MB, executor: "громади", amount: 5 }] },
    { measure: "m2", status: "inProgress", spent: [{ source: OB, amount: 10 }] },
  ], "2024-04-02T00:00:00.000Z");
  b.report("volynska", P, 2024, 2, [{ measure: "m1", status: "inProgress", spent: [{ source: OB, amount: 30 }] }],
    "2024-07-02T00:00:00.000Z");
  // Returned reports do not count until re-submitted.
  b.report("volynska", P, 2024, 3, [{ measure: "m1", status: "inProgress", spent: [{ source: OB, amount: 999 }] }],
    "2024-10-02T00:00:00.000Z");
  b.add("volynska", `review:ukraine:${P}.2024-q3`, "ReportReturned", {
    reportId: `${P}.2024-q3`,
    reportRef: { origin: "volynska", seq: 20, hash: "cd".repeat(32) },
    reason: "суми не збігаються",
  }, "2024-10-04T00:00:00.000Z");
  return b;
};

describe("money planned against spent", () => {
  const state = projectEvents(log().events);
  const plan = state.plans.get(P);
  if (plan === undefined) throw new Error("plan not folded");
  const money = planMoney(state, plan, "2024-10-10");

  it("sums per year, source and executor, quarters of a year added up", () => {
    expect(money.rows).toEqual([
      { year: 2024, source: "місцеві бюджети", executor: "громади", planned: 20, spent: 5 },
      { year: 2024, source: "обласний бюджет", executor: "ОСЦ", planned: 150.5, spent: 65.25 },
      { year: 2025, source: "місцеві бюджети", executor: "громади", planned: 30, spent: 0 },
      { year: 2025, source: "обласний бюджет", executor: "ОСЦ", planned: 200, spent: 0 },
    ]);
    expect(money.byYear).toEqual([
      { key: "2024", planned: 170.5, spent: 70.25 },
      { key: "2025", planned: 230, spent: 0 },
    ]);
    expect(money.bySource.map((s) => [s.key, s.planned])).toEqual([
      [MB, 50],
      [OB, 350.5],
    ]);
    expect(money.total).toEqual({ planned: 400.5, spent: 70.25 });
  });

  it("leaves cancelled measures out of the plan and shows what they had", () => {
    expect(money.cancelledPlanned).toBe(40);
  });

  it("checks every stated total against its years", () => {
    expect(money.totalsChecked).toBe(4);
    expect(money.mismatches).toEqual([
      {
        measureId: `${P}.s1.t1.m1`,
        label: "1)",
        executor: "громади",
        source: MB,
        stated: 60,
        computed: 50,
        difference: 10,
      },
    ]);
  });
});
