/**
 * @module A plan's interchange document seen as the suggester's input, with the ids its import gives measures.
 */
import { makeMeasureId, makeSectionId, makeTaskId, type PlanDocument, type PlanId } from "@planledger/domain";
import type { LinkablePlan } from "./suggest-links.js";

/**
 * Numbers sections and tasks by position and measures by their `ordinal`, exactly as importing the
 * document does, so a suggestion's ids are the ids of the imported plan's measures.
 *
 * @example
 * suggestLinks(linkableFromDocument(doc328, planId328), linkableFromDocument(doc1003, planId1003))
 */
export const linkableFromDocument = (document: PlanDocument, planId: PlanId): LinkablePlan => ({
  sections: document.sections.map((section, s) => {
    const sectionId = makeSectionId(planId, s + 1);
    return {
      label: section.label,
      title: section.title,
      tasks: section.tasks.map((task, t) => {
        const taskId = makeTaskId(sectionId, t + 1);
        return {
          label: task.label,
          title: task.title,
          measures: task.measures.map((m) => ({
            id: makeMeasureId(taskId, m.ordinal),
            label: m.label,
            title: m.title,
            indicator: m.indicator.text,
          })),
        };
      }),
    };
  }),
});
