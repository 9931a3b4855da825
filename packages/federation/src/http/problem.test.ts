import { describe, expect, it } from "vitest";
import { BadSignature, SequenceGap } from "../verify/refusals.js";
import { toProblem } from "./problem.js";

describe("toProblem", () => {
  it("names the reason and carries the refusal's facts", () => {
    const problem = toProblem(new SequenceGap({ origin: "novopskovskyi", cursorSeq: 10, firstSeq: 14 }));
    expect(problem).toMatchObject({
      status: 409,
      reason: "SequenceGap",
      type: "urn:planledger:federation:SequenceGap",
      origin: "novopskovskyi",
      cursorSeq: 10,
      firstSeq: 14,
    });
    expect(problem.detail).toBe("origin=novopskovskyi, cursorSeq=10, firstSeq=14");
  });

  it("gives a bad signature a 422 and a bilingual title", () => {
    const problem = toProblem(new BadSignature({ origin: "luhanska", seq: 3 }));
    expect([problem.status, problem.title]).toEqual([422, "Недійсний підпис контрольної точки / bad checkpoint signature"]);
  });
});
