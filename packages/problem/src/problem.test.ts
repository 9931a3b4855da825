import { Schema as S } from "effect";
import { describe, expect, it } from "vitest";
import { problemCode, type ProblemCatalogue, toProblem } from "./problem.js";
import { PROBLEM_CONTENT_TYPE, problemAnswer, problemResponse } from "./problem-response.js";

class StaleVersion extends S.TaggedError<StaleVersion>()("StaleVersion", { stream: S.String, expected: S.Number }) {}
class NewRule extends S.TaggedError<NewRule>()("NewRule", { year: S.Number }) {}
class Refused extends S.TaggedError<Refused>()("Refused", { origin: S.String, seq: S.Int }) {}
class Explained extends S.TaggedError<Explained>()("Explained", { nodeId: S.String, detail: S.String }) {}
class Said extends S.TaggedError<Said>()("Said", { message: S.String }) {}

const api: ProblemCatalogue = {
  byTag: { StaleVersion: { status: 412, title: "Версія змінилася / Stream version changed" } },
  otherTag: { status: 422, title: "Порушено правило / Rule violated" },
  typeBase: "https://planledger.example/problems/",
};
const federation: ProblemCatalogue = {
  byTag: {
    Refused: { status: 422, title: "Відхилено / refused" },
    Explained: { status: 403, title: "Відхилено / refused" },
    ParseError: { status: 400, title: "Некоректний запит / invalid request body", type: "urn:planledger:problem:bad-input" },
  },
  otherTag: { status: 422, title: "Відхилено / refused" },
  typeBase: "urn:planledger:federation:",
  detailFromFields: true,
  reasonAlias: true,
};

describe("toProblem", () => {
  it("names the reason in `code`, types it, and keeps the error's fields as extensions", () => {
    expect(toProblem(new StaleVersion({ stream: "plan:x", expected: 2 }), "/api/v1/plans/x", api)).toEqual({
      type: "https://planledger.example/problems/StaleVersion",
      title: "Версія змінилася / Stream version changed",
      status: 412,
      code: "StaleVersion",
      instance: "/api/v1/plans/x",
      stream: "plan:x",
      expected: 2,
    });
  });

  it("answers a tag the table does not list with the catalogue's default", () => {
    expect(toProblem(new NewRule({ year: 2031 }), "/r", api)).toMatchObject({ status: 422, code: "NewRule", year: 2031 });
  });

  it("lists the failing fields of a schema error", () => {
    const decoded = S.decodeUnknownEither(S.Struct({ year: S.Int }), { errors: "all", onExcessProperty: "error" })({ year: "x", extra: 1 });
    if (decoded._tag === "Right") throw new Error("decoded");
    const problem = toProblem(decoded.left, "/federation/v1/enroll", federation);
    expect(problem).toMatchObject({ status: 400, code: "ParseError", type: "urn:planledger:problem:bad-input" });
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(["extra", "year"]);
    // The schema's own issue tree (its AST) is what `errors` says in words; it is not sent.
    expect(problem).not.toHaveProperty("issue");
  });

  it("hides everything of an untagged exception", () => {
    const problem = toProblem(new Error("SQLITE_CORRUPT at /secret/path"), "/r", api);
    expect([problem.status, problem.code]).toEqual([500, "Internal"]);
    expect(JSON.stringify(problem)).not.toContain("secret");
  });

  it("takes the detail from a stated message, else a `detail` field, else (where asked) the fields", () => {
    expect(toProblem(new Said({ message: "сказано / said" }), "/r", api).detail).toBe("сказано / said");
    expect(toProblem(new Explained({ nodeId: "n", detail: "wrong token" }), "/r", federation).detail).toBe("wrong token");
    expect(toProblem(new Refused({ origin: "luhanska", seq: 3 }), "/r", federation).detail).toBe("origin=luhanska, seq=3");
    expect(toProblem(new Refused({ origin: "luhanska", seq: 3 }), "/r", api).detail).toBeUndefined();
  });

  it("sends the deprecated `reason` beside `code`, with the same value, only where the catalogue asks", () => {
    const problem = toProblem(new Refused({ origin: "luhanska", seq: 3 }), "/federation/v1/push", federation);
    expect([problem.code, problem.reason, problem.type]).toEqual(["Refused", "Refused", "urn:planledger:federation:Refused"]);
    expect(toProblem(new NewRule({ year: 2031 }), "/r", api)).not.toHaveProperty("reason");
  });
});

describe("problemCode", () => {
  it("reads `code`, and the old federation shape that named the reason only in `reason`", () => {
    expect(problemCode({ type: "urn:planledger:federation:SequenceGap", status: 409, code: "SequenceGap", reason: "SequenceGap" })).toBe("SequenceGap");
    expect(problemCode({ type: "urn:planledger:federation:SequenceGap", status: 409, reason: "SequenceGap" })).toBe("SequenceGap");
    expect(problemCode({ status: 412, code: "PreconditionFailed" })).toBe("PreconditionFailed");
    expect([problemCode(null), problemCode("text"), problemCode({ status: 500 })]).toEqual([undefined, undefined, undefined]);
  });
});

describe("sending", () => {
  it("sends one media type, and a challenge with a 401", async () => {
    const refused = toProblem({ _tag: "Unauthenticated" }, "/api/v1/plans", { ...api, byTag: { Unauthenticated: { status: 401, title: "Потрібна автентифікація / Authentication required" } } });
    const response = problemResponse(refused);
    expect([response.status, response.headers.get("content-type"), response.headers.get("www-authenticate")]).toEqual([401, PROBLEM_CONTENT_TYPE, 'Bearer realm="planledger"']);
    expect(await response.json()).toEqual(refused);
    expect(problemAnswer(refused)).toEqual({ status: 401, contentType: "application/problem+json", body: JSON.stringify(refused) });
  });
});
