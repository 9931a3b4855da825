import { describe, expect, it } from "vitest";
import { counts, measureAt, mustParse, seedBytes, seeds, taskAt } from "../testing/fixtures.js";

describe("markdown-tables layout: Novopskov district plan № 328", () => {
  const parsed = mustParse(seedBytes(seeds.plan328));
  const doc = parsed.document;
  const kinds = (kind: string) => doc.anomalies.filter((a) => a.kind === kind);

  it("is detected and counts 6 sections, 9 tasks, 49 measures", () => {
    expect(parsed.layout).toBe("markdown-tables");
    expect(counts(doc)).toEqual({ sections: 6, tasks: 9, measures: 49 });
    expect(doc.sections.map((s) => s.label)).toEqual(["I.", "II.", "III.", "ІУ.", "У.", "VI."]);
    expect(doc.sections[1]?.tasks.map((t) => t.measures.length)).toEqual([3, 6, 2, 13]);
  });

  it("reads the order and the parent order it implements", () => {
    expect(doc.plan.order).toEqual({ number: "328", date: "2019-10-16" });
    expect(doc.plan.issuer).toBe("НОВОПСКОВСЬКА РАЙОННА ДЕРЖАВНА АДМІНІСТРАЦІЯ ЛУГАНСЬКОЇ ОБЛАСТІ");
    expect(doc.plan.period).toEqual({ from: 2019, to: 2026 });
    expect(doc.plan.implements).toMatchObject({ number: "1003", date: "2018-12-12" });
    expect(doc.plan.implements?.title).toContain("Регіонального плану заходів щодо реформування");
  });

  it("joins cells split across a page break, hyphenated words included (II.4, measure 6)", () => {
    const m = measureAt(doc, 2, 4, 6);
    expect(m.label).toBe("6)");
    expect(m.title).toBe("впровадження послуги соціального супроводу при працевлаштуванні на робочому місці");
    expect(m.executors).toEqual([{ name: "Новопсковський районний центр соціальних служб для сім'ї, дітей та молоді", byConsent: false }]);
    expect(m.indicator.text).toBe(
      "Отримання послуги особами з обмеженими можливостями , які потребують соціального супроводу при працевлаштуванні",
    );
  });

  it("joins a page that lost its first column (section III)", () => {
    const t = taskAt(doc, 3, 1);
    expect(t.title).toBe(
      "Створення системи якісних і ефективних форм альтернативного догляду; створення умов для забезпечення прав дитини-сироти, дитини, позбавленої батьківського піклування, на проживання і виховання в сім'ї або в умовах, максимально наближених до сімейного середовища",
    );
    const m = t.measures[0];
    expect(m?.title).toBe("розвиток мережі прийомних сімей для влаштування дітей-сиріт та дітей. позбавлених батьківського піклування");
    expect(m?.executors).toEqual([
      { name: "Служба у справах дітей райдержадміністрації", byConsent: false },
      { name: "Новопсковський районний центр соціальних служб для сім'ї, дітей та молоді", byConsent: false },
      { name: "Селищна та сільські ради", byConsent: true },
    ]);
    expect(m?.term).toMatchObject({ kind: "interval", from: "2019-01-01", to: "2026-12-31" });
  });

  it("reads quarter ranges and the revision years", () => {
    expect(measureAt(doc, 2, 3, 1).term).toMatchObject({ kind: "quarterRange", from: { year: 2019, quarter: 2 }, to: { year: 2019, quarter: 4 } });
    expect(measureAt(doc, 6, 1, 3).term).toMatchObject({ kind: "milestones", years: [2021, 2024, 2026] });
    expect(measureAt(doc, 6, 1, 2).term).toMatchObject({ kind: "recurring", every: "year" });
  });

  it("reports skipped and duplicated measure numbers, OCR labels and the missing task number", () => {
    expect(kinds("skipped-label").map((a) => a.where)).toEqual(["II. / 4 / 9) · рядок 74", "ІУ. / 4) · рядок 99"]);
    expect(kinds("duplicate-label").map((a) => a.where)).toEqual(["II. / 4 / 10) · рядок 77", "II. / 4 / 11) · рядок 78"]);
    expect(kinds("ocr-label").map((a) => a.message.split(" (")[0])).toEqual([
      "Номер «б)» прочитано як б→6",
      "Номер «ІУ.» прочитано як ІУ→IV",
      "Номер «У.» прочитано як У→V",
      "Номер «і» прочитано як і→1",
    ]);
    expect(kinds("missing-label").map((a) => a.where)).toEqual(["ІУ. · рядок 97"]);
    expect(measureAt(doc, 3, 1, 6)).toMatchObject({ label: "б)", ordinal: 6 });
  });

  it("reports misspellings of the district's own name", () => {
    const words = kinds("misspelled-issuer").map((a) => a.where.split(" · ")[0]);
    expect(words).toEqual(expect.arrayContaining(["Новопокковський", "Новопопковський", "Новопокровський", "Новопокровському"]));
    expect(words).not.toContain("Новопсковський");
  });
});
