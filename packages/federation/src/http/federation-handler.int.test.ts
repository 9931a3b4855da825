import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnrollRequest } from "../protocol/messages.js";
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

describe("who may ask what", () => {
  it("GET /status answers the node's admins and its enrolled children; POST /sync its admins only", async () => {
    const district = await openTestNode(temp.dir, "novopskovskyi", "district");
    try {
      const { token: childToken } = Effect.runSync(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }));
      const enrolled = Effect.runSync(Effect.either(oblast.node.enroll(
        new EnrollRequest({ child: { nodeId: "novopskovskyi", level: "district", publicKey: district.node.publicKey }, token: childToken }),
      )));
      expect(enrolled._tag).toBe("Right");
      let rounds = 0;
      const handler = federationHandler(oblast.node, {
        isAdmin: (request) => request.headers.get("authorization") === "Bearer admin",
        syncNow: async () => {
          rounds += 1;
          return { rounds };
        },
      });
      const ask = async (method: string, path: string, token?: string) => {
        const response = await handler(
          new Request(`http://luhanska/federation/v1${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }),
        );
        return [response.status, ((await response.json()) as { code?: string }).code ?? "ok"];
      };
      expect(await ask("GET", "/status")).toEqual([401, "UnknownSender"]);
      expect(await ask("GET", "/status", "someone-else")).toEqual([403, "Forbidden"]);
      expect(await ask("GET", "/status", childToken)).toEqual([200, "ok"]);
      expect(await ask("GET", "/status", "admin")).toEqual([200, "ok"]);
      expect(await ask("POST", "/sync")).toEqual([401, "UnknownSender"]);
      expect(await ask("POST", "/sync", childToken)).toEqual([403, "Forbidden"]);
      expect(rounds).toBe(0);
      expect(await ask("POST", "/sync", "admin")).toEqual([200, "ok"]);
      expect(rounds).toBe(1);
    } finally {
      await district.close();
    }
  });

  it("GET /cursors lists each origin once: the child, then the nodes below it", async () => {
    const district = await openTestNode(temp.dir, "novopskovskyi", "district");
    try {
      const { token } = Effect.runSync(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }));
      Effect.runSync(Effect.either(oblast.node.enroll(new EnrollRequest({ child: { nodeId: "novopskovskyi", level: "district", publicKey: district.node.publicKey }, token }))));
      const response = await federationHandler(oblast.node)(
        new Request("http://luhanska/federation/v1/cursors", { headers: { authorization: `Bearer ${token}` } }),
      );
      const body = (await response.json()) as { cursors: { origin: string; seq: number }[] };
      expect(body.cursors.map((c) => [c.origin, c.seq])).toEqual([["novopskovskyi", 0]]);
    } finally {
      await district.close();
    }
  });
});
