/**
 * @module A sheet printed over pages by columns: Excel prints a sheet wider than the page «over, then down» when it is not
 * fitted to one page wide, so page 1 holds the first columns of every row (№, the measure, executors, term, source) and
 * page 2 the rest (the money, the result) for the same rows, the number column repeated on its left as the print titles.
 * Read apart, page 2 is a table of amounts with no measures. This puts such pages side by side again, row by row.
 */
import { expandRow, findHeader, tableWidth } from "./columns.js";
import type { GridCell, GridRow, GridTable } from "./grid.js";
import { isColumnNumbering, matchHeader } from "./vocabulary.js";

const squashed = (text: string): string => text.replace(/\s+/g, " ").trim();

// The column numbers of a page printed by columns: rising whole numbers from 1 («1 6 7 8 9» on the right-hand page).
const numbersColumns = (row: GridRow | undefined): boolean => {
  const filled = (row?.cells ?? []).map((c) => squashed(c.text)).filter((t) => t !== "");
  return filled.length >= 3 && filled[0] === "1" && filled.every((t, i) => /^\d{1,2}$/.test(t) && (i === 0 || Number(t) > Number(filled[i - 1])));
};

/** The header's end (the column numbers under it included), what each column's header names, and the body's first column. */
const shapeOf = (table: GridTable) => {
  const width = tableWidth(table);
  const slots = table.rows.map((r) => expandRow(r, width));
  const found = findHeader(slots, table.rowsAreLines);
  const header = numbersColumns(table.rows[found.end]) ? { ...found, end: found.end + 1 } : found;
  const fields = header.parts.map((parts) => parts.map((p) => matchHeader(p)?.field).find((f) => f !== undefined));
  const firstColumn = slots.slice(header.end).map((row) => {
    const s = row[0];
    return s === undefined ? "" : s.continuesAbove ? "^" : squashed(s.text);
  });
  return { header, fields, firstColumn };
};

// The cells of a row after its first grid column (the number column repeated on the right-hand page).
const afterFirst = (row: GridRow): GridCell[] | null => {
  const [first, ...rest] = row.cells;
  return first === undefined || first.colSpan !== 1 ? null : rest;
};

// A header row of `width` cells merged down from the row above (to pad the shorter header).
const mergedDown = (width: number, place: GridRow["place"]): GridRow => ({
  cells: Array.from({ length: width }, () => ({ text: "", colSpan: 1, continuesAbove: true, place })),
  place,
});

/** The header rows of a table, the shorter one padded to `rows` with rows merged down before its column numbers. */
const paddedHeader = (table: GridTable, end: number, rows: number): GridRow[] => {
  const header = table.rows.slice(0, end);
  const last = header[end - 1];
  const numbered = last !== undefined && (isColumnNumbering(last.cells.flatMap((c) => [c.text, ...Array<string>(c.colSpan - 1).fill("")])) || numbersColumns(last));
  const at = numbered ? end - 1 : end;
  const pad = Array.from({ length: rows - end }, () => mergedDown(tableWidth(table), header[at - 1]?.place ?? table.place));
  return [...header.slice(0, at), ...pad, ...header.slice(at)];
};

/**
 * Whether `right` holds the other columns of `left`'s rows: both headed by the same number column, the same first column
 * in their bodies row by row (at least three rows, numbers among them), and `right` naming no measure but a field `left`
 * lacks (the money, the result).
 */
const continuesSideways = (left: GridTable, right: GridTable): boolean => {
  const l = shapeOf(left);
  const r = shapeOf(right);
  if (l.fields[0] !== "label" || r.fields[0] !== "label") return false;
  if (r.fields.includes("title") || !l.fields.includes("title")) return false;
  if (!r.fields.slice(1).some((f) => f !== undefined && f !== "ignore" && !l.fields.includes(f))) return false;
  if (l.firstColumn.length < 3 || l.firstColumn.length !== r.firstColumn.length) return false;
  if (!l.firstColumn.every((t, i) => t === r.firstColumn[i])) return false;
  return l.firstColumn.filter((t) => /^\d/.test(t)).length >= 3;
};

/** `left` and `right` side by side: the header rows aligned (column numbers last), then the body row by row. */
const sideBySide = (left: GridTable, right: GridTable): GridTable | null => {
  const l = shapeOf(left);
  const r = shapeOf(right);
  const rows = Math.max(l.header.end, r.header.end);
  const lh = paddedHeader(left, l.header.end, rows);
  const rh = paddedHeader(right, r.header.end, rows);
  const out: GridRow[] = [];
  for (let k = 0; k < rows; k++) {
    const a = lh[k];
    const b = rh[k];
    const rest = b === undefined ? null : afterFirst(b);
    if (a === undefined || rest === null) return null;
    out.push({ cells: [...a.cells, ...rest], place: a.place });
  }
  const lb = left.rows.slice(l.header.end);
  const rb = right.rows.slice(r.header.end);
  for (let k = 0; k < lb.length; k++) {
    const a = lb[k];
    const b = rb[k];
    const rest = b === undefined ? null : afterFirst(b);
    if (a === undefined || rest === null) return null;
    // A row narrower than its table (a heading across the text columns) is padded so the right page's cells stay in line.
    const missing = tableWidth(left) - a.cells.reduce((n, c) => n + c.colSpan, 0);
    const pad: GridCell[] = missing > 0 ? [{ text: "", colSpan: missing, place: a.place }] : [];
    out.push({ cells: [...a.cells, ...pad, ...rest], place: a.place });
  }
  return { ...left, rows: out };
};

/**
 * The document's tables with each sheet printed over pages by columns put side by side again: a table followed by one that
 * holds the other columns of its rows (`continuesSideways`) becomes one table; any other table stays as it was.
 *
 * @example joinColumnPages([page1, page2]).length // 1: «№ / Зміст заходу / … / Джерела фінансування / усього / 2026 рік / … / Очікуваний результат»
 */
export const joinColumnPages = (tables: ReadonlyArray<GridTable>): GridTable[] => {
  const out: GridTable[] = [];
  for (let i = 0; i < tables.length; i++) {
    const left = tables[i];
    const right = tables[i + 1];
    if (left === undefined) continue;
    const joined = right !== undefined && continuesSideways(left, right) ? sideBySide(left, right) : null;
    if (joined !== null) {
      out.push(joined);
      i++;
    } else {
      out.push(left);
    }
  }
  return out;
};
