/**
 * @module An Excel workbook (.xlsx) read into a `ReadDocument`: each sheet's used range as one table of
 * cells as printed (merges kept as Word keeps them: the master spans across, the cells under it continue
 * it), the single-cell rows above the table (title, order) as paragraphs. The archive is unpacked under the
 * same bounds as a .docx and handed to exceljs repacked, so exceljs never inflates anything unchecked.
 */
import { Either } from "effect";
import type ExcelJS from "exceljs";
import { zipSync } from "fflate";
import { UnreadableDocument } from "../errors.js";
import type { GridCell, GridRow, GridTable, Paragraph, ReadDocument } from "../general/grid.js";
import { exceljs } from "./exceljs.js";
import { MAX_UNZIPPED_BYTES, unzipParts } from "./zip.js";

const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * A number as plain decimal text: no grouping, "." as the decimal point, no exponent, and the binary noise
 * of a cached formula result (0.30000000000000004) rounded away at Excel's own 15 significant digits.
 *
 * @example plainNumber(1234567.5) // "1234567.5"
 */
export const plainNumber = (n: number): string => {
  if (!Number.isFinite(n)) return String(n);
  const rounded = Number(n.toPrecision(15));
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  return rounded.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
};

/**
 * A cell's value as text. exceljs hands dates as UTC midnights, so the UTC fields are the printed date.
 *
 * @example valueText(new Date(Date.UTC(2025, 11, 31))) // "31.12.2025"
 */
export const valueText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return plainNumber(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return `${pad(value.getUTCDate())}.${pad(value.getUTCMonth() + 1)}.${value.getUTCFullYear()}`;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return valueText((value.result ?? null) as ExcelJS.CellValue);
    if ("formula" in value || "sharedFormula" in value) return "";
    if ("text" in value) return typeof value.text === "string" ? value.text : valueText(value.text as ExcelJS.CellValue);
    if ("error" in value) return String(value.error);
  }
  return "";
};

interface Merge {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** The merged ranges, from exceljs's model ("A1:C2"), by the address of each cell they cover. */
const mergesOf = (ws: ExcelJS.Worksheet): Map<string, Merge> => {
  const byCell = new Map<string, Merge>();
  const ranges: ReadonlyArray<string> = (ws.model as { merges?: string[] }).merges ?? [];
  for (const range of ranges) {
    const [from, to] = range.split(":");
    if (from === undefined || to === undefined) continue;
    const a = ws.getCell(from);
    const b = ws.getCell(to);
    const m = {
      top: Math.min(Number(a.row), Number(b.row)),
      left: Math.min(Number(a.col), Number(b.col)),
      bottom: Math.max(Number(a.row), Number(b.row)),
      right: Math.max(Number(a.col), Number(b.col)),
    };
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) byCell.set(`${r}:${c}`, m);
  }
  return byCell;
};

/**
 * Rows and columns the sheet does not show: hidden by hand, or folded away in a collapsed outline group
 * (Excel saves a collapsed group's rows and columns hidden). A finance department hides rather than deletes
 * a measure excluded by an amendment, a check row or the column-number row; what is not shown is not the plan.
 */
const shown = (ws: ExcelJS.Worksheet) => ({
  row: (r: number): boolean => !ws.getRow(r).hidden,
  column: (c: number): boolean => !ws.getColumn(c).hidden,
});

const readSheet = (
  ws: ExcelJS.Worksheet,
  tableNo: number,
): { readonly above: Paragraph[]; readonly table: GridTable | null; readonly below: Paragraph[] } => {
  const sheet = ws.name;
  const visible = shown(ws);
  let top = Number.POSITIVE_INFINITY;
  let bottom = 0;
  let left = Number.POSITIVE_INFINITY;
  let right = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (!visible.row(r)) return;
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (!visible.column(c)) return;
      if (valueText(cell.value).trim() === "" && !cell.isMerged) return;
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
      left = Math.min(left, c);
      right = Math.max(right, c);
    });
  });
  if (bottom === 0) return { above: [], table: null, below: [] };
  const merges = mergesOf(ws);
  for (const m of new Set(merges.values())) {
    // A merge reaching past the filled cells still belongs to the used range (a wide title, a tall label).
    if (m.top <= bottom && m.bottom >= top) {
      left = Math.min(left, m.left);
      right = Math.max(right, m.right);
      bottom = Math.max(bottom, m.bottom);
    }
  }

  const rows: GridRow[] = [];
  const above: Paragraph[] = [];
  const columns: number[] = [];
  for (let c = left; c <= right; c++) if (visible.column(c)) columns.push(c);
  // A merge shows from its first shown row and column: a merge whose top row is hidden prints its text there.
  const firstShown = (from: number, to: number, isShown: (n: number) => boolean): number => {
    for (let n = from; n <= to; n++) if (isShown(n)) return n;
    return from;
  };
  let started = false;
  for (let r = top; r <= bottom; r++) {
    if (!visible.row(r)) continue;
    const cells: GridCell[] = [];
    for (const c of columns) {
      const merge = merges.get(`${r}:${c}`);
      const place = { sheet, row: r, cell: c };
      if (merge === undefined) {
        cells.push({ text: valueText(ws.getCell(r, c).value).trim(), colSpan: 1, place });
        continue;
      }
      if (c !== firstShown(Math.max(merge.left, left), Math.min(merge.right, right), visible.column)) continue; // covered by the merge's first shown cell
      const colSpan = columns.filter((k) => k >= c && k <= Math.min(merge.right, right)).length;
      if (r === firstShown(merge.top, merge.bottom, visible.row)) {
        cells.push({ text: valueText(ws.getCell(merge.top, merge.left).value).trim(), colSpan, place });
      } else {
        cells.push({ text: "", colSpan, continuesAbove: true, place });
      }
    }
    const filled = cells.filter((cell) => cell.text !== "");
    if (!started && filled.length <= 1) {
      if (filled[0] !== undefined) above.push({ text: filled[0].text, place: { sheet, row: r } });
      continue;
    }
    started = true;
    rows.push({ cells, place: { sheet, row: r } });
  }
  if (!started) return { above: [], table: null, below: above };
  return { above, table: { rows, rowsAreLines: false, place: { sheet, table: tableNo } }, below: [] };
};

/**
 * Reads an .xlsx workbook, every sheet.
 *
 * @example (await readXlsxGrid(bytes)).pipe(Either.getOrThrow).tables[0]?.place // { sheet: "План", table: 1 }
 */
export const readXlsxGrid = async (bytes: Uint8Array): Promise<Either.Either<ReadDocument, UnreadableDocument>> => {
  const parts = unzipParts(bytes, () => true, MAX_UNZIPPED_BYTES);
  if (Either.isLeft(parts)) return Either.left(parts.left);
  if (!parts.right.has("xl/workbook.xml")) {
    return Either.left(new UnreadableDocument({ reason: "у файлі Excel немає xl/workbook.xml / the Excel file has no xl/workbook.xml" }));
  }
  // Stored, not compressed: the repacked archive is only a hand-over to exceljs, and storing costs nothing.
  const repacked = zipSync(Object.fromEntries(parts.right), { level: 0 });
  const workbook = new (await exceljs()).Workbook();
  try {
    await workbook.xlsx.load(repacked as unknown as ArrayBuffer);
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return Either.left(new UnreadableDocument({ reason: `пошкоджена книга Excel: ${why} / corrupt Excel workbook: ${why}` }));
  }
  const paragraphs: Paragraph[] = [];
  const tables: GridTable[] = [];
  let preamble: Paragraph[] | null = null;
  // Which tables a sheet's lines stand between, as a Word document says of its paragraphs: a workbook kept a sheet per
  // section prints each section's name above that sheet's table, so the reader can put it between the parts of the plan.
  const placed = (ps: ReadonlyArray<Paragraph>): Paragraph[] => (tables.length === 0 ? [...ps] : ps.map((p) => ({ ...p, afterTable: tables.length })));
  for (const ws of workbook.worksheets) {
    const { above, table, below } = readSheet(ws, tables.length + 1);
    paragraphs.push(...placed(above));
    if (table !== null) {
      if (preamble === null) preamble = [...paragraphs];
      tables.push(table);
    }
    paragraphs.push(...placed(below));
  }
  return Either.right({ format: "xlsx", paragraphs, tables, preamble: preamble ?? [...paragraphs] });
};
