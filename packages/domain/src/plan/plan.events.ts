/**
 * @module Events of the plan stream (`plan:<planId>`). Tags are past tense and never renamed; old shapes
 * are read through `upcast` (see `shared/event-registry.ts` and `docs/events.md`).
 */
import { Schema as S } from "effect";
import { IsoDate, Term } from "../term/term.model.js";
import { MeasureId, NodeId, PlanId, SectionId, TaskId } from "../shared/ids.js";
import { byTag } from "../shared/by-tag.js";
import { BudgetLine, Executor, Indicator, Order, Period } from "./plan.model.js";

/** The order of an amendment always states its number and date (the adopting order may lack them). */
export const AmendingOrder = S.Struct({ number: S.String.pipe(S.minLength(1)), date: IsoDate });
export type AmendingOrder = typeof AmendingOrder.Type;

/** A measure of another plan (normally on the parent node) that a measure implements. */
export const MeasureRef = S.Struct({ node: NodeId, planId: PlanId, measureId: MeasureId });
export type MeasureRef = typeof MeasureRef.Type;

const Ordinal = S.Int.pipe(S.positive());
const Reason = S.String.pipe(S.minLength(1));

/** A plan adopted by an order; its structure follows in the same append as Section/Task/MeasureAdded. */
/**
 * The file a plan was read from: its format as the importer told it from the content, the SHA-256 of its
 * bytes, and the columns a person assigned when the reader could not map them alone. Absent for plans adopted
 * from interchange JSON sent by a program, and for every plan adopted before it was recorded.
 */
export const DocumentSource = S.Struct({
  format: S.String,
  sha256: S.String.pipe(S.pattern(/^[0-9a-f]{64}$/)),
  fileName: S.optional(S.String),
  columns: S.optional(S.Array(S.Struct({ column: S.Int, field: S.String, year: S.optional(S.Int) }))),
});
export type DocumentSource = typeof DocumentSource.Type;

export class PlanAdopted extends S.TaggedClass<PlanAdopted>()("PlanAdopted", {
  planId: PlanId,
  ownerNode: NodeId,
  title: S.NullOr(S.String),
  issuer: S.NullOr(S.String),
  order: Order,
  period: Period,
  parentPlanId: S.NullOr(PlanId),
  source: S.optional(DocumentSource),
}) {}

/** An amendment by a later order; the structural events it makes follow it (causationId = its eventId). */
export class PlanAmended extends S.TaggedClass<PlanAmended>()("PlanAmended", {
  planId: PlanId,
  order: AmendingOrder,
  title: S.optional(S.String),
  period: S.optional(Period),
  note: S.optional(S.String),
}) {}

export class SectionAdded extends S.TaggedClass<SectionAdded>()("SectionAdded", {
  sectionId: SectionId,
  label: S.String,
  ordinal: Ordinal,
  title: S.String,
}) {}

export class SectionAmended extends S.TaggedClass<SectionAmended>()("SectionAmended", {
  sectionId: SectionId,
  label: S.optional(S.String),
  title: S.optional(S.String),
}) {}

export class SectionCancelled extends S.TaggedClass<SectionCancelled>()("SectionCancelled", {
  sectionId: SectionId,
  reason: Reason,
}) {}

export class TaskAdded extends S.TaggedClass<TaskAdded>()("TaskAdded", {
  taskId: TaskId,
  sectionId: SectionId,
  label: S.String,
  ordinal: Ordinal,
  title: S.String,
}) {}

export class TaskAmended extends S.TaggedClass<TaskAmended>()("TaskAmended", {
  taskId: TaskId,
  label: S.optional(S.String),
  title: S.optional(S.String),
}) {}

export class TaskCancelled extends S.TaggedClass<TaskCancelled>()("TaskCancelled", {
  taskId: TaskId,
  reason: Reason,
}) {}

export class MeasureAdded extends S.TaggedClass<MeasureAdded>()("MeasureAdded", {
  measureId: MeasureId,
  taskId: TaskId,
  label: S.String,
  ordinal: Ordinal,
  title: S.String,
  term: Term,
  executors: S.Array(Executor),
  indicator: Indicator,
  budget: S.Array(BudgetLine),
}) {}

export class MeasureAmended extends S.TaggedClass<MeasureAmended>()("MeasureAmended", {
  measureId: MeasureId,
  label: S.optional(S.String),
  title: S.optional(S.String),
  term: S.optional(Term),
  executors: S.optional(S.Array(Executor)),
  indicator: S.optional(Indicator),
  budget: S.optional(S.Array(BudgetLine)),
}) {}

export class MeasureCancelled extends S.TaggedClass<MeasureCancelled>()("MeasureCancelled", {
  measureId: MeasureId,
  reason: Reason,
}) {}

export class MeasureLinked extends S.TaggedClass<MeasureLinked>()("MeasureLinked", {
  measureId: MeasureId,
  parent: MeasureRef,
}) {}

export class MeasureUnlinked extends S.TaggedClass<MeasureUnlinked>()("MeasureUnlinked", {
  measureId: MeasureId,
  reason: S.optional(S.String),
}) {}

export class PlanClosed extends S.TaggedClass<PlanClosed>()("PlanClosed", { reason: Reason }) {}

/** Every event of a plan stream. */
export const PlanEvent = S.Union(
  PlanAdopted,
  PlanAmended,
  SectionAdded,
  SectionAmended,
  SectionCancelled,
  TaskAdded,
  TaskAmended,
  TaskCancelled,
  MeasureAdded,
  MeasureAmended,
  MeasureCancelled,
  MeasureLinked,
  MeasureUnlinked,
  PlanClosed,
);
export type PlanEvent = typeof PlanEvent.Type;

/** The plan events by type, for decoding stored `data`. */
export const planEventTypes = byTag(PlanEvent.members);
