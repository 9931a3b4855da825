/**
 * @module Layout "cell-per-line" (the 2024–2028 program): every cell starts on a line of its own after a
 * tab, continues on the lines that follow without one, and an empty cell is a bare tab line. Rows are
 * recovered from the column count (№, task, measure, executors, source, total, one column per year,
 * expected result); sections, tasks and the closing "Всього" rows are told apart by their content.
 */
import { where } from "../facts/anomalies.js";
import type { RawBudgetRow, StatedTotal } from "../facts/budget.js";
import { PlanBuilder, splitLabel } from "../plan-builder.js";
import { squash } from "../text/clean.js";
import { finishLayout } from "./finish.js";
import type { Layout, LayoutResult } from "./layout.js";
import type { Source, SourceLine } from "./source.js";

interface Cell {
  readonly text: string;
  readonly line: number;
}

const tokenize = (source: Source): { preamble: SourceLine[]; cells: Cell[] } => {
  const preamble: SourceLine[] = [];
  const cells: Array<{ text: string; line: number }> = [];
  for (const l of source.lines) {
    if (l.text.startsWith("\t")) {
      cells.push({ text: l.text.replace(/^\t+/, ""), line: l.line });
    } else if (cells.length === 0) {
      preamble.push(l);
    } else if (l.text.trim() !== "") {
      const last = cells[cells.length - 1];
      if (last !== undefined) last.text = `${last.text}\n${l.text}`;
    }
  }
  return { preamble, cells: cells.map((c) => ({ text: c.text.trim(), line: c.line })) };
};

const findNumbering = (cells: ReadonlyArray<Cell>): { at: number; columns: number } | null => {
  for (let i = 0; i < cells.length; i++) {
    let n = 0;
    while (cells[i + n]?.text === String(n + 1)) n++;
    if (n >= 8) return { at: i, columns: n };
  }
  return null;
};

const isTotal = (text: string): boolean => /^всього/iu.test(text) || /^[-–—]\s+\p{L}/u.test(text);
const isSection = (text: string): boolean => /^\d+\.\s+\p{L}/u.test(text) && !text.includes("\n\t");
const isTaskLabel = (text: string): boolean => /^\d+\s*[.)]?$/u.test(text);
const subPart = /^([а-дА-Д])\)\s*/u;

const parse = (source: Source): LayoutResult => {
  const { preamble, cells } = tokenize(source);
  const numbering = findNumbering(cells);
  if (numbering === null) return { ok: false, reason: "немає рядка нумерації колонок / no column-number row" };
  const years = cells
    .slice(0, numbering.at)
    .map((c) => c.text)
    .filter((t) => /^\d{4}$/.test(t))
    .map(Number);
  const partSize = 5 + years.length;
  if (numbering.columns !== partSize + 2) return { ok: false, reason: "колонки не збігаються з роками / columns do not match the years" };
  const b = new PlanBuilder();
  const stated: StatedTotal[] = [];
  let cut: SourceLine | null = null;
  let merged: { executor: string; source: string } | null = null;
  const lastCell = cells.length - 1;
  const cellAt = (i: number): string => cells[i]?.text ?? "";
  const lineAt = (i: number): number => cells[i]?.line ?? 0;
  const cutAt = (i: number) => {
    const c = cells[i] ?? cells[cells.length - 1];
    cut = c === undefined ? null : { text: c.text, line: c.line };
  };

  const readPart = (i: number): number => {
    if (i + partSize - 1 > lastCell || (source.cutAtEnd && i + partSize - 1 === lastCell)) {
      cutAt(i);
      return cells.length;
    }
    const [title = "", executor = "", fundSource = "", total = "", ...tail] = cells.slice(i, i + partSize).map((c) => c.text);
    const amounts = tail.slice(0, years.length);
    const result = tail[years.length] ?? "";
    const line = lineAt(i);
    const sub = subPart.exec(title);
    const previous = b.last();
    const isSub = sub !== null && previous !== null && /(^|\s)а\)/u.test(previous.title);
    if (title !== "" && !isSub) {
      const split = splitLabel(title);
      // Merged cells: a measure printed with no executor and no source shares those of the row above.
      const inherited = executor === "" && fundSource === "" && merged !== null;
      const m = b.measure(split?.label ?? "", { title: split?.title ?? title, executors: inherited ? (merged?.executor ?? "") : executor, indicator: result }, line);
      if (m === null) return i + partSize;
    } else {
      if (isSub) b.append("title", title, "newline");
      if (executor !== "") b.append("executors", executor, "newline");
      b.append("indicator", result, "newline");
    }
    const m = b.last();
    if (m === null) return i + partSize;
    const row: RawBudgetRow = {
      executor: executor !== "" ? executor : (merged?.executor ?? m.executors),
      source: fundSource !== "" ? fundSource : (merged?.source ?? ""),
      total,
      years: amounts,
      // Money anomalies point at the total cell, where a reader checks the figures.
      line: lineAt(i + 3),
    };
    merged = { executor: row.executor, source: row.source };
    if (row.source !== "" || squash(total) !== "" || amounts.some((a) => squash(a) !== "")) m.budget.push(row);
    return i + partSize;
  };

  const readTotal = (i: number): number => {
    const need = 1 + years.length;
    if (i + need > lastCell + 1 || (source.cutAtEnd && i + need >= lastCell + 1)) {
      cutAt(i);
      return cells.length;
    }
    stated.push({ label: cellAt(i), total: cellAt(i + 1), years: cells.slice(i + 2, i + 2 + years.length).map((c) => c.text), line: lineAt(i) });
    return i + 1 + need;
  };

  let i = numbering.at + numbering.columns;
  while (i < cells.length) {
    const c = cellAt(i);
    // A total row may be padded with an empty cell on either side, so two empties can precede its label.
    let j = i;
    while (j < i + 2 && cellAt(j) === "" && j < lastCell) j++;
    if (isTotal(cellAt(j))) {
      i = readTotal(j);
    } else if (c !== "" && isSection(c)) {
      const m = /^(\d+\.)\s+([\s\S]*)$/u.exec(c);
      b.section(m?.[1] ?? "", squash(m?.[2] ?? c), lineAt(i));
      merged = null;
      i += 1;
    } else if (isTaskLabel(c)) {
      b.task(c, squash(cellAt(i + 1)), lineAt(i));
      merged = null;
      i = readPart(i + 2);
    } else if (c === "") {
      const title = cellAt(i + 1);
      if (title !== "") {
        // "1. Організація роботи …": the task's number printed inside its title cell.
        const inTitle = /^(\d+[.)])\s*([\s\S]*)$/u.exec(title);
        b.task(inTitle?.[1] ?? "", squash(inTitle?.[2] ?? title), lineAt(i));
        if (inTitle !== null) {
          b.anomalies.add("label-in-title", where(b.here(""), lineAt(i + 1)), `Номер завдання «${inTitle[1]}» надруковано в клітинці назви / task number printed in the title cell`);
        }
        merged = null;
      }
      if (i + 1 > lastCell) break;
      i = readPart(i + 2);
    } else {
      i = readPart(i);
    }
  }
  if (cells.length > 0 && source.cutAtEnd && cut === null) cutAt(cells.length - 1);
  const firstYear = years[0];
  const lastYear = years[years.length - 1];
  const period = firstYear !== undefined && lastYear !== undefined ? { from: firstYear, to: lastYear } : undefined;
  if (period !== undefined) {
    b.anomalies.add(
      "term-from-period",
      where([]),
      `Колонки «Термін виконання» немає: заходи виконуються впродовж ${period.from}–${period.to} (колонки років) / no term column; measures run over the years of the budget columns`,
    );
  }
  return finishLayout(b, source, preamble, cut, { years, statedTotals: stated, termless: true }, period);
};

export const cellPerLine: Layout = {
  name: "cell-per-line",
  sniff: (source) => {
    const tabbed = source.lines.filter((l) => l.text.startsWith("\t"));
    const inner = source.lines.filter((l) => /\S\t/.test(l.text));
    return tabbed.length >= 20 && inner.length * 10 < tabbed.length;
  },
  parse,
};
