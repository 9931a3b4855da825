import { describe, expect, it } from "vitest";
import { DeciderSpecification } from "../shared/decider-specification.js";
import { fold } from "../shared/decider.js";
import { makePlanId, makeReportId } from "../shared/ids.js";
import { luhanska, meta, novopskovskyi } from "../plan/plan.fixtures.js";
import { AcceptReport, ReturnReport } from "./review.commands.js";
import { reviewDecider } from "./review.decider.js";
import { ReportAlreadyReviewed, SelfReview } from "./review.errors.js";
import { ReportAccepted, ReportReturned } from "./review.events.js";

const spec = DeciderSpecification.for(reviewDecider);
const childPlan = makePlanId({ ownerNode: novopskovskyi, order: { number: "328", date: "2019-10-16" } });
const reportId = makeReportId(childPlan, 2020, 1);
const reportRef = { origin: novopskovskyi, seq: 42, hash: "9f2c" };
const accepted = new ReportAccepted({ reportId, reportRef });
const returned = new ReportReturned({ reportId, reportRef, reason: "суми не сходяться з планом" });

describe("review", () => {
  it("AcceptReport accepts a child's report", () => {
    const state = spec.given([]).when(new AcceptReport({ meta, reportId, reportRef })).thenEmits([accepted]);
    expect(state).toEqual({ status: "reviewed", reportId, verdict: "accepted", reportRef });
  });

  it("ReturnReport returns it with the reason", () => {
    spec
      .given([])
      .when(new ReturnReport({ meta, reportId, reportRef, reason: "суми не сходяться з планом" }))
      .thenEmits([returned]);
  });

  it("refuses to review a report twice, naming the verdict that stands", () => {
    spec.given([accepted]).when(new ReturnReport({ meta, reportId, reportRef, reason: "x" })).thenFails(
      new ReportAlreadyReviewed({ reportId, verdict: "accepted" }),
    );
    spec.given([returned]).when(new AcceptReport({ meta, reportId, reportRef })).thenFails(
      new ReportAlreadyReviewed({ reportId, verdict: "returned" }),
    );
  });

  it("reviews a returned report again once it is resubmitted (a later seq), and only then", () => {
    const resubmitted = { origin: novopskovskyi, seq: 57, hash: "a1b0" };
    const state = spec
      .given([returned])
      .when(new AcceptReport({ meta, reportId, reportRef: resubmitted }))
      .thenEmits([new ReportAccepted({ reportId, reportRef: resubmitted })]);
    expect(state).toEqual({ status: "reviewed", reportId, verdict: "accepted", reportRef: resubmitted });
    const earlier = { ...reportRef, seq: 41 };
    spec.given([returned]).when(new AcceptReport({ meta, reportId, reportRef: earlier })).thenFails(
      new ReportAlreadyReviewed({ reportId, verdict: "returned" }),
    );
    spec.given([accepted]).when(new AcceptReport({ meta, reportId, reportRef: resubmitted })).thenFails(
      new ReportAlreadyReviewed({ reportId, verdict: "accepted" }),
    );
  });

  it("refuses a node reviewing a report from its own log", () => {
    const own = { ...reportRef, origin: luhanska };
    spec.given([]).when(new AcceptReport({ meta, reportId, reportRef: own })).thenFails(new SelfReview({ reportId, node: luhanska }));
  });

  it("keeps an acceptance when a replica carries a later verdict, and the latest verdict after a return", () => {
    expect(fold(reviewDecider, [accepted, returned])).toMatchObject({ verdict: "accepted" });
    const again = new ReportAccepted({ reportId, reportRef: { ...reportRef, seq: 57 } });
    expect(fold(reviewDecider, [returned, again])).toMatchObject({ verdict: "accepted", reportRef: { seq: 57 } });
  });
});
