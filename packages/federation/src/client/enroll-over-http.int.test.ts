import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSyncClient } from "./sync-client.js";
import { federationHandler } from "../http/federation-handler.js";
import { openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { enrollOverHttp, syncOverHttp } from "./enroll-over-http.js";

let temp: ReturnType<typeof tempDir>;
let oblast: TestNode;
let district: TestNode;
let route: (request: Request) => Promise<Response>;

beforeEach(async () => {
  temp = tempDir();
  oblast = await openTestNode(temp.dir, "luhanska", "oblast");
  district = await openTestNode(temp.dir, "novopskovskyi", "district");
  const doFetch: typeof fetch = async (input, init) => route(new Request(input, init));
  const isAdmin = (token: string) => (request: Request) => request.headers.get("authorization") === `Bearer ${token}`;
  const handlers = {
    luhanska: federationHandler(oblast.node, { isAdmin: isAdmin("oblast-admin") }),
    novopskovskyi: (() => {
      const client = makeSyncClient(district.node, { fetch: doFetch });
      return federationHandler(district.node, { isAdmin: isAdmin("district-admin"), join: client.join, syncNow: client.syncOnce });
    })(),
  };
  route = async (request) => handlers[new URL(request.url).hostname as keyof typeof handlers](request);
});

afterEach(async () => {
  await oblast.close();
  await district.close();
  temp.remove();
});

describe("enrollOverHttp and syncOverHttp", () => {
  it("enrolls once, syncs, and is a no-op the second time", async () => {
    const doFetch: typeof fetch = async (input, init) => route(new Request(input, init));
    const parent = { url: "http://luhanska", adminToken: "oblast-admin", nodeId: "luhanska" };
    const child = { url: "http://novopskovskyi", adminToken: "district-admin", nodeId: "novopskovskyi", level: "district" };
    expect(await enrollOverHttp(parent, child, doFetch)).toBe(true);
    expect(await enrollOverHttp(parent, child, doFetch)).toBe(false);
    await district.record(3);
    const report = await syncOverHttp(child, doFetch);
    expect(report.error).toBeNull();
    expect(Effect.runSync(oblast.node.cursorOf("novopskovskyi")).seq).toBe(3);
  });

  it("refuses an invitation without the parent's admin token", async () => {
    const doFetch: typeof fetch = async (input, init) => route(new Request(input, init));
    await expect(
      enrollOverHttp(
        { url: "http://luhanska", adminToken: "not-admin", nodeId: "luhanska" },
        { url: "http://novopskovskyi", adminToken: "district-admin", nodeId: "novopskovskyi", level: "district" },
        doFetch,
      ),
    ).rejects.toThrow(/HTTP 403/);
  });
});
