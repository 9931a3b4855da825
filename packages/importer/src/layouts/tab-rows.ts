/**
 * @module Layout "tab-rows" (plan № 852): four tab-separated columns (№, measure, executors, term) with
 * the page header "1 2 3 4" repeated; sections "1. …", tasks "2.1. …", measures numbered through the
 * document; a cell continued on the next page arrives as a row with an empty number.
 */
import { PlanBuilder } from "../plan-builder.js";
import { stripMarkup } from "../text/clean.js";
import { finishLayout } from "./finish.js";
import type { Layout, LayoutResult } from "./layout.js";
import type { Source } from "./source.js";
import { isTabHeader, readTabTable } from "./tab-table.js";

const COLUMNS = 4;

const parse = (source: Source): LayoutResult => {
  const table = readTabTable(source.lines, source.cutAtEnd);
  if (table === null || table.columns !== COLUMNS) return { ok: false, reason: "немає таблиці з 4 колонок / no four-column table" };
  const b = new PlanBuilder();
  for (const row of table.rows) {
    const [no = "", title = "", executors = "", term = ""] = row.cells.map(stripMarkup);
    const heading = /^(\d+(?:\.\d+)*\.)\s+(\S.*)$/u.exec(no);
    if (heading !== null && title === "" && executors === "" && term === "") {
      const label = heading[1] ?? "";
      if (label.split(".").length > 2) b.task(label, heading[2] ?? "", row.line);
      else b.section(label, heading[2] ?? "", row.line);
    } else if (/^\d+\.?$/u.test(no)) {
      b.measure(no, { title, executors, term }, row.line);
    } else if (no === "") {
      b.append("title", title);
      b.append("executors", executors);
      b.append("term", term);
    } else {
      b.measure(no, { title, executors, term }, row.line);
    }
  }
  return finishLayout(b, source, table.preamble, table.cut, {});
};

export const tabRows: Layout = {
  name: "tab-rows",
  sniff: (source) => source.lines.some((l) => isTabHeader(l.text) && l.text.split("\t").length === COLUMNS),
  parse,
};
