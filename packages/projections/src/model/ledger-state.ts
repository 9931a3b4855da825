/**
 * @module The in-memory read model every view is computed from: one read model per aggregate (plans, quarterly
 * reports with their progress and reviews; their types beside their folds in `plan/`, `report/`, `review/`),
 * and how far each origin's log has been seen. Plain objects so that one plan or one report is one JSON row in
 * the SQLite cache.
 */
import type { PlanState } from "./plan/plan.read-model.js";
import type { ReportState } from "./report/report.read-model.js";
import type { Review } from "./review/review.read-model.js";

export type * from "./plan/plan.read-model.js";
export type * from "./report/report.read-model.js";
export type * from "./review/review.read-model.js";

export interface OriginState {
  readonly origin: string;
  lastSeq: number;
  lastPosition: number;
  lastRecordedAt: string;
  lastReceivedAt: string | null;
}

export interface LedgerState {
  readonly plans: Map<string, PlanState>;
  readonly reports: Map<string, ReportState>;
  /** planId → "YYYY-Qq" → reportId */
  readonly reportIndex: Map<string, Map<string, string>>;
  /** Reviews whose report has not arrived yet (a replica may receive the review stream first). */
  readonly pendingReviews: Map<string, Review>;
  readonly origins: Map<string, OriginState>;
  /** Position of the last event applied. */
  position: number;
  /** Events folded since the state was created or loaded. */
  applied: number;
  /** Reads an event's data text from the log by position; when present, progress text is not kept in memory. */
  readonly textAt: ((position: number) => string | undefined) | null;
}

/** A fresh, empty ledger; with `textAt`, progress recordings are read back from the log when viewed. */
export const emptyLedger = (textAt: LedgerState["textAt"] = null): LedgerState => ({
  plans: new Map(),
  reports: new Map(),
  reportIndex: new Map(),
  pendingReviews: new Map(),
  origins: new Map(),
  position: 0,
  applied: 0,
  textAt,
});

export const periodKey = (year: number, quarter: number): string => `${year}-Q${quarter}`;
