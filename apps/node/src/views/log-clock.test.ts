import { EventStore } from "@planledger/event-store";
import { Effect, Either } from "effect";
import { afterAll, describe, expect, it } from "vitest";
import { adoptSeed, replicate, send, testNode } from "../testing/test-node.js";
import { logClock, trackedStore } from "./log-clock.js";

const oblast = testNode("luhanska");
const district = testNode("novopskovskyi", { level: "district" });
afterAll(async () => {
  await oblast.runtime.dispose();
  await district.runtime.dispose();
});

const plansOf = async (node: typeof oblast) =>
  ((await (await send(node, "GET", "/api/v1/plans")).json()) as { plans: { id: string }[] }).plans.map((p) => p.id);

describe("log clock", () => {
  it("moves after every write through the tracked store, refused ones included, and not on reads", async () => {
    const clock = logClock();
    const store = trackedStore(Effect.runSync(Effect.provide(EventStore, EventStore.inMemory({ nodeId: "luhanska" }))), clock);
    const event = { type: "SectionAdded", data: { n: 1 } };
    await Effect.runPromise(store.append("plan:p1", [event], { expectedVersion: "noStream", actor: "a" }));
    expect(clock.tick()).toBe(1);
    const stale = await Effect.runPromise(Effect.either(store.append("plan:p1", [event], { expectedVersion: "noStream", actor: "a" })));
    expect(Either.isLeft(stale)).toBe(true);
    expect(clock.tick()).toBe(2);
    await Effect.runPromise(store.readAll());
    await Effect.runPromise(store.head());
    expect(clock.tick()).toBe(2);
    await Effect.runPromise(store.checkpoint());
    expect(clock.tick()).toBe(3);
  });

  it("serves views cached before replicated events arrived no longer once they are stored (federation writes through the same store)", async () => {
    const { planId } = await adoptSeed(district, "002");
    expect(await plansOf(oblast)).toEqual([]);
    const before = await send(oblast, "GET", `/api/v1/plans/${planId}`);
    expect(before.status).toBe(404);
    await replicate(district, oblast);
    expect(await plansOf(oblast)).toEqual([planId]);
    expect((await send(oblast, "GET", `/api/v1/plans/${planId}`)).status).toBe(200);
  });

  it("serves a write's result to the very next read of the tree", async () => {
    const { planId, version } = await adoptSeed(oblast, "000");
    const first = await send(oblast, "GET", `/api/v1/plans/${planId}`);
    expect(first.headers.get("etag")).toBe(`"${version}"`);
    const amended = await send(oblast, "POST", `/api/v1/plans/${planId}/amendments`, {
      role: "editor",
      ifMatch: version,
      body: { order: { number: "900", date: "2021-01-05" } },
    });
    expect(amended.status).toBe(200);
    const after = await send(oblast, "GET", `/api/v1/plans/${planId}`);
    expect(after.headers.get("etag")).toBe(`"${version + 1}"`);
  });
});
