import { describe, expect, it } from "vitest";
import { makeMeasureId, makeNodeId, makePlanId, makeReportId, makeSectionId, makeTaskId, NodeId, slug } from "./ids.js";
import { planStream, reportStream, reviewStream, streamKind } from "./streams.js";

const luhanska = NodeId.make("luhanska");

describe("ids", () => {
  it("derives the plan id from the owner node and the adopting order", () => {
    expect(makePlanId({ ownerNode: luhanska, order: { number: "1003", date: "2018-12-12" } })).toBe(
      "luhanska.1003.2018-12-12",
    );
  });

  it("romanises Cyrillic order numbers into URL-safe slugs", () => {
    expect(slug("526-р")).toBe("526-r");
    expect(slug(" № 12/4 ")).toBe("12-4");
    expect(makeNodeId("Новопсковський")).toBe("novopskovskyi");
  });

  it("falls back to a stable hash when the order lacks a number or date", () => {
    const a = makePlanId({ ownerNode: luhanska, order: { number: null, date: null }, title: "Програма 2024–2028" });
    const b = makePlanId({ ownerNode: luhanska, order: { number: null, date: null }, title: "Програма 2024–2028" });
    const c = makePlanId({ ownerNode: luhanska, order: { number: null, date: null }, title: "Інша програма" });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^luhanska\.p-[0-9a-f]{8}$/);
  });

  it("nests section, task, measure and report ids under the plan id", () => {
    const plan = makePlanId({ ownerNode: luhanska, order: { number: "852", date: "2021-03-01" } });
    const measure = makeMeasureId(makeTaskId(makeSectionId(plan, 2), 1), 10);
    expect(measure).toBe("luhanska.852.2021-03-01.s2.t1.m10");
    expect(makeReportId(plan, 2021, 3)).toBe("luhanska.852.2021-03-01.2021-q3");
  });

  it("rejects node ids that would break stream names", () => {
    expect(() => NodeId.make("luhanska:oblast")).toThrow();
    expect(() => NodeId.make("Luhanska")).toThrow();
  });
});

describe("streams", () => {
  const plan = makePlanId({ ownerNode: luhanska, order: { number: "852", date: "2021-03-01" } });
  it("names the three kinds of stream and recognises them", () => {
    const report = makeReportId(plan, 2021, 4);
    expect(planStream(plan)).toBe("plan:luhanska.852.2021-03-01");
    expect(reportStream(plan, 2021, 4)).toBe("report:luhanska.852.2021-03-01:2021-Q4");
    expect(reviewStream(NodeId.make("ukraine"), report)).toBe("review:ukraine:luhanska.852.2021-03-01.2021-q4");
    expect(streamKind(planStream(plan))).toBe("plan");
    expect(streamKind(reportStream(plan, 2021, 4))).toBe("report");
    expect(streamKind(reviewStream(NodeId.make("ukraine"), report))).toBe("review");
    expect(streamKind("report:x:2021-Q5")).toBeNull();
  });
});
