/**
 * @module A plan as the read model holds it. It is not the domain's decision state (`plan.state.ts` in
 * @planledger/domain), which keeps only what the decider must check — whether a part exists and whether it is
 * cancelled. The read model answers questions about time and history that no decision asks: on which day a
 * cancellation or a measure took effect (the amending order's date, not the day it was recorded), which
 * amendments made the plan what it is, how fresh a replica is (last seq and time seen), and which file it was
 * read from. Where a value is the same thing as in the domain (orders, periods, terms, executors, indicators,
 * budget lines, the parent measure a measure implements) it is the domain's type. Ids stay plain strings: the
 * read model is looked up by text from stream names and URLs, and its rows are cached as JSON.
 */
import type { BudgetLine, Executor, Indicator, MeasureRef, Order, Period, Term } from "@planledger/domain";

/** An adopting or amending order (розпорядження № N від DATE); the adopting one may lack either. */
export type OrderRef = Order;

/** The years a plan covers, `null` where the document does not say. */
export type PeriodYears = Period;

/** The measure of another plan (normally on the parent node) that a measure implements. */
export type ParentRef = MeasureRef;

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

/** The file a plan was read from: the importer's format, the SHA-256 of its bytes, its name, whether a person chose the columns. */
export interface PlanSource {
  readonly format: string;
  readonly sha256: string;
  readonly fileName: string | null;
  readonly columnsAssigned: boolean;
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
