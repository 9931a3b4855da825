/**
 * @module Layout "tab-markup" (plan № 1003): six tab-separated columns, `<b>` section headings, the page
 * header "1 2 3 4 5 6" repeated, cells split across pages, a block of rows printed twice.
 */
import { PlanBuilder } from "../plan-builder.js";
import { stripMarkup } from "../text/clean.js";
import { finishLayout } from "./finish.js";
import type { Layout, LayoutResult } from "./layout.js";
import { readRow6 } from "./six-columns.js";
import type { Source } from "./source.js";
import { isTabHeader, readTabTable } from "./tab-table.js";

const parse = (source: Source): LayoutResult => {
  const table = readTabTable(source.lines, source.cutAtEnd);
  if (table === null || table.columns !== 6) return { ok: false, reason: "немає таблиці з 6 колонок / no six-column table" };
  const b = new PlanBuilder();
  for (const row of table.rows) readRow6({ cells: row.cells.map(stripMarkup), line: row.line }, b);
  return finishLayout(b, source, table.preamble, table.cut, {});
};

export const tabMarkup: Layout = {
  name: "tab-markup",
  sniff: (source) => source.lines.some((l) => isTabHeader(l.text) && l.text.split("\t").length === 6),
  parse,
};
