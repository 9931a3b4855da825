/**
 * @module The in-memory read model every view is computed from: plans with their structure, quarterly reports
 * with their progress, and how far each origin's log has been seen. Plain objects so that one plan or one report
 * is one JSON row in the SQLite cache.
 */
import type { BudgetLine, Executor, Indicator, Term } from "@planledger/domain";

/** What an executor may report for a measure in a quarter. */
export type ReportedStatus = "planned" | "inProgress" | "done" | "notDone";

/** What the read model says of a measure in a period: the reported status or one the ledger derives. */
export type MeasureStatus = ReportedStatus | "cancelled" | "overdue" | "notReported";

export interface OrderRef {
  readonly number: string | null;
  readonly date: string | null;
}

export interface PeriodYears {
  readonly from: number | null;
  readonly to: number | null;
}

export interface Cancellation {
  readonly reason: string;
  /** The day it took effect: the amending order's date when an amendment caused it, else the day it was recorded. */
  readonly effective: string;
  readonly recordedAt: string;
}

export interface SectionState {
  readonly sectionId: string;
  label: string;
  readonly ordinal: number;
  title: string;
  cancelled: Cancellation | null;
}

export interface TaskState {
  readonly taskId: string;
  readonly sectionId: string;
  label: string;
  readonly ordinal: number;
  title: string;
  cancelled: Cancellation | null;
}

export interface ParentRef {
  readonly node: string;
  readonly planId: string;
  readonly measureId: string;
}

export interface MeasureState {
  readonly measureId: string;
  readonly taskId: string;
  label: string;
  readonly ordinal: number;
  title: string;
  term: Term;
  executors: ReadonlyArray<Executor>;
  indicator: Indicator;
  budget: ReadonlyArray<BudgetLine>;
  /** The day the measure entered the plan: the adopting or amending order's date (historic plans are imported late). */
  readonly effective: string;
  cancelled: Cancellation | null;
  parent: ParentRef | null;
}

export interface Amendment {
  readonly eventId: string | null;
  readonly order: OrderRef;
  readonly note: string | null;
  readonly recordedAt: string;
}

export interface PlanState {
  readonly planId: string;
  /** The node whose log holds the plan stream. */
  readonly origin: string;
  ownerNode: string;
  title: string | null;
  issuer: string | null;
  order: OrderRef;
  period: PeriodYears;
  parentPlanId: string | null;
  readonly adoptedAt: string;
  amendments: Amendment[];
  closed: { readonly reason: string; readonly recordedAt: string } | null;
  sections: Record<string, SectionState>;
  tasks: Record<string, TaskState>;
  measures: Record<string, MeasureState>;
  /** Last event of the plan stream applied, for freshness of replicated plans. */
  lastSeq: number;
  lastRecordedAt: string;
  /** The file the plan was adopted from, when its adoption recorded one (absent in caches written before). */
  source?: PlanSource | null;
}

/** The file a plan was read from: the importer's format, the SHA-256 of its bytes, its name, whether a person chose the columns. */
export interface PlanSource {
  readonly format: string;
  readonly sha256: string;
  readonly fileName: string | null;
  readonly columnsAssigned: boolean;
}

export interface Money {
  readonly source: string;
  readonly executor?: string | undefined;
  /** тис. грн */
  readonly amount: number;
}

export interface Actual {
  readonly value: number;
  readonly unit: string;
}

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
 * back; parsed only when a view reads it (see `readProgress`). A rebuild records a million of these; keeping
 * a position instead of object graphs spares the parse, the memory and most of the garbage collector's work.
 */
export interface RecordedProgress {
  /** The data as stored; left out when the ledger can read it back from the log (`LedgerState.textAt`). */
  readonly json?: string;
  readonly recordedAt: string;
  /** The event's position in this node's log. */
  readonly position: number;
}

export type ReviewOutcome = "accepted" | "returned";

export interface Review {
  readonly reviewerNode: string;
  readonly outcome: ReviewOutcome;
  readonly reason: string | null;
  readonly reportRef: { readonly origin: string; readonly seq: number; readonly hash: string } | null;
  readonly recordedAt: string;
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
