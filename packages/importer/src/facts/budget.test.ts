import { describe, expect, it } from "vitest";
import { Anomalies } from "./anomalies.js";
import { checkStatedTotals, inThousands, moneyUnit, readAmount, splitAmounts, splitSources, stackedYears, toBudgetLines } from "./budget.js";

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

describe("the years stacked under the total in one money cell", () => {
  const read = (t: string) => {
    const s = stackedYears(t);
    return s === null ? null : { total: s.total, years: Object.fromEntries(s.years) };
  };

  it("gives the total and each year printed, however the years are written", () => {
    expect(read("195,0\nу т. ч.:\n2026 р. – 60,0\n2027 р. – 65,0\n2028 р. – 70,0")).toEqual({ total: "195,0", years: { 2026: "60,0", 2027: "65,0", 2028: "70,0" } });
    expect(read("1 250,0 у тому числі: 2027 рік: 1 250,0")).toEqual({ total: "1 250,0", years: { 2027: "1 250,0" } });
    expect(read("300 в т.ч. 2026 – 100; 2027 – 200")).toEqual({ total: "300", years: { 2026: "100", 2027: "200" } });
    // The rest of such a cell carried over to the next page: years with no total.
    expect(read("2027 р. – 48,0\n2028 р. – 48,0")).toEqual({ total: "", years: { 2027: "48,0", 2028: "48,0" } });
  });

  it("is nothing for one amount, a dash, a range of years, or text around the years", () => {
    for (const t of ["195,0", "–", "2026–2027", "2026-2027 роки", "бюджет громади 2026 р. – 5,0", "2026 р. – 5,0 (орієнтовно)"]) expect(read(t)).toBeNull();
  });
});

describe("money printed in hryvnias (held-out-11's habit)", () => {
  it("tells the unit a money header prints: thousands (also broken over lines, or none named), hryvnias, millions", () => {
    expect(moneyUnit("Обсяг фінансування, грн / 2026 рік")).toBe("hryvnias");
    expect(moneyUnit("Вартість, гривень")).toBe("hryvnias");
    expect(moneyUnit("Обсяги фінансування, тис. грн / 2026")).toBe("thousands");
    expect(moneyUnit("Обсяг фінансування, тис. / грн")).toBe("thousands");
    expect(moneyUnit("Прогнозний обсяг фінансових ресурсів, тисяч гривень")).toBe("thousands");
    expect(moneyUnit("2026 рік")).toBe("thousands");
    expect(moneyUnit("Обсяг фінансування, млн грн")).toBe("millions");
  });

  it("writes an amount in thousand hryvnias, leaving «–» and text as printed", () => {
    expect(inThousands("1 250 000,00", "hryvnias")).toBe("1250");
    expect(inThousands("36 500,00", "hryvnias")).toBe("36.5");
    expect(inThousands("12 345,67", "hryvnias")).toBe("12.34567");
    expect(inThousands("1,25", "millions")).toBe("1250");
    expect(inThousands("48 000,00", "thousands")).toBe("48 000,00");
    expect(inThousands("–", "hryvnias")).toBe("–");
    expect(inThousands("за кошторисом", "hryvnias")).toBe("за кошторисом");
  });
});

describe("readAmount: held-out-25's English number format", () => {
  it("reads «6,250.0» and «1,380.5» as a sheet set to the English format prints them, and leaves «6,250» a Ukrainian decimal", () => {
    expect(readAmount("6,250.0")).toEqual({ value: 6250, ok: true });
    expect(readAmount("1,380.5")).toEqual({ value: 1380.5, ok: true });
    expect(readAmount("12,400,000.00")).toEqual({ value: 12400000, ok: true });
    expect(readAmount("6,250")).toEqual({ value: 6.25, ok: true });
    expect(readAmount("6,25.0").ok).toBe(false);
  });
});

describe("toBudgetLines: held-out-28's stacked sources with a lone «–» in a year", () => {
  it("splits two sources stacked in one row by their stacked amounts, a lone «–» standing for none from either", () => {
    const lines = toBudgetLines(
      [{ executor: "Відділ освіти", source: "бюджет громади\nсубвенція з державного бюджету", total: "900,0\n2 700,0", years: ["900,0\n2 700,0", "–", "–"], line: 1 }],
      [2026, 2027, 2028],
      [],
      new Anomalies(),
    );
    expect(lines.map((l) => [l.source, l.total, l.byYear])).toEqual([
      ["бюджет громади", 900, { "2026": 900 }],
      ["субвенція з державного бюджету", 2700, { "2026": 2700 }],
    ]);
  });
});
