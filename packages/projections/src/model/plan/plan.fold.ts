/**
 * @module The plan read model's fold: the events of a plan stream (`plan:<planId>`), each read through its
 * schema's compiled check (see `event-data.ts`), into the plan's `PlanState`, in place.
 */
import {
  MeasureAdded,
  MeasureAmended,
  MeasureCancelled,
  MeasureLinked,
  MeasureUnlinked,
  PlanAdopted,
  PlanAmended,
  PlanClosed,
  SectionAdded,
  SectionAmended,
  SectionCancelled,
  TaskAdded,
  TaskAmended,
  TaskCancelled,
  type planEventTypes,
} from "@planledger/domain";
import { type CheckedFold, checkedFold, dataCheck } from "../event-data.js";
import type { LedgerState } from "../ledger-state.js";
import type { LoggedEvent } from "../logged-event.js";
import { NONE, type Touched } from "../touched.js";
import type { Cancellation, PlanSource, PlanState } from "./plan.read-model.js";

const dateOf = (iso: string): string => iso.slice(0, 10);

// An amendment's structural events carry its eventId as causation; they take effect on the amending order's date.
const effectiveDate = (plan: PlanState, event: LoggedEvent): string => {
  if (event.causationId) {
    for (let i = plan.amendments.length - 1; i >= 0; i--) {
      const a = plan.amendments[i];
      if (a && a.eventId === event.causationId) return a.order.date ?? dateOf(a.recordedAt);
    }
  }
  return dateOf(event.recordedAt);
};

const cancel = (
  part: { cancelled: Cancellation | null } | undefined,
  plan: PlanState,
  event: LoggedEvent,
  reason: string,
): void => {
  if (part !== undefined && part.cancelled === null)
    part.cancelled = { reason, effective: effectiveDate(plan, event), recordedAt: event.recordedAt };
};

const relabel = (
  part: { label: string; title: string } | undefined,
  change: { readonly label?: string | undefined; readonly title?: string | undefined },
): void => {
  if (part === undefined) return;
  if (change.label !== undefined) part.label = change.label;
  if (change.title !== undefined) part.title = change.title;
};

const isAdoption = dataCheck(PlanAdopted);

/** Every plan event after the adoption, by type: the mapped type makes a new event type a compile error here. */
const evolve: { readonly [T in Exclude<keyof typeof planEventTypes, "PlanAdopted">]: CheckedFold<PlanState> } = {
  PlanAmended: checkedFold(PlanAmended, (plan, event, d) => {
    plan.amendments.push({
      eventId: event.eventId ?? null,
      order: { number: d.order.number, date: d.order.date },
      note: d.note ?? null,
      recordedAt: event.recordedAt,
    });
    if (d.title !== undefined) plan.title = d.title;
    if (d.period !== undefined) plan.period = { from: d.period.from, to: d.period.to };
  }),
  PlanClosed: checkedFold(PlanClosed, (plan, event, d) => {
    plan.closed = { reason: d.reason, recordedAt: event.recordedAt };
  }),
  SectionAdded: checkedFold(SectionAdded, (plan, _event, d) => {
    plan.sections[d.sectionId] = { sectionId: d.sectionId, label: d.label, ordinal: d.ordinal, title: d.title, cancelled: null };
  }),
  SectionAmended: checkedFold(SectionAmended, (plan, _event, d) => relabel(plan.sections[d.sectionId], d)),
  SectionCancelled: checkedFold(SectionCancelled, (plan, event, d) => cancel(plan.sections[d.sectionId], plan, event, d.reason)),
  TaskAdded: checkedFold(TaskAdded, (plan, _event, d) => {
    plan.tasks[d.taskId] = {
      taskId: d.taskId,
      sectionId: d.sectionId,
      label: d.label,
      ordinal: d.ordinal,
      title: d.title,
      cancelled: null,
    };
  }),
  TaskAmended: checkedFold(TaskAmended, (plan, _event, d) => relabel(plan.tasks[d.taskId], d)),
  TaskCancelled: checkedFold(TaskCancelled, (plan, event, d) => cancel(plan.tasks[d.taskId], plan, event, d.reason)),
  MeasureAdded: checkedFold(MeasureAdded, (plan, event, d) => {
    plan.measures[d.measureId] = {
      measureId: d.measureId,
      taskId: d.taskId,
      label: d.label,
      ordinal: d.ordinal,
      title: d.title,
      term: d.term,
      executors: d.executors,
      indicator: d.indicator,
      budget: d.budget,
      // Never before the plan itself: an amendment cannot backdate a measure past the adopting order.
      effective: [effectiveDate(plan, event), plan.adoptedAt].sort()[1] ?? plan.adoptedAt,
      cancelled: null,
      parent: null,
    };
  }),
  MeasureAmended: checkedFold(MeasureAmended, (plan, _event, d) => {
    const m = plan.measures[d.measureId];
    if (m === undefined) return;
    relabel(m, d);
    if (d.term !== undefined) m.term = d.term;
    if (d.executors !== undefined) m.executors = d.executors;
    if (d.indicator !== undefined) m.indicator = d.indicator;
    if (d.budget !== undefined) m.budget = d.budget;
  }),
  MeasureCancelled: checkedFold(MeasureCancelled, (plan, event, d) => cancel(plan.measures[d.measureId], plan, event, d.reason)),
  MeasureLinked: checkedFold(MeasureLinked, (plan, _event, d) => {
    const m = plan.measures[d.measureId];
    if (m) m.parent = { node: d.parent.node, planId: d.parent.planId, measureId: d.parent.measureId };
  }),
  MeasureUnlinked: checkedFold(MeasureUnlinked, (plan, _event, d) => {
    const m = plan.measures[d.measureId];
    if (m) m.parent = null;
  }),
};

const sourceOf = (source: PlanAdopted["source"]): PlanSource | null =>
  source === undefined
    ? null
    : {
        format: source.format,
        sha256: source.sha256,
        fileName: source.fileName ?? null,
        columnsAssigned: source.columns !== undefined && source.columns.length > 0,
      };

/**
 * Folds one event of the plan stream of `planId` into the ledger, in place. An adoption whose data does not
 * match its schema adopts nothing; any later event of a held plan (understood or not) counts towards the plan's
 * freshness, and its change is made only when its data matches.
 *
 * @example foldPlanEvent(state, "p1", event, { reason: "виконано" }) // { kind: "plan", planId: "p1" } for a PlanClosed
 */
export const foldPlanEvent = (state: LedgerState, planId: string, event: LoggedEvent, data: unknown): Touched => {
  if (event.type === "PlanAdopted") {
    if (!isAdoption(data)) return NONE;
    const order = { number: data.order.number, date: data.order.date };
    state.plans.set(data.planId, {
      planId: data.planId,
      origin: event.origin,
      ownerNode: data.ownerNode,
      title: data.title,
      issuer: data.issuer,
      order,
      period: { from: data.period.from, to: data.period.to },
      parentPlanId: data.parentPlanId,
      adoptedAt: order.date ?? dateOf(event.recordedAt),
      amendments: [],
      closed: null,
      sections: {},
      tasks: {},
      measures: {},
      lastSeq: event.seq,
      lastRecordedAt: event.recordedAt,
      source: sourceOf(data.source),
    });
    return { kind: "plan", planId: data.planId };
  }
  const plan = state.plans.get(planId);
  if (plan === undefined) return NONE;
  plan.lastSeq = event.seq;
  plan.lastRecordedAt = event.recordedAt;
  if (Object.hasOwn(evolve, event.type)) evolve[event.type as keyof typeof evolve](plan, event, data);
  return { kind: "plan", planId };
};
