import { describe, expect, it } from "vitest";
import { canonicalJson, jsonString } from "./canonical-json.js";

describe("canonicalJson", () => {
  it("sorts keys by code units at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it("orders integer-like keys as strings, not as JSON.stringify's numeric order", () => {
    const byYear = { "2025": 150.5, "9": 1, "10": 2, "-1": 3 };
    expect(JSON.stringify(byYear)).toBe('{"9":1,"10":2,"2025":150.5,"-1":3}');
    expect(canonicalJson(byYear)).toBe('{"-1":3,"10":2,"2025":150.5,"9":1}');
  });

  it("writes numbers and strings exactly as JSON.stringify does, escapes included", () => {
    const texts = ['Розділ "I"', "рядок\nдругий\t", "\u0007", "\ud800", "😀", "back\\slash", "\u2028"];
    for (const text of texts) expect(jsonString(text)).toBe(JSON.stringify(text));
    expect(canonicalJson([0.1, -0, 1e21, 250.5, -3])).toBe(JSON.stringify([0.1, -0, 1e21, 250.5, -3]));
  });

  it("leaves out undefined properties, writes undefined array items as null and dates through toJSON", () => {
    expect(canonicalJson({ b: undefined, a: [undefined, new Date("2021-12-31T00:00:00Z")] })).toBe('{"a":[null,"2021-12-31T00:00:00.000Z"]}');
  });

  it("refuses values that would not survive a round trip", () => {
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow(/NaN is not a JSON number/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/Infinity/);
    expect(() => canonicalJson({ n: 10n })).toThrow(/bigint/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson(undefined)).toThrow(/top-level/);
  });

  it("round-trips: parsing the text and encoding again gives the same text", () => {
    const text = canonicalJson({ title: "Турбота", executors: [{ name: "ОДА", byConsent: false }], budget: { "2024": 100 } });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});
