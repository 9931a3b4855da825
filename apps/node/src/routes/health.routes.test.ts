import { afterAll, describe, expect, it } from "vitest";
import { adoptSeed, send, testNode } from "../testing/test-node.js";

const node = testNode("novopskovskyi", { level: "district" });
afterAll(() => node.runtime.dispose());

describe("health", () => {
  it("reports the node, its level, parent, event count and lastSync", async () => {
    const empty = (await (await send(node, "GET", "/health")).json()) as Record<string, unknown>;
    expect(empty).toMatchObject({ node: "novopskovskyi", level: "district", parent: null, events: 0, lastSync: null });
    // Nothing to walk behind this node: its logs were verified before it opened.
    expect(empty.verification).toEqual({ state: "verified", checked: 0, total: 0, broken: null });
    const { version } = await adoptSeed(node, "002");
    const after = (await (await send(node, "GET", "/health")).json()) as Record<string, unknown>;
    expect(after.events).toBe(version);
  });

  it("reports the last sync the federation completed", async () => {
    const synced = testNode("volynska", { lastSync: () => "2026-11-22T08:00:00.000Z" });
    expect(await (await send(synced, "GET", "/health")).json()).toMatchObject({ node: "volynska", lastSync: "2026-11-22T08:00:00.000Z" });
    await synced.runtime.dispose();
  });
});
