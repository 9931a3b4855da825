/**
 * @module A corpus document as an accounting system exports a sheet to Excel (.xlsx, exceljs), unlike a table a
 * person types (write-xlsx.ts): the sheet is called "TDSheet", the title is one unmerged cell in the first row,
 * a blank row follows, then a single header row and the body, no borders; amounts are numbers with a number
 * format ("#,##0.0"), the row numbers are numbers, empty amounts are empty cells, codes with a leading zero (КПКВК) stay text; paragraphs after the table
 * (signatures) follow after a blank row.
 */
import ExcelJS from "exceljs";
import { type CorpusDocument, cellText, rowSpanOf, startColumns } from "./corpus-table.js";

/** Fixed so that generating the corpus twice gives the same workbook metadata. */
const STAMP = new Date("2026-01-12T07:30:00Z");
const AMOUNT = /^-?\d{1,3}(?:[  ]\d{3})*(?:,\d+)?$|^-?\d+(?:,\d+)?$/;

/**
 * Writes the document as an exported .xlsx.
 *
 * @example writeFileSync("export.xlsx", await toXlsxExport(doc))
 */
export const toXlsxExport = async (doc: CorpusDocument): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook();
  wb.creator = "IS-PRO";
  wb.created = STAMP;
  wb.modified = STAMP;
  const ws = wb.addWorksheet("TDSheet");
  const firstTable = doc.blocks.find((b) => b.kind === "table");
  if (firstTable?.kind === "table") {
    const sum = firstTable.table.widths.reduce((a, b) => a + b, 0);
    firstTable.table.widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = Math.max(6, Math.round((w / sum) * 150));
    });
  }
  let at = 1;
  let afterTable = false;
  for (const block of doc.blocks) {
    if (block.kind === "paragraph") {
      if (afterTable) {
        at++;
        afterTable = false;
      }
      const c = ws.getCell(at, 1);
      c.value = block.text;
      c.font = { name: "Arial", size: 10, bold: block.bold === true };
      at++;
      continue;
    }
    at++; // the blank row an export leaves under its title
    const t = block.table;
    t.rows.forEach((r, ri) => {
      const starts = startColumns(r);
      r.cells.forEach((c, ci) => {
        const col = (starts[ci] ?? 0) + 1;
        if (c.continuesAbove) return;
        const x = ws.getCell(at + ri, col);
        const text = cellText(c);
        if (!r.header && AMOUNT.test(text) && !/^0\d/.test(text)) {
          const n = Number(text.replace(/[  ]/g, "").replace(",", "."));
          x.value = n;
          x.numFmt = /[,.]/.test(text) ? "#,##0.0" : "0";
        } else x.value = text === "" ? null : text;
        x.font = { name: "Arial", size: 8, bold: r.header || c.bold === true };
        x.alignment = { vertical: "top", wrapText: true };
        const down = rowSpanOf(t.rows, ri, col - 1);
        if (c.span > 1 || down > 1) ws.mergeCells(at + ri, col, at + ri + down - 1, col + c.span - 1);
      });
    });
    at += t.rows.length;
    afterTable = true;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
};
