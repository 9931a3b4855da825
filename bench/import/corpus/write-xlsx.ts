/**
 * @module A corpus document as Excel (.xlsx, exceljs): the preamble in the first rows merged across the
 * table's width, as administrations type a heading above a sheet's table, then the table with real merged
 * ranges (across and down) and wrapped text. A grid column of width 0 is drawn narrowed almost to nothing, as a
 * person leaves an emptied column in a sheet kept by hand.
 */
import ExcelJS from "exceljs";
import { type CorpusDocument, type CorpusTable, cellText, rowSpanOf, startColumns } from "./corpus-table.js";

/** Fixed so that generating the corpus twice gives the same workbook metadata. */
const STAMP = new Date("2025-01-15T09:00:00Z");

const thin = { style: "thin" as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * Writes the document as .xlsx bytes: every table of the document goes on the same sheet, one under another.
 *
 * @example writeFileSync("plan.xlsx", await toXlsx(doc))
 */
export const toXlsx = async (doc: CorpusDocument, sheetName = "План заходів"): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Plan Ledger corpus";
  wb.created = STAMP;
  wb.modified = STAMP;
  const ws = wb.addWorksheet(sheetName);
  const firstTable = doc.blocks.find((b) => b.kind === "table");
  const width = firstTable?.kind === "table" ? firstTable.table.widths.length : 6;
  if (firstTable?.kind === "table") {
    const sum = firstTable.table.widths.reduce((a, b) => a + b, 0);
    // A width of 0 is a column a person narrowed until it looks hidden (typically left empty): it stays in the grid.
    firstTable.table.widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w === 0 ? 1.3 : Math.max(6, Math.round((w / sum) * 160));
    });
  }
  let at = 1;
  for (const block of doc.blocks) {
    if (block.kind === "paragraph") {
      const c = ws.getCell(at, 1);
      c.value = block.text;
      c.font = { name: "Times New Roman", size: 12, bold: block.bold === true };
      c.alignment = { horizontal: block.centered === true ? "center" : "left", wrapText: true };
      if (width > 1) ws.mergeCells(at, 1, at, width);
      at++;
      continue;
    }
    at = writeTable(ws, block.table, at);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
};

const writeTable = (ws: ExcelJS.Worksheet, t: CorpusTable, top: number): number => {
  t.rows.forEach((r, ri) => {
    const starts = startColumns(r);
    r.cells.forEach((c, ci) => {
      const col = (starts[ci] ?? 0) + 1;
      const x = ws.getCell(top + ri, col);
      for (let k = 0; k < c.span; k++) ws.getCell(top + ri, col + k).border = border;
      if (c.continuesAbove) return;
      const text = cellText(c);
      // Amounts go in as numbers, as a person types them; everything else as text.
      x.value = /^\d+(?:[.,]\d+)?$/.test(text) && !r.header ? Number(text.replace(",", ".")) : text === "" ? null : text;
      x.font = { name: "Times New Roman", size: 10, bold: r.header || c.bold === true };
      x.alignment = { vertical: "top", wrapText: true, ...(r.header ? { horizontal: "center" as const } : {}) };
      const down = rowSpanOf(t.rows, ri, col - 1);
      if (c.span > 1 || down > 1) ws.mergeCells(top + ri, col, top + ri + down - 1, col + c.span - 1);
    });
  });
  return top + t.rows.length + 1;
};
