import { decodeEvent, eventTypes } from "@planledger/domain";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { LogBuilder, deadline, quarterRange, quarterly } from "../testing/log-builder.js";
import { dataCheck } from "./event-data.js";

const P = "novopskovskyi.328.2019-10-16";

describe("the compiled data checks", () => {
  it("accept exactly what the domain's decoder accepts", () => {
    const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [
      { id: "m1", term: deadline("2026-12-31") },
      { id: "m2", term: quarterRange(2020, 2, 4), budget: [{ executor: "ОДА", source: "ОБ", total: 10, byYear: { "2020": 10 } }] },
      { id: "m3", term: quarterly(), targets: [{ value: 3, unit: "x" }], aggregation: "sum" },
    ], "2019-10-20T00:00:00.000Z");
    b.report("novopskovskyi", P, 2024, 1, [{ measure: "m1", status: "done", spent: [{ source: "ОБ", executor: "ОДА", amount: 1.5 }] }], "2024-04-02T00:00:00.000Z");
    // Every value in the data's tree, in turn, removed or replaced by one of another kind.
    const replacements: unknown[] = [undefined, 1.5, -1, Number.NaN, "x", "", null, true, [], {}, ["x"], { kind: "deadline" }];
    const broken = (data: unknown): unknown[] => {
      if (typeof data !== "object" || data === null) return [];
      const entries = Object.entries(data);
      return entries.flatMap(([key, value]) => {
        const at = (v: unknown): unknown =>
          Array.isArray(data) ? data.map((x, i) => (String(i) === key ? v : x)) : { ...data, [key]: v };
        const without = Array.isArray(data) ? [data.filter((_, i) => String(i) !== key)] : [Object.fromEntries(entries.filter(([k]) => k !== key))];
        return [...without, ...replacements.map(at), ...broken(value).map(at)];
      });
    };
    let cases = 0;
    for (const e of b.events) {
      const type = e.type as keyof typeof eventTypes;
      const check = dataCheck(eventTypes[type]);
      for (const data of [e.data, { ...(e.data as object), extra: true }, ...broken(e.data)]) {
        cases++;
        if (check(data) !== Either.isRight(decodeEvent(type, data))) expect({ type, data, check: check(data) }).toBe("the decoder's answer");
      }
    }
    expect(cases).toBeGreaterThan(1_000);
  });
});
