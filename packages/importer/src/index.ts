/**
 * @module Public face of the importer: plan documents (four seed layouts, interchange JSON, CSV, XLSX)
 * to the interchange `PlanDocument`, and back out.
 */
export { documentSource, parseBytes, parseFile, parseText, readText, type ParseOptions, type Parsed } from "./parse-document.js";
export type { ColumnAssignment, ColumnRole, Confidence, Field, MeasureProvenance, Reading } from "./general/grid.js";
export { ReadingSchema } from "./general/reading-schema.js";
export { decodeInterchange, parseInterchangeJson } from "./interchange.js";
export { UnreadableDocument, UnrecognisedDocument, InvalidInterchange, failureLine, type ParseFailure } from "./errors.js";
export { layouts, detectLayout } from "./layouts/detect.js";
export { readExecutors } from "./facts/executors.js";
export { readTargets } from "./facts/targets.js";
export { readAmount } from "./facts/budget.js";
export { COLUMNS, toRows, fromRows, type Row } from "./exchange/rows.js";
export { planToCsv, csvToPlan, parseCsv } from "./exchange/csv.js";
export { planToXlsx, xlsxToPlan } from "./exchange/xlsx.js";
export { importPlanDocument, AmendingOrderRequired, type ImportOptions, type ImportOutcome } from "./node/import-plan.js";
export { exportPlan } from "./node/export-plan.js";
export { diffPlan, REMOVED_REASON } from "./node/plan-diff.js";
export { planFromState } from "./node/plan-from-state.js";
export { readColumnList } from "./general/column-list.js";
