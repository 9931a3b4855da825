import { Effect, Either } from "effect";
import { describe, expect, it } from "vitest";
import { PROOF_BUNDLE_FORMAT, parseSinceSize, planStreamsOf, proofBundleOf } from "./audit-bundle.js";
import { EventStore } from "./event-store.js";
import { verifyInclusion } from "./merkle/proof-verify.js";
import { leafHash } from "./merkle/tree-hash.js";

const plan = "luhanska.852.2020-02-08";
const streams = [
  `plan:${plan}`,
  "plan:luhanska.852.2020-02-081", // another plan whose id starts with this one's
  `report:${plan}:2021-Q2`,
  `report:${plan}:2021-Q5`, // not a quarter
  `report:${plan}x:2021-Q2`,
  `review:ukraine:${plan}.2021-q2`,
  `review:ukraine:${plan}.2021-q2x`,
  "plan:luhanska.1003.2018-12-12",
];

const withStore = <A, E>(body: (store: EventStore["Type"]) => Effect.Effect<A, E>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      for (const stream of streams) yield* store.append(stream, [{ type: "Noted", data: { stream } }], { actor: "test", expectedVersion: "noStream" });
      yield* store.append(`report:${plan}:2021-Q2`, [{ type: "Noted", data: { again: true } }], { actor: "test", expectedVersion: 1 });
      return yield* body(store);
    }).pipe(Effect.provide(EventStore.inMemory({ nodeId: "luhanska" }))),
  );

describe("the proof bundle of a plan", () => {
  it("finds the plan's own streams by name, and no other plan's", async () => {
    const found = await withStore((store) => planStreamsOf(store.reader, plan));
    expect(found).toEqual([`plan:${plan}`, `report:${plan}:2021-Q2`, `review:ukraine:${plan}.2021-q2`]);
  });

  it("gives every event of them with a leaf whose proof leads to the signed root, in log order", async () => {
    const bundle = await withStore((store) =>
      proofBundleOf(store.reader, store.nodeId, plan, { ownCheckpoint: store.tlogCheckpoint }, { now: new Date("2026-12-05T12:00:00Z"), since: [{ origin: null, size: 2 }] }),
    );
    expect(bundle.format).toBe(PROOF_BUNDLE_FORMAT);
    expect(bundle.events.map((e) => [e.stream, e.seq])).toEqual([
      [`plan:${plan}`, 1],
      [`report:${plan}:2021-Q2`, 3],
      [`review:ukraine:${plan}.2021-q2`, 6],
      [`report:${plan}:2021-Q2`, 9],
    ]);
    const [log] = bundle.logs;
    expect(log).toMatchObject({ origin: "luhanska", logOrigin: "planledger/luhanska", treeSize: 9, consistency: { fromSize: 2 } });
    expect(log?.checkpoint).toContain(`planledger/luhanska\n9\n${Buffer.from(log?.root as string, "hex").toString("base64")}\n\n— planledger/luhanska `);
    for (const e of bundle.events) {
      const entry = Buffer.from(e.leaf.entry, "base64");
      expect(entry.toString()).toBe(`planledger-event/v1\nluhanska\n${e.seq}\n${e.eventId}\n${e.hash}\n`);
      const proof = e.leaf.proof.map((h) => Buffer.from(h, "hex"));
      expect(Either.isRight(verifyInclusion(e.leaf.leafIndex, 9, leafHash(entry), proof, Buffer.from(log?.root as string, "hex")))).toBe(true);
    }
    expect(bundle.notes).toEqual([]);
  });

  it("refuses an unknown plan, and a size of a log that is not the plan's", async () => {
    const refusal = (planId: string, since: ReadonlyArray<{ origin: string | null; size: number }> = []) =>
      withStore((store) => Effect.flip(proofBundleOf(store.reader, store.nodeId, planId, { ownCheckpoint: store.tlogCheckpoint }, { now: new Date(), since })));
    expect(await refusal("luhanska.1.2000-01-01")).toMatchObject({ reason: "plan", message: "плану luhanska.1.2000-01-01 у цьому вузлі немає / no plan luhanska.1.2000-01-01 on this node" });
    expect(await refusal(plan, [{ origin: "volynska", size: 1 }])).toMatchObject({ reason: "since" });
    expect(await refusal(plan, [{ origin: null, size: 10 }])).toMatchObject({ reason: "since" });
  });

  it("reads sizes as N or ORIGIN:N", () => {
    expect(parseSinceSize("42")).toEqual(Either.right({ origin: null, size: 42 }));
    expect(parseSinceSize("planledger/luhanska:7")).toEqual(Either.right({ origin: "luhanska", size: 7 }));
    for (const bad of ["0", "-1", "x", "luhanska:", ":3", "1e3"]) expect(Either.isLeft(parseSinceSize(bad))).toBe(true);
  });
});
