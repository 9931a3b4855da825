/**
 * @module One table as both spreadsheets carry it: named columns, each text or a number, and rows of cells.
 * The XLSX and CSV encoders take the same `Sheet`, so the two files never disagree.
 */

/** A number stays a number (XLSX cell type, CSV with a decimal point); null is an empty cell. */
export type Cell = string | number | null;

export interface Column {
  readonly header: string;
  /** Width in characters, for the XLSX. */
  readonly width: number;
  readonly kind: "text" | "number";
  /** An Excel number format for a number column, e.g. `#,##0.0##`. */
  readonly numFmt?: string;
}

export interface Sheet {
  /** The worksheet's name (Excel allows 31 characters). */
  readonly name: string;
  /** The workbook's title property: what the table is of. */
  readonly title: string;
  readonly columns: ReadonlyArray<Column>;
  readonly rows: ReadonlyArray<ReadonlyArray<Cell>>;
}

/** Thousands of hryvnias to three decimals, as budgets are written. */
export const MONEY_FORMAT = "#,##0.0##";

export const text = (header: string, width: number): Column => ({ header, width, kind: "text" });
export const number = (header: string, width: number, numFmt?: string): Column =>
  numFmt === undefined ? { header, width, kind: "number" } : { header, width, kind: "number", numFmt };
