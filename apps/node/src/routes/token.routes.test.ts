import { afterAll, describe, expect, it } from "vitest";
import { send, testNode } from "../testing/test-node.js";

const node = testNode("volynska");
afterAll(() => node.runtime.dispose());

describe("tokens", () => {
  it("lets an admin issue a token that works at once, is listed without its secret, and stops working when revoked", async () => {
    const issued = await send(node, "POST", "/api/v1/tokens", { role: "admin", body: { name: "script-zvit", role: "reporter" } });
    expect(issued.status).toBe(201);
    const { id, token } = (await issued.json()) as { id: string; token: string };
    expect(token).toMatch(/^pl_volynska_/);

    const listed = await send(node, "GET", "/api/v1/tokens", { role: "admin" });
    const text = await listed.text();
    expect(text).toContain("script-zvit");
    expect(text).not.toContain(token);

    const withIt = { headers: { authorization: `Bearer ${token}` } };
    expect((await send(node, "GET", "/api/v1/tokens", withIt)).status).toBe(403);
    expect((await send(node, "DELETE", `/api/v1/tokens/${id}`, { role: "admin" })).status).toBe(200);
    const after = await send(node, "GET", "/api/v1/plans/volynska.1.2024-01-01/reports", withIt);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { detail: string }).detail).toContain("revoked");
    expect((await send(node, "DELETE", `/api/v1/tokens/${id}`, { role: "admin" })).status).toBe(404);
  });

  it("refuses token administration to every other role and unknown roles on issue", async () => {
    for (const role of ["editor", "reporter", "viewer", "auditor"] as const) {
      expect((await send(node, "GET", "/api/v1/tokens", { role })).status).toBe(403);
    }
    const bad = await send(node, "POST", "/api/v1/tokens", { role: "admin", body: { name: "x", role: "superuser" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("role");
  });

  it("keeps history for auditors and admins: viewers, editors and reporters are refused", async () => {
    const path = "/api/v1/streams/plan:volynska.x.2024-01-01/history";
    for (const role of ["viewer", "editor", "reporter"] as const) expect((await send(node, "GET", path, { role })).status).toBe(403);
    expect((await send(node, "GET", path, { role: "auditor" })).status).toBe(404);
  });
});
