/**
 * @module A `Sheet` as CSV: RFC 4180 (comma-separated, CRLF, fields with a comma, quote or line break quoted),
 * UTF-8 with a byte-order mark so that Excel reads the Cyrillic; numbers with a decimal point, empty for none.
 */
import type { Cell, Sheet } from "./sheet.js";

const field = (cell: Cell): string => {
  if (cell === null) return "";
  const s = typeof cell === "number" ? String(cell) : cell;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * @example sheetToCsv({ name: "x", title: "x", columns: [text("Захід", 10)], rows: [["a, b"]] }) // "\uFEFFЗахід\r\n\"a, b\"\r\n"
 */
export const sheetToCsv = (sheet: Sheet): string => {
  const lines = [sheet.columns.map((c) => field(c.header)), ...sheet.rows.map((row) => row.map(field))].map((cells) => cells.join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
};
