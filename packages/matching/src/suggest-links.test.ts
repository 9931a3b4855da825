import { describe, expect, it } from "vitest";
import { romanValue } from "./roman-numeral.js";
import { type LinkablePlan, suggestLinks } from "./suggest-links.js";
import { cosine, jaccard, learnIdf, vectorize } from "./tf-idf.js";
import { stem, tokens } from "./ukrainian-tokens.js";

const plan = (
  sections: ReadonlyArray<readonly [label: string, title: string, measures: ReadonlyArray<readonly [string, string]>]>,
  prefix: string,
): LinkablePlan => ({
  sections: sections.map(([label, title, measures]) => ({
    label,
    title,
    tasks: [
      {
        label: "1",
        title: "",
        measures: measures.map(([t, indicator], i) => ({ id: `${prefix}${label}.${i + 1}`, label: `${i + 1})`, title: t, indicator })),
      },
    ],
  })),
});

describe("Ukrainian tokens", () => {
  it("drops function words and keeps prefix stems, so inflected forms meet", () => {
    expect(tokens("надання послуги соціального супроводу")).toEqual(["наданн", "послуг", "соціал", "супров"]);
    expect(tokens("послуг соціальних")).toEqual(["послуг", "соціал"]);
    expect(stem("сім'ї")).toBe("сім'ї");
  });

  it("rejoins a word the dump hyphenated across a line and ignores apostrophe variants", () => {
    expect(tokens("працевлаштуванні на ро- бочому місці")).toEqual(["працев", "робочо", "місці"]);
    expect(tokens("сім’ї")).toEqual(tokens("сім'ї"));
  });
});

describe("romanValue", () => {
  it("reads Latin numerals and the dumps' Cyrillic look-alikes", () => {
    expect(["I", "II", "III", "IV", "ІУ", "У", "VI", "VIII."].map(romanValue)).toEqual([1, 2, 3, 4, 4, 5, 6, 8]);
    expect(romanValue("Моніторинг")).toBeNull();
  });
});

describe("TF-IDF", () => {
  it("weighs rare shared words above common ones", () => {
    const docs = [["послуг", "консул"], ["послуг", "профіл"], ["послуг", "супров"]];
    const idf = learnIdf(docs);
    expect(idf.weight("консул")).toBeGreaterThan(idf.weight("послуг"));
    const a = vectorize(["послуг", "консул"], idf);
    expect(cosine(a, vectorize(["консул"], idf))).toBeGreaterThan(cosine(a, vectorize(["послуг"], idf)));
    expect(cosine(a, a)).toBeCloseTo(1, 10);
    expect(jaccard(["a", "b"], ["b", "c"])).toBeCloseTo(1 / 3, 10);
  });
});

describe("suggestLinks", () => {
  const oblast = plan(
    [
      ["II", "Розвиток соціальних послуг", [
        ["впровадження соціальної послуги консультування", "надання послуги"],
        ["впровадження соціальної послуги профілактики", "надання послуги"],
      ]],
      ["IV", "Кадрове забезпечення", [
        ["забезпечення персоналом соціальної послуги консультування. Підготовка соціальних працівників", "створення 332 посад"],
        ["забезпечення персоналом соціальної послуги профілактики. Підготовка соціальних працівників", "створення 113 посад"],
      ]],
      ["VI", "Інформаційно-просвітницька діяльність", [["проведення обласних заходів з нагоди Дня усиновлення", "проведення заходів"]]],
    ],
    "o",
  );

  it("ranks the parent measure of the same service first, with runners-up best first", () => {
    const district = plan([["II", "Розвиток соціальних послуг", [["надання соціальної послуги консультування", "надання послуги"]]]], "d");
    const [s] = suggestLinks(district, oblast);
    expect(s?.best?.measureId).toBe("oII.1");
    // the other service of the same section outranks the staffing of this one; the unrelated event comes last
    expect(s?.runnersUp.map((c) => c.measureId)).toEqual(["oII.2", "oIV.1", "oIV.2"]);
    const scores = [s?.best?.score ?? 0, ...(s?.runnersUp.map((c) => c.score) ?? [])];
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("lets the section's correspondence choose between the service and its staffing", () => {
    const district = plan([["ІУ", "Кадрове забезпечення", [["підготовка соціальних працівників для соціальної послуги профілактики", ""]]]], "d");
    const [s] = suggestLinks(district, oblast);
    expect(s?.best?.measureId).toBe("oIV.2");
    expect(s?.best?.parts.section).toBe(1);
  });

  it("matches sections by title when the numerals disagree", () => {
    const district = plan([["У", "Інформаційно-просвітницька діяльність", [["проведення районних заходів з нагоди Дня усиновлення", ""]]]], "d");
    const [s] = suggestLinks(district, oblast);
    expect([s?.best?.measureId, s?.best?.sectionLabel]).toEqual(["oVI.1", "VI"]);
  });

  it("returns no candidate when the parent plan is empty", () => {
    const district = plan([["I", "Координація", [["проведення засідань", ""]]]], "d");
    expect(suggestLinks(district, { sections: [] })).toEqual([
      { measureId: "dI.1", label: "1)", title: "проведення засідань", best: null, runnersUp: [] },
    ]);
  });
});
