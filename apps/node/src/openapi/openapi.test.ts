import { readFileSync } from "node:fs";
import { FEDERATION_PREFIX, federationEndpoints } from "@planledger/federation";
import { afterAll, describe, expect, it } from "vitest";
import { nodeProblems } from "../http/problem.js";
import { LINK_SUGGESTIONS_PREFIX, linkSuggestionsRoutes, suggestionProblems } from "../routes/link-suggestions.routes.js";
import { DOCUMENT_TYPES } from "../routes/plan.routes.js";
import { send, testNode } from "../testing/test-node.js";
import type { OpenApiDocument } from "./openapi.js";
import { apiOperations, PLAN_FILE_TYPES } from "./operations.js";

const node = testNode("novopskovskyi", { level: "district" });
afterAll(() => node.runtime.dispose());

const documentOf = async (): Promise<OpenApiDocument> => (await (await send(node, "GET", "/api/v1/openapi.json")).json()) as OpenApiDocument;

/** Hono's `/:param` as OpenAPI's `/{param}`. */
const template = (path: string): string => path.replace(/:(\w+)/g, "{$1}").replace(/(.)\/$/, "$1");

/**
 * Every route a node answers outside its pages: what `createApp()` registers under /api and /health, what
 * `startNode()` adds ahead of federation (the link suggestions, the on-demand sync's interval), and the routes of
 * federation's handler, read from its `switch` (`case "GET /status":`).
 */
const servedRoutes = (): string[] => {
  const api = node.app.routes
    .filter((r) => /^\/(api|health)/.test(r.path) && !r.path.includes("*") && r.method !== "ALL")
    .map((r) => `${r.method.toLowerCase()} ${template(r.path)}`);
  const suggestions = linkSuggestionsRoutes({ planTree: async () => null, mayEdit: () => "yes" }).routes.map(
    (r) => `${r.method.toLowerCase()} ${LINK_SUGGESTIONS_PREFIX}${template(r.path)}`,
  );
  const handler = readFileSync(new URL("../../../../packages/federation/src/http/federation-handler.ts", import.meta.url), "utf8");
  const federation = [...handler.matchAll(/case "(GET|POST|PUT|PATCH|DELETE) (\/[\w/-]*)":/g)].map(
    (m) => `${(m[1] as string).toLowerCase()} ${FEDERATION_PREFIX}${m[2]}`,
  );
  expect(federation.length, "the federation handler's routes were read").toBeGreaterThan(5);
  return [...new Set([...api, ...suggestions, ...federation, `post ${FEDERATION_PREFIX}/sync`])].sort();
};

describe("the OpenAPI document", () => {
  it("describes every route the node serves (API, /health, federation's), and no other", async () => {
    const doc = await documentOf();
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(servedRoutes());
  });

  it("is generated from the schemas the routes decode with, request bodies and parameters alike", async () => {
    const doc = await documentOf();
    const progress = doc.paths["/api/v1/reports/{reportId}/progress"]?.post as unknown as { requestBody: { content: Record<string, { schema: { $ref?: string } }> } };
    expect(progress.requestBody.content["application/json"]?.schema.$ref).toBe("#/components/schemas/RecordProgressBody");
    const schema = doc.components.schemas.RecordProgressBody as { properties: Record<string, unknown>; additionalProperties: unknown };
    expect(Object.keys(schema.properties).sort()).toEqual(["actuals", "measureId", "narrative", "sample", "spent", "status"]);
    expect(schema.additionalProperties).toBe(false);
    const push = doc.paths["/federation/v1/push"]?.post as unknown as { requestBody: { content: Record<string, { schema: { properties?: { events?: { $ref?: string } } } }> } };
    expect(push.requestBody.content["application/json"]?.schema.properties?.events?.$ref).toBe("#/components/schemas/WireEvents");
  });

  it("names the asOf parameter of every read view (finding 7)", async () => {
    const doc = await documentOf();
    for (const path of ["/api/v1/plans", "/api/v1/plans/{planId}", "/api/v1/plans/{planId}/rollup", "/api/v1/plans/{planId}/reports", "/api/v1/reports/{reportId}"]) {
      const names = doc.paths[path]?.get?.parameters.map((p) => `${p.in}:${p.name}`);
      expect(names, path).toEqual(expect.arrayContaining(["query:asOf", "query:byReceipt"]));
    }
    expect(doc.paths["/federation/v1/pull"]?.get?.parameters.map((p) => p.name)).toEqual(["origin", "after", "limit"]);
  });

  it("lists the statuses the routes answer: 409 on adopt, progress, submit, reopen; 422 on accept (finding 7)", async () => {
    const doc = await documentOf();
    const statuses = (path: string, method = "post") => Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    for (const path of ["/api/v1/plans", "/api/v1/reports/{reportId}/progress", "/api/v1/reports/{reportId}/submit", "/api/v1/reports/{reportId}/reopen"])
      expect(statuses(path), path).toContain("409");
    expect(statuses("/api/v1/reports/{reportId}/accept")).toContain("422");
    expect(statuses("/federation/v1/sync")).toEqual(["200", "400", "401", "403", "409", "429", "431"]);
    expect(statuses("/federation/v1/join")).toContain("502");
  });

  it("gives every answer a schema of its own: none is just 'an object'", async () => {
    const doc = await documentOf();
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(item))
        for (const [status, response] of Object.entries(operation.responses))
          for (const { schema } of Object.values(response.content ?? {})) {
            const said = `${method} ${path} ${status}`;
            expect(schema, said).not.toEqual({ type: "object" });
            expect(Object.keys(schema).length, said).toBeGreaterThan(0);
          }
  });

  it("answers a 429 with Retry-After on every route, and a 401 with its challenge", async () => {
    const doc = await documentOf();
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(item)) {
        const responses = operation.responses as Record<string, { headers?: Record<string, unknown> }>;
        expect(responses["429"]?.headers, `${method} ${path}`).toHaveProperty("Retry-After");
        if (responses["401"] !== undefined) expect(responses["401"].headers, `${method} ${path}`).toHaveProperty("WWW-Authenticate");
      }
  });

  it("lists only codes the routes' catalogues know (a misspelt code would otherwise pass as a 422)", () => {
    for (const op of apiOperations) {
      const catalogue = op.catalogue === "suggestions" ? suggestionProblems : nodeProblems;
      for (const code of op.codes ?? []) expect(catalogue.byTag[code], `${op.method} ${op.path}: ${code}`).toBeDefined();
    }
  });

  it("lists as plan files exactly the media types the routes read as files", () => {
    for (const type of PLAN_FILE_TYPES) expect(DOCUMENT_TYPES.test(type), type).toBe(true);
    for (const other of ["application/json", "text/plain", "application/zip", "image/png"]) expect(DOCUMENT_TYPES.test(other), other).toBe(false);
  });

  it("has each of the node's own operations answered by the app (none falls through to the 404 of no route)", async () => {
    for (const op of apiOperations.filter((o) => !o.path.startsWith(FEDERATION_PREFIX))) {
      const path = op.path
        .replace("{planId}", "novopskovskyi.328.2019-10-16")
        .replace("{measureId}", "novopskovskyi.328.2019-10-16.s1.t1.m1")
        .replace("{reportId}", "novopskovskyi.328.2019-10-16.2020-q1")
        .replace("{stream}", "plan:novopskovskyi.328.2019-10-16")
        .replace("{tokenId}", "no-such-token");
      const res = await send(node, op.method.toUpperCase(), path, { role: "admin" });
      // A script (the verifier) is no problem document: only JSON answers can be the 404 of no route.
      const body = (res.headers.get("content-type")?.includes("json") ? await res.json() : {}) as { resource?: string };
      expect(res.status, `${op.method} ${op.path}`).toBeLessThan(500);
      expect(body.resource, `${op.method} ${op.path}`).not.toBe("route");
    }
  });

  it("knows federation's endpoints from federation's own list", async () => {
    const doc = await documentOf();
    for (const endpoint of federationEndpoints) {
      const operation = doc.paths[`${FEDERATION_PREFIX}${endpoint.path}`]?.[endpoint.method.toLowerCase()];
      expect(operation?.responses[String(endpoint.answer.status)], endpoint.path).toBeDefined();
    }
  });
});
