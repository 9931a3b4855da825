import { IsoDate, MeasureCancelled, MeasureId, PlanAmended, PlanClosed, PlanId } from "@planledger/domain";
import { describe, expect, it } from "vitest";
import { toNewEvents } from "./new-events.js";

const planId = PlanId.make("luhanska.1003.2018-12-12");
const amended = new PlanAmended({ planId, order: { number: "1104", date: IsoDate.make("2019-12-20") } });
const cancelled = (m: string) => new MeasureCancelled({ measureId: MeasureId.make(`${planId}.${m}`), reason: "виконано іншим заходом" });

describe("toNewEvents", () => {
  it("gives an amendment an id that every structural event after it names as its cause", () => {
    const [head, ...rest] = toNewEvents([amended, cancelled("s1.t1.m2"), cancelled("s1.t1.m3")]);
    expect(head).toMatchObject({ type: "PlanAmended", data: { planId, order: { number: "1104" } } });
    expect(head?.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(rest.map((e) => [e.type, e.causationId])).toEqual([
      ["MeasureCancelled", head?.eventId],
      ["MeasureCancelled", head?.eventId],
    ]);
    expect(rest[0]?.data).not.toHaveProperty("_tag");
  });

  it("leaves ids and causation to the store for anything else", () => {
    const events = toNewEvents([new PlanClosed({ reason: "строк дії минув" }), cancelled("s1.t1.m1")]);
    expect(events).toEqual([
      { type: "PlanClosed", data: { reason: "строк дії минув" } },
      { type: "MeasureCancelled", data: { measureId: `${planId}.s1.t1.m1`, reason: "виконано іншим заходом" } },
    ]);
  });
});
