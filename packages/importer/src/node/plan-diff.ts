/**
 * @module The structural changes that turn an adopted plan into what a newer version of its document
 * says: ids come from the canonical ordinals (as at adoption), so a section, task or measure keeps its id
 * across versions; only what differs becomes a change.
 */
import {
  AddMeasure,
  AddSection,
  AddTask,
  type AdoptedPlan,
  AmendMeasure,
  AmendSection,
  AmendTask,
  CancelMeasure,
  CancelSection,
  CancelTask,
  type CommandMeta,
  makeMeasureId,
  makeSectionId,
  makeTaskId,
  type MeasureId,
  type PlanChange,
  type PlanDocument,
  type SectionId,
  type TaskId,
} from "@planledger/domain";
import { canonicalJson } from "@planledger/event-store";

/** The fields of `after` that differ from `before` (compared as canonical JSON). */
const patchOf = <T extends object, K extends keyof T>(before: T, after: T, keys: ReadonlyArray<K>): Partial<Pick<T, K>> => {
  const patch: Partial<Pick<T, K>> = {};
  for (const key of keys) if (canonicalJson(before[key]) !== canonicalJson(after[key])) patch[key] = after[key];
  return patch;
};

/** Why an item left the plan: it is not in the newer document. */
export const REMOVED_REASON = "немає в новій редакції документа / not in the amended document";

/**
 * The changes from `plan` to `doc`, in an order the decider accepts: additions and amendments parent
 * first, then cancellations (a cancelled section takes its tasks and measures with it).
 *
 * @example diffPlan(plan, amendedDoc, meta) // [AmendMeasure { measureId: "….s2.t1.m3", term: … }]
 */
export const diffPlan = (plan: AdoptedPlan, doc: PlanDocument, meta: CommandMeta): PlanChange[] => {
  const { planId } = plan;
  const changes: PlanChange[] = [];
  const keptSections = new Set<SectionId>();
  const keptTasks = new Set<TaskId>();
  const keptMeasures = new Set<MeasureId>();
  doc.sections.forEach((section, s) => {
    const sectionId = makeSectionId(planId, s + 1);
    keptSections.add(sectionId);
    const before = plan.sections[sectionId];
    if (before === undefined) {
      changes.push(new AddSection({ meta, planId, sectionId, label: section.label, ordinal: s + 1, title: section.title }));
    } else {
      const patch = patchOf(before, { ...before, ...section }, ["label", "title"]);
      if (Object.keys(patch).length > 0) changes.push(new AmendSection({ meta, planId, sectionId, ...patch }));
    }
    section.tasks.forEach((task, t) => {
      const taskId = makeTaskId(sectionId, t + 1);
      keptTasks.add(taskId);
      const was = plan.tasks[taskId];
      if (was === undefined) {
        changes.push(new AddTask({ meta, planId, taskId, sectionId, label: task.label, ordinal: t + 1, title: task.title }));
      } else {
        const patch = patchOf(was, { ...was, label: task.label, title: task.title }, ["label", "title"]);
        if (Object.keys(patch).length > 0) changes.push(new AmendTask({ meta, planId, taskId, ...patch }));
      }
      for (const m of task.measures) {
        const measureId = makeMeasureId(taskId, m.ordinal);
        keptMeasures.add(measureId);
        const old = plan.measures[measureId];
        if (old === undefined) {
          changes.push(new AddMeasure({ meta, planId, measureId, taskId, ...m }));
          continue;
        }
        const patch = patchOf(old, { ...old, ...m }, ["label", "title", "term", "executors", "indicator", "budget"]);
        if (Object.keys(patch).length > 0) changes.push(new AmendMeasure({ meta, planId, measureId, ...patch }));
      }
    });
  });
  const reason = REMOVED_REASON;
  for (const section of Object.values(plan.sections)) {
    if (!section.cancelled && !keptSections.has(section.sectionId)) {
      changes.push(new CancelSection({ meta, planId, sectionId: section.sectionId, reason }));
    }
  }
  for (const task of Object.values(plan.tasks)) {
    if (!task.cancelled && !keptTasks.has(task.taskId) && keptSections.has(task.sectionId)) {
      changes.push(new CancelTask({ meta, planId, taskId: task.taskId, reason }));
    }
  }
  for (const m of Object.values(plan.measures)) {
    if (!m.cancelled && !keptMeasures.has(m.measureId) && keptTasks.has(m.taskId)) {
      changes.push(new CancelMeasure({ meta, planId, measureId: m.measureId, reason }));
    }
  }
  return changes;
};
