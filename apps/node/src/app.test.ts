import { afterAll, describe, expect, it } from "vitest";
import { seedText, testNode } from "./testing/test-node.js";

const node = testNode("luhanska");
afterAll(() => node.runtime.dispose());

describe("smoke", () => {
  it("adopts № 852 from its document and serves its tree", async () => {
    const res = await node.app.request("/api/v1/plans", {
      method: "POST",
      headers: node.auth("editor", { "content-type": "text/plain; charset=utf-8" }),
      body: seedText("000"),
    });
    const body = (await res.json()) as Record<string, unknown>;
    console.log(res.status, JSON.stringify(body).slice(0, 500));
    const list = await node.app.request("/api/v1/plans");
    console.log(JSON.stringify(await list.json()).slice(0, 500));
    const tree = await node.app.request(`/api/v1/plans/${body.planId}`);
    console.log(tree.status, tree.headers.get("etag"), JSON.stringify(await tree.json()).slice(0, 1500));
    expect(res.status).toBe(201);
  });
});
