/**
 * @module Kysely's view of the tables projections read and write in the node database: the event store's
 * `events` (read only, the columns a fold needs) and the read-model cache with its checkpoint.
 */

export interface LogEventsTable {
  position: number;
  event_id: string;
  origin: string;
  seq: number;
  stream: string;
  type: string;
  data: string;
  recorded_at: string;
  causation_id: string | null;
  received_at: string;
}

export interface ProjCheckpointTable {
  projection: string;
  /** Last log position whose effects are in the rows: written in the same transaction as they are. */
  position: number;
  events_applied: number;
  updated_at: string;
}

export interface ProjPlanTable {
  plan_id: string;
  origin: string;
  owner_node: string;
  title: string | null;
  parent_plan_id: string | null;
  last_seq: number;
  /** JSON of the plan's ledger state. */
  doc: string;
}

export interface ProjReportTable {
  report_id: string;
  plan_id: string;
  year: number;
  quarter: number;
  phase: string;
  /** JSON of the report's ledger state without its progress. */
  doc: string;
  /**
   * JSON object: measure id → position of the `ProgressRecorded` in `events` holding the measure's latest
   * recording in this report (the text stays in the log).
   */
  progress: string;
}

export interface ProjOriginTable {
  origin: string;
  last_seq: number;
  last_position: number;
  last_recorded_at: string;
  last_received_at: string | null;
}

export interface ProjPendingReviewTable {
  report_id: string;
  doc: string;
}

export interface ProjectionTables {
  events: LogEventsTable;
  proj_checkpoint: ProjCheckpointTable;
  proj_plan: ProjPlanTable;
  proj_report: ProjReportTable;
  proj_origin: ProjOriginTable;
  proj_pending_review: ProjPendingReviewTable;
}
