import { Schema as S } from "effect";
import { describe, expect, it } from "vitest";
import { codesAnswering, ProblemBody } from "./problem-body.js";
import { type ProblemCatalogue, toProblem } from "./problem.js";

class StaleVersion extends S.TaggedError<StaleVersion>()("StaleVersion", { stream: S.String, expected: S.Number }) {}

const catalogue: ProblemCatalogue = {
  byTag: {
    StaleVersion: { status: 412, title: "Версія змінилася / Stream version changed" },
    Raced: { status: 412, title: "Версія змінилася / Stream version changed" },
    Missing: { status: 404, title: "Не знайдено / Not found" },
  },
  otherTag: { status: 422, title: "Порушено правило / Rule violated" },
  typeBase: "https://planledger.example/problems/",
};

describe("the problem body's schema", () => {
  it("describes what toProblem builds, extension members included", () => {
    const problem = toProblem(new StaleVersion({ stream: "plan:x", expected: 2 }), "/api/v1/plans/x", catalogue);
    expect(S.is(ProblemBody)(JSON.parse(JSON.stringify(problem)))).toBe(true);
    expect(S.is(ProblemBody)({ title: "no type", status: 400, code: "X" })).toBe(false);
  });

  it("names the codes a catalogue answers a status with, and none for its default status", () => {
    expect(codesAnswering(catalogue, 412)).toEqual(["Raced", "StaleVersion"]);
    expect(codesAnswering(catalogue, 500)).toEqual([]);
    expect(codesAnswering(catalogue, 422)).toBeNull();
  });
});
