/**
 * @module The plan writes the import page makes, as a port: the node reads an uploaded document with its own
 * parser, says where it would go (a new plan, or how it differs from the plan held under its id), and adopts it
 * through the same command path as `POST /api/v1/plans`, with the signed-in person as the actor.
 */
import type { BudgetLine, Executor, Indicator, Period, PlanDocument, Term } from "@planledger/domain";
import type { Viewer } from "./people.js";

/** An uploaded file as the page recognised it from its content (never its name). */
export type Upload =
  | { readonly kind: "xlsx"; readonly bytes: Uint8Array }
  | { readonly kind: "json"; readonly text: string }
  | { readonly kind: "text"; readonly text: string };

/** A document read, or why not: `reason` reads "українською / in English", as the importer's failures do. */
export type ReadOutcome =
  | { readonly ok: true; readonly document: PlanDocument; readonly layout: string }
  | { readonly ok: false; readonly reason: string };

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
 * const read = await plans.read({ kind: "text", text }); if (read.ok) await plans.adopt(viewer, read.document, null)
 */
export interface PlanWrites {
  readonly read: (upload: Upload) => Promise<ReadOutcome>;
  readonly place: (who: Viewer, doc: PlanDocument, parentPlanId: string | null) => Promise<Placement>;
  /** Answers the new plan's id; a plan already held under it is refused (`PlanAlreadyAdopted`). */
  readonly adopt: (who: Viewer, doc: PlanDocument, parentPlanId: string | null) => Promise<string>;
  /**
   * Records a newer version of a plan held here as one amendment by `order`: the document's whole difference,
   * through the same import the CLI runs. Refused (`PreconditionFailed`) when the plan moved since `version`.
   */
  readonly amend: (who: Viewer, doc: PlanDocument, planId: string, order: { readonly number: string; readonly date: string }, version: number) => Promise<void>;
}
