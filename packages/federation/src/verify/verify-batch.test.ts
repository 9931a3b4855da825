import { Either } from "effect";
import { beforeEach, describe, expect, it } from "vitest";
import type { ReplicatedEvent } from "../protocol/replicated-event.js";
import { checkpointOf, makeOrigin, record, type TestOrigin, testCrypto } from "../testing/test-chain.js";
import type { RegisteredNode } from "./subtree.js";
import { type Batch, type HeldLog, verifyBatch } from "./verify-batch.js";
import { canonicalJson } from "@planledger/event-store";

/** A receiver's copy of one origin's log, updated only through verified batches. */
const receiver = () => {
  const hashes = new Map<number, string>();
  let cursor = { origin: "", seq: 0, hash: null as string | null };
  const held = (): HeldLog => ({ cursor, heldHash: (seq) => hashes.get(seq) });
  return {
    held,
    count: () => hashes.size,
    cursorSeq: () => cursor.seq,
    accept: (batch: Batch) => {
      const result = verifyBatch(batch, { registry, held: held(), crypto: testCrypto });
      if (Either.isRight(result)) {
        for (const e of result.right.fresh) hashes.set(e.seq, e.hash);
        cursor = result.right.cursor;
      }
      return result;
    },
  };
};

let oblast: TestOrigin;
let district: TestOrigin;
let hromada: TestOrigin;
let otherOblast: TestOrigin;
let registry: Map<string, RegisteredNode>;

beforeEach(() => {
  oblast = makeOrigin("luhanska");
  district = makeOrigin("novopskovskyi");
  hromada = makeOrigin("novopskovska-hromada");
  otherOblast = makeOrigin("volynska");
  registry = new Map<string, RegisteredNode>([
    ["luhanska", { nodeId: "luhanska", parentId: "ukraine", publicKey: oblast.publicKey }],
    ["novopskovskyi", { nodeId: "novopskovskyi", parentId: "luhanska", publicKey: district.publicKey }],
    ["novopskovska-hromada", { nodeId: "novopskovska-hromada", parentId: "novopskovskyi", publicKey: hromada.publicKey }],
    ["volynska", { nodeId: "volynska", parentId: "ukraine", publicKey: otherOblast.publicKey }],
  ]);
});

const batchOf = (origin: TestOrigin, events: ReadonlyArray<ReplicatedEvent>, sender = "novopskovskyi"): Batch => ({
  sender,
  origin: origin.nodeId,
  events,
  checkpoint: checkpointOf(origin, events[events.length - 1]?.seq ?? 0),
});

const refusal = (result: ReturnType<typeof verifyBatch>) => (Either.isLeft(result) ? result.left : undefined);

describe("verifyBatch", () => {
  it("accepts a first batch of the sender's own log and moves the cursor to its end", () => {
    const events = record(district, 5);
    const r = receiver();
    const result = r.accept(batchOf(district, events));
    expect(Either.isRight(result)).toBe(true);
    expect(r.count()).toBe(5);
    expect(r.cursorSeq()).toBe(5);
  });

  it("accepts the log of a node registered below the sender", () => {
    const r = receiver();
    const result = r.accept(batchOf(hromada, record(hromada, 3)));
    expect(Either.isRight(result) && result.right.fresh.length).toBe(3);
  });

  it("refuses an altered event, naming its seq, and keeps nothing", () => {
    const events = record(district, 4);
    const altered = events.map((e) => (e.seq === 3 ? { ...e, dataJson: canonicalJson({ measureId: "m3", status: "notDone" }) } : e));
    const r = receiver();
    const refused = refusal(r.accept(batchOf(district, altered)));
    expect(refused?._tag).toBe("HashMismatch");
    expect(refused?._tag === "HashMismatch" && refused.seq).toBe(3);
    expect(r.count()).toBe(0);
  });

  it("refuses an altered event whose hash was recomputed to hide the change: the chain no longer links", () => {
    const events = record(district, 4);
    const tampered = events.map((e) => {
      if (e.seq !== 2) return e;
      const changed = { ...e, dataJson: canonicalJson({ measureId: "m2", status: "notDone" }) };
      return { ...changed, hash: testCrypto.hashOf(changed) };
    });
    const refused = refusal(receiver().accept(batchOf(district, tampered)));
    expect(refused?._tag).toBe("ChainBroken");
    expect(refused?._tag === "ChainBroken" && refused.seq).toBe(3);
  });

  it("refuses a reordered batch", () => {
    const events = record(district, 4);
    const reordered = [events[0], events[2], events[1], events[3]] as ReplicatedEvent[];
    const batch = { ...batchOf(district, events), events: reordered };
    const refused = refusal(receiver().accept(batch));
    expect(refused?._tag).toBe("BatchOutOfOrder");
    expect(refused?._tag === "BatchOutOfOrder" && [refused.index, refused.expectedSeq, refused.actualSeq]).toEqual([1, 2, 3]);
  });

  it("refuses an origin outside the sender's subtree, including the sender's own parent", () => {
    expect(refusal(receiver().accept(batchOf(otherOblast, record(otherOblast, 2))))?._tag).toBe("OriginOutsideSubtree");
    expect(refusal(receiver().accept(batchOf(oblast, record(oblast, 2))))?._tag).toBe("OriginOutsideSubtree");
    const unknown = makeOrigin("nowhere");
    expect(refusal(receiver().accept(batchOf(unknown, record(unknown, 1))))?._tag).toBe("OriginOutsideSubtree");
  });

  it("refuses a batch that smuggles another origin's event", () => {
    const own = record(district, 2);
    const foreign = record(hromada, 1);
    const batch = { ...batchOf(district, own), events: [...own, ...foreign] };
    expect(refusal(receiver().accept(batch))?._tag).toBe("EventOriginMismatch");
  });

  it("refuses a checkpoint signed with another key than the origin's registered one", () => {
    const events = record(district, 3);
    const batch = { ...batchOf(district, events), checkpoint: checkpointOf(district, 3, otherOblast.key) };
    const r = receiver();
    const refused = refusal(r.accept(batch));
    expect(refused?._tag).toBe("BadSignature");
    expect(r.count()).toBe(0);
  });

  it("refuses a checkpoint that does not close the batch", () => {
    const events = record(district, 3);
    const batch = { ...batchOf(district, events), checkpoint: checkpointOf(district, 2) };
    expect(refusal(receiver().accept(batch))?._tag).toBe("CheckpointMismatch");
  });

  it("accepts the same batch twice: the second time nothing is fresh and the cursor stays", () => {
    const batch = batchOf(district, record(district, 5));
    const r = receiver();
    r.accept(batch);
    const again = r.accept(batch);
    expect(Either.isRight(again) && [again.right.fresh.length, again.right.skipped]).toEqual([0, 5]);
    expect(r.cursorSeq()).toBe(5);
    expect(r.count()).toBe(5);
  });

  it("takes only the new tail of overlapping batches, in either order of arrival", () => {
    const events = record(district, 8);
    const early = batchOf(district, events.slice(0, 5));
    const late = batchOf(district, events.slice(2, 8));
    const r = receiver();
    r.accept(early);
    const second = r.accept(late);
    expect(Either.isRight(second) && [second.right.fresh.map((e) => e.seq), second.right.skipped]).toEqual([[6, 7, 8], 3]);
    const stale = r.accept(early);
    expect(Either.isRight(stale) && stale.right.fresh.length).toBe(0);
    expect(r.cursorSeq()).toBe(8);
    expect(r.count()).toBe(8);
  });

  it("refuses a batch that starts beyond the cursor", () => {
    const events = record(district, 6);
    const r = receiver();
    r.accept(batchOf(district, events.slice(0, 2)));
    const refused = refusal(r.accept(batchOf(district, events.slice(3))));
    expect(refused?._tag === "SequenceGap" && [refused.cursorSeq, refused.firstSeq]).toEqual([2, 4]);
  });

  it("catches an origin that shows a different history for a seq the receiver already holds", () => {
    const r = receiver();
    r.accept(batchOf(district, record(district, 3)));
    const fork = makeOrigin("novopskovskyi");
    const forkEvents = record(fork, 4, "інша історія");
    registry.set("novopskovskyi", { nodeId: "novopskovskyi", parentId: "luhanska", publicKey: fork.publicKey });
    const refused = refusal(r.accept({ sender: "novopskovskyi", origin: "novopskovskyi", events: forkEvents, checkpoint: checkpointOf(fork, 4) }));
    expect(refused?._tag).toBe("ConflictingHistory");
    expect(r.cursorSeq()).toBe(3);
  });
});
