import { describe, expect, it } from "vitest";
import { Anomalies } from "./anomalies.js";
import { checkStatedTotals, splitAmounts, splitSources, toBudgetLines } from "./budget.js";

describe("sources and amounts stacked in one cell", () => {
  it("splits sources printed one under another, even run together on one line", () => {
    expect(splitSources("державний бюджет бюджети територіальних громад")).toEqual(["державний бюджет", "бюджети територіальних громад"]);
    expect(splitSources("обласний бюджет\nкошти міжнародної технічної допомоги")).toEqual(["обласний бюджет", "кошти міжнародної технічної допомоги"]);
    expect(splitSources("державний бюджет (субвенція на ліквідацію наслідків збройної агресії)")).toEqual(["державний бюджет (субвенція на ліквідацію наслідків збройної агресії)"]);
    expect(splitSources("кошти державного бюджету")).toEqual(["кошти державного бюджету"]);
  });

  it("splits amounts each with its decimals or one a line; a single amount stays one", () => {
    expect(splitAmounts("320 000,0 35 000,0")).toEqual(["320 000,0", "35 000,0"]);
    expect(splitAmounts("42,5\n–")).toEqual(["42,5", "–"]);
    expect(splitAmounts("1 850,0")).toEqual(["1 850,0"]);
    expect(splitAmounts("кошти")).toBeNull();
  });

  it("pairs stacked sources with stacked amounts, and leaves a shared amount unshared as before", () => {
    const lines = toBudgetLines(
      [{ executor: "Миколаївська міська рада", source: "державний бюджет бюджети територіальних громад", total: "320 000,0 35 000,0", years: [], line: 1 }],
      [],
      [],
      new Anomalies(),
    );
    expect(lines.map((l) => [l.source, l.total])).toEqual([
      ["державний бюджет", 320000],
      ["бюджети територіальних громад", 35000],
    ]);
    const shared = toBudgetLines([{ executor: "", source: "обласний бюджет\nмісцеві бюджети", total: "100", years: [], line: 1 }], [], [], new Anomalies());
    expect(shared.map((l) => [l.source, l.total])).toEqual([
      ["обласний бюджет", null],
      ["місцеві бюджети", null],
    ]);
  });
});

describe("checkStatedTotals: a subtotal of a part of the plan", () => {
  it("checks «Разом за розділом» against the measures it covers, not the whole plan", () => {
    const line = (total: number) => ({ executor: "", source: "обласний бюджет", total, byYear: {} });
    const measures = [
      { title: "a", budget: [line(100)] },
      { title: "b", budget: [line(50)] },
      { title: "c", budget: [line(7)] },
    ];
    const anomalies = new Anomalies();
    checkStatedTotals(
      [
        { label: "Разом за розділом 1", total: "150", years: [], line: 3, measures: { from: 0, to: 2 } },
        { label: "Разом за розділом 2", total: "8", years: [], line: 5, measures: { from: 2, to: 3 } },
      ],
      measures,
      [],
      anomalies,
    );
    expect(anomalies.list.map((a) => a.message)).toEqual(["Зазначено 8, сума рядків 7 / stated 8, lines sum to 7"]);
  });
});
