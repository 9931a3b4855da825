/**
 * @module The state of a plan as its decider needs it, and `evolvePlan`, the fold of plan events into it.
 */
import type { MeasureId, NodeId, PlanId, SectionId, TaskId } from "../shared/ids.js";
import type { Term } from "../term/term.model.js";
import type { AmendingOrder, MeasureRef, PlanEvent } from "./plan.events.js";
import type { BudgetLine, Executor, Indicator, Order, Period } from "./plan.model.js";

export interface SectionState {
  readonly sectionId: SectionId;
  readonly label: string;
  readonly ordinal: number;
  readonly title: string;
  readonly cancelled: boolean;
}

export interface TaskState {
  readonly taskId: TaskId;
  readonly sectionId: SectionId;
  readonly label: string;
  readonly ordinal: number;
  readonly title: string;
  readonly cancelled: boolean;
}

export interface MeasureState {
  readonly measureId: MeasureId;
  readonly taskId: TaskId;
  readonly label: string;
  readonly ordinal: number;
  readonly title: string;
  readonly term: Term;
  readonly executors: ReadonlyArray<Executor>;
  readonly indicator: Indicator;
  readonly budget: ReadonlyArray<BudgetLine>;
  readonly cancelled: boolean;
  readonly parent: MeasureRef | null;
}

export interface AdoptedPlan {
  readonly status: "active" | "closed";
  readonly planId: PlanId;
  readonly ownerNode: NodeId;
  readonly title: string | null;
  readonly issuer: string | null;
  /** The adopting order. */
  readonly order: Order;
  /** Orders of the amendments, oldest first. */
  readonly amendments: ReadonlyArray<AmendingOrder>;
  readonly period: Period;
  readonly parentPlanId: PlanId | null;
  readonly sections: Readonly<Record<SectionId, SectionState>>;
  readonly tasks: Readonly<Record<TaskId, TaskState>>;
  readonly measures: Readonly<Record<MeasureId, MeasureState>>;
}

export type PlanState = { readonly status: "none" } | AdoptedPlan;

export const initialPlanState: PlanState = { status: "none" };

/**
 * The order currently in force: the latest amendment's, else the adopting one.
 *
 * @example currentOrder(plan) // { number: "17", date: "2020-02-03" }
 */
export const currentOrder = (plan: AdoptedPlan): Order => plan.amendments.at(-1) ?? plan.order;

const defined = <T extends object>(patch: T): Partial<T> =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * Folds one plan event into the state. Events that do not fit the state (e.g. a change before adoption)
 * leave it unchanged: the log is the truth and `evolve` must be total.
 *
 * @example [adopted, closed].reduce(evolvePlan, initialPlanState).status // "closed"
 */
export const evolvePlan = (state: PlanState, event: PlanEvent): PlanState => {
  if (event._tag === "PlanAdopted") {
    if (state.status !== "none") return state;
    const { _tag, ...header } = event;
    return { status: "active", ...header, amendments: [], sections: {}, tasks: {}, measures: {} };
  }
  if (state.status === "none") return state;
  switch (event._tag) {
    case "PlanAmended":
      return {
        ...state,
        ...defined({ title: event.title, period: event.period }),
        amendments: [...state.amendments, event.order],
      };
    case "SectionAdded": {
      const { _tag, ...section } = event;
      return { ...state, sections: { ...state.sections, [event.sectionId]: { ...section, cancelled: false } } };
    }
    case "SectionAmended": {
      const section = state.sections[event.sectionId];
      if (section === undefined) return state;
      const patch = defined({ label: event.label, title: event.title });
      return { ...state, sections: { ...state.sections, [event.sectionId]: { ...section, ...patch } } };
    }
    case "SectionCancelled": {
      const section = state.sections[event.sectionId];
      if (section === undefined) return state;
      return { ...state, sections: { ...state.sections, [event.sectionId]: { ...section, cancelled: true } } };
    }
    case "TaskAdded": {
      const { _tag, ...task } = event;
      return { ...state, tasks: { ...state.tasks, [event.taskId]: { ...task, cancelled: false } } };
    }
    case "TaskAmended": {
      const task = state.tasks[event.taskId];
      if (task === undefined) return state;
      const patch = defined({ label: event.label, title: event.title });
      return { ...state, tasks: { ...state.tasks, [event.taskId]: { ...task, ...patch } } };
    }
    case "TaskCancelled": {
      const task = state.tasks[event.taskId];
      if (task === undefined) return state;
      return { ...state, tasks: { ...state.tasks, [event.taskId]: { ...task, cancelled: true } } };
    }
    case "MeasureAdded": {
      const { _tag, ...measure } = event;
      const added: MeasureState = { ...measure, cancelled: false, parent: null };
      return { ...state, measures: { ...state.measures, [event.measureId]: added } };
    }
    case "MeasureAmended": {
      const measure = state.measures[event.measureId];
      if (measure === undefined) return state;
      const { _tag, measureId, ...changes } = event;
      return { ...state, measures: { ...state.measures, [measureId]: { ...measure, ...defined(changes) } } };
    }
    case "MeasureCancelled":
    case "MeasureLinked":
    case "MeasureUnlinked": {
      const measure = state.measures[event.measureId];
      if (measure === undefined) return state;
      const next: MeasureState =
        event._tag === "MeasureCancelled"
          ? { ...measure, cancelled: true }
          : { ...measure, parent: event._tag === "MeasureLinked" ? event.parent : null };
      return { ...state, measures: { ...state.measures, [event.measureId]: next } };
    }
    case "PlanClosed":
      return { ...state, status: "closed" };
    default: {
      const _: never = event;
      return state;
    }
  }
};
