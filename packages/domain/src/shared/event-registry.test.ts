import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { MeasureLinked, PlanClosed } from "../plan/plan.events.js";
import { ProgressRecorded } from "../report/report.events.js";
import { decodeEvent, encodeEvent, eventTypes, upcast } from "./event-registry.js";
import { MeasureId, NodeId, PlanId, ReportId } from "./ids.js";

describe("event registry", () => {
  it("lists every event type of the catalog under its own tag", () => {
    expect(Object.keys(eventTypes).sort()).toEqual(
      [
        "MeasureAdded", "MeasureAmended", "MeasureCancelled", "MeasureLinked", "MeasureUnlinked",
        "PlanAdopted", "PlanAmended", "PlanClosed", "ProgressRecorded", "ReportAccepted", "ReportDrafted",
        "ReportReopened", "ReportReturned", "ReportSubmitted", "SectionAdded", "SectionAmended", "SectionCancelled",
        "TaskAdded", "TaskAmended", "TaskCancelled",
        "NodeCreated", "NodeRenamed", "NodeMoved", "NodeMerged", "NodeSplit", "SuccessorNamed",
      ].sort(),
    );
    for (const [type, schema] of Object.entries(eventTypes)) expect(schema._tag).toBe(type);
  });

  it("encodes to { type, data } without the tag and decodes back to an equal instance", () => {
    const event = new MeasureLinked({
      measureId: MeasureId.make("novopskovskyi.328.2019-10-16.s1.t1.m1"),
      parent: {
        node: NodeId.make("luhanska"),
        planId: PlanId.make("luhanska.1003.2018-12-12"),
        measureId: MeasureId.make("luhanska.1003.2018-12-12.s1.t1.m1"),
      },
    });
    const stored = encodeEvent(event);
    expect(stored.type).toBe("MeasureLinked");
    expect(stored.data).not.toHaveProperty("_tag");
    const decoded = decodeEvent(stored.type, JSON.parse(JSON.stringify(stored.data)));
    expect(Either.isRight(decoded) && decoded.right).toEqual(event);
    expect(Either.isRight(decoded) && decoded.right instanceof MeasureLinked).toBe(true);
  });

  it("keeps optional fields absent rather than null", () => {
    const event = new ProgressRecorded({
      reportId: ReportId.make("luhanska.852.2021-03-01.2021-q1"),
      measureId: MeasureId.make("luhanska.852.2021-03-01.s1.t1.m1"),
      status: "done",
      actuals: [{ value: 12, unit: "сімей" }],
      spent: [{ source: "обласний бюджет", amount: 15.5 }],
      narrative: "Проведено",
    });
    expect(encodeEvent(event).data).toEqual({
      reportId: "luhanska.852.2021-03-01.2021-q1",
      measureId: "luhanska.852.2021-03-01.s1.t1.m1",
      status: "done",
      actuals: [{ value: 12, unit: "сімей" }],
      spent: [{ source: "обласний бюджет", amount: 15.5 }],
      narrative: "Проведено",
    });
  });

  it("fails on an unknown type and on data of the wrong shape", () => {
    const unknown = decodeEvent("MeasureExploded", {});
    expect(Either.isLeft(unknown) && unknown.left._tag).toBe("UnknownEventType");
    const bad = decodeEvent("PlanClosed", { reason: "" });
    expect(Either.isLeft(bad) && bad.left._tag).toBe("ParseError");
  });

  it("passes current shapes through the upcaster hook unchanged", () => {
    const data = { reason: "виконано" };
    expect(upcast("PlanClosed", data)).toEqual(data);
    expect(upcast("NotAType", 7)).toBe(7);
    expect(decodeEvent("PlanClosed", data)).toEqual(Either.right(new PlanClosed(data)));
  });
});
