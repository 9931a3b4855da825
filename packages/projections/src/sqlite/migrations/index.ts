/**
 * @module The projections' migrations in order, registered with the node database's one runner
 * (`migrateDatabase` in @planledger/event-store).
 */
import type { MigrationSet } from "@planledger/event-store";
import { migration0001ReadModels } from "./0001-read-models.js";
import { migration0002ProgressRows } from "./0002-progress-rows.js";
import { migration0003ProgressByPosition } from "./0003-progress-by-position.js";
import { migration0004ProgressInReportRows } from "./0004-progress-in-report-rows.js";

/** The read models' cached rows; bookkeeping in `projections_migration`. */
export const projectionsMigrations: MigrationSet = {
  owner: "projections",
  steps: {
    "0001-read-models": migration0001ReadModels,
    "0002-progress-rows": migration0002ProgressRows,
    "0003-progress-by-position": migration0003ProgressByPosition,
    "0004-progress-in-report-rows": migration0004ProgressInReportRows,
  },
};
