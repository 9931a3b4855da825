/**
 * @module Test helper: a plan parsed from a seed document laid out again as the grid a Word copy of it would
 * give (the seed's own header wording, merged cells, pages), so the general reader can be checked against
 * the seed layouts' reading of the same document.
 */
import type { Executor, MeasureDoc, PlanDocument } from "@planledger/domain";
import type { GridCell, GridRow, GridTable, Paragraph, ReadDocument } from "../grid.js";

/** How the seed's table is printed: 4 columns (№ 852), 6 columns (№ 1003, № 328), or money by year (the 2024–2028 program). */
export type SeedTableKind = "four-columns" | "six-columns" | "money";

/** A cell before it is placed: text, columns spanned, or merged with the cell above. */
type Draft = { readonly text: string; readonly span?: number; readonly merged?: boolean };

export interface SeedGridOptions {
  readonly kind: SeedTableKind;
  /** The lines of the seed before its table. */
  readonly preamble: ReadonlyArray<string>;
  /** Rows per page: the table is cut into one GridTable per page. */
  readonly pageRows?: number;
  /** Print the header again at the top of each page (else only the column-number row, or nothing). */
  readonly repeatHeader?: "header" | "numbering" | "none";
}

const executorsText = (list: ReadonlyArray<Executor>): string => list.map((e) => (e.byConsent ? `${e.name} (за згодою)` : e.name)).join("; ");

const titled = (m: MeasureDoc): string => (m.label === "" ? m.title : `${m.label} ${m.title}`);

const moneyOf = (amount: number | null | undefined): string => (amount === null || amount === undefined ? "" : String(amount));

/**
 * Lays a parsed seed plan out as a `ReadDocument`.
 *
 * @example seedToGrid(parsed.document, { kind: "four-columns", preamble: lines.slice(0, 49) }).tables[0]?.rows[0]?.cells[0]?.text // "№ з/п"
 */
export const seedToGrid = (doc: PlanDocument, options: SeedGridOptions): ReadDocument => {
  const years = [...new Set(doc.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.flatMap((m) => m.budget.flatMap((l) => Object.keys(l.byYear))))))]
    .map(Number)
    .sort((a, b) => a - b);
  const header: Draft[][] = [];
  let width = 0;
  if (options.kind === "four-columns") {
    header.push(["№ з/п", "Назва заходу", "Відповідальні за виконання", "Термін виконання"].map((text) => ({ text })));
    width = 4;
  } else if (options.kind === "six-columns") {
    header.push(["№ з/п", "Найменування завдання", "Найменування заходу", "Термін виконання", "Виконавці", "Індикатори (показники) виконання завдань"].map((text) => ({ text })));
    width = 6;
  } else {
    width = 7 + years.length;
    header.push([
      { text: "№ з/п" },
      { text: "Найменування завдання" },
      { text: "Найменування\nзаходу" },
      { text: "Виконавці" },
      { text: "Джерела фінансування (місцевий бюджет, інші)" },
      { text: "Прогнозний обсяг фінансових ресурсів для виконання завдань, тис. гривень,\nу тому числі за роками", span: 1 + years.length },
      { text: "Очікувані результаті" },
    ]);
    header.push([
      ...Array.from({ length: 5 }, () => ({ text: "", merged: true })),
      { text: "усього" },
      ...years.map((y) => ({ text: String(y) })),
      { text: "", merged: true },
    ]);
  }
  const numbering: Draft[] = Array.from({ length: width }, (_, i) => ({ text: String(i + 1) }));
  const body: Draft[][] = [];
  const grand = { total: 0, byYear: new Map<number, number>() };
  for (const section of doc.sections) {
    body.push([{ text: `${section.label} ${section.title}`.trim(), span: width }]);
    for (const task of section.tasks) {
      const implicit = task.label === "" && task.title === section.title;
      if (options.kind === "four-columns") {
        if (!implicit) body.push([{ text: `${task.label} ${task.title}`.trim(), span: width }]);
        for (const m of task.measures) body.push([{ text: m.label }, { text: m.title }, { text: executorsText(m.executors) }, { text: m.term.text }]);
        continue;
      }
      const taskCells = (first: boolean): Draft[] => (first ? [{ text: task.label }, { text: task.title }] : [{ text: "", merged: true }, { text: "", merged: true }]);
      if (task.measures.length === 0) body.push([...taskCells(true), ...Array.from({ length: width - 2 }, () => ({ text: "" }))]);
      task.measures.forEach((m, k) => {
        if (options.kind === "six-columns") {
          body.push([...taskCells(k === 0), { text: titled(m) }, { text: m.term.text }, { text: executorsText(m.executors) }, { text: m.indicator.text }]);
          return;
        }
        const lines = m.budget.length === 0 ? [null] : m.budget;
        let previous: string | null = null;
        lines.forEach((line, j) => {
          // A money line names its executor: the measure's executors found in it, with their consent marks.
          const own = line === null ? m.executors : m.executors.filter((e) => line.executor.includes(e.name));
          const executor = line === null ? executorsText(m.executors) : own.length > 0 ? executorsText(own) : line.executor;
          const money: Draft[] = [
            { text: line?.source ?? "" },
            { text: moneyOf(line?.total) },
            ...years.map((y) => ({ text: moneyOf(line?.byYear[String(y)]) })),
          ];
          if (line !== null) {
            grand.total += line.total ?? 0;
            for (const y of years) grand.byYear.set(y, (grand.byYear.get(y) ?? 0) + (line.byYear[String(y)] ?? 0));
          }
          body.push([
            ...taskCells(k === 0 && j === 0),
            j === 0 ? { text: titled(m) } : { text: "", merged: true },
            executor === previous ? { text: "", merged: true } : { text: executor },
            ...money,
            j === 0 ? { text: m.indicator.text } : { text: "", merged: true },
          ]);
          previous = executor;
        });
      });
    }
  }
  if (options.kind === "money") {
    const round = (n: number) => String(Math.round(n * 1000) / 1000);
    body.push([{ text: "Всього", span: 5 }, { text: round(grand.total) }, ...years.map((y) => ({ text: round(grand.byYear.get(y) ?? 0) })), { text: "" }]);
  }

  const pageRows = options.pageRows ?? body.length;
  const pages: Draft[][][] = [];
  for (let i = 0; i < body.length; i += pageRows) pages.push(body.slice(i, i + pageRows));
  const tables: GridTable[] = pages.map((page, p) => {
    const top = p === 0 || options.repeatHeader === "header" ? [...header, numbering] : options.repeatHeader === "numbering" ? [numbering] : [];
    const drafts = [...top, ...page.map((row, r) => (r === 0 ? row.map((c) => (c.merged === true ? { text: "" } : c)) : row))];
    const rows: GridRow[] = drafts.map((row, r) => {
      const cells: GridCell[] = row.map((c, k) => {
        const place = { table: p + 1, row: r + 1, cell: k + 1 };
        return c.merged === true ? { text: "", colSpan: c.span ?? 1, continuesAbove: true, place } : { text: c.text, colSpan: c.span ?? 1, place };
      });
      return { cells, place: { table: p + 1, row: r + 1 } };
    });
    return { rows, rowsAreLines: false, place: { table: p + 1 } };
  });
  const preamble: Paragraph[] = options.preamble.map((text, i) => ({ text, place: { line: i + 1 } })).filter((p) => p.text.trim() !== "");
  return { format: "docx", paragraphs: preamble, tables, preamble };
};

/**
 * The same document as a PDF's text layer gives it: every body row printed as two lines, each cell's words
 * cut in half, the number only on the first line; rows spanning the table stay one line.
 *
 * @example asPdfLines(seedToGrid(doc, { kind: "four-columns", preamble: [] })).tables[0]?.rowsAreLines // true
 */
export const asPdfLines = (doc: ReadDocument): ReadDocument => ({
  ...doc,
  format: "pdf",
  tables: doc.tables.map((t): GridTable => {
    let line = 0;
    const next = (cells: ReadonlyArray<string>): GridRow => {
      line++;
      return { cells: cells.map((text, k) => ({ text, colSpan: 1, place: { table: t.place.table ?? 1, line, cell: k + 1 } })), place: { table: t.place.table ?? 1, line } };
    };
    const rows = t.rows.flatMap((r): GridRow[] => {
      if (r.cells.some((c) => c.colSpan > 1) || r.cells.every((c, k) => c.text === String(k + 1))) {
        line++;
        return [{ ...r, place: { table: t.place.table ?? 1, line } }];
      }
      const halves = r.cells.map((c) => {
        const words = c.text.split(/\s+/).filter((w) => w !== "");
        const k = Math.ceil(words.length / 2);
        return [words.slice(0, k).join(" "), words.slice(k).join(" ")] as const;
      });
      return [next(halves.map((h) => h[0])), next(halves.map((h, k) => (k === 0 ? "" : h[1])))];
    });
    return { rows, rowsAreLines: true, place: t.place };
  }),
});
