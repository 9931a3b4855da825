import { describe, expect, it } from "vitest";
import { payloadFault } from "./payload-text.js";

describe("payloadFault", () => {
  it("passes what the node's API writes: finite numbers, escapes, paired surrogates, Cyrillic", () => {
    for (const text of [
      '{"actuals":[{"unit":"осіб","value":3}],"narrative":"Триває.","spent":[{"amount":1.5e3,"source":"обласний бюджет"}]}',
      '[-0,0.5,1E-7,-12.5e+3,1e308,"\\"\\\\u0000\\n\\t"]',
      '"\\ud83d\\ude00 і \ud83d\ude00"',
      '{"a":"\\u0041\\u00e9"}',
    ])
      expect([text, payloadFault(text)]).toEqual([text, null]);
  });

  it("names a number that parses to ±Infinity, with an exponent or written out in 400 digits", () => {
    for (const text of ['{"value":1e400}', "[-1E999]", `[${"9".repeat(400)}]`, '{"a":[1,{"b":2.5e+309}]}'])
      expect([text, payloadFault(text)]).toEqual([text, expect.stringMatching(/^число поза межами .* \/ a number out of range/)]);
  });

  it("names NUL and surrogates without their pair, escaped or raw, in keys and values", () => {
    expect(payloadFault('{"narrative":"a\\u0000b"}')).toMatch(/^текст містить NUL \/ a text holds NUL$/);
    expect(payloadFault('{"\\u0000":1}')).toMatch(/NUL/);
    for (const text of ['"\\ud800"', '"\\udc00"', '"\\ud800x"', '"\\ud800\\u0041"', '"\ud800"', '"\udc00\ud800"', '{"t":"кінець \ud83d"}'])
      expect([text, payloadFault(text)]).toEqual([text, expect.stringMatching(/^текст містить пошкоджений символ .* \/ .*lone surrogate/)]);
  });
});
