import { describe, expect, it } from "vitest";
import { counts, measureAt, mustParse, seedBytes, seeds } from "../testing/fixtures.js";

/** The program with one printed amount changed, as a reader's typo would. */
const withLine57 = (cell: string) => {
  const lines = seedBytes(seeds.program2024).toString("utf8").split("\n");
  lines[56] = cell;
  return new TextEncoder().encode(lines.join("\n"));
};

describe("cell-per-line layout: Volyn program 2024–2028", () => {
  const parsed = mustParse(seedBytes(seeds.program2024));
  const doc = parsed.document;

  it("is detected and counts 5 sections, 10 tasks, 35 measures", () => {
    expect(parsed.layout).toBe("cell-per-line");
    expect(counts(doc)).toEqual({ sections: 5, tasks: 10, measures: 35 });
    expect(doc.sections.map((s) => s.title)).toEqual([
      "Реалізація сімейної політики в області",
      "Реалізація гендерної політики",
      "Запобігання і протидія торгівлі людьми",
      "Запобігання і протидія домашньому насильству",
      "Захист прав дітей",
    ]);
  });

  it("leaves the facts the document lacks null, with anomalies, and takes the period from the year columns", () => {
    expect(doc.plan).toMatchObject({ title: null, issuer: null, order: { number: null, date: null } });
    expect(doc.plan.period).toEqual({ from: 2024, to: 2028 });
    const missing = doc.anomalies.filter((a) => a.kind === "missing-fact").map((a) => a.where);
    expect(missing).toEqual(["видавець", "номер розпорядження", "дата розпорядження", "назва"]);
    expect(measureAt(doc, 1, 1, 1).term).toEqual({ kind: "interval", text: "", from: "2024-01-01", to: "2028-12-31" });
  });

  it("reads a measure with two executor rows: targets and both budget lines", () => {
    const m = measureAt(doc, 1, 1, 1);
    expect(m.label).toBe("1.");
    expect(m.title.startsWith("Проведення святкових заходів (День сім’ї, День матері")).toBe(true);
    expect(m.indicator.targets).toEqual([
      { value: 20, unit: "свят" },
      { value: 40000, unit: "осіб" },
    ]);
    expect(m.executors.map((e) => e.name)).toEqual([
      "Департамент соціального захисту населення облдержадміністрації",
      "Служба у справах дітей облдержадміністрації",
    ]);
    expect(m.budget).toEqual([
      {
        executor: "Департамент соціального захисту населення облдержадміністрації",
        source: "обласний бюджет",
        total: 670,
        byYear: { "2024": 100, "2025": 120, "2026": 140, "2027": 150, "2028": 160 },
      },
      {
        executor: "Служба у справах дітей облдержадміністрації",
        source: "обласний бюджет",
        total: 200,
        byYear: { "2024": 40, "2025": 40, "2026": 40, "2027": 40, "2028": 40 },
      },
    ]);
  });

  it("reads '-' and empty cells as no amount, never zero", () => {
    const dashes = measureAt(doc, 3, 1, 2);
    expect(dashes.title).toBe("Забезпечення діяльності Регіональної координаційної ради з питань протидії торгівлі людьми");
    expect(dashes.budget).toEqual([
      { executor: "Департамент соціального захисту населення облдержадміністрації", source: "обласний бюджет", total: null, byYear: {} },
    ]);
    const unicef = measureAt(doc, 1, 1, 3);
    expect(unicef.budget.map((l) => [l.source, l.total, Object.keys(l.byYear).length])).toEqual([
      ["кошти Програми ЮНІСЕФ", null, 0],
      ["кошти місцевих бюджетів", null, 0],
    ]);
  });

  it("keeps part б) with its measure and lets a merged executor cell carry to the next measure", () => {
    const first = measureAt(doc, 5, 2, 1);
    expect(first.title).toContain("а) для кандидатів у прийомні батьки");
    expect(first.title).toContain("б) з питань підвищення виховного потенціалу");
    expect(first.budget.map((l) => [l.executor, l.total])).toEqual([
      ["Обласний центр соціальних служб", 350],
      ["Обласний центр соціальних служб", 200],
    ]);
    expect(first.indicator.targets).toEqual([
      { value: 525, unit: "кандидатів" },
      { value: 400, unit: "прийомних батьків" },
    ]);
    const second = measureAt(doc, 5, 2, 2);
    expect(second.label).toBe("2)");
    expect(second.executors).toEqual([{ name: "Обласний центр соціальних служб", byConsent: false }]);
    expect(second.budget[0]?.byYear).toEqual({ "2024": 10, "2025": 10, "2026": 10, "2027": 10, "2028": 15 });
  });

  it("reports every stated total that is wrong, with both figures, and only those", () => {
    const wrong = doc.anomalies.filter((a) => a.kind === "budget-total-mismatch");
    expect(wrong.map((a) => `${a.where} ${a.message.split(" / ")[0]}`)).toEqual([
      "«Всього, служба у справах дітей облдержадміністрації» / усього · рядок 772 Зазначено 1970, сума рядків 2175",
      "«Всього, служба у справах дітей облдержадміністрації» / 2024 · рядок 772 Зазначено 375, сума рядків 415",
      "«Всього, служба у справах дітей облдержадміністрації» / 2025 · рядок 772 Зазначено 380, сума рядків 425",
      "«Всього, служба у справах дітей облдержадміністрації» / 2026 · рядок 772 Зазначено 395, сума рядків 435",
      "«Всього, служба у справах дітей облдержадміністрації» / 2027 · рядок 772 Зазначено 405, сума рядків 445",
      "«Всього, служба у справах дітей облдержадміністрації» / 2028 · рядок 772 Зазначено 415, сума рядків 455",
      "«Всього» / усього · рядок 781 Зазначено 30564, сума рядків 30769",
      "«Всього» / 2024 · рядок 781 Зазначено 4961, сума рядків 5001",
      "«Всього» / 2025 · рядок 781 Зазначено 5526, сума рядків 5571",
      "«Всього» / 2026 · рядок 781 Зазначено 6122, сума рядків 6162",
      "«Всього» / 2027 · рядок 781 Зазначено 6689, сума рядків 6729",
      "«Всього» / 2028 · рядок 781 Зазначено 7266, сума рядків 7306",
    ]);
    expect(doc.anomalies.filter((a) => a.kind === "budget-line-mismatch")).toEqual([]);
  });

  it("takes a task number printed inside the title cell and reports it", () => {
    expect(doc.sections[4]?.tasks[0]?.label).toBe("1.");
    expect(doc.anomalies.some((a) => a.kind === "label-in-title" && a.where.includes("рядок 561"))).toBe(true);
  });

  it("reports a line total that differs from the sum of its years, and the totals it upsets", () => {
    const changed = mustParse(withLine57("\t680 ")).document;
    expect(measureAt(changed, 1, 1, 1).budget[0]?.total).toBe(680);
    const line = changed.anomalies.filter((a) => a.kind === "budget-line-mismatch");
    expect(line.map((a) => `${a.where} ${a.message.split(" / ")[0]}`)).toEqual([
      "1. / 1) / 1. · рядок 57 Усього 680 ≠ сума за роками 670 (Департамент соціального захисту населення облдержадміністрації)",
    ]);
    const totals = changed.anomalies.filter((a) => a.kind === "budget-total-mismatch" && a.where.includes("/ усього"));
    expect(totals.map((a) => a.message.split(" / ")[0])).toEqual([
      "Зазначено 27584, сума рядків 27594",
      "Зазначено 1970, сума рядків 2175",
      "Зазначено 30564, сума рядків 30779",
    ]);
  });
});
