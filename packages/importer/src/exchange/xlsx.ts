/**
 * @module XLSX (exceljs) in the columns of `rows.ts`: one sheet, a header row, numbers kept as numbers.
 */
import type { PlanDocument } from "@planledger/domain";
import { Either } from "effect";
import type ExcelJS from "exceljs";
import { InvalidInterchange } from "../errors.js";
import { exceljs } from "../formats/exceljs.js";
import { COLUMNS, type Row, fromRows, toRows } from "./rows.js";

const SHEET = "План";

/**
 * A plan as an XLSX workbook (bytes).
 *
 * @example await planToXlsx(doc) // Uint8Array (PK…)
 */
export const planToXlsx = async (doc: PlanDocument): Promise<Uint8Array> => {
  const workbook = new (await exceljs()).Workbook();
  const sheet = workbook.addWorksheet(SHEET);
  sheet.addRow([...COLUMNS]);
  for (const row of toRows(doc)) sheet.addRow(COLUMNS.map((c) => row[c] ?? ""));
  sheet.getRow(1).font = { bold: true };
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
};

const cellText = (value: ExcelJS.CellValue): string | number => {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && "richText" in value) return value.richText.map((r) => r.text).join("");
  if (typeof value === "object" && "text" in value) return String(value.text);
  if (typeof value === "object" && "result" in value) return cellText(value.result as ExcelJS.CellValue);
  return String(value);
};

/**
 * Reads a plan from an XLSX workbook in the export's columns (the first sheet).
 *
 * @example Either.getOrThrow(await xlsxToPlan(await planToXlsx(doc))) // doc
 */
export const xlsxToPlan = async (bytes: Uint8Array): Promise<Either.Either<PlanDocument, InvalidInterchange>> => {
  const workbook = new (await exceljs()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (cause) {
    return Either.left(new InvalidInterchange({ path: "$", reason: `не XLSX / not an XLSX workbook: ${cause instanceof Error ? cause.message : String(cause)}` }));
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) return Either.left(new InvalidInterchange({ path: "$", reason: "у книзі немає аркушів / no sheets" }));
  const grid: Array<Array<string | number>> = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: Array<string | number> = [];
    for (let c = 1; c <= COLUMNS.length + 8; c++) cells.push(cellText(row.getCell(c).value));
    grid[rowNumber - 1] = cells;
  });
  const [header = [], ...body] = grid;
  const rows: Row[] = body.map((cells = []) => {
    const row: Row = {};
    header.forEach((name, i) => {
      if ((COLUMNS as ReadonlyArray<string | number>).includes(name)) row[name as keyof Row] = cells[i] ?? "";
    });
    return row;
  });
  return fromRows(rows);
};
