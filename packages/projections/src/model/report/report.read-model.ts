/**
 * @module A quarterly report as the read model holds it. It differs from the domain's decision state
 * (`report.state.ts` in @planledger/domain) in what it is for: the decider needs the latest progress per
 * measure and whether the report is a draft; the read model also keeps the report's story (every phase change
 * with who and when, the review that judged it, which arrives on another stream and may arrive first), and
 * keeps each measure's progress as a position in the log rather than the event itself, because a rebuild files
 * a million of them (see `RecordedProgress`). What a recording says is the domain's: its status, actuals and
 * spending are `ProgressStatus`, `Target` and `Spending`.
 */
import type { ProgressStatus, Spending, Target } from "@planledger/domain";
import type { Review } from "../review/review.read-model.js";

/** What an executor may report for a measure in a quarter. */
export type ReportedStatus = ProgressStatus;

/** What the read model says of a measure in a period: the reported status or one the ledger derives. */
export type MeasureStatus = ReportedStatus | "cancelled" | "overdue" | "notReported";

/** Money spent from one funding source (тис. грн), as a report states it. */
export type Money = Spending;

/** An actual value reached, in the unit of one of the indicator's targets. */
export type Actual = Target;

/** One measure's progress as a report records it, read from a checked `ProgressRecorded` (see `progressOf`). */
export interface ProgressEntry {
  readonly status: ReportedStatus;
  readonly actuals: ReadonlyArray<Actual>;
  /** Cumulative since the start of the report's year (з початку року), тис. грн. */
  readonly spent: ReadonlyArray<Money>;
  readonly narrative: string;
  readonly sample: boolean;
  readonly recordedAt: string;
}

/**
 * A `ProgressRecorded` as the fold keeps it: where the event is, and its data text unless the log can hand it
 * back; parsed and checked only when a view reads it (see `progressOf`). A rebuild records a million of these;
 * keeping a position instead of object graphs spares the parse, the memory and most of the garbage collector's work.
 */
export interface RecordedProgress {
  /** The data as stored; left out when the ledger can read it back from the log (`LedgerState.textAt`). */
  readonly json?: string;
  readonly recordedAt: string;
  /** The event's position in this node's log. */
  readonly position: number;
}

export type ReportPhase = "drafted" | "submitted" | "accepted" | "returned";

export interface ReportState {
  readonly reportId: string;
  readonly planId: string;
  readonly year: number;
  readonly quarter: number;
  readonly origin: string;
  phase: ReportPhase;
  draftedAt: string;
  submittedAt: string | null;
  review: Review | null;
  /** Every phase change, oldest first: a returned and re-submitted report keeps its story. */
  history: { readonly phase: ReportPhase; readonly at: string; readonly by: string | null }[];
  progress: Record<string, RecordedProgress>;
  lastSeq: number;
}
