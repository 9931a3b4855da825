/**
 * @module The plan writes the import page makes, as a port: the node reads an uploaded document with its own
 * parser, says where it would go (a new plan, or how it differs from the plan held under its id), and adopts it
 * through the same command path as `POST /api/v1/plans`, with the signed-in person as the actor.
 */
import type { BudgetLine, Executor, Indicator, Period, PlanDocument, Term } from "@planledger/domain";
import type { Viewer } from "./people.js";

/** What a column of a plan's table holds, as the node's reader names it. */
export type ColumnField = "label" | "task" | "title" | "executors" | "term" | "source" | "total" | "year" | "indicator" | "ignore";

/** Every field a person can give a column, in the order the assignment form offers them. */
export const COLUMN_FIELDS: ReadonlyArray<ColumnField> = ["label", "task", "title", "executors", "term", "indicator", "source", "total", "year", "ignore"];

/** A person's assignment of the table's columns (0-based), for reading the file again. */
export type ColumnChoice = ReadonlyArray<{ readonly column: number; readonly field: ColumnField; readonly year?: number }>;

/** An uploaded file: its bytes (the format is told from its content, never its name) and, when re-read, the columns chosen. */
export interface Upload {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly columns?: ColumnChoice;
}

/** A column as the reader placed it, and how sure it was. */
export interface ColumnView {
  readonly column: number;
  readonly header: string;
  readonly field: ColumnField;
  readonly year?: number;
  readonly confidence: "high" | "medium" | "low";
  readonly because: string;
}

/** What the general table reader says beside a plan read from a Word, Excel, PDF or web-copied table. */
export interface ReadingView {
  /** The table the reader chose ("таблиця 2"). */
  readonly table: string;
  readonly columns: ReadonlyArray<ColumnView>;
  /** Headers found that no field could be given to. */
  readonly unplaced: ReadonlyArray<string>;
  /** True when a person assigned the columns. */
  readonly assigned: boolean;
  /** Measures with at least one field the reader was not sure of, by their path ("I. / 1. / 3)"). */
  readonly doubtful: ReadonlyArray<{ readonly path: string; readonly where: string; readonly fields: ReadonlyArray<string> }>;
}

/** A document read, or why not: `reason` reads "українською / in English", as the importer's failures do. */
export type ReadOutcome =
  | { readonly ok: true; readonly document: PlanDocument; readonly layout: string; readonly reading: ReadingView | null }
  | {
      readonly ok: false;
      readonly reason: string;
      /** The headers of the table found, one per column, when its columns could not be mapped: a person can assign them. */
      readonly headers?: ReadonlyArray<string>;
      /** The columns the reader could place alone, to start the person's assignment from. */
      readonly proposed?: ColumnChoice;
      /** True when the file is no document format the node reads (answered 415, not 422). */
      readonly unsupported?: boolean;
    };

/** One field of a section, task or measure that the document changes, before and after. */
export type FieldDifference =
  | { readonly field: "label" | "title"; readonly before: string; readonly after: string }
  | { readonly field: "term"; readonly before: Term; readonly after: Term }
  | { readonly field: "executors"; readonly before: ReadonlyArray<Executor>; readonly after: ReadonlyArray<Executor> }
  | { readonly field: "indicator"; readonly before: Indicator; readonly after: Indicator }
  | { readonly field: "budget"; readonly before: ReadonlyArray<BudgetLine>; readonly after: ReadonlyArray<BudgetLine> };

/** An item the document adds, changes or no longer has, against the plan held here. */
export interface ItemDifference {
  readonly change: "added" | "changed" | "cancelled";
  readonly level: "section" | "task" | "measure";
  readonly id: string;
  readonly label: string;
  readonly title: string;
  /** For `changed`: what differs. */
  readonly fields: ReadonlyArray<FieldDifference>;
}

/** The plan already held under the document's id, and how the document differs from it. */
export interface RecordedPlan {
  readonly title: string | null;
  readonly order: { readonly number: string | null; readonly date: string | null };
  readonly amendments: ReadonlyArray<{ readonly number: string; readonly date: string }>;
  /** The plan stream's version. */
  readonly version: number;
  readonly titleChange: { readonly before: string | null; readonly after: string } | null;
  readonly periodChange: { readonly before: Period; readonly after: Period } | null;
  readonly items: ReadonlyArray<ItemDifference>;
}

/** Where a document would go on this node; nothing is stored to learn it. */
export interface Placement {
  readonly planId: string;
  /** Null when no plan is held under `planId`: the document would be adopted as a new plan. */
  readonly recorded: RecordedPlan | null;
  /** Why the node's plan decider would refuse the adoption ("українською / in English"), or null. */
  readonly refusal: string | null;
}

/**
 * @example
 * const read = await plans.read({ bytes, fileName: "plan.docx" }); if (read.ok) await plans.adopt(viewer, read.document, null, { upload, layout: read.layout })
 */
export interface PlanWrites {
  readonly read: (upload: Upload) => Promise<ReadOutcome>;
  readonly place: (who: Viewer, doc: PlanDocument, parentPlanId: string | null) => Promise<Placement>;
  /**
   * Answers the new plan's id; a plan already held under it is refused (`PlanAlreadyAdopted`). `upload` is the
   * file it was read from: its format, hash, name and any columns a person chose are recorded with the adoption.
   */
  readonly adopt: (who: Viewer, doc: PlanDocument, parentPlanId: string | null, from?: { readonly upload: Upload; readonly layout: string }) => Promise<string>;
  /**
   * Records a newer version of a plan held here as one amendment by `order`: the document's whole difference,
   * through the same import the CLI runs. Refused (`PreconditionFailed`) when the plan moved since `version`.
   */
  readonly amend: (who: Viewer, doc: PlanDocument, planId: string, order: { readonly number: string; readonly date: string }, version: number) => Promise<void>;
}
