import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { parseFile } from "../parse-document.js";
import { mustParse, seedBytes, seeds } from "../testing/fixtures.js";
import { csvToPlan, parseCsv, planToCsv } from "./csv.js";
import { xlsxToPlan, planToXlsx } from "./xlsx.js";

describe.each(Object.entries(seeds))("out and back: %s", (_, file) => {
  const doc = mustParse(seedBytes(file)).document;

  it("CSV → plan gives the same plan", () => {
    const csv = planToCsv(doc);
    expect(Either.getOrThrow(csvToPlan(csv))).toEqual(doc);
  });

  it("XLSX → plan gives the same plan", async () => {
    const bytes = await planToXlsx(doc);
    expect(Array.from(bytes.slice(0, 2))).toEqual([0x50, 0x4b]);
    expect(Either.getOrThrow(await xlsxToPlan(bytes))).toEqual(doc);
  });
});

describe("parseFile", () => {
  const doc = mustParse(seedBytes(seeds.plan852)).document;

  it("recognises the XLSX and CSV exports as input", async () => {
    const xlsx = Either.getOrThrow(await parseFile(await planToXlsx(doc)));
    const csv = Either.getOrThrow(await parseFile(new TextEncoder().encode(planToCsv(doc))));
    expect([xlsx.layout, csv.layout]).toEqual(["interchange-xlsx", "interchange-csv"]);
    expect(xlsx.document).toEqual(doc);
    expect(csv.document).toEqual(doc);
  });

  it("refuses a zip that is not a workbook: a broken archive, named so", async () => {
    const r = await parseFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]));
    expect(Either.isLeft(r) ? { tag: r.left._tag, reason: r.left.reason } : null).toEqual({
      tag: "UnreadableDocument",
      reason: "пошкоджений або обрізаний ZIP-архів / corrupt or truncated ZIP archive",
    });
  });
});

describe("CSV columns", () => {
  const doc = mustParse(seedBytes(seeds.program2024)).document;
  const [header = [], ...records] = parseCsv(planToCsv(doc));

  it("writes one row per measure and per budget line, with readable amounts", () => {
    const col = (name: string) => header.indexOf(name);
    const budget = records.filter((r) => r[col("kind")] === "budget");
    expect(records.filter((r) => r[col("kind")] === "measure")).toHaveLength(35);
    expect(budget[0]?.[col("budget_executor")]).toBe("Департамент соціального захисту населення облдержадміністрації");
    expect(budget[0]?.[col("budget_total")]).toBe("670");
    expect(budget[0]?.[col("budget_by_year")]).toBe("2024=100; 2025=120; 2026=140; 2027=150; 2028=160");
  });

  it("reads a hand-typed CSV without the data column through the same readers", () => {
    const csv = [
      "kind,section,task,measure,ordinal,title,term,executors,indicator,budget_executor,budget_source,budget_total,budget_by_year",
      "plan,,,,,План на 2025 рік,,,,,,,",
      "section,I.,,,,Розділ,,,,,,,",
      "task,I.,1.,,,Завдання,,,,,,,",
      'measure,I.,1.,1),1,Захід,до 31.12.2025,"департаменти облдержадміністрації: освіти і науки, охорони здоров\'я; ГУНП (за згодою)",створення 115 прийомних сімей,,,,',
      "budget,I.,1.,1),1,,,,,Департамент освіти і науки облдержадміністрації,обласний бюджет,-,2025=12.5",
    ].join("\n");
    const plan = Either.getOrThrow(csvToPlan(csv));
    const m = plan.sections[0]?.tasks[0]?.measures[0];
    expect(m?.term).toMatchObject({ kind: "deadline", date: "2025-12-31" });
    expect(m?.executors).toEqual([
      { name: "Департамент освіти і науки облдержадміністрації", byConsent: false },
      { name: "Департамент охорони здоров'я облдержадміністрації", byConsent: false },
      { name: "ГУНП", byConsent: true },
    ]);
    expect(m?.indicator.targets).toEqual([{ value: 115, unit: "прийомних сімей" }]);
    expect(m?.budget).toEqual([{ executor: "Департамент освіти і науки облдержадміністрації", source: "обласний бюджет", total: null, byYear: { "2025": 12.5 } }]);
  });

  it("names the row and column of a bad cell", () => {
    const csv = "kind,budget_by_year\nplan,\nsection,\ntask,\nmeasure,\nbudget,2025:12\n";
    const r = csvToPlan(csv);
    expect(Either.isLeft(r) ? r.left.path : null).toBe("рядок 6, колонка budget_by_year / row 6, column budget_by_year");
  });
});
