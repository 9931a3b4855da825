import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { federationHandler } from "./federation-handler.js";

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

describe("the federation handler's problems", () => {
  it("name the full path as `instance`, mounted (Hono strips the prefix) or not", async () => {
    const handler = federationHandler(oblast.node);
    const asked = [
      new Request("http://luhanska/pull?origin=luhanska"),
      new Request("http://luhanska/federation/v1/pull?origin=luhanska"),
      new Request("http://luhanska/push", { method: "POST", body: "{}" }),
      new Request("http://luhanska/nowhere"),
    ];
    const bodies = await Promise.all(asked.map(async (request) => (await handler(request)).json() as Promise<Record<string, unknown>>));
    expect(bodies.map((b) => [b.status, b.code, b.reason, b.instance])).toEqual([
      [401, "UnknownSender", "UnknownSender", "/federation/v1/pull"],
      [401, "UnknownSender", "UnknownSender", "/federation/v1/pull"],
      [401, "UnknownSender", "UnknownSender", "/federation/v1/push"],
      [404, "RouteNotFound", "RouteNotFound", "/federation/v1/nowhere"],
    ]);
  });

  it("answer a 401 with its challenge, in the one problem media type", async () => {
    const response = await federationHandler(oblast.node)(new Request("http://luhanska/cursors"));
    expect([response.status, response.headers.get("content-type"), response.headers.get("www-authenticate")]).toEqual([
      401,
      "application/problem+json",
      'Bearer realm="planledger"',
    ]);
  });
});
