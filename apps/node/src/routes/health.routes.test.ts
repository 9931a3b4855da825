import { afterAll, describe, expect, it } from "vitest";
import { operations } from "../openapi/openapi.js";
import { adoptSeed, send, testNode } from "../testing/test-node.js";

const node = testNode("novopskovskyi", { level: "district" });
afterAll(() => node.runtime.dispose());

describe("health and the OpenAPI document", () => {
  it("reports the node, its level, parent, event count and lastSync", async () => {
    const empty = (await (await send(node, "GET", "/health")).json()) as Record<string, unknown>;
    expect(empty).toMatchObject({ node: "novopskovskyi", level: "district", parent: null, events: 0, lastSync: null });
    const { version } = await adoptSeed(node, "002");
    const after = (await (await send(node, "GET", "/health")).json()) as Record<string, unknown>;
    expect(after.events).toBe(version);
  });

  it("reports the last sync the federation completed", async () => {
    const synced = testNode("volynska", { lastSync: () => "2026-11-22T08:00:00.000Z" });
    expect(await (await send(synced, "GET", "/health")).json()).toMatchObject({ node: "volynska", lastSync: "2026-11-22T08:00:00.000Z" });
    await synced.runtime.dispose();
  });

  it("describes every route with its request body schema", async () => {
    const doc = (await (await send(node, "GET", "/api/v1/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; additionalProperties?: unknown }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const op of operations) expect(doc.paths[op.path]?.[op.method]).toBeDefined();
    const progress = doc.paths["/api/v1/reports/{reportId}/progress"]?.post?.requestBody?.content["application/json"]?.schema.$ref;
    expect(progress).toBe("#/components/schemas/RecordProgressBody");
    const schema = doc.components.schemas.RecordProgressBody;
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual(["actuals", "measureId", "narrative", "sample", "spent", "status"]);
    expect(schema?.additionalProperties).toBe(false);
  });

  it("describes the per-source limits: 429 with Retry-After on every route, and the on-demand sync's", async () => {
    type Responses = Record<string, { headers?: Record<string, unknown>; description: string }>;
    const doc = (await (await send(node, "GET", "/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, { responses: Responses }>> };
    for (const op of operations) expect(doc.paths[op.path]?.[op.method]?.responses["429"]?.headers, `${op.method} ${op.path}`).toHaveProperty("Retry-After");
    expect(doc.paths["/api/v1/tokens"]?.get?.responses["429"]?.description).toMatch(/^TooManyFailedAttempts/);
    const sync = doc.paths["/federation/v1/sync"]?.post?.responses ?? {};
    expect(Object.keys(sync).sort()).toEqual(["200", "401", "403", "409", "429"]);
    expect(sync["429"]?.description).toMatch(/^SyncTooSoon.*TooManyFailedAttempts/);
  });

  it("answers every described route (no route is missing from the app)", async () => {
    for (const op of operations) {
      const path = op.path
        .replace("{planId}", "novopskovskyi.328.2019-10-16")
        .replace("{measureId}", "novopskovskyi.328.2019-10-16.s1.t1.m1")
        .replace("{reportId}", "novopskovskyi.328.2019-10-16.2020-q1")
        .replace("{stream}", "plan:novopskovskyi.328.2019-10-16")
        .replace("{tokenId}", "no-such-token");
      const res = await send(node, op.method.toUpperCase(), path, { role: "admin" });
      const body = (await res.json()) as { resource?: string };
      expect(res.status, `${op.method} ${op.path}`).toBeLessThan(500);
      expect(body.resource, `${op.method} ${op.path}`).not.toBe("route");
    }
  });
});
