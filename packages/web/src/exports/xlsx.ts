/**
 * @module A `Sheet` as an XLSX workbook (exceljs): one worksheet, a bold header row that stays in view and
 * carries a filter, wrapped text aligned to the top, numbers stored as numbers, printed landscape one page wide.
 */
import type ExcelJS from "exceljs";
import type { Sheet } from "./sheet.js";

// exceljs takes about 0.4 s to load: loaded by the first workbook written, not when the node starts.
let loading: Promise<typeof ExcelJS> | undefined;

export interface WorkbookFacts {
  /** Written into the workbook's properties; a fixed one makes the bytes repeatable. */
  readonly created: Date;
  /** Who made it: the node. */
  readonly creator: string;
}

/**
 * @example await sheetToXlsx(progressSheet(p), { created: new Date(), creator: "luhanska" }) // Uint8Array (PK…)
 */
export const sheetToXlsx = async (sheet: Sheet, facts: WorkbookFacts): Promise<Uint8Array> => {
  loading ??= import("exceljs").then((m) => m.default);
  const workbook = new (await loading).Workbook();
  workbook.creator = facts.creator;
  workbook.created = facts.created;
  workbook.modified = facts.created;
  workbook.title = sheet.title;
  const ws = workbook.addWorksheet(sheet.name, {
    views: [{ state: "frozen", ySplit: 1, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = sheet.columns.map((c) => ({
    header: c.header,
    width: c.width,
    style: {
      alignment: { wrapText: true, vertical: "top" },
      ...(c.kind === "number" && c.numFmt !== undefined ? { numFmt: c.numFmt } : {}),
    },
  }));
  // An empty text is no cell at all, so that Excel's "blanks" filter and COUNTA see it as empty.
  for (const row of sheet.rows) ws.addRow(row.map((cell) => (cell === null || cell === "" ? undefined : cell)));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
  header.eachCell((cell) => {
    cell.border = { bottom: { style: "thin" } };
  });
  if (sheet.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  ws.pageSetup.printTitlesRow = "1:1";
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
};
