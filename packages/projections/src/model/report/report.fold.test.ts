import { describe, expect, it } from "vitest";
import { LogBuilder, deadline } from "../../testing/log-builder.js";
import { reportProgress } from "../../views/report-progress.js";
import { countedProgress } from "../../views/plan-reports.js";
import { applyEvent } from "../apply-event.js";
import { emptyLedger } from "../ledger-state.js";
import type { LoggedEvent } from "../logged-event.js";
import { projectEvents } from "../project-events.js";
import { progressOf } from "./progress.js";

const P = "novopskovskyi.328.2019-10-16";
const R = `${P}.2024-q1`;
const stream = `report:${P}:2024-Q1`;
const at = "2024-04-02T00:00:00.000Z";
const m = (id: string) => `${P}.s1.t1.${id}`;

const log = (): LogBuilder => {
  const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [
    { id: "m1", term: deadline("2026-12-31") },
    { id: "m2", term: deadline("2026-12-31") },
  ], "2019-10-20T00:00:00.000Z");
  b.report("novopskovskyi", P, 2024, 1, [{ measure: "m1", status: "done", actuals: [{ value: 4, unit: "x" }] }], at, false);
  return b;
};

// As the store's catch-up reader hands them over: the text, or for a recording only its two ids.
const asText = (events: ReadonlyArray<LoggedEvent>): LoggedEvent[] =>
  events.map((e) => ({ ...e, data: undefined, dataJson: JSON.stringify(e.data) }));
const asIds = (events: ReadonlyArray<LoggedEvent>): LoggedEvent[] =>
  events.map((e) => {
    const d = e.data as Record<string, unknown>;
    return e.type === "ProgressRecorded" && typeof d.reportId === "string" && typeof d.measureId === "string"
      ? { ...e, data: undefined, picked: { reportId: d.reportId, measureId: d.measureId } }
      : { ...e, data: undefined, dataJson: JSON.stringify(e.data) };
  });

describe("the report fold", () => {
  it("files a recording with a status no schema knows, and every view reads it as not recorded", () => {
    const b = log();
    b.add("novopskovskyi", stream, "ProgressRecorded", { reportId: R, measureId: m("m2"), status: "halfDone", actuals: [], spent: [], narrative: "?" }, at);
    b.add("novopskovskyi", stream, "ReportSubmitted", { reportId: R }, at);
    const byPosition = new Map(asText(b.events).map((e) => [e.position, e.dataJson]));
    const textAt = (position: number) => byPosition.get(position);
    for (const state of [projectEvents(b.events), projectEvents(asText(b.events)), projectEvents(asIds(b.events), undefined, textAt)]) {
      const report = state.reports.get(R);
      expect(report?.phase).toBe("submitted");
      const bad = report?.progress[m("m2")];
      if (bad === undefined) throw new Error("not filed");
      expect(progressOf(state, bad)).toBeNull();
      expect(reportProgress(state, R)?.progress.map((p) => [p.measureId, p.entry.status])).toEqual([[m("m1"), "done"]]);
      const plan = state.plans.get(P);
      if (plan === undefined) throw new Error("no plan");
      expect([...countedProgress(state, plan).keys()]).toEqual([m("m1")]);
    }
  });

  it("skips a phase change whose data does not match, counting it towards the report's freshness", () => {
    const b = log();
    b.add("novopskovskyi", stream, "ReportSubmitted", { reportId: 17 }, at);
    const state = emptyLedger();
    const touched = b.events.map((e) => applyEvent(state, e));
    expect(touched.at(-1)).toEqual({ kind: "report", reportId: R });
    expect(state.reports.get(R)?.phase).toBe("drafted");
    expect(state.reports.get(R)?.lastSeq).toBe(b.events.length);
  });

  it("drafts nothing from a draft whose quarter is out of range", () => {
    const b = new LogBuilder();
    b.add("novopskovskyi", stream, "ReportDrafted", { reportId: R, planId: P, year: 2024, quarter: 5 }, at);
    b.add("novopskovskyi", stream, "ProgressRecorded", { reportId: R, measureId: m("m1"), status: "done", actuals: [], spent: [], narrative: "" }, at);
    const state = projectEvents(b.events);
    expect(state.reports.size).toBe(0);
    expect(state.reportIndex.size).toBe(0);
  });
});

describe("the review fold", () => {
  it("skips a return without a reason; an acceptance that matches applies", () => {
    const b = log();
    b.add("novopskovskyi", stream, "ReportSubmitted", { reportId: R }, at);
    const ref = { origin: "novopskovskyi", seq: 7, hash: "ab".repeat(32) };
    b.add("luhanska", `review:luhanska:${R}`, "ReportReturned", { reportId: R, reportRef: ref, reason: "" }, "2024-04-05T00:00:00.000Z");
    expect(projectEvents(b.events).reports.get(R)?.phase).toBe("submitted");
    b.add("luhanska", `review:luhanska:${R}`, "ReportAccepted", { reportId: R, reportRef: ref }, "2024-04-06T00:00:00.000Z");
    const report = projectEvents(b.events).reports.get(R);
    expect(report?.phase).toBe("accepted");
    expect(report?.review).toEqual({ reviewerNode: "luhanska", outcome: "accepted", reason: null, reportRef: ref, recordedAt: "2024-04-06T00:00:00.000Z" });
  });
});
