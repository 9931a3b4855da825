import { describe, expect, it } from "vitest";
import { Instant } from "../shared/command-meta.js";
import { DeciderSpecification } from "../shared/decider-specification.js";
import { fold } from "../shared/decider.js";
import { MeasureId, makeMeasureId, makeSectionId, makeTaskId, PlanId } from "../shared/ids.js";
import { IsoDate } from "../term/term.model.js";
import {
  AddMeasure,
  AddSection,
  AddTask,
  AdoptPlan,
  AmendMeasure,
  AmendPlan,
  AmendSection,
  AmendTask,
  CancelMeasure,
  CancelSection,
  CancelTask,
  ClosePlan,
  LinkMeasure,
  UnlinkMeasure,
} from "./plan.commands.js";
import { planDecider } from "./plan.decider.js";
import {
  AlreadyLinked,
  DuplicateId,
  IdOutsideParent,
  InvalidPeriod,
  ItemIsCancelled,
  LinkWithinPlan,
  NegativeAmount,
  NotLinked,
  NothingToAmend,
  NotPlanOwner,
  OrderInFuture,
  OrderNotLater,
  PlanAlreadyAdopted,
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
  SectionAdded,
  SectionAmended,
  SectionCancelled,
  TaskAdded,
  TaskAmended,
  TaskCancelled,
} from "./plan.events.js";
import {
  adoptCommand,
  adoptedEvents,
  luhanska,
  m111,
  m112,
  m121,
  m211,
  measureDoc,
  meta,
  metaOn,
  novopskovskyi,
  planId,
  s1,
  s2,
  t11,
  t12,
  t21,
} from "./plan.fixtures.js";
import { type AdoptedPlan, currentOrder } from "./plan.state.js";

const spec = DeciderSpecification.for(planDecider);
const adopted = () => spec.given(adoptedEvents);
const closed = [...adoptedEvents, new PlanClosed({ reason: "виконано" })];
const parentRef = {
  node: luhanska,
  planId: PlanId.make("ukraine.526-r.2018-06-20"),
  measureId: MeasureId.make("ukraine.526-r.2018-06-20.s1.t1.m3"),
};
const asPlan = (state: unknown): AdoptedPlan => {
  const plan = state as AdoptedPlan;
  expect(plan.status).not.toBe("none");
  return plan;
};
const order17 = { number: "17", date: IsoDate.make("2020-02-03") };
const newMeasure = (measureId: MeasureId, taskId: typeof t11, over: Partial<AddMeasure> = {}) =>
  new AddMeasure({ meta, planId, measureId, taskId, ...measureDoc(3, "Новий захід"), ...over });

describe("AdoptPlan", () => {
  it("adopts the whole document: the plan, then each section, its tasks and their measures in order", () => {
    const state = spec.given([]).when(adoptCommand).thenEmits([
      new PlanAdopted({
        planId,
        ownerNode: luhanska,
        title: "План заходів з реформування інституційного догляду",
        issuer: "Луганська обласна державна адміністрація",
        order: { number: "1003", date: IsoDate.make("2018-12-12") },
        period: { from: 2018, to: 2026 },
        parentPlanId: null,
      }),
      new SectionAdded({ sectionId: s1, label: "I", ordinal: 1, title: "Організаційне забезпечення" }),
      new TaskAdded({ taskId: t11, sectionId: s1, label: "1.", ordinal: 1, title: "Утворення робочої групи" }),
      new MeasureAdded({ measureId: m111, taskId: t11, ...measureDoc(1, "Утворити групу") }),
      new MeasureAdded({ measureId: m112, taskId: t11, ...measureDoc(2, "Затвердити склад") }),
      new TaskAdded({ taskId: t12, sectionId: s1, label: "2.", ordinal: 2, title: "Оцінка потреб" }),
      new MeasureAdded({ measureId: m121, taskId: t12, ...measureDoc(1, "Провести оцінку") }),
      new SectionAdded({ sectionId: s2, label: "II", ordinal: 2, title: "Розвиток послуг" }),
      new TaskAdded({ taskId: t21, sectionId: s2, label: "1.", ordinal: 1, title: "Прийомні сім'ї" }),
      new MeasureAdded({ measureId: m211, taskId: t21, ...measureDoc(1, "Створити прийомні сім'ї") }),
    ]);
    const plan = asPlan(state);
    expect(plan.status).toBe("active");
    expect(Object.keys(plan.measures)).toEqual([m111, m112, m121, m211]);
    expect(plan.measures[m211]?.parent).toBeNull();
  });

  it("refuses to adopt a plan twice", () => {
    adopted().when(adoptCommand).thenFails(new PlanAlreadyAdopted({ planId }));
  });

  it("is written only by the owner node", () => {
    spec
      .given([])
      .when(new AdoptPlan({ ...adoptCommand, meta: metaOn(novopskovskyi) }))
      .thenFails(new NotPlanOwner({ planId, ownerNode: luhanska, node: novopskovskyi }));
  });

  it("rejects a period that ends before it starts", () => {
    const period = { from: 2026, to: 2018 };
    spec.given([]).when(new AdoptPlan({ ...adoptCommand, period })).thenFails(new InvalidPeriod({ planId, period }));
  });

  it("rejects two measures with the same id (a duplicated ordinal in one task)", () => {
    const sections = [{ ...adoptCommand.sections[0]!, tasks: [{ ...adoptCommand.sections[0]!.tasks[0]! }] }];
    const task = sections[0]!.tasks[0]!;
    sections[0]!.tasks[0] = { ...task, measures: [...task.measures, { ...task.measures[0]!, title: "Повтор" }] };
    spec
      .given([])
      .when(new AdoptPlan({ ...adoptCommand, sections }))
      .thenFails(new DuplicateId({ planId, kind: "measure", id: m111 }));
  });

  it("rejects an id that is not derived from its parent's", () => {
    const foreign = makeSectionId(PlanId.make("luhanska.852.2021-03-01"), 1);
    const sections = [{ ...adoptCommand.sections[0]!, sectionId: foreign }];
    spec
      .given([])
      .when(new AdoptPlan({ ...adoptCommand, sections }))
      .thenFails(new IdOutsideParent({ kind: "section", id: foreign, parentId: planId }));
  });

  it("rejects a negative planned amount", () => {
    const s = adoptCommand.sections[1]!;
    const t = s.tasks[0]!;
    const m = { ...t.measures[0]!, budget: [{ executor: "ОДА", source: "місцеві бюджети", total: 5, byYear: { "2020": -5 } }] };
    spec
      .given([])
      .when(new AdoptPlan({ ...adoptCommand, sections: [{ ...s, tasks: [{ ...t, measures: [m] }] }] }))
      .thenFails(new NegativeAmount({ id: m211, source: "місцеві бюджети", year: "2020", amount: -5 }));
  });
});

describe("any later command", () => {
  it("needs an adopted plan", () => {
    spec.given([]).when(new ClosePlan({ meta, planId, reason: "x" })).thenFails(new UnknownPlan({ planId }));
  });

  it("must name the plan of the stream", () => {
    const other = PlanId.make("luhanska.852.2021-03-01");
    adopted()
      .when(new ClosePlan({ meta, planId: other, reason: "x" }))
      .thenFails(new PlanMismatch({ expected: planId, given: other }));
  });

  it("is accepted only from the owner node", () => {
    adopted()
      .when(new CancelMeasure({ meta: metaOn(novopskovskyi), planId, measureId: m111, reason: "x" }))
      .thenFails(new NotPlanOwner({ planId, ownerNode: luhanska, node: novopskovskyi }));
  });

  it("cannot change a closed plan", () => {
    spec
      .given(closed)
      .when(new AddSection({ meta, planId, sectionId: makeSectionId(planId, 3), label: "III", ordinal: 3, title: "Т" }))
      .thenFails(new PlanIsClosed({ planId }));
    spec.given(closed).when(new ClosePlan({ meta, planId, reason: "ще раз" })).thenFails(new PlanIsClosed({ planId }));
  });
});

describe("ClosePlan", () => {
  it("closes the plan", () => {
    const state = adopted().when(new ClosePlan({ meta, planId, reason: "виконано" })).thenEmits([new PlanClosed({ reason: "виконано" })]);
    expect(asPlan(state).status).toBe("closed");
  });
});

describe("AmendPlan", () => {
  it("records the amending order and appends the structural changes after it", () => {
    const t13 = makeTaskId(s1, 3);
    const m131 = makeMeasureId(t13, 1);
    const state = adopted()
      .when(
        new AmendPlan({
          meta,
          planId,
          order: order17,
          period: { from: 2018, to: 2028 },
          note: "продовжено строк",
          changes: [
            new AddTask({ meta, planId, taskId: t13, sectionId: s1, label: "3.", ordinal: 3, title: "Моніторинг" }),
            newMeasure(m131, t13, { ordinal: 1 }),
            new CancelMeasure({ meta, planId, measureId: m112, reason: "виконано раніше" }),
          ],
        }),
      )
      .thenEmits([
        new PlanAmended({ planId, order: order17, period: { from: 2018, to: 2028 }, note: "продовжено строк" }),
        new TaskAdded({ taskId: t13, sectionId: s1, label: "3.", ordinal: 3, title: "Моніторинг" }),
        new MeasureAdded({ measureId: m131, taskId: t13, ...measureDoc(3, "Новий захід"), ordinal: 1 }),
        new MeasureCancelled({ measureId: m112, reason: "виконано раніше" }),
      ]);
    const plan = asPlan(state);
    expect(plan.period).toEqual({ from: 2018, to: 2028 });
    expect(plan.title).toBe("План заходів з реформування інституційного догляду");
    expect(currentOrder(plan)).toEqual(order17);
    expect(plan.order).toEqual({ number: "1003", date: "2018-12-12" });
  });

  it("rejects an order older than the one in force", () => {
    const given = { number: "5", date: IsoDate.make("2018-01-10") };
    adopted()
      .when(new AmendPlan({ meta, planId, order: given }))
      .thenFails(new OrderNotLater({ planId, current: { number: "1003", date: IsoDate.make("2018-12-12") }, given }));
  });

  it("rejects the same order twice, even when it is not the latest", () => {
    const later = { number: "40", date: IsoDate.make("2021-01-20") };
    spec
      .given([...adoptedEvents, new PlanAmended({ planId, order: order17 }), new PlanAmended({ planId, order: later })])
      .when(new AmendPlan({ meta, planId, order: later }))
      .thenFails(new OrderNotLater({ planId, current: later, given: later }));
  });

  it("rejects an order dated after the moment of the command", () => {
    const given = { number: "99", date: IsoDate.make("2021-06-16") };
    adopted()
      .when(new AmendPlan({ meta, planId, order: given }))
      .thenFails(new OrderInFuture({ planId, date: given.date, at: meta.at }));
  });

  it("rejects an inverted period", () => {
    const period = { from: 2030, to: 2020 };
    adopted().when(new AmendPlan({ meta, planId, order: order17, period })).thenFails(new InvalidPeriod({ planId, period }));
  });

  it("is rejected whole when one of its changes breaks an invariant", () => {
    const ghost = makeTaskId(s2, 9);
    adopted()
      .when(new AmendPlan({ meta, planId, order: order17, changes: [newMeasure(makeMeasureId(ghost, 1), ghost)] }))
      .thenFails(new UnknownTask({ planId, taskId: ghost, measureId: makeMeasureId(ghost, 1) }));
  });
});

describe("sections", () => {
  const s3 = makeSectionId(planId, 3);
  it("AddSection adds a section", () => {
    adopted()
      .when(new AddSection({ meta, planId, sectionId: s3, label: "ІІІ", ordinal: 3, title: "Кадри" }))
      .thenEmits([new SectionAdded({ sectionId: s3, label: "ІІІ", ordinal: 3, title: "Кадри" })]);
  });

  it("AddSection rejects an existing id and a foreign id", () => {
    adopted()
      .when(new AddSection({ meta, planId, sectionId: s1, label: "I", ordinal: 1, title: "x" }))
      .thenFails(new DuplicateId({ planId, kind: "section", id: s1 }));
    const foreign = makeSectionId(PlanId.make("luhanska.1003.2018-12-13"), 3);
    adopted()
      .when(new AddSection({ meta, planId, sectionId: foreign, label: "III", ordinal: 3, title: "x" }))
      .thenFails(new IdOutsideParent({ kind: "section", id: foreign, parentId: planId }));
  });

  it("AmendSection changes the given fields only", () => {
    const state = adopted()
      .when(new AmendSection({ meta, planId, sectionId: s2, title: "Розвиток сімейних послуг" }))
      .thenEmits([new SectionAmended({ sectionId: s2, title: "Розвиток сімейних послуг" })]);
    expect(asPlan(state).sections[s2]).toMatchObject({ label: "II", title: "Розвиток сімейних послуг" });
  });

  it("AmendSection needs a change, a known section, and one still in force", () => {
    adopted().when(new AmendSection({ meta, planId, sectionId: s2 })).thenFails(new NothingToAmend({ id: s2 }));
    const ghost = makeSectionId(planId, 7);
    adopted().when(new AmendSection({ meta, planId, sectionId: ghost, label: "VII" })).thenFails(new UnknownSection({ planId, sectionId: ghost }));
    spec
      .given([...adoptedEvents, new SectionCancelled({ sectionId: s2, reason: "x" })])
      .when(new AmendSection({ meta, planId, sectionId: s2, label: "2" }))
      .thenFails(new ItemIsCancelled({ kind: "section", id: s2 }));
  });

  it("CancelSection cancels its tasks and measures still in force, with the same reason", () => {
    const state = spec
      .given([...adoptedEvents, new MeasureCancelled({ measureId: m112, reason: "раніше" })])
      .when(new CancelSection({ meta, planId, sectionId: s1, reason: "втратив актуальність" }))
      .thenEmits([
        new SectionCancelled({ sectionId: s1, reason: "втратив актуальність" }),
        new TaskCancelled({ taskId: t11, reason: "втратив актуальність" }),
        new TaskCancelled({ taskId: t12, reason: "втратив актуальність" }),
        new MeasureCancelled({ measureId: m111, reason: "втратив актуальність" }),
        new MeasureCancelled({ measureId: m121, reason: "втратив актуальність" }),
      ]);
    expect(asPlan(state).measures[m211]?.cancelled).toBe(false);
  });

  it("CancelSection refuses to cancel twice", () => {
    spec
      .given([...adoptedEvents, new SectionCancelled({ sectionId: s2, reason: "x" })])
      .when(new CancelSection({ meta, planId, sectionId: s2, reason: "y" }))
      .thenFails(new ItemIsCancelled({ kind: "section", id: s2 }));
  });
});

describe("tasks", () => {
  const t22 = makeTaskId(s2, 2);
  it("AddTask adds a task to a section", () => {
    adopted()
      .when(new AddTask({ meta, planId, taskId: t22, sectionId: s2, label: "2.", ordinal: 2, title: "Патронат" }))
      .thenEmits([new TaskAdded({ taskId: t22, sectionId: s2, label: "2.", ordinal: 2, title: "Патронат" })]);
  });

  it("AddTask needs a known section still in force and a new id under it", () => {
    const ghost = makeSectionId(planId, 5);
    adopted()
      .when(new AddTask({ meta, planId, taskId: makeTaskId(ghost, 1), sectionId: ghost, label: "1.", ordinal: 1, title: "x" }))
      .thenFails(new UnknownSection({ planId, sectionId: ghost }));
    spec
      .given([...adoptedEvents, new SectionCancelled({ sectionId: s2, reason: "x" })])
      .when(new AddTask({ meta, planId, taskId: t22, sectionId: s2, label: "2.", ordinal: 2, title: "x" }))
      .thenFails(new ItemIsCancelled({ kind: "section", id: s2 }));
    adopted()
      .when(new AddTask({ meta, planId, taskId: t21, sectionId: s2, label: "1.", ordinal: 1, title: "x" }))
      .thenFails(new DuplicateId({ planId, kind: "task", id: t21 }));
    adopted()
      .when(new AddTask({ meta, planId, taskId: makeTaskId(s1, 3), sectionId: s2, label: "3.", ordinal: 3, title: "x" }))
      .thenFails(new IdOutsideParent({ kind: "task", id: makeTaskId(s1, 3), parentId: s2 }));
  });

  it("AmendTask renames a task", () => {
    const state = adopted()
      .when(new AmendTask({ meta, planId, taskId: t12, label: "2)" }))
      .thenEmits([new TaskAmended({ taskId: t12, label: "2)" })]);
    expect(asPlan(state).tasks[t12]).toMatchObject({ label: "2)", title: "Оцінка потреб" });
  });

  it("AmendTask needs a change and a known task", () => {
    adopted().when(new AmendTask({ meta, planId, taskId: t12 })).thenFails(new NothingToAmend({ id: t12 }));
    const ghost = makeTaskId(s1, 9);
    adopted().when(new AmendTask({ meta, planId, taskId: ghost, title: "x" })).thenFails(new UnknownTask({ planId, taskId: ghost }));
  });

  it("CancelTask cancels the task and its measures", () => {
    adopted()
      .when(new CancelTask({ meta, planId, taskId: t11, reason: "об'єднано" }))
      .thenEmits([
        new TaskCancelled({ taskId: t11, reason: "об'єднано" }),
        new MeasureCancelled({ measureId: m111, reason: "об'єднано" }),
        new MeasureCancelled({ measureId: m112, reason: "об'єднано" }),
      ]);
  });

  it("CancelTask refuses an unknown or already cancelled task", () => {
    const ghost = makeTaskId(s1, 9);
    adopted().when(new CancelTask({ meta, planId, taskId: ghost, reason: "x" })).thenFails(new UnknownTask({ planId, taskId: ghost }));
    spec
      .given([...adoptedEvents, new TaskCancelled({ taskId: t21, reason: "x" })])
      .when(new CancelTask({ meta, planId, taskId: t21, reason: "y" }))
      .thenFails(new ItemIsCancelled({ kind: "task", id: t21 }));
  });
});

describe("measures", () => {
  const m113 = makeMeasureId(t11, 3);
  it("AddMeasure adds a measure to a task", () => {
    const state = adopted()
      .when(newMeasure(m113, t11))
      .thenEmits([new MeasureAdded({ measureId: m113, taskId: t11, ...measureDoc(3, "Новий захід") })]);
    expect(asPlan(state).measures[m113]).toMatchObject({ label: "3)", cancelled: false, parent: null });
  });

  it("AddMeasure rejects a measure in an unknown task", () => {
    const ghost = makeTaskId(s2, 4);
    const id = makeMeasureId(ghost, 1);
    adopted().when(newMeasure(id, ghost)).thenFails(new UnknownTask({ planId, taskId: ghost, measureId: id }));
  });

  it("AddMeasure rejects a cancelled task, a duplicate id, a foreign id and a negative amount", () => {
    spec
      .given([...adoptedEvents, new TaskCancelled({ taskId: t11, reason: "x" })])
      .when(newMeasure(m113, t11))
      .thenFails(new ItemIsCancelled({ kind: "task", id: t11 }));
    adopted().when(newMeasure(m112, t11)).thenFails(new DuplicateId({ planId, kind: "measure", id: m112 }));
    adopted().when(newMeasure(makeMeasureId(t12, 5), t11)).thenFails(
      new IdOutsideParent({ kind: "measure", id: makeMeasureId(t12, 5), parentId: t11 }),
    );
    const budget = [{ executor: "ОДА", source: "обласний бюджет", total: -1, byYear: {} }];
    adopted().when(newMeasure(m113, t11, { budget })).thenFails(
      new NegativeAmount({ id: m113, source: "обласний бюджет", amount: -1 }),
    );
  });

  it("AmendMeasure changes the given fields and keeps the rest", () => {
    const term = { kind: "onDemand" as const, text: "за потреби" };
    const state = adopted()
      .when(new AmendMeasure({ meta, planId, measureId: m121, term }))
      .thenEmits([new MeasureAmended({ measureId: m121, term })]);
    expect(asPlan(state).measures[m121]).toMatchObject({ term, title: "Провести оцінку" });
  });

  it("AmendMeasure needs a change, a known measure in force, and no negative money", () => {
    adopted().when(new AmendMeasure({ meta, planId, measureId: m121 })).thenFails(new NothingToAmend({ id: m121 }));
    const ghost = makeMeasureId(t12, 8);
    adopted().when(new AmendMeasure({ meta, planId, measureId: ghost, title: "x" })).thenFails(new UnknownMeasure({ planId, measureId: ghost }));
    spec
      .given([...adoptedEvents, new MeasureCancelled({ measureId: m121, reason: "x" })])
      .when(new AmendMeasure({ meta, planId, measureId: m121, title: "x" }))
      .thenFails(new ItemIsCancelled({ kind: "measure", id: m121 }));
    const budget = [{ executor: "ОДА", source: "кошти ЮНІСЕФ", total: null, byYear: { "2021": -0.5 } }];
    adopted().when(new AmendMeasure({ meta, planId, measureId: m121, budget })).thenFails(
      new NegativeAmount({ id: m121, source: "кошти ЮНІСЕФ", year: "2021", amount: -0.5 }),
    );
  });

  it("CancelMeasure cancels once", () => {
    const state = adopted()
      .when(new CancelMeasure({ meta, planId, measureId: m211, reason: "недоцільно" }))
      .thenEmits([new MeasureCancelled({ measureId: m211, reason: "недоцільно" })]);
    expect(asPlan(state).measures[m211]?.cancelled).toBe(true);
    spec
      .given([...adoptedEvents, new MeasureCancelled({ measureId: m211, reason: "недоцільно" })])
      .when(new CancelMeasure({ meta, planId, measureId: m211, reason: "ще раз" }))
      .thenFails(new ItemIsCancelled({ kind: "measure", id: m211 }));
  });
});

describe("links", () => {
  it("LinkMeasure links a measure to the parent measure it implements", () => {
    const state = adopted()
      .when(new LinkMeasure({ meta, planId, measureId: m211, parent: parentRef }))
      .thenEmits([new MeasureLinked({ measureId: m211, parent: parentRef })]);
    expect(asPlan(state).measures[m211]?.parent).toEqual(parentRef);
  });

  it("LinkMeasure rejects a link to itself and to a measure of the same plan", () => {
    const self = { node: luhanska, planId, measureId: m211 };
    adopted().when(new LinkMeasure({ meta, planId, measureId: m211, parent: self })).thenFails(new SelfLink({ measureId: m211 }));
    const sibling = { node: luhanska, planId, measureId: m111 };
    adopted()
      .when(new LinkMeasure({ meta, planId, measureId: m211, parent: sibling }))
      .thenFails(new LinkWithinPlan({ measureId: m211, parent: sibling }));
  });

  it("LinkMeasure rejects a repeated link but moves a link to another parent", () => {
    const linked = [...adoptedEvents, new MeasureLinked({ measureId: m211, parent: parentRef })];
    spec
      .given(linked)
      .when(new LinkMeasure({ meta, planId, measureId: m211, parent: parentRef }))
      .thenFails(new AlreadyLinked({ measureId: m211, parent: parentRef }));
    const other = { ...parentRef, measureId: MeasureId.make("ukraine.526-r.2018-06-20.s1.t1.m4") };
    const state = spec
      .given(linked)
      .when(new LinkMeasure({ meta, planId, measureId: m211, parent: other }))
      .thenEmits([new MeasureLinked({ measureId: m211, parent: other })]);
    expect(asPlan(state).measures[m211]?.parent).toEqual(other);
  });

  it("LinkMeasure rejects a cancelled measure", () => {
    spec
      .given([...adoptedEvents, new MeasureCancelled({ measureId: m211, reason: "x" })])
      .when(new LinkMeasure({ meta, planId, measureId: m211, parent: parentRef }))
      .thenFails(new ItemIsCancelled({ kind: "measure", id: m211 }));
  });

  it("UnlinkMeasure removes a link, and only an existing one", () => {
    const state = spec
      .given([...adoptedEvents, new MeasureLinked({ measureId: m211, parent: parentRef })])
      .when(new UnlinkMeasure({ meta, planId, measureId: m211, reason: "помилковий зв'язок" }))
      .thenEmits([new MeasureUnlinked({ measureId: m211, reason: "помилковий зв'язок" })]);
    expect(asPlan(state).measures[m211]?.parent).toBeNull();
    adopted().when(new UnlinkMeasure({ meta, planId, measureId: m211 })).thenFails(new NotLinked({ measureId: m211 }));
  });
});

describe("evolve", () => {
  it("ignores events that do not fit the state instead of throwing", () => {
    const stray = [new SectionAmended({ sectionId: s1, title: "x" }), new PlanClosed({ reason: "x" })];
    expect(fold(planDecider, stray)).toEqual({ status: "none" });
    const twice = fold(planDecider, [...adoptedEvents, adoptedEvents[0]!, new MeasureCancelled({ measureId: makeMeasureId(t21, 9), reason: "x" })]);
    expect(twice).toEqual(fold(planDecider, adoptedEvents));
  });

  it("uses the command's clock only: the same command decides the same at any real time", () => {
    const late = { ...meta, at: Instant.make("2030-01-01T00:00:00Z") };
    const given = { number: "99", date: IsoDate.make("2021-06-16") };
    adopted().when(new AmendPlan({ meta: late, planId, order: given })).thenEmits([new PlanAmended({ planId, order: given })]);
  });
});
