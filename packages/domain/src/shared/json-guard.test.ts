import { describe, expect, it } from "vitest";
import { jsonTooDeep, nonFiniteAt } from "./json-guard.js";

describe("json guard", () => {
  it("finds where a text nests too deep, ignoring brackets inside strings and escaped quotes", () => {
    expect(jsonTooDeep("[[[1]]]", 3)).toBeNull();
    expect(jsonTooDeep("[[[1]]]", 2)).toBe(2);
    expect(jsonTooDeep('{"a":"[[[[[\\\\\\"[[[["}', 1)).toBeNull();
    expect(jsonTooDeep("[".repeat(100_000))).toBe(64);
  });

  it("names the first number that is not finite", () => {
    expect(nonFiniteAt({ actuals: [{ value: 1 }, { value: JSON.parse("1e400") }] })).toBe("actuals.1.value");
    expect(nonFiniteAt(JSON.parse("-1e999"))).toBe("(body)");
    expect(nonFiniteAt({ a: [1, 2, { b: "Infinity" }] })).toBeNull();
  });
});
