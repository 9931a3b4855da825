import { Schema as S } from "effect";
import { describe, expect, it } from "vitest";
import { InvalidInput, PreconditionFailed } from "./http.errors.js";
import { toNodeProblem as toProblem } from "./problem.js";
import { decodeInput } from "./read-json.js";

class SomeDomainRule extends S.TaggedError<SomeDomainRule>()("SomeDomainRule", { year: S.Number }) {}

describe("toProblem", () => {
  it("maps tags to statuses and keeps the error's data as extensions", () => {
    const p = toProblem(new PreconditionFailed({ stream: "plan:x", expected: 2, actual: 3 }), "/api/v1/plans/x");
    expect(p).toMatchObject({ status: 412, code: "PreconditionFailed", stream: "plan:x", expected: 2, actual: 3 });
    expect(toProblem(new SomeDomainRule({ year: 2031 }), "/r")).toMatchObject({ status: 422, year: 2031 });
  });

  it("names the failing field of bad input", () => {
    let caught: unknown;
    try {
      decodeInput(S.Struct({ year: S.Int, quarter: S.Literal(1, 2, 3, 4) }), { year: "2024", quarter: 2, extra: 1 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidInput);
    const p = toProblem(caught, "/r");
    expect(p.status).toBe(400);
    expect(p.errors?.map((e) => e.path).sort()).toEqual(["extra", "year"]);
  });

  it("hides the message of an unexpected exception", () => {
    const p = toProblem(new Error("SQLITE_CORRUPT at /secret/path"), "/r");
    expect(p.status).toBe(500);
    expect(JSON.stringify(p)).not.toContain("secret");
  });
});
