/**
 * @module The four seed documents as a web copy would give them: each parsed by its own layout, its table
 * printed again one cell a paragraph (empty cells leave nothing), then rebuilt by `readWebText` and
 * compared row by row, cell by cell, with the rows that were printed.
 */
import { readFileSync } from "node:fs";
import type { MeasureDoc, PlanDocument } from "@planledger/domain";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { parseText } from "../parse-document.js";
import { squash } from "../text/clean.js";
import { looksLikeWebText, readWebText } from "./web-text.js";

const seedText = (name: string): string => readFileSync(new URL(`../../../../fixtures/plans/${name}`, import.meta.url), "utf8");

const planOf = (name: string): PlanDocument => {
  const r = parseText(seedText(name));
  if (Either.isLeft(r)) throw new Error(r.left.reason);
  return r.right.document;
};

/** The table as printed: header paragraphs, then rows (a row of one cell spans the table). */
interface Flat {
  readonly header: ReadonlyArray<string>;
  readonly columns: number;
  readonly rows: ReadonlyArray<ReadonlyArray<string>>;
}

const executors = (m: MeasureDoc): string => m.executors.map((e) => (e.byConsent ? `${e.name} (за згодою)` : e.name)).join(", ");
const money = (n: number | null | undefined): string => (n === null || n === undefined ? "" : String(n).replace(".", ","));
const heading = (label: string, title: string): string[] => [squash(`${label} ${title}`)];

// № 852: №, measure, executors, term; sections and numbered tasks are rows of their own.
const flatFourColumns = (doc: PlanDocument): Flat => {
  const rows: string[][] = [];
  for (const s of doc.sections) {
    rows.push(heading(s.label, s.title));
    for (const t of s.tasks) {
      if (t.label !== "") rows.push(heading(t.label, t.title));
      for (const m of t.measures) rows.push([m.label, m.title, executors(m), m.term.text]);
    }
  }
  return { header: ["№ з/п", "Назва заходу", "Відповідальні за виконання", "Термін виконання"], columns: 4, rows };
};

// № 1003 and № 328: №, task, measure, term, executors, indicator; the task's cells only on its first row.
const flatSixColumns = (doc: PlanDocument): Flat => {
  const rows: string[][] = [];
  for (const s of doc.sections) {
    rows.push(heading(s.label, s.title));
    for (const t of s.tasks) {
      t.measures.forEach((m, k) => {
        rows.push([k === 0 ? t.label : "", k === 0 ? t.title : "", squash(`${m.label} ${m.title}`), m.term.text, executors(m), m.indicator.text]);
      });
    }
  }
  const header = ["№ з/п", "Найменування завдання", "Найменування заходу", "Термін виконання", "Виконавці", "Індикатори (показники) виконання завдань"];
  return { header, columns: 6, rows };
};

const years = [2024, 2025, 2026, 2027, 2028];

// The 2024–2028 program: a row per budget line; the measure's cells on its first line only.
const flatProgram = (doc: PlanDocument): Flat => {
  const rows: string[][] = [];
  for (const s of doc.sections) {
    rows.push(heading(s.label, s.title));
    for (const t of s.tasks) {
      t.measures.forEach((m, k) => {
        const lines = m.budget.length > 0 ? m.budget : [{ executor: executors(m), source: "", total: null, byYear: {} as Record<string, number> }];
        lines.forEach((b, n) => {
          rows.push([
            k === 0 && n === 0 ? t.label : "",
            k === 0 && n === 0 ? t.title : "",
            n === 0 ? squash(`${m.label} ${m.title}`) : "",
            b.executor,
            b.source,
            money(b.total),
            ...years.map((y) => money(b.byYear[String(y)])),
            n === 0 ? m.indicator.text : "",
          ]);
        });
      });
    }
  }
  const header = [
    "№ з/п",
    "Найменування завдання",
    "Найменування заходу",
    "Виконавці",
    "Джерела фінансування (місцевий бюджет, інші)",
    "Прогнозний обсяг фінансових ресурсів для виконання завдань, тис. гривень, у тому числі за роками",
    "усього",
    ...years.map(String),
    "Очікувані результати",
  ];
  return { header, columns: 12, rows };
};

/** Prints a flattened table as a web page copy gives it: one paragraph a line, blank lines, "\r\n", no-break spaces. */
const webCopy = (title: string, flat: Flat, numbering: boolean): string => {
  const out: string[] = ["РОЗПОРЯДЖЕННЯ", "", title, ""];
  out.push(...flat.header);
  if (numbering) for (let k = 1; k <= flat.columns; k++) out.push(String(k));
  for (const row of flat.rows) {
    for (const cell of row) {
      for (const para of cell.split("\n")) if (para.trim() !== "") out.push(para.replace(/ /, "\u00a0"), "");
    }
  }
  out.push("", "Директор департаменту соціального захисту населення", "Олена КОВАЛЬ");
  return out.join("\r\n");
};

const rebuilt = (text: string): string[][] => {
  const doc = Either.getOrThrow(readWebText(text));
  const table = doc.tables[0];
  if (table === undefined) throw new Error("no table");
  return table.rows.slice(table.headerRows).map((r) => r.cells.map((c) => squash(c.text)));
};

const expected = (flat: Flat): string[][] => flat.rows.map((r) => r.map((c) => squash(c)));

/** Rows whose cells differ, for a readable failure. */
const differences = (got: string[][], want: string[][]): string[] => {
  const out: string[] = [];
  const n = Math.max(got.length, want.length);
  for (let i = 0; i < n && out.length < 8; i++) {
    const a = JSON.stringify(got[i]?.map((c) => c.slice(0, 30)));
    const b = JSON.stringify(want[i]?.map((c) => c.slice(0, 30)));
    if (JSON.stringify(got[i]) !== JSON.stringify(want[i])) out.push(`row ${i + 1}\n  got  ${a}\n  want ${b}`);
  }
  return out;
};

const cases = [
  { name: "000_9d8a7f6d078db2f4.txt", what: "№ 852, four columns", flat: flatFourColumns },
  { name: "001_ff054dd0dbb46d17.txt", what: "program 2024–2028, money by year", flat: flatProgram },
  { name: "002_d9322476a2055758.txt", what: "№ 328, six columns", flat: flatSixColumns },
  { name: "003_b52cafefab6c56ab.txt", what: "№ 1003, six columns", flat: flatSixColumns },
] as const;

describe("the seeds as web copies", () => {
  // A seed dump with tabs has the signature of a browser's copy too (tab-separated cells), so what keeps the seeds
  // exact is the order `parseText` tries: each seed layout first.
  it("the seed dumps themselves are read by their own layouts, not as web copies", () => {
    const layouts = ["tab-rows", "cell-per-line", "markdown-tables", "tab-markup"];
    expect(cases.map((c) => Either.getOrThrow(parseText(seedText(c.name))).layout)).toEqual(layouts);
  });

  for (const c of cases) {
    for (const numbering of [true, false]) {
      it(`${c.what}, ${numbering ? "with" : "without"} the column numbers: every row rebuilt cell by cell`, () => {
        const flat = c.flat(planOf(c.name));
        const text = webCopy("ПЛАН ЗАХОДІВ", flat, numbering);
        expect(looksLikeWebText(text)).toBe(true);
        const got = rebuilt(text);
        expect(differences(got, expected(flat))).toEqual([]);
      });
    }
  }

  // Empty cells where the seeds had none: every 10th filled term/executors/result/money cell left out.
  for (const c of cases) {
    it(`${c.what}, with one cell in ten left empty: rows found again, every wrong row marked doubtful`, () => {
      const flat = c.flat(planOf(c.name));
      let n = 0;
      const firstDroppable = flat.columns === 4 ? 2 : 3;
      const rows = flat.rows.map((r) => (r.length === 1 ? r : r.map((cell, k) => (k >= firstDroppable && cell !== "" && ++n % 10 === 0 ? "" : cell))));
      const holed: Flat = { ...flat, rows };
      const table = Either.getOrThrow(readWebText(webCopy("ПЛАН", holed, false))).tables[0];
      const got = (table?.rows ?? []).slice(table?.headerRows ?? 0);
      const want = expected(holed).map((r) => JSON.stringify(r));
      const found = got.filter((r) => want.includes(JSON.stringify(r.cells.map((x) => squash(x.text)))));
      const wrong = got.filter((r) => !want.includes(JSON.stringify(r.cells.map((x) => squash(x.text)))));
      // The program's holes fall mostly in its year amounts, where which year was empty cannot be told
      // from a copy that prints nothing for it; those rows are the doubtful ones.
      expect(found.length / want.length).toBeGreaterThanOrEqual(c.name.startsWith("001") ? 0.5 : 0.9);
      expect(wrong.filter((r) => r.doubt === undefined).map((r) => r.place.line)).toEqual([]);
    });
  }
});
