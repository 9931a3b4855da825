import { describe, expect, it } from "vitest";
import { counts, measureAt, mustParse, seedBytes, seeds } from "../testing/fixtures.js";

describe("tab-markup layout: Luhansk oblast plan № 1003", () => {
  const parsed = mustParse(seedBytes(seeds.plan1003));
  const doc = parsed.document;

  it("is detected and counts 8 sections, 11 tasks, 95 measures", () => {
    expect(parsed.layout).toBe("tab-markup");
    expect(counts(doc)).toEqual({ sections: 8, tasks: 11, measures: 95 });
    expect(doc.sections.map((s) => s.tasks.reduce((n, t) => n + t.measures.length, 0))).toEqual([7, 34, 6, 16, 18, 6, 3, 5]);
    expect(doc.sections[0]?.title).toBe("Координація та взаємодія в процесі реформування системи інституційного догляду та виховання дітей в області");
  });

  it("reads the order and the national plan it implements", () => {
    expect(doc.plan.order).toEqual({ number: "1003", date: "2018-12-12" });
    expect(doc.plan.period).toEqual({ from: 2018, to: 2026 });
    expect(doc.plan.implements).toMatchObject({ number: "526-р", date: "2017-08-09" });
  });

  it("keeps the block printed twice once and reports each repeated row", () => {
    const repeated = doc.anomalies.filter((a) => a.kind === "repeated-row");
    expect(repeated.map((a) => a.where)).toEqual([
      "IV. / 1. / 13) · рядок 168",
      "IV. / 1. / 14) · рядок 169",
      "IV. / 1. / 15) · рядок 170",
      "IV. / 1. / 16) · рядок 171",
    ]);
    expect(doc.sections[3]?.tasks[0]?.measures.map((m) => m.label)).toEqual(
      ["1)", "2)", "3)", "4)", "5)", "6)", "7)", "8)", "9)", "10)", "11)", "12)", "13)", "14)", "15)", "16)"],
    );
  });

  it("reads numeric targets from indicators, joined across a page break", () => {
    expect(measureAt(doc, 3, 1, 1).indicator.targets).toEqual([{ value: 115, unit: "прийомних сімей" }]);
    const m = measureAt(doc, 3, 1, 2);
    expect(m.title).toBe(
      "забезпечення розвитку мережі дитячих будинків сімейного типу для влаштування дітей-сиріт та дітей, позбавлених батьківського піклування",
    );
    expect(m.indicator).toMatchObject({ text: "створення 21 дитячого будинку сімейного типу", targets: [{ value: 21, unit: "дитячого будинку сімейного типу" }] });
    expect(m.term).toMatchObject({ kind: "interval", text: "2018-2026 роки" });
    expect(measureAt(doc, 2, 1, 1).indicator.targets).toEqual([{ value: 8, unit: "ІРЦ" }]);
  });

  it("reads rows the dump shifted left (II.1, measure 2)", () => {
    const m = measureAt(doc, 2, 1, 2);
    expect(m.title).toBe("створення команд з розробки Індивідуальної програми розвитку для дітей з особливими освітніми потребами в навчальних закладах");
    expect(m.term).toMatchObject({ kind: "interval", from: "2018-01-01", to: "2019-12-31" });
    expect(m.indicator.targets).toEqual([{ value: 281, unit: "школі" }]);
    expect(m.executors.map((e) => [e.name, e.byConsent])).toEqual([
      ["Департамент освіти і науки облдержадміністрації", false],
      ["Районні державні адміністрації", false],
      ["Органи місцевого самоврядування", true],
    ]);
  });

  it("reads recurring terms and reports OCR labels and a stray '(за згодою)'", () => {
    expect(measureAt(doc, 1, 1, 1).term).toMatchObject({ kind: "recurring", every: "quarter" });
    expect(measureAt(doc, 8, 1, 3).term).toMatchObject({ kind: "recurring", every: "year", due: { month: 1, day: 10 } });
    expect(doc.anomalies.filter((a) => a.kind === "ocr-label").map((a) => a.where)).toEqual([
      "I. / 1. / б) · рядок 62",
      "II. / 1. / б) · рядок 76",
      "II. / 2. / б) · рядок 84",
      "III. / 1. / б) · рядок 138",
    ]);
    expect(doc.anomalies.filter((a) => a.kind === "stray-consent").map((a) => a.where)).toEqual(["II. / 2. / 7) · рядок 87"]);
    expect(measureAt(doc, 2, 2, 7).executors[0]).toEqual({ name: "Департамент охорони здоров'я облдержадміністрації", byConsent: false });
  });
});
