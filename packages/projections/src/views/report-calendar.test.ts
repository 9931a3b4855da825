import { describe, expect, it } from "vitest";
import { projectEvents } from "../model/project-events.js";
import { LogBuilder, deadline } from "../testing/log-builder.js";
import { reportCalendar } from "./report-calendar.js";

const P = "novopskovskyi.328.2019-10-16";
const review = (b: LogBuilder, type: "ReportAccepted" | "ReportReturned", q: number, at: string, reason?: string) =>
  b.add("luhanska", `review:luhanska:${P}.2020-q${q}`, type, {
    reportId: `${P}.2020-q${q}`,
    reportRef: { origin: "novopskovskyi", seq: 1, hash: "ef".repeat(32) },
    ...(reason ? { reason } : {}),
  }, at);

const log = (): LogBuilder => {
  const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [
    { id: "m1", term: deadline("2026-12-31") },
  ], "2019-10-20T00:00:00.000Z");
  b.report("novopskovskyi", P, 2019, 4, [{ measure: "m1", status: "inProgress" }], "2020-01-04T00:00:00.000Z");
  b.report("novopskovskyi", P, 2020, 1, [{ measure: "m1", status: "inProgress" }], "2020-04-03T00:00:00.000Z");
  review(b, "ReportAccepted", 1, "2020-04-06T00:00:00.000Z");
  b.report("novopskovskyi", P, 2020, 2, [{ measure: "m1", status: "inProgress" }], "2020-07-09T00:00:00.000Z");
  review(b, "ReportReturned", 2, "2020-07-10T00:00:00.000Z", "немає показників");
  b.report("novopskovskyi", P, 2020, 4, [], "2021-01-02T00:00:00.000Z", false);
  return b;
};

describe("report calendar", () => {
  it("lists each quarter from adoption with its report's state", () => {
    const state = projectEvents(log().events);
    const plan = state.plans.get(P);
    if (plan === undefined) throw new Error("plan not folded");
    const cal = reportCalendar(state, plan, "2021-01-03");
    expect(cal.periods.map((p) => [p.label, p.state, p.late])).toEqual([
      ["IV кв. 2019", "submitted", false],
      ["I кв. 2020", "accepted", false],
      ["II кв. 2020", "returned", true],
      ["III кв. 2020", "missing", true],
      ["IV кв. 2020", "drafted", false],
      ["I кв. 2021", "upcoming", false],
    ]);
    expect(cal.periods[2]?.review).toMatchObject({ reviewerNode: "luhanska", outcome: "returned", reason: "немає показників" });
    expect(cal.periods[2]?.dueDate).toBe("2020-07-05");
    expect(cal.counts).toMatchObject({ submitted: 1, accepted: 1, returned: 1, missing: 1, drafted: 1, upcoming: 1, due: 0 });
  });

  it("shows a quarter just ended as due until its due date, and a resubmitted report as submitted again", () => {
    const b = log();
    b.add("novopskovskyi", `report:${P}:2020-Q2`, "ReportSubmitted", { reportId: `${P}.2020-q2` }, "2020-07-20T00:00:00.000Z");
    // As the node saw it on 3 October 2020: the IV quarter's draft of January 2021 does not exist yet.
    const state = projectEvents(b.events, { recordedAt: "2020-10-03T23:59:59.999Z", byReceipt: true });
    const plan = state.plans.get(P);
    if (plan === undefined) throw new Error("plan not folded");
    const cal = reportCalendar(state, plan, "2020-10-03");
    expect(cal.periods.map((p) => p.state)).toEqual(["submitted", "accepted", "submitted", "due", "upcoming"]);
    expect(cal.periods[2]?.late).toBe(true);
    expect(cal.periods[2]?.history.map((h) => h.phase)).toEqual(["drafted", "submitted", "returned", "submitted"]);
  });

  it("shows a reopened report as drafted again, keeping the return that caused it", () => {
    const b = log();
    b.add("novopskovskyi", `report:${P}:2020-Q2`, "ReportReopened", {
      reportId: `${P}.2020-q2`,
      returnedBy: "luhanska",
      reportRef: { origin: "novopskovskyi", seq: 1, hash: "ef".repeat(32) },
      reason: "немає показників",
    }, "2020-07-12T00:00:00.000Z");
    const state = projectEvents(b.events);
    const plan = state.plans.get(P);
    if (plan === undefined) throw new Error("plan not folded");
    const q2 = reportCalendar(state, plan, "2020-07-13").periods[2];
    expect(q2?.state).toBe("drafted");
    expect(q2?.history.map((h) => h.phase)).toEqual(["drafted", "submitted", "returned", "drafted"]);
    expect(q2?.review).toMatchObject({ outcome: "returned", reason: "немає показників" });
  });
});
