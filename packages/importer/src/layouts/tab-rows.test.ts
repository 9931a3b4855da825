import { describe, expect, it } from "vitest";
import { counts, measureAt, mustParse, seedBytes, seeds, taskAt } from "../testing/fixtures.js";

describe("tab-rows layout: plan № 852 «Турбота» 2021", () => {
  const parsed = mustParse(seedBytes(seeds.plan852));
  const doc = parsed.document;

  it("is detected and counts as a reader does: 2 sections, 4 tasks (one implied by section 1), 17 measures", () => {
    expect(parsed.layout).toBe("tab-rows");
    expect(counts(doc)).toEqual({ sections: 2, tasks: 4, measures: 17 });
    expect(doc.sections.map((s) => s.label)).toEqual(["1.", "2."]);
    expect(doc.sections[1]?.tasks.map((t) => t.label)).toEqual(["2.1.", "2.2.", "2.3."]);
  });

  it("reads the document facts and reports the two different order dates", () => {
    expect(doc.plan.order).toEqual({ number: "852", date: "2020-02-08" });
    expect(doc.plan.issuer).toBe("ЛУГАНСЬКА ОБЛАСНА ДЕРЖАВНА АДМІНІСТРАЦІЯ");
    expect(doc.plan.title).toBe(
      "Регіональний план заходів щодо розвитку системи надання соціальних послуг населенню «Турбота» на 2021 рік",
    );
    expect(doc.plan.period).toEqual({ from: 2021, to: 2021 });
    const conflict = doc.anomalies.find((a) => a.kind === "conflicting-fact");
    expect(conflict?.message).toContain("2020-02-08");
    expect(conflict?.message).toContain("2020-12-08");
  });

  it("keeps the printed label and gives the ordinal within the task", () => {
    const m = measureAt(doc, 2, 1, 1);
    expect(m.label).toBe("5.");
    expect(m.ordinal).toBe(1);
    expect(m.title).toBe(
      "Проведення тренінгів, семінарів з метою підвищення рівня професійних компетентностей працівників установ – надавачів соціальних послуг",
    );
    expect(m.term).toMatchObject({ kind: "deadline", date: "2021-12-31" });
  });

  it("spreads a department group into one executor per department, with the by-consent flag", () => {
    const m = measureAt(doc, 2, 3, 3);
    expect(m.label).toBe("12.");
    expect(m.executors).toEqual([
      { name: "Департамент освіти і науки облдержадміністрації", byConsent: false },
      { name: "Департамент охорони здоров'я облдержадміністрації", byConsent: false },
      { name: "ГУНП в Луганській області", byConsent: true },
    ]);
    expect(m.term).toMatchObject({ kind: "interval", from: "2021-01-01", to: "2021-12-31" });
  });

  it("joins an executors cell split across the page break (measure 8)", () => {
    const m = measureAt(doc, 2, 2, 2);
    expect(m.label).toBe("8.");
    expect(m.executors.map((e) => e.name)).toEqual([
      "Департамент соціального захисту населення облдержадміністрації",
      "Департамент масових комунікацій облдержадміністрації",
      "КУ «Луганський обласний центр соціальної реабілітації дітей-інвалідів «Відродження»",
      "Луганське обласне відділення Фонду соціального захисту інвалідів",
      "ГС «Луганська Асоціація організації осіб з інвалідністю»",
      "ПРООН",
    ]);
    expect(m.executors.filter((e) => e.byConsent).map((e) => e.name)).toEqual([
      "Луганське обласне відділення Фонду соціального захисту інвалідів",
      "ГС «Луганська Асоціація організації осіб з інвалідністю»",
      "ПРООН",
    ]);
    expect(m.term).toMatchObject({ kind: "interval", from: "2021-07-01", to: "2021-07-31" });
  });

  it("joins a title split across the page break and drops the <p> markup (measure 16)", () => {
    const m = measureAt(doc, 2, 3, 7);
    expect(m.label).toBe("16.");
    expect(m.title).toBe(
      "Реалізація пілотного проекту Глобальної флагаманської ініціативи ООН Жінки «Безпечні міста та безпечні громадські простори» у рамках програми «Безпечні міста, вільні від насильства щодо жінок і дівчат» у місті Рубіжному шляхом підготовки та реалізації Програми «Рубіжне – безпечне місто» на період 2020-2022 роки",
    );
    expect(measureAt(doc, 2, 3, 8).executors).toEqual([
      { name: "Громадська організація «Агенція регіонального розвитку Східного Донбасу»", byConsent: true },
    ]);
  });

  it("puts section 1's measures in a task named after the section", () => {
    const t = taskAt(doc, 1, 1);
    expect(t).toMatchObject({ label: "", title: "Правова підтримка та захист" });
    expect(t.measures.map((m) => m.label)).toEqual(["1.", "2.", "3.", "4."]);
  });
});
