/**
 * @module One report as the ledger holds it: its header and, per measure, the progress it records now (the
 * latest recording replaces earlier ones), with the recorded data as stored so a reader can hand it back verbatim.
 */
import type { LedgerState, ReportPhase } from "../model/ledger-state.js";

export interface RecordedMeasure {
  readonly measureId: string;
  /** The `ProgressRecorded` data as stored (canonical JSON). */
  readonly dataJson: string;
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
  /** One per measure, in the order each measure was first recorded. */
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
    if (dataJson !== undefined) progress.push({ measureId, dataJson, recordedAt: recorded.recordedAt, position: recorded.position });
  }
  const { planId, year, quarter, origin, phase, submittedAt } = report;
  return { reportId, planId, year, quarter, origin, phase, submitted: submittedAt !== null, progress };
};
