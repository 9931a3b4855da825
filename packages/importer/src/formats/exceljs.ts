/**
 * @module exceljs, loaded by the first workbook read or written rather than when a process that may never touch one
 * starts: it takes about 0.4 s to load, a sixth of a node's start on an empty database.
 */
import type ExcelJS from "exceljs";

let loading: Promise<typeof ExcelJS> | undefined;

/**
 * @example const { Workbook } = await exceljs(); const workbook = new Workbook();
 */
export const exceljs = (): Promise<typeof ExcelJS> => {
  loading ??= import("exceljs").then((m) => m.default);
  return loading;
};
