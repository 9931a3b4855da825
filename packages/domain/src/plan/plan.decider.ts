/**
 * @module The plan decider: which plan events a command produces, or which invariant it breaks.
 */
import { Either } from "effect";
import type { Decider } from "../shared/decider.js";
import type { CommandMeta } from "../shared/command-meta.js";
import type { PlanId } from "../shared/ids.js";
import type { AddMeasure, AdoptPlan, AmendPlan, PlanChange, PlanCommand } from "./plan.commands.js";
import {
  AlreadyLinked,
  DuplicateId,
  IdOutsideParent,
  InvalidPeriod,
  ItemIsCancelled,
  type ItemKind,
  LinkWithinPlan,
  NegativeAmount,
  NotLinked,
  NothingToAmend,
  NotPlanOwner,
  OrderInFuture,
  OrderNotLater,
  PlanAlreadyAdopted,
  type PlanError,
  PlanIsClosed,
  PlanMismatch,
  SelfLink,
  UnknownMeasure,
  UnknownPlan,
  UnknownSection,
  UnknownTask,
} from "./plan.errors.js";
import {
  MeasureAdded,
  MeasureAmended,
  MeasureCancelled,
  MeasureLinked,
  MeasureUnlinked,
  PlanAdopted,
  PlanAmended,
  PlanClosed,
  type PlanEvent,
  SectionAdded,
  SectionAmended,
  SectionCancelled,
  TaskAdded,
  TaskAmended,
  TaskCancelled,
} from "./plan.events.js";
import type { BudgetLine, Period } from "./plan.model.js";
import { type AdoptedPlan, currentOrder, evolvePlan, initialPlanState, type PlanState } from "./plan.state.js";

type Decision = Either.Either<ReadonlyArray<PlanEvent>, PlanError>;

const ok = (...events: ReadonlyArray<PlanEvent>): Decision => Either.right(events);

const checkPeriod = (planId: PlanId, period: Period): PlanError | null =>
  period.from !== null && period.to !== null && period.from > period.to ? new InvalidPeriod({ planId, period }) : null;

const checkBudget = (id: string, budget: ReadonlyArray<BudgetLine>): PlanError | null => {
  for (const line of budget) {
    if (line.total !== null && line.total < 0) return new NegativeAmount({ id, source: line.source, amount: line.total });
    for (const [year, amount] of Object.entries(line.byYear)) {
      if (amount < 0) return new NegativeAmount({ id, source: line.source, year, amount });
    }
  }
  return null;
};

const checkNested = (kind: ItemKind, id: string, parentId: string): PlanError | null =>
  id.startsWith(`${parentId}.`) ? null : new IdOutsideParent({ kind, id, parentId });

const firstError = (...checks: ReadonlyArray<() => PlanError | null>): PlanError | null => {
  for (const check of checks) {
    const error = check();
    if (error !== null) return error;
  }
  return null;
};

const errorOf = (result: Either.Either<unknown, PlanError>): PlanError | null =>
  Either.isLeft(result) ? result.left : null;

const decideAdopt = (command: AdoptPlan, state: PlanState): Decision => {
  const { planId } = command;
  if (state.status !== "none") return Either.left(new PlanAlreadyAdopted({ planId }));
  if (command.meta.node !== command.ownerNode) {
    return Either.left(new NotPlanOwner({ planId, ownerNode: command.ownerNode, node: command.meta.node }));
  }
  const periodError = checkPeriod(planId, command.period);
  if (periodError !== null) return Either.left(periodError);
  const { meta: _meta, _tag, sections, ...header } = command;
  const events: Array<PlanEvent> = [new PlanAdopted(header)];
  const seen = new Set<string>();
  const fresh = (kind: ItemKind, id: string): PlanError | null => {
    if (seen.has(id)) return new DuplicateId({ planId, kind, id });
    seen.add(id);
    return null;
  };
  for (const { tasks, ...section } of sections) {
    const error = firstError(
      () => fresh("section", section.sectionId),
      () => checkNested("section", section.sectionId, planId),
    );
    if (error !== null) return Either.left(error);
    events.push(new SectionAdded(section));
    for (const { measures, ...task } of tasks) {
      const { sectionId } = section;
      const error = firstError(() => fresh("task", task.taskId), () => checkNested("task", task.taskId, sectionId));
      if (error !== null) return Either.left(error);
      events.push(new TaskAdded({ ...task, sectionId }));
      for (const measure of measures) {
        const { taskId } = task;
        const error = firstError(
          () => fresh("measure", measure.measureId),
          () => checkNested("measure", measure.measureId, taskId),
          () => checkBudget(measure.measureId, measure.budget),
        );
        if (error !== null) return Either.left(error);
        events.push(new MeasureAdded({ ...measure, taskId }));
      }
    }
  }
  return Either.right(events);
};

/** The plan a later command may act on: adopted, the same plan, written by its owner, not closed. */
const writable = (state: PlanState, planId: PlanId, meta: CommandMeta): Either.Either<AdoptedPlan, PlanError> => {
  if (state.status === "none") return Either.left(new UnknownPlan({ planId }));
  if (state.planId !== planId) return Either.left(new PlanMismatch({ expected: state.planId, given: planId }));
  if (meta.node !== state.ownerNode) {
    return Either.left(new NotPlanOwner({ planId, ownerNode: state.ownerNode, node: meta.node }));
  }
  if (state.status === "closed") return Either.left(new PlanIsClosed({ planId }));
  return Either.right(state);
};

const decideAmend = (command: AmendPlan, plan: AdoptedPlan): Decision => {
  const { planId, order } = command;
  const current = currentOrder(plan);
  const repeated = [plan.order, ...plan.amendments].some((o) => o.number === order.number && o.date === order.date);
  if (repeated || (current.date !== null && order.date < current.date)) {
    return Either.left(new OrderNotLater({ planId, current, given: order }));
  }
  if (order.date > command.meta.at.slice(0, 10)) {
    return Either.left(new OrderInFuture({ planId, date: order.date, at: command.meta.at }));
  }
  if (command.period !== undefined) {
    const periodError = checkPeriod(planId, command.period);
    if (periodError !== null) return Either.left(periodError);
  }
  const { meta: _meta, _tag, changes, ...amendment } = command;
  const amended = new PlanAmended(amendment);
  let state: PlanState = evolvePlan(plan, amended);
  const events: Array<PlanEvent> = [amended];
  for (const change of changes) {
    const decided = decideChange(change, state);
    if (Either.isLeft(decided)) return decided;
    events.push(...decided.right);
    state = decided.right.reduce(evolvePlan, state);
  }
  return Either.right(events);
};

const decideAddMeasure = (command: AddMeasure, plan: AdoptedPlan): Decision => {
  const { planId, measureId, taskId } = command;
  const task = plan.tasks[taskId];
  const error = firstError(
    () => (task === undefined ? new UnknownTask({ planId, taskId, measureId }) : null),
    () => (task?.cancelled ? new ItemIsCancelled({ kind: "task", id: taskId }) : null),
    () => (plan.measures[measureId] ? new DuplicateId({ planId, kind: "measure", id: measureId }) : null),
    () => checkNested("measure", measureId, taskId),
    () => checkBudget(measureId, command.budget),
  );
  if (error !== null) return Either.left(error);
  const { meta: _meta, _tag, planId: _plan, ...measure } = command;
  return ok(new MeasureAdded(measure));
};

const decideChange = (command: PlanChange, state: PlanState): Decision => {
  const guarded = writable(state, command.planId, command.meta);
  if (Either.isLeft(guarded)) return Either.left(guarded.left);
  const plan = guarded.right;
  const { planId } = plan;
  const section = (id: string) => plan.sections[id as keyof typeof plan.sections];
  const task = (id: string) => plan.tasks[id as keyof typeof plan.tasks];
  const measure = (id: string) => plan.measures[id as keyof typeof plan.measures];
  const live = <T extends { readonly cancelled: boolean }>(
    item: T | undefined,
    missing: PlanError,
    kind: ItemKind,
    id: string,
  ): Either.Either<T, PlanError> =>
    item === undefined
      ? Either.left(missing)
      : item.cancelled
        ? Either.left(new ItemIsCancelled({ kind, id }))
        : Either.right(item);
  const liveSection = (id: string) => live(section(id), new UnknownSection({ planId, sectionId: id }), "section", id);
  const liveTask = (id: string) => live(task(id), new UnknownTask({ planId, taskId: id }), "task", id);
  const liveMeasure = (id: string) => live(measure(id), new UnknownMeasure({ planId, measureId: id }), "measure", id);
  const cancelTasks = (taskIds: ReadonlyArray<string>, reason: string): Array<PlanEvent> => {
    const events: Array<PlanEvent> = [];
    for (const t of Object.values(plan.tasks)) {
      if (t.cancelled || !taskIds.includes(t.taskId)) continue;
      events.push(new TaskCancelled({ taskId: t.taskId, reason }));
    }
    for (const m of Object.values(plan.measures)) {
      if (m.cancelled || !taskIds.includes(m.taskId)) continue;
      events.push(new MeasureCancelled({ measureId: m.measureId, reason }));
    }
    return events;
  };

  switch (command._tag) {
    case "AddSection": {
      const { meta: _meta, _tag, planId: _plan, ...added } = command;
      const error = firstError(
        () => (section(added.sectionId) ? new DuplicateId({ planId, kind: "section", id: added.sectionId }) : null),
        () => checkNested("section", added.sectionId, planId),
      );
      return error !== null ? Either.left(error) : ok(new SectionAdded(added));
    }
    case "AmendSection": {
      const { meta: _meta, _tag, planId: _plan, ...amended } = command;
      if (amended.label === undefined && amended.title === undefined) {
        return Either.left(new NothingToAmend({ id: amended.sectionId }));
      }
      return Either.map(liveSection(amended.sectionId), () => [new SectionAmended(amended)]);
    }
    case "CancelSection":
      return Either.map(liveSection(command.sectionId), (s) => {
        const taskIds = Object.values(plan.tasks)
          .filter((t) => t.sectionId === s.sectionId)
          .map((t) => t.taskId);
        const { sectionId, reason } = command;
        return [new SectionCancelled({ sectionId, reason }), ...cancelTasks(taskIds, reason)];
      });
    case "AddTask": {
      const { meta: _meta, _tag, planId: _plan, ...added } = command;
      const error = firstError(
        () => errorOf(liveSection(added.sectionId)),
        () => (task(added.taskId) ? new DuplicateId({ planId, kind: "task", id: added.taskId }) : null),
        () => checkNested("task", added.taskId, added.sectionId),
      );
      return error !== null ? Either.left(error) : ok(new TaskAdded(added));
    }
    case "AmendTask": {
      const { meta: _meta, _tag, planId: _plan, ...amended } = command;
      if (amended.label === undefined && amended.title === undefined) {
        return Either.left(new NothingToAmend({ id: amended.taskId }));
      }
      return Either.map(liveTask(amended.taskId), () => [new TaskAmended(amended)]);
    }
    case "CancelTask":
      return Either.map(liveTask(command.taskId), (t) => cancelTasks([t.taskId], command.reason));
    case "AddMeasure":
      return decideAddMeasure(command, plan);
    case "AmendMeasure": {
      const { meta: _meta, _tag, planId: _plan, measureId, ...changes } = command;
      if (Object.values(changes).every((v) => v === undefined)) return Either.left(new NothingToAmend({ id: measureId }));
      return Either.flatMap(liveMeasure(measureId), () => {
        const budgetError = changes.budget === undefined ? null : checkBudget(measureId, changes.budget);
        return budgetError !== null ? Either.left(budgetError) : ok(new MeasureAmended({ measureId, ...changes }));
      });
    }
    case "CancelMeasure": {
      const { measureId, reason } = command;
      return Either.map(liveMeasure(measureId), () => [new MeasureCancelled({ measureId, reason })]);
    }
    case "LinkMeasure": {
      const { measureId, parent } = command;
      return Either.flatMap(liveMeasure(measureId), (m) => {
        if (parent.measureId === measureId) return Either.left(new SelfLink({ measureId }));
        if (parent.planId === planId) return Either.left(new LinkWithinPlan({ measureId, parent }));
        const same =
          m.parent !== null &&
          m.parent.node === parent.node &&
          m.parent.planId === parent.planId &&
          m.parent.measureId === parent.measureId;
        return same ? Either.left(new AlreadyLinked({ measureId, parent })) : ok(new MeasureLinked({ measureId, parent }));
      });
    }
    case "UnlinkMeasure": {
      const { measureId, reason } = command;
      return Either.flatMap(liveMeasure(measureId), (m) =>
        m.parent === null ? Either.left(new NotLinked({ measureId })) : ok(new MeasureUnlinked({ measureId, reason })),
      );
    }
    default: {
      const _: never = command;
      return Either.right([]);
    }
  }
};

const decidePlan = (command: PlanCommand, state: PlanState): Decision => {
  switch (command._tag) {
    case "AdoptPlan":
      return decideAdopt(command, state);
    case "AmendPlan":
      return Either.flatMap(writable(state, command.planId, command.meta), (plan) => decideAmend(command, plan));
    case "ClosePlan":
      return Either.map(writable(state, command.planId, command.meta), () => [new PlanClosed({ reason: command.reason })]);
    case "AddSection":
    case "AmendSection":
    case "CancelSection":
    case "AddTask":
    case "AmendTask":
    case "CancelTask":
    case "AddMeasure":
    case "AmendMeasure":
    case "CancelMeasure":
    case "LinkMeasure":
    case "UnlinkMeasure":
      return decideChange(command, state);
    default: {
      const _: never = command;
      return Either.right([]);
    }
  }
};

/**
 * The plan aggregate (stream `plan:<planId>`).
 *
 * @example
 * const state = fold(planDecider, history);
 * planDecider.decide(new ClosePlan({ meta, planId, reason: "виконано" }), state)
 */
export const planDecider: Decider<PlanCommand, PlanEvent, PlanState, PlanError> = {
  decide: decidePlan,
  evolve: evolvePlan,
  initialState: initialPlanState,
};
