import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { LogBuilder, deadline } from "../testing/log-builder.js";
import { readProgress } from "./apply-event.js";
import { parseAsOf } from "./as-of.js";
import { parseStream } from "./logged-event.js";
import { projectEvents } from "./project-events.js";

const P = "novopskovskyi.328.2019-10-16";

describe("stream names", () => {
  it("reads the three kinds of the catalog", () => {
    expect(parseStream(`plan:${P}`)).toEqual({ kind: "plan", planId: P });
    expect(parseStream(`report:${P}:2020-Q3`)).toEqual({ kind: "report", planId: P, year: 2020, quarter: 3 });
    expect(parseStream(`review:luhanska:${P}.2020-q3`)).toEqual({
      kind: "review",
      reviewerNode: "luhanska",
      reportId: `${P}.2020-q3`,
    });
    expect(parseStream("report:broken")).toEqual({ kind: "other" });
  });
});

describe("as of", () => {
  it("reads a date as the end of that day in Kyiv time and rejects nonsense", () => {
    expect(Either.isLeft(parseAsOf("2021-02-30"))).toBe(true);
    expect(Either.isLeft(parseAsOf("30.02.2021"))).toBe(true);
    // Summer (UTC+3) and winter (UTC+2): the end of 5 April and of 5 January as they are lived in Kyiv.
    expect(parseAsOf("2024-04-05")).toEqual(Either.right({ recordedAt: "2024-04-05T20:59:59.999Z", byReceipt: true }));
    expect(parseAsOf("05.04.2024")).toEqual(Either.right({ recordedAt: "2024-04-05T20:59:59.999Z", byReceipt: true }));
    expect(parseAsOf("2024-01-05")).toEqual(Either.right({ recordedAt: "2024-01-05T21:59:59.999Z", byReceipt: true }));
    // The day the clocks go forward (31.03.2024, at 03:00) still ends at 24:00 Kyiv time.
    expect(parseAsOf("2024-03-31")).toEqual(Either.right({ recordedAt: "2024-03-31T20:59:59.999Z", byReceipt: true }));
    expect(parseAsOf("2024-04-05T10:00:00+03:00", false)).toEqual(
      Either.right({ recordedAt: "2024-04-05T07:00:00.000Z", byReceipt: false }),
    );
    expect(Either.isLeft(parseAsOf("5 квітня"))).toBe(true);
    expect(Either.isLeft(parseAsOf("2024-13-45"))).toBe(true);
    expect(Either.isLeft(parseAsOf("2024-04-05 nonsense"))).toBe(true);
  });

  it("hides what was recorded later, and by receipt what had not arrived yet", () => {
    const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [
      { id: "m1", term: deadline("2026-12-31") },
    ], "2019-10-20T00:00:00.000Z");
    // Recorded at the district on 2 April, reached the oblast only on 7 April (no connection).
    b.add("novopskovskyi", `report:${P}:2024-Q1`, "ReportDrafted", { reportId: `${P}.2024-q1`, planId: P, year: 2024, quarter: 1 },
      "2024-04-02T00:00:00.000Z", { receivedAt: "2024-04-07T00:00:00.000Z" });
    const onFifth = { recordedAt: "2024-04-05T23:59:59.999Z" };
    expect(projectEvents(b.events, { ...onFifth, byReceipt: true }).reports.size).toBe(0);
    expect(projectEvents(b.events, { ...onFifth, byReceipt: false }).reports.size).toBe(1);
    expect(projectEvents(b.events, { recordedAt: "2019-10-19T00:00:00.000Z", byReceipt: false }).plans.size).toBe(0);
  });
});

describe("fold", () => {
  it("keeps a review that arrives before its report and applies it when the report comes", () => {
    const b = new LogBuilder();
    b.add("luhanska", `review:luhanska:${P}.2024-q1`, "ReportAccepted", {
      reportId: `${P}.2024-q1`,
      reportRef: { origin: "novopskovskyi", seq: 3, hash: "aa".repeat(32) },
    }, "2024-04-06T00:00:00.000Z");
    expect(projectEvents(b.events).pendingReviews.size).toBe(1);
    b.add("novopskovskyi", `report:${P}:2024-Q1`, "ReportDrafted", { reportId: `${P}.2024-q1`, planId: P, year: 2024, quarter: 1 },
      "2024-04-02T00:00:00.000Z");
    const state = projectEvents(b.events);
    expect(state.pendingReviews.size).toBe(0);
    expect(state.reports.get(`${P}.2024-q1`)?.phase).toBe("accepted");
  });

  it("keeps the last progress recorded for a measure in a report", () => {
    const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [
      { id: "m1", term: deadline("2026-12-31") },
    ], "2019-10-20T00:00:00.000Z");
    b.report("novopskovskyi", P, 2024, 1, [
      { measure: "m1", status: "inProgress", actuals: [{ value: 1, unit: "x" }] },
      { measure: "m1", status: "done", actuals: [{ value: 4, unit: "x" }] },
    ], "2024-04-02T00:00:00.000Z");
    const state = projectEvents(b.events);
    const recorded = state.reports.get(`${P}.2024-q1`)?.progress[`${P}.s1.t1.m1`];
    if (recorded === undefined) throw new Error("no progress");
    expect(readProgress(state, recorded).status).toBe("done");
    expect(readProgress(state, recorded).actuals).toEqual([{ value: 4, unit: "x" }]);
  });

  it("files a progress recording read as stored text exactly as one given parsed", () => {
    const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [
      { id: "m1", term: deadline("2026-12-31") },
    ], "2019-10-20T00:00:00.000Z");
    b.report("novopskovskyi", P, 2024, 1, [
      { measure: "m1", status: "notDone", actuals: [{ value: 2, unit: "x" }], spent: [{ source: "ОБ", amount: 1.5 }] },
    ], "2024-04-02T00:00:00.000Z");
    // As the SQLite source hands them over: data left as the store's text (sorted keys).
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortKeys)
        : typeof v === "object" && v !== null
          ? Object.fromEntries(Object.entries(v).sort(([a], [c]) => a.localeCompare(c)).map(([k, x]) => [k, sortKeys(x)]))
          : v;
    const asText = b.events.map((e) => ({ ...e, data: undefined, dataJson: JSON.stringify(sortKeys(e.data)) }));
    const key = `${P}.s1.t1.m1`;
    // And as a ledger that keeps no text but reads it back from the log by position.
    const byPosition = new Map(asText.map((e) => [e.position, e.dataJson]));
    const textState = projectEvents(asText);
    const logState = projectEvents(asText, undefined, (position) => byPosition.get(position));
    const dataState = projectEvents(b.events);
    const fromText = textState.reports.get(`${P}.2024-q1`)?.progress[key];
    const fromLog = logState.reports.get(`${P}.2024-q1`)?.progress[key];
    const fromData = dataState.reports.get(`${P}.2024-q1`)?.progress[key];
    if (fromText === undefined || fromData === undefined || fromLog === undefined) throw new Error("progress not filed");
    expect(fromLog.json).toBeUndefined();
    expect(readProgress(textState, fromText)).toEqual(readProgress(dataState, fromData));
    expect(readProgress(logState, fromLog)).toEqual(readProgress(dataState, fromData));
    expect(readProgress(logState, fromLog)).toMatchObject({ status: "notDone", spent: [{ source: "ОБ", amount: 1.5 }] });
    expect(projectEvents(asText).plans.get(P)?.measures[key]?.title).toBe("Захід m1");
  });

  it("records per origin the last seq and when it was received", () => {
    const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [],
      "2019-10-20T00:00:00.000Z");
    b.add("novopskovskyi", `plan:${P}`, "PlanClosed", { reason: "виконано" }, "2026-12-31T00:00:00.000Z",
      { receivedAt: "2027-01-02T00:00:00.000Z" });
    const state = projectEvents(b.events);
    expect(state.origins.get("novopskovskyi")).toEqual({
      origin: "novopskovskyi",
      lastSeq: 4,
      lastPosition: 4,
      lastRecordedAt: "2026-12-31T00:00:00.000Z",
      lastReceivedAt: "2027-01-02T00:00:00.000Z",
    });
    expect(state.plans.get(P)?.closed).toEqual({ reason: "виконано", recordedAt: "2026-12-31T00:00:00.000Z" });
  });
});
