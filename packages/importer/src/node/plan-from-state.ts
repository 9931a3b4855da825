/**
 * @module A plan as a node holds it (its folded state) written back as the interchange `PlanDocument`:
 * items in force only, in canonical order. Anomalies belong to a reading of a document, not to the plan,
 * so there are none.
 */
import type { AdoptedPlan, PlanDocument } from "@planledger/domain";

const byOrdinal = <T extends { readonly ordinal: number }>(a: T, b: T) => a.ordinal - b.ordinal;

/**
 * The document of a plan state.
 *
 * @example planFromState(fold(planDecider, events)) // { plan: { title, … }, sections: [...], anomalies: [] }
 */
export const planFromState = (plan: AdoptedPlan): PlanDocument => {
  const sections = Object.values(plan.sections).filter((s) => !s.cancelled).sort(byOrdinal);
  const tasks = Object.values(plan.tasks).filter((t) => !t.cancelled).sort(byOrdinal);
  const measures = Object.values(plan.measures).filter((m) => !m.cancelled).sort(byOrdinal);
  return {
    plan: { title: plan.title, issuer: plan.issuer, order: plan.order, period: plan.period },
    sections: sections.map((s) => ({
      label: s.label,
      title: s.title,
      tasks: tasks
        .filter((t) => t.sectionId === s.sectionId)
        .map((t) => ({
          label: t.label,
          title: t.title,
          measures: measures
            .filter((m) => m.taskId === t.taskId)
            .map(({ measureId: _id, taskId: _task, cancelled: _cancelled, parent: _parent, ...measure }) => measure),
        })),
    })),
    anomalies: [],
  };
};
