import { describe, expect, it } from "vitest";
import { isJsonText } from "./json-text.js";

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const samples = [
  '{"measureId":"m1","status":"done","actuals":[{"value":3,"unit":"сімей"}],"spent":[]}',
  "{}",
  "[]",
  '""',
  "0",
  "-0",
  "-12.5e+3",
  "1E-7",
  "true",
  "false",
  "null",
  ' \t\n{ "a" : [ 1 , 2 ] }\r\n',
  '"\\u0041\\n\\t\\"\\\\\\/\\b\\f\\r"',
  '{"a":{"b":{"c":[[[]]]}}}',
  '"Захід виконується; сім\'ям"',
  // refused
  "",
  " ",
  "{",
  '{"a":}',
  '{"a":1,}',
  "[1,]",
  "[1 2]",
  '{"a" 1}',
  "{a:1}",
  "'x'",
  "01",
  "1.",
  ".5",
  "+1",
  "-",
  "1e",
  "1e+",
  "NaN",
  "Infinity",
  "tru",
  "nulls",
  '"unterminated',
  '"bad \\x escape"',
  '"bad \\u12G4"',
  '"tab\tinside"',
  '{"a":1}{"b":2}',
  '{"a":1} x',
  "[",
  "]",
  '{"a":[1,{"b":2]}',
];

describe("isJsonText", () => {
  it("agrees with JSON.parse on well-formed and malformed texts", () => {
    for (const text of samples) expect([text, isJsonText(text)]).toEqual([text, parses(text)]);
  });

  it("agrees with JSON.parse on every prefix and on single-character changes of a real event's data", () => {
    const data = samples[0] as string;
    for (let k = 0; k <= data.length; k++) {
      const prefix = data.slice(0, k);
      expect([prefix, isJsonText(prefix)]).toEqual([prefix, parses(prefix)]);
    }
    for (let k = 0; k < data.length; k++) {
      for (const ch of ['"', "{", "}", "[", "]", ",", ":", "1", "x", " ", "\\"]) {
        const changed = data.slice(0, k) + ch + data.slice(k + 1);
        expect([changed, isJsonText(changed)]).toEqual([changed, parses(changed)]);
      }
    }
  });

  it("refuses nesting deeper than 512 levels without exhausting the stack", () => {
    expect(isJsonText(`${"[".repeat(100)}${"]".repeat(100)}`)).toBe(true);
    expect(isJsonText(`${"[".repeat(100_000)}${"]".repeat(100_000)}`)).toBe(false);
  });
});
