/**
 * @module One report as the ledger holds it: its header and, per measure, the progress it records now (the
 * latest recording replaces earlier ones), with the recorded data as stored so a reader can hand it back verbatim.
 */
import type { LedgerState, ProgressEntry, ReportPhase } from "../model/ledger-state.js";
import { progressOf } from "../model/report/progress.js";

export interface RecordedMeasure {
  readonly measureId: string;
  /** The `ProgressRecorded` data as stored (canonical JSON). */
  readonly dataJson: string;
  /** The same data read and checked by the event's schema, in the current shape. */
  readonly entry: ProgressEntry;
  readonly recordedAt: string;
  /** The recording's position in this node's log (for its envelope: actor, hash). */
  readonly position: number;
}

export interface ReportProgress {
  readonly reportId: string;
  readonly planId: string;
  readonly year: number;
  readonly quarter: number;
  readonly origin: string;
  readonly phase: ReportPhase;
  /** Submitted at least once (a reopened report keeps this). */
  readonly submitted: boolean;
  /** One per measure, in the order each measure was first recorded; a recording whose data does not match the schema is left out. */
  readonly progress: ReadonlyArray<RecordedMeasure>;
}

/**
 * The report `reportId` held here, or `null`.
 *
 * @example reportProgress(state, "luhanska.1003.2018-12-12.2026-q3")?.progress[0]?.measureId
 */
export const reportProgress = (state: LedgerState, reportId: string): ReportProgress | null => {
  const report = state.reports.get(reportId);
  if (report === undefined) return null;
  const progress: RecordedMeasure[] = [];
  for (const [measureId, recorded] of Object.entries(report.progress)) {
    const dataJson = recorded.json ?? state.textAt?.(recorded.position);
    const entry = progressOf(state, recorded);
    if (dataJson !== undefined && entry !== null)
      progress.push({ measureId, dataJson, entry, recordedAt: recorded.recordedAt, position: recorded.position });
  }
  const { planId, year, quarter, origin, phase, submittedAt } = report;
  return { reportId, planId, year, quarter, origin, phase, submitted: submittedAt !== null, progress };
};
