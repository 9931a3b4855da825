import { problemCode } from "@planledger/problem";
import { describe, expect, it } from "vitest";
import { enrollOverHttp } from "../client/enroll-over-http.js";
import { BadSignature, EnrollmentRefused, SequenceGap } from "../verify/refusals.js";
import { toFederationProblem } from "./problem.js";

describe("toFederationProblem", () => {
  it("names the reason and carries the refusal's facts", () => {
    const problem = toFederationProblem(new SequenceGap({ origin: "novopskovskyi", cursorSeq: 10, firstSeq: 14 }), "/federation/v1/push");
    expect(problem).toMatchObject({
      status: 409,
      code: "SequenceGap",
      reason: "SequenceGap",
      type: "urn:planledger:federation:SequenceGap",
      instance: "/federation/v1/push",
      origin: "novopskovskyi",
      cursorSeq: 10,
      firstSeq: 14,
    });
    expect(problem.detail).toBe("origin=novopskovskyi, cursorSeq=10, firstSeq=14");
  });

  it("gives a bad signature a 422 and a bilingual title", () => {
    const problem = toFederationProblem(new BadSignature({ origin: "luhanska", seq: 3 }), "/federation/v1/push");
    expect([problem.status, problem.title]).toEqual([422, "Недійсний підпис контрольної точки / bad checkpoint signature"]);
  });

  it("keeps a refusal's own explanation as its detail", () => {
    const problem = toFederationProblem(new EnrollmentRefused({ nodeId: "svativskyi", detail: "no invitation" }), "/federation/v1/enroll");
    expect([problem.status, problem.code, problem.detail, problem.nodeId]).toEqual([403, "EnrollmentRefused", "no invitation", "svativskyi"]);
  });

  it("answers the endpoints' own errors in the same shape, under the type URIs they had", () => {
    expect(toFederationProblem({ _tag: "PayloadTooLarge", maxBytes: 65536 }, "/federation/v1/enroll")).toEqual({
      type: "urn:planledger:problem:payload-too-large",
      title: "Завеликий запит / request body too large",
      status: 413,
      code: "PayloadTooLarge",
      reason: "PayloadTooLarge",
      instance: "/federation/v1/enroll",
      detail: "maxBytes=65536",
      maxBytes: 65536,
    });
  });
});

describe("reading problems of nodes of another version", () => {
  // What a node released before `code` answers: the reason in `reason` alone.
  const oldShape = { type: "urn:planledger:federation:UnknownSender", title: "Невідомий відправник / unknown sender", status: 401, reason: "UnknownSender", detail: "no such token" };
  const answering =
    (body: unknown): typeof fetch =>
    async () =>
      new Response(JSON.stringify(body), { status: 401, headers: { "content-type": "application/problem+json" } });
  const endpoints = [
    { url: "http://luhanska", adminToken: "t", nodeId: "luhanska" },
    { url: "http://novopskovskyi", adminToken: "t", nodeId: "novopskovskyi", level: "district" },
  ] as const;

  it("understands the old shape", async () => {
    expect(problemCode(oldShape)).toBe("UnknownSender");
    await expect(enrollOverHttp(...endpoints, answering(oldShape))).rejects.toThrow("HTTP 401 UnknownSender: no such token");
  });

  it("understands the new shape, and an old reader still finds the reason in it", async () => {
    const current = toFederationProblem({ _tag: "UnknownSender", sender: "?", detail: "no such token" }, "/federation/v1/status");
    expect([current.code, current.reason]).toEqual(["UnknownSender", "UnknownSender"]);
    await expect(enrollOverHttp(...endpoints, answering(current))).rejects.toThrow("HTTP 401 UnknownSender: no such token");
  });
});
