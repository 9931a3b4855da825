/**
 * @module Test helper: `ReadDocument` values written by hand, row by row, as short as a table on paper.
 */
import type { GridCell, GridRow, GridTable, Paragraph, ReadDocument } from "../grid.js";

/**
 * A cell as written in a test: its text, or `{ text, span }` for a merged cell (`bold` for a cell printed in bold), or `UP`
 * for a vertical merge.
 */
export type CellDraft = string | { readonly text: string; readonly span?: number; readonly bold?: boolean } | typeof UP;

/** The cell under a vertical merge (continuesAbove). */
export const UP = Symbol("continuesAbove");

/**
 * A table from rows of drafts; `tableNo` numbers its places, `rowsAreLines` marks a PDF's text layer.
 *
 * @example gridTable([["№", "Назва заходу"], ["1.", "Провести"]]).rows[1]?.cells[1]?.text // "Провести"
 */
export const gridTable = (rows: ReadonlyArray<ReadonlyArray<CellDraft>>, options: { tableNo?: number; rowsAreLines?: boolean } = {}): GridTable => {
  const table = options.tableNo ?? 1;
  const out: GridRow[] = rows.map((row, r) => ({
    cells: row.map((c, k): GridCell => {
      const place = options.rowsAreLines === true ? { table, line: r + 1, cell: k + 1 } : { table, row: r + 1, cell: k + 1 };
      if (c === UP) return { text: "", colSpan: 1, continuesAbove: true, place };
      if (typeof c === "string") return { text: c, colSpan: 1, place };
      return { text: c.text, colSpan: c.span ?? 1, ...(c.bold === true ? { bold: true } : {}), place };
    }),
    place: options.rowsAreLines === true ? { table, line: r + 1 } : { table, row: r + 1 },
  }));
  return { rows: out, rowsAreLines: options.rowsAreLines === true, place: { table } };
};

/**
 * A document of tables with the given preamble paragraphs.
 *
 * @example gridDocument([gridTable(rows)], ["РОЗПОРЯДЖЕННЯ"]).preamble[0]?.text // "РОЗПОРЯДЖЕННЯ"
 */
export const gridDocument = (tables: ReadonlyArray<GridTable>, preamble: ReadonlyArray<string> = [], format: ReadDocument["format"] = "docx"): ReadDocument => {
  const paragraphs: Paragraph[] = preamble.map((text, i) => ({ text, place: { line: i + 1 } }));
  return { format, paragraphs, tables, preamble: paragraphs };
};
