/**
 * @module Layout "markdown-tables" (plan № 328): a Markdown table per page, each page opening with an
 * empty header row; some pages lose the first column; section headings may fall between tables.
 */
import { PlanBuilder } from "../plan-builder.js";
import { stripMarkup } from "../text/clean.js";
import { finishLayout } from "./finish.js";
import type { Layout, LayoutResult } from "./layout.js";
import { readRow6, readSectionHeading } from "./six-columns.js";
import type { Source, SourceLine } from "./source.js";

const isTableLine = (text: string): boolean => text.trimStart().startsWith("|");
const isSeparator = (cells: ReadonlyArray<string>): boolean => cells.every((c) => /^:?-*:?$/.test(c.trim()));

const cellsOf = (text: string): string[] => {
  const t = text.trim();
  return t.slice(1, t.endsWith("|") ? -1 : undefined).split("|");
};

const parse = (source: Source): LayoutResult => {
  const lines = source.lines;
  const first = lines.findIndex((l) => isTableLine(l.text));
  if (first < 0) return { ok: false, reason: "немає таблиць Markdown / no Markdown tables" };
  let lastTable = first;
  lines.forEach((l, i) => {
    if (isTableLine(l.text)) lastTable = i;
  });
  const b = new PlanBuilder();
  let cut: SourceLine | null = null;
  for (let i = first; i <= lastTable; i++) {
    const l = lines[i];
    if (l === undefined) break;
    if (!isTableLine(l.text)) {
      const heading = readSectionHeading(stripMarkup(l.text));
      if (heading !== null) b.section(heading.label, heading.title, l.line);
      continue;
    }
    const trimmed = l.text.trim();
    if (!trimmed.endsWith("|") || trimmed.length < 2 || (i === lines.length - 1 && source.cutAtEnd)) {
      cut = l;
      break;
    }
    const cells = cellsOf(l.text).map(stripMarkup);
    if (isSeparator(cells)) continue;
    if (cells.every((c) => c === "")) continue;
    if (/№\s*з\/п/u.test(cells[0] ?? "")) continue;
    if (cells.every((c, k) => c === String(k + 1))) continue;
    readRow6({ cells, line: l.line }, b);
  }
  return finishLayout(b, source, lines.slice(0, first), cut, {});
};

export const markdownTables: Layout = {
  name: "markdown-tables",
  sniff: (source) => source.lines.filter((l) => /^\s*\|.*\|\s*$/.test(l.text)).length >= 3,
  parse,
};
