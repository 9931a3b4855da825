/**
 * @module What a quarterly report needs to know about its plan, passed into report commands so that the
 * report decider stays pure and does not read the plan stream itself.
 */
import { Schema as S } from "effect";
import { MeasureId, NodeId, PlanId } from "../shared/ids.js";
import { Period } from "../plan/plan.model.js";
import type { PlanState } from "../plan/plan.state.js";

export const MeasureStanding = S.Literal("active", "cancelled");
export type MeasureStanding = typeof MeasureStanding.Type;

export const PlanFacts = S.Struct({
  planId: PlanId,
  ownerNode: NodeId,
  period: Period,
  closed: S.Boolean,
  measures: S.Record({ key: MeasureId, value: MeasureStanding }),
  /** The successor that reports on the plan since its owner's administration was merged or dissolved (`SuccessorNamed`). */
  continuedBy: S.optional(NodeId),
});
export type PlanFacts = typeof PlanFacts.Type;

/**
 * The facts of a plan state, or null before adoption. A measure is cancelled when it, its task or its
 * section was cancelled (cancellation cascades in the events, this is belt and braces for old logs).
 *
 * @example planFacts(fold(planDecider, planEvents))?.measures[measureId] // "active"
 */
export const planFacts = (state: PlanState): PlanFacts | null => {
  if (state.status === "none") return null;
  const measures: Record<MeasureId, MeasureStanding> = {};
  for (const m of Object.values(state.measures)) {
    const task = state.tasks[m.taskId];
    const section = task === undefined ? undefined : state.sections[task.sectionId];
    measures[m.measureId] = m.cancelled || task?.cancelled || section?.cancelled ? "cancelled" : "active";
  }
  return {
    planId: state.planId,
    ownerNode: state.ownerNode,
    period: state.period,
    closed: state.status === "closed",
    measures,
  };
};
