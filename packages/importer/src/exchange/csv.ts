/**
 * @module CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs read the Cyrillic)
 * in the columns of `rows.ts`.
 */
import type { PlanDocument } from "@planledger/domain";
import type { Either } from "effect";
import type { InvalidInterchange } from "../errors.js";
import { COLUMNS, type Row, fromRows, toRows } from "./rows.js";

const quote = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * A plan as CSV text.
 *
 * @example planToCsv(doc).split("\r\n")[0] // "\uFEFFkind,section,task,…"
 */
export const planToCsv = (doc: PlanDocument): string => {
  const lines = [COLUMNS.join(","), ...toRows(doc).map((row) => COLUMNS.map((c) => quote(String(row[c] ?? ""))).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
};

/**
 * Splits CSV text into records of cells; quoted cells may hold commas, quotes and line breaks.
 *
 * @example parseCsv('a,"b,c"\r\n') // [["a", "b,c"]]
 */
export const parseCsv = (input: string): string[][] => {
  const text = input.replace(/^\uFEFF/, "");
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === "") {
      quoted = true;
    } else if (ch === ",") {
      record.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
    } else {
      cell += ch;
    }
  }
  if (cell !== "" || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records;
};

/**
 * Reads a plan from CSV in the export's columns; the header row decides the column order.
 *
 * @example csvToPlan(planToCsv(doc)) // Right(doc)
 */
export const csvToPlan = (text: string): Either.Either<PlanDocument, InvalidInterchange> => {
  const [header = [], ...body] = parseCsv(text);
  const rows: Row[] = body.map((cells) => {
    const row: Row = {};
    header.forEach((name, i) => {
      if ((COLUMNS as ReadonlyArray<string>).includes(name)) row[name as keyof Row] = cells[i] ?? "";
    });
    return row;
  });
  return fromRows(rows);
};
