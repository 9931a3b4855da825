/**
 * @module A corpus document as Excel (.xlsx, exceljs): the preamble in the first rows merged across the
 * table's width, as administrations type a heading above a sheet's table, then the table with real merged
 * ranges (across and down) and wrapped text. A grid column of width 0 is drawn narrowed almost to nothing, as a
 * person leaves an emptied column in a sheet kept by hand. A cell typed "=…" is a formula (its references in
 * relative R1C1 form in the spec, written in A1 form) saved with its computed value cached, as Excel saves a sheet;
 * the numbers of a table with formulas are shown with the format "#,##0.0", as a person formats an amounts range.
 * A paragraph of several lines is a title typed over two (or more) lines in one cell, merged across the table and
 * down over as many rows; a row marked hidden is hidden in the sheet, and `sheet.freeze` freezes the panes under the
 * first table's header rows; `sheet.hiddenColumns` hides columns that stay filled; a cell's note is written as its comment. A
 * document that names its sheets is a workbook of several sheets (a programme's passport on
 * one, its measures on the next).
 */
import ExcelJS from "exceljs";
import { type CorpusDocument, type CorpusTable, cellText, rowSpanOf, startColumns } from "./corpus-table.js";

/** Fixed so that generating the corpus twice gives the same workbook metadata. */
const STAMP = new Date("2025-01-15T09:00:00Z");

const thin = { style: "thin" as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * Writes the document as .xlsx bytes: every table of the document goes on the same sheet, one under another, unless the
 * document names its sheets (`doc.sheets`), each then holding its own blocks.
 *
 * @example writeFileSync("plan.xlsx", await toXlsx(doc))
 */
export const toXlsx = async (doc: CorpusDocument, sheetName = "План заходів"): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Plan Ledger corpus";
  wb.created = STAMP;
  wb.modified = STAMP;
  // A workbook of several sheets (`doc.sheets`): each sheet gets its own blocks, widths from its own first table.
  const parts =
    doc.sheets === undefined || doc.sheets.length === 0
      ? [{ name: sheetName, blocks: doc.blocks }]
      : [
          ...(doc.sheets[0]?.from === 0 ? [] : [{ name: sheetName, blocks: doc.blocks.slice(0, doc.sheets[0]?.from ?? 0) }]),
          ...doc.sheets.map((s, i) => ({ name: s.name, blocks: doc.blocks.slice(s.from, doc.sheets?.[i + 1]?.from ?? doc.blocks.length) })),
        ];
  for (const part of parts) writeSheet(wb.addWorksheet(part.name), part.blocks, doc);
  return new Uint8Array(await wb.xlsx.writeBuffer());
};

const writeSheet = (ws: ExcelJS.Worksheet, blocks: CorpusDocument["blocks"], doc: CorpusDocument): void => {
  const firstTable = blocks.find((b) => b.kind === "table");
  const width = firstTable?.kind === "table" ? firstTable.table.widths.length : 6;
  if (firstTable?.kind === "table") {
    const sum = firstTable.table.widths.reduce((a, b) => a + b, 0);
    // A width of 0 is a column a person narrowed until it looks hidden (typically left empty): it stays in the grid.
    firstTable.table.widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w === 0 ? 1.3 : Math.max(6, Math.round((w / sum) * 160));
    });
  }
  // Columns a person hid rather than deleted: still filled, not shown or printed.
  for (const n of doc.sheet?.hiddenColumns ?? []) ws.getColumn(n).hidden = true;
  let at = 1;
  let frozen = false;
  for (const block of blocks) {
    if (block.kind === "paragraph") {
      const c = ws.getCell(at, 1);
      c.value = block.text;
      c.font = { name: "Times New Roman", size: 12, bold: block.bold === true };
      c.alignment = { horizontal: block.centered === true ? "center" : "left", wrapText: true };
      // A title typed over several lines in one cell is merged down over as many rows.
      const down = block.text.split("\n").length;
      if (width > 1 || down > 1) ws.mergeCells(at, 1, at + down - 1, Math.max(1, width));
      at += down;
      continue;
    }
    if (doc.sheet?.freeze === true && !frozen) {
      const headerRows = block.table.rows.findIndex((r) => !r.header);
      ws.views = [{ state: "frozen", xSplit: 0, ySplit: at - 1 + (headerRows < 0 ? block.table.rows.length : headerRows) }];
      frozen = true;
    }
    at = writeTable(ws, block.table, at);
  }
  cacheFormulas(ws);
};

/** Formulas typed in the sheet, A1 address → A1 formula text, cached once all cells are written. */
const pending = new WeakMap<ExcelJS.Worksheet, Map<string, string>>();

const letter = (col: number): string => {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** "SUM(RC[1]:RC[3])" typed at row 12, column G → "SUM(H12:J12)". */
const toA1 = (r1c1: string, row: number, col: number): string =>
  r1c1.replace(/(?<![A-Z])R(?:\[(-?\d+)\])?C(?:\[(-?\d+)\])?/g, (_, dr?: string, dc?: string) => `${letter(col + Number(dc ?? 0))}${row + Number(dr ?? 0)}`);

const colNumber = (l: string): number => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** Evaluates the sums and additions the specs type (SUM of ranges, "+" and "-" of cells) and caches each result. */
const cacheFormulas = (ws: ExcelJS.Worksheet): void => {
  const formulas = pending.get(ws);
  if (formulas === undefined) return;
  const memo = new Map<string, number>();
  const valueAt = (addr: string): number => {
    const f = formulas.get(addr);
    if (f === undefined) {
      const v = ws.getCell(addr).value;
      return typeof v === "number" ? v : 0;
    }
    const known = memo.get(addr);
    if (known !== undefined) return known;
    const range = (a: string, b: string): number => {
      const [, ca = "A", ra = "1"] = /^([A-Z]+)(\d+)$/.exec(a) ?? [];
      const [, cb = "A", rb = "1"] = /^([A-Z]+)(\d+)$/.exec(b) ?? [];
      let sum = 0;
      for (let r = Number(ra); r <= Number(rb); r++) for (let c = colNumber(ca); c <= colNumber(cb); c++) sum += valueAt(`${letter(c)}${r}`);
      return sum;
    };
    const flat = f.replace(/SUM\(([^)]*)\)/g, (_, args: string) =>
      String(args.split(",").reduce((n, part) => {
        const [a = "", b] = part.trim().split(":");
        return n + (b === undefined ? valueAt(a) : range(a, b));
      }, 0)),
    );
    const result = Math.round(
      (flat.match(/[+-]?[^+-]+/g) ?? []).reduce((n, term) => {
        const t = term.trim();
        const sign = t.startsWith("-") ? -1 : 1;
        const body = t.replace(/^[+-]/, "").trim();
        return n + sign * (/^[A-Z]+\d+$/.test(body) ? valueAt(body) : Number(body));
      }, 0) * 1000,
    ) / 1000;
    memo.set(addr, result);
    return result;
  };
  for (const [addr, formula] of formulas) ws.getCell(addr).value = { formula, result: valueAt(addr) };
};

const writeTable = (ws: ExcelJS.Worksheet, t: CorpusTable, top: number): number => {
  const withFormulas = t.rows.some((r) => !r.header && r.cells.some((c) => cellText(c).startsWith("=")));
  t.rows.forEach((r, ri) => {
    const starts = startColumns(r);
    if (r.hidden === true) ws.getRow(top + ri).hidden = true;
    r.cells.forEach((c, ci) => {
      const col = (starts[ci] ?? 0) + 1;
      const x = ws.getCell(top + ri, col);
      for (let k = 0; k < c.span; k++) ws.getCell(top + ri, col + k).border = border;
      if (c.continuesAbove) return;
      const text = cellText(c);
      if (text.startsWith("=") && !r.header) {
        const formulas = pending.get(ws) ?? new Map<string, string>();
        pending.set(ws, formulas);
        formulas.set(x.address, toA1(text.slice(1), top + ri, col));
        x.numFmt = "#,##0.0";
      } else {
        // Amounts go in as numbers, as a person types them; everything else as text. A code typed with Excel's
        // apostrophe prefix («'0611021», a budget classification code) stays text, its leading zero kept; so does an
        // amount pasted as text from a form that prints «480.0» or «1 250.0» (thin space, decimal dot), which Excel in a
        // Ukrainian locale does not take for a number.
        x.value = /^'[\d.,\u2009]+$/.test(text)
          ? text.slice(1)
          : /^\d+(?:[.,]\d+)?$/.test(text) && !r.header
            ? Number(text.replace(",", "."))
            : text === ""
              ? null
              : text;
        if (withFormulas && typeof x.value === "number") x.numFmt = "#,##0.0";
        // A date typed in Excel («31.03.2026») is stored as a date (a serial number) and only shown as dd.mm.yyyy.
        const date = c.date === true ? /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text) : null;
        if (date !== null) {
          x.value = new Date(Date.UTC(Number(date[3]), Number(date[2]) - 1, Number(date[1])));
          x.numFmt = "dd.mm.yyyy";
        }
      }
      // A comment on the cell (Excel's note), as a person annotates an amount; not the cell's value.
      if (c.note !== undefined) x.note = c.note;
      x.font = { name: "Times New Roman", size: 10, bold: r.header || c.bold === true };
      x.alignment = { vertical: "top", wrapText: true, ...(r.header ? { horizontal: "center" as const } : {}) };
      const down = rowSpanOf(t.rows, ri, col - 1);
      if (c.span > 1 || down > 1) ws.mergeCells(top + ri, col, top + ri + down - 1, col + c.span - 1);
    });
  });
  return top + t.rows.length + 1;
};
