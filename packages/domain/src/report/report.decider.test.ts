import { describe, expect, it } from "vitest";
import { Instant } from "../shared/command-meta.js";
import { DeciderSpecification } from "../shared/decider-specification.js";
import { fold } from "../shared/decider.js";
import { NodeId, makeMeasureId, makePlanId, makeReportId, type ReportId } from "../shared/ids.js";
import { planDecider } from "../plan/plan.decider.js";
import {
  ItemIsCancelled,
  NegativeAmount,
  NotPlanOwner,
  PlanIsClosed,
  PlanMismatch,
  UnknownMeasure,
  UnknownPlan,
} from "../plan/plan.errors.js";
import { PlanClosed, SectionCancelled } from "../plan/plan.events.js";
import { adoptedEvents, luhanska, m111, m121, m211, meta, metaOn, novopskovskyi, planId, s2, t11 } from "../plan/plan.fixtures.js";
import { DraftReport, RecordProgress, ReopenReport, SubmitReport } from "./report.commands.js";
import { reportDecider } from "./report.decider.js";
import {
  EmptyReport,
  QuarterNotStarted,
  QuarterOutsidePlanPeriod,
  ReportAlreadyDrafted,
  ReportAlreadySubmitted,
  ReportIdMismatch,
  ReportNotSubmitted,
  UnknownReport,
} from "./report.errors.js";
import { ProgressRecorded, ReportDrafted, ReportReopened, ReportSubmitted } from "./report.events.js";
import { type PlanFacts, planFacts } from "./report.plan-facts.js";
import type { DraftedReport } from "./report.state.js";

const spec = DeciderSpecification.for(reportDecider);
const facts = planFacts(fold(planDecider, adoptedEvents))!;
const reportId = makeReportId(planId, 2021, 2);
const drafted = new ReportDrafted({ reportId, planId, year: 2021, quarter: 2 });
const progress = {
  reportId,
  measureId: m111,
  status: "done" as const,
  actuals: [{ value: 12, unit: "прийомних сімей" }],
  spent: [{ source: "обласний бюджет", executor: "ОДА", amount: 7.5 }],
  narrative: "Створено 12 прийомних сімей",
};
const recorded = new ProgressRecorded(progress);
const record = (over: Partial<RecordProgress> = {}) => new RecordProgress({ meta, plan: facts, ...progress, ...over });
const draft = (year: number, quarter: 1 | 2 | 3 | 4, over: Partial<DraftReport> = {}) =>
  new DraftReport({ meta, plan: facts, reportId: makeReportId(planId, year, quarter), planId, year, quarter, ...over });

describe("planFacts", () => {
  it("is null before adoption and lists each measure's standing, cascading cancelled sections", () => {
    expect(planFacts(planDecider.initialState)).toBeNull();
    expect(facts).toMatchObject({ planId, ownerNode: luhanska, period: { from: 2018, to: 2026 }, closed: false });
    const cancelled = planFacts(fold(planDecider, [...adoptedEvents, new SectionCancelled({ sectionId: s2, reason: "x" })]));
    expect(cancelled?.measures[m211]).toBe("cancelled");
    expect(cancelled?.measures[m111]).toBe("active");
  });
});

describe("DraftReport", () => {
  it("opens the report of a started quarter inside the plan period", () => {
    spec.given([]).when(draft(2021, 2)).thenEmits([drafted]);
  });

  it("refuses a second draft of the same report", () => {
    spec.given([drafted]).when(draft(2021, 2)).thenFails(new ReportAlreadyDrafted({ reportId }));
  });

  it("needs the plan, the same plan, and the derived report id", () => {
    spec.given([]).when(draft(2021, 2, { plan: null })).thenFails(new UnknownPlan({ planId }));
    const other: PlanFacts = { ...facts, planId: makePlanId({ ownerNode: luhanska, order: { number: "852", date: "2021-03-01" } }) };
    spec.given([]).when(draft(2021, 2, { plan: other })).thenFails(new PlanMismatch({ expected: planId, given: other.planId }));
    const wrong = makeReportId(planId, 2021, 1);
    spec.given([]).when(draft(2021, 2, { reportId: wrong })).thenFails(new ReportIdMismatch({ reportId: wrong, expected: reportId }));
  });

  it("is filed only by the plan's owner node, and not for a closed plan", () => {
    spec
      .given([])
      .when(draft(2021, 2, { meta: metaOn(novopskovskyi) }))
      .thenFails(new NotPlanOwner({ planId, ownerNode: luhanska, node: novopskovskyi }));
    spec.given([]).when(draft(2021, 2, { plan: { ...facts, closed: true } })).thenFails(new PlanIsClosed({ planId }));
  });

  it("rejects a quarter outside the plan's period", () => {
    const late = { ...meta, at: Instant.make("2027-05-01T00:00:00Z") };
    spec
      .given([])
      .when(draft(2027, 1, { meta: late }))
      .thenFails(new QuarterOutsidePlanPeriod({ planId, year: 2027, quarter: 1, period: { from: 2018, to: 2026 } }));
    spec
      .given([])
      .when(draft(2017, 4))
      .thenFails(new QuarterOutsidePlanPeriod({ planId, year: 2017, quarter: 4, period: { from: 2018, to: 2026 } }));
  });

  it("rejects a quarter that has not started at the command's time", () => {
    const q3 = makeReportId(planId, 2021, 3);
    spec.given([]).when(draft(2021, 3)).thenFails(new QuarterNotStarted({ reportId: q3, year: 2021, quarter: 3, at: meta.at }));
    const onFirstDay = { ...meta, at: Instant.make("2021-07-01T00:00:00Z") };
    spec
      .given([])
      .when(draft(2021, 3, { meta: onFirstDay }))
      .thenEmits([new ReportDrafted({ reportId: q3, planId, year: 2021, quarter: 3 })]);
  });
});

describe("RecordProgress", () => {
  it("records a measure's progress; recording again replaces it", () => {
    const first = spec.given([drafted]).when(record()).thenEmits([recorded]) as DraftedReport;
    expect(first.progress[m111]?.status).toBe("done");
    const again = new ProgressRecorded({ ...progress, status: "inProgress", narrative: "уточнено" });
    const second = spec.given([drafted, recorded]).when(record({ status: "inProgress", narrative: "уточнено" })).thenEmits([again]) as DraftedReport;
    expect(second.progress[m111]?.narrative).toBe("уточнено");
    expect(Object.keys(second.progress)).toEqual([m111]);
  });

  it("needs a drafted report that is not yet submitted", () => {
    spec.given([]).when(record()).thenFails(new UnknownReport({ reportId }));
    spec.given([drafted, recorded, new ReportSubmitted({ reportId })]).when(record()).thenFails(new ReportAlreadySubmitted({ reportId }));
  });

  it("needs the report's plan, from its owner node", () => {
    spec.given([drafted]).when(record({ plan: null })).thenFails(new UnknownPlan({ planId }));
    const other: PlanFacts = { ...facts, planId: makePlanId({ ownerNode: luhanska, order: { number: "852", date: "2021-03-01" } }) };
    spec.given([drafted]).when(record({ plan: other })).thenFails(new PlanMismatch({ expected: planId, given: other.planId }));
    spec
      .given([drafted])
      .when(record({ meta: metaOn(novopskovskyi) }))
      .thenFails(new NotPlanOwner({ planId, ownerNode: luhanska, node: novopskovskyi }));
  });

  it("rejects an unknown or cancelled measure", () => {
    const ghost = makeMeasureId(t11, 9);
    spec.given([drafted]).when(record({ measureId: ghost })).thenFails(new UnknownMeasure({ planId, measureId: ghost }));
    const cancelled: PlanFacts = { ...facts, measures: { ...facts.measures, [m121]: "cancelled" } };
    spec
      .given([drafted])
      .when(record({ measureId: m121, plan: cancelled }))
      .thenFails(new ItemIsCancelled({ kind: "measure", id: m121 }));
  });

  it("rejects a negative amount spent", () => {
    const spent = [{ source: "обласний бюджет", amount: 3 }, { source: "місцеві бюджети", amount: -2 }];
    spec.given([drafted]).when(record({ spent })).thenFails(new NegativeAmount({ id: m111, source: "місцеві бюджети", amount: -2 }));
  });

  it("still accepts progress for a plan closed after the report was drafted", () => {
    const closedFacts = planFacts(fold(planDecider, [...adoptedEvents, new PlanClosed({ reason: "виконано" })]))!;
    spec.given([drafted]).when(record({ plan: closedFacts })).thenEmits([recorded]);
  });
});

describe("SubmitReport", () => {
  const submit = (id: ReportId = reportId) => new SubmitReport({ meta, reportId: id });
  it("submits a report with progress", () => {
    const state = spec.given([drafted, recorded]).when(submit()).thenEmits([new ReportSubmitted({ reportId })]);
    expect(state.status).toBe("submitted");
  });

  it("rejects an unknown, empty or already submitted report", () => {
    spec.given([]).when(submit()).thenFails(new UnknownReport({ reportId }));
    spec.given([drafted]).when(submit()).thenFails(new EmptyReport({ reportId }));
    spec.given([drafted, recorded, new ReportSubmitted({ reportId })]).when(submit()).thenFails(new ReportAlreadySubmitted({ reportId }));
  });
});

describe("evolveReport", () => {
  it("ignores progress before a draft and after submission", () => {
    expect(fold(reportDecider, [recorded])).toEqual({ status: "none" });
    const late = new ProgressRecorded({ ...progress, measureId: m211 });
    const state = fold(reportDecider, [drafted, recorded, new ReportSubmitted({ reportId }), late]) as DraftedReport;
    expect(Object.keys(state.progress)).toEqual([m111]);
  });
});

describe("ReopenReport", () => {
  const submitted = new ReportSubmitted({ reportId });
  // The plan of the fixtures is luhanska's; its parent (the national node) returned the report.
  const ukraine = NodeId.make("ukraine");
  const returned = { reportId, returnedBy: ukraine, reportRef: { origin: luhanska, seq: 42, hash: "9f2c" }, reason: "суми не сходяться" };
  const reopen = (over: Partial<ReopenReport> = {}) => new ReopenReport({ meta, ...returned, ...over });

  it("takes back a returned submission; progress is recorded again and the report submitted anew", () => {
    const reopened = spec.given([drafted, recorded, submitted]).when(reopen()).thenEmits([new ReportReopened(returned)]);
    expect(reopened).toMatchObject({ status: "draft", submissions: 1 });
    const corrected = new ProgressRecorded({ ...progress, status: "inProgress", narrative: "Уточнено" });
    spec.given([drafted, recorded, submitted, new ReportReopened(returned)]).when(record({ status: "inProgress", narrative: "Уточнено" })).thenEmits([corrected]);
    const again = spec
      .given([drafted, recorded, submitted, new ReportReopened(returned), corrected])
      .when(new SubmitReport({ meta, reportId }))
      .thenEmits([submitted]);
    expect(again).toMatchObject({ status: "submitted", submissions: 2 });
  });

  it("refuses to reopen a report that is unknown, not submitted, or 'returned' by its own node", () => {
    spec.given([]).when(reopen()).thenFails(new UnknownReport({ reportId }));
    spec.given([drafted, recorded]).when(reopen()).thenFails(new ReportNotSubmitted({ reportId }));
    spec.given([drafted, recorded, submitted]).when(reopen({ returnedBy: luhanska })).thenFails(new ReportNotSubmitted({ reportId }));
  });
});
