/**
 * @module Commands over a plan's whole life. Ids, time, actor and acting node arrive inside each command
 * (`meta`), so the decider stays pure; `adoptPlanFromDocument` derives the ids from an interchange document.
 */
import { Schema as S } from "effect";
import { fieldsOf } from "../shared/by-tag.js";
import { CommandMeta } from "../shared/command-meta.js";
import {
  type MeasureId,
  makeMeasureId,
  makeSectionId,
  makeTaskId,
  type NodeId,
  PlanId,
  type SectionId,
  type TaskId,
} from "../shared/ids.js";
import {
  MeasureAdded,
  MeasureAmended,
  MeasureCancelled,
  MeasureLinked,
  MeasureUnlinked,
  type DocumentSource,
  PlanAdopted,
  PlanAmended,
  PlanClosed,
  SectionAdded,
  SectionAmended,
  SectionCancelled,
  TaskAdded,
  TaskAmended,
  TaskCancelled,
} from "./plan.events.js";
import type { PlanDocument } from "./plan.model.js";

const routed = { meta: CommandMeta, planId: PlanId };

const { taskId: _task, ...measureSpecFields } = fieldsOf(MeasureAdded.fields);
/** A measure as adopted inside its task. */
export const MeasureSpec = S.Struct(measureSpecFields);
export type MeasureSpec = typeof MeasureSpec.Type;

const { sectionId: _section, ...taskFields } = fieldsOf(TaskAdded.fields);
export const TaskSpec = S.Struct({ ...taskFields, measures: S.Array(MeasureSpec) });
export type TaskSpec = typeof TaskSpec.Type;

export const SectionSpec = S.Struct({ ...fieldsOf(SectionAdded.fields), tasks: S.Array(TaskSpec) });
export type SectionSpec = typeof SectionSpec.Type;

/** Adopts a plan with its whole structure at once (the usual case: one imported document). */
export class AdoptPlan extends S.TaggedClass<AdoptPlan>()("AdoptPlan", {
  meta: CommandMeta,
  ...fieldsOf(PlanAdopted.fields),
  sections: S.Array(SectionSpec),
}) {}

export class AddSection extends S.TaggedClass<AddSection>()("AddSection", {
  ...routed,
  ...fieldsOf(SectionAdded.fields),
}) {}
export class AmendSection extends S.TaggedClass<AmendSection>()("AmendSection", {
  ...routed,
  ...fieldsOf(SectionAmended.fields),
}) {}
/** Cancels the section and, with the same reason, its tasks and measures still in force. */
export class CancelSection extends S.TaggedClass<CancelSection>()("CancelSection", {
  ...routed,
  ...fieldsOf(SectionCancelled.fields),
}) {}

export class AddTask extends S.TaggedClass<AddTask>()("AddTask", { ...routed, ...fieldsOf(TaskAdded.fields) }) {}
export class AmendTask extends S.TaggedClass<AmendTask>()("AmendTask", {
  ...routed,
  ...fieldsOf(TaskAmended.fields),
}) {}
/** Cancels the task and, with the same reason, its measures still in force. */
export class CancelTask extends S.TaggedClass<CancelTask>()("CancelTask", {
  ...routed,
  ...fieldsOf(TaskCancelled.fields),
}) {}

export class AddMeasure extends S.TaggedClass<AddMeasure>()("AddMeasure", {
  ...routed,
  ...fieldsOf(MeasureAdded.fields),
}) {}
export class AmendMeasure extends S.TaggedClass<AmendMeasure>()("AmendMeasure", {
  ...routed,
  ...fieldsOf(MeasureAmended.fields),
}) {}
export class CancelMeasure extends S.TaggedClass<CancelMeasure>()("CancelMeasure", {
  ...routed,
  ...fieldsOf(MeasureCancelled.fields),
}) {}

/** Declares that a measure implements a measure of a parent plan (its actuals roll up into it). */
export class LinkMeasure extends S.TaggedClass<LinkMeasure>()("LinkMeasure", {
  ...routed,
  ...fieldsOf(MeasureLinked.fields),
}) {}
export class UnlinkMeasure extends S.TaggedClass<UnlinkMeasure>()("UnlinkMeasure", {
  ...routed,
  ...fieldsOf(MeasureUnlinked.fields),
}) {}

/** A structural change, on its own or as part of an amendment. */
export const PlanChange = S.Union(
  AddSection,
  AmendSection,
  CancelSection,
  AddTask,
  AmendTask,
  CancelTask,
  AddMeasure,
  AmendMeasure,
  CancelMeasure,
  LinkMeasure,
  UnlinkMeasure,
);
export type PlanChange = typeof PlanChange.Type;

/**
 * An amendment by a later order (number and date kept in the log); `changes` are the structural changes
 * it makes, appended right after `PlanAmended` in the same batch.
 */
export class AmendPlan extends S.TaggedClass<AmendPlan>()("AmendPlan", {
  meta: CommandMeta,
  ...fieldsOf(PlanAmended.fields),
  changes: S.optionalWith(S.Array(PlanChange), { default: () => [] }),
}) {}

export class ClosePlan extends S.TaggedClass<ClosePlan>()("ClosePlan", {
  ...routed,
  ...fieldsOf(PlanClosed.fields),
}) {}

export const PlanCommand = S.Union(AdoptPlan, AmendPlan, ClosePlan, PlanChange);
export type PlanCommand = typeof PlanCommand.Type;

/**
 * The AdoptPlan command for an interchange document, with ids derived from `planId` and the canonical
 * ordinals: sections and tasks by position (1-based), measures by their `ordinal`.
 *
 * @example
 * const planId = makePlanId({ ownerNode, order: doc.plan.order, title: doc.plan.title });
 * adoptPlanFromDocument(doc, { planId, ownerNode, parentPlanId: null, meta })
 */
export const adoptPlanFromDocument = (
  doc: PlanDocument,
  input: {
    readonly planId: PlanId;
    readonly ownerNode: NodeId;
    readonly parentPlanId: PlanId | null;
    readonly meta: CommandMeta;
    /** The file the document was read from, recorded in `PlanAdopted`. */
    readonly source?: DocumentSource;
  },
): AdoptPlan =>
  new AdoptPlan({
    meta: input.meta,
    ...(input.source === undefined ? {} : { source: input.source }),
    planId: input.planId,
    ownerNode: input.ownerNode,
    title: doc.plan.title,
    issuer: doc.plan.issuer,
    order: doc.plan.order,
    period: doc.plan.period,
    parentPlanId: input.parentPlanId,
    sections: doc.sections.map((section, s) => {
      const sectionId: SectionId = makeSectionId(input.planId, s + 1);
      return {
        sectionId,
        label: section.label,
        ordinal: s + 1,
        title: section.title,
        tasks: section.tasks.map((task, t) => {
          const taskId: TaskId = makeTaskId(sectionId, t + 1);
          return {
            taskId,
            label: task.label,
            ordinal: t + 1,
            title: task.title,
            measures: task.measures.map((m) => {
              const measureId: MeasureId = makeMeasureId(taskId, m.ordinal);
              return { measureId, ...m };
            }),
          };
        }),
      };
    }),
  });
