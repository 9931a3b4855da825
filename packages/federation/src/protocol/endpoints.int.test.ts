import { readFileSync } from "node:fs";
import { Schema as S } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { federationHandler } from "../http/federation-handler.js";
import { federationProblems } from "../http/problem.js";
import { openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { federationEndpoints, InvitationRequest, JoinRequest } from "./endpoints.js";

let temp: ReturnType<typeof tempDir>;
let oblast: TestNode;

beforeEach(async () => {
  temp = tempDir();
  oblast = await openTestNode(temp.dir, "luhanska", "oblast");
});

afterEach(async () => {
  await oblast.close();
  temp.remove();
});

/** The routes the handler's `switch` answers, read from its source: `case "GET /status":`. */
const handlerRoutes = (): string[] => {
  const source = readFileSync(new URL("../http/federation-handler.ts", import.meta.url), "utf8");
  return [...source.matchAll(/case "((?:GET|POST|PUT|PATCH|DELETE) \/[\w/-]*)":/g)].map((m) => m[1] as string).sort();
};

describe("the federation endpoints list", () => {
  it("names every route of the handler, and only those", () => {
    expect(federationEndpoints.map((e) => `${e.method} ${e.path}`).sort()).toEqual(handlerRoutes());
  });

  it("lists refusals federation's catalogue knows", () => {
    for (const endpoint of federationEndpoints)
      for (const code of endpoint.refusals) expect(federationProblems.byTag[code], `${endpoint.path}: ${code}`).toBeDefined();
  });

  it("each route answers: none is the handler's RouteNotFound", async () => {
    const handler = federationHandler(oblast.node);
    for (const { method, path } of federationEndpoints) {
      const response = await handler(new Request(`http://luhanska${path}`, { method, ...(method === "POST" ? { body: "{}" } : {}) }));
      const body = (await response.json()) as { code?: string };
      expect(body.code, `${method} ${path}`).not.toBe("RouteNotFound");
    }
  });
});

describe("the admin bodies", () => {
  // The handler decodes these bodies with its own copies of the schemas; both must take and refuse the same.
  const admin = { authorization: "Bearer admin", "content-type": "application/json" };
  const samples: ReadonlyArray<{ readonly path: "/invitations" | "/join"; readonly body: unknown }> = [
    { path: "/invitations", body: { nodeId: "novopskovskyi", level: "district" } },
    { path: "/invitations", body: { nodeId: "novopskovskyi", level: "district", token: "0123456789abcdef" } },
    { path: "/invitations", body: { nodeId: "novopskovskyi", level: "district", token: "short" } },
    { path: "/invitations", body: { nodeId: "Novopskovskyi", level: "district" } },
    { path: "/invitations", body: { nodeId: "novopskovskyi", level: "village" } },
    { path: "/invitations", body: { level: "district" } },
    { path: "/join", body: { parentUrl: "http://127.0.0.1:1", token: "t" } },
    { path: "/join", body: { parentUrl: "ftp://luhanska", token: "t" } },
    { path: "/join", body: { parentUrl: "http://127.0.0.1:1", token: "" } },
    { path: "/join", body: { parentUrl: "http://127.0.0.1:1" } },
  ];

  it("are refused by the handler exactly when their schema refuses them", async () => {
    const handler = federationHandler(oblast.node, {
      isAdmin: (request) => request.headers.get("authorization") === "Bearer admin",
      join: () => Promise.reject(new Error("no parent here")),
    });
    for (const { path, body } of samples) {
      const accepted = path === "/invitations" ? S.is(InvitationRequest)(body) : S.is(JoinRequest)(body);
      const response = await handler(new Request(`http://luhanska${path}`, { method: "POST", headers: admin, body: JSON.stringify(body) }));
      const refused = response.status === 400;
      expect(refused, `${path} ${JSON.stringify(body)}: ${response.status}`).toBe(!accepted);
    }
  });
});
