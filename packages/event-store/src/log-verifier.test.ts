import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { makeEventLog } from "./event-log.js";
import { type ScannedRow, syncBackend } from "./log-backend.js";
import { verifyLog } from "./log-verifier.js";
import { memoryEngine } from "./memory-backend.js";
import { generateNodeKey } from "./node-key.js";

const build = () => {
  const engine = memoryEngine();
  const key = generateNodeKey();
  engine.putNodeKey("luhanska", key.publicKey, true);
  const log = makeEventLog(syncBackend(engine), "luhanska", key);
  for (const planId of ["p1", "p2"])
    Effect.runSync(log.append(`plan:${planId}`, [{ type: "PlanAdopted", data: { planId } }, { type: "SectionAdded", data: { planId, ordinal: 1 } }], {
      actor: "ivanenko",
      expectedVersion: "noStream",
    }));
  const checkpoint = Effect.runSync(log.checkpoint());
  return { rows: [...engine.scan()], checkpoints: [checkpoint], keyOf: engine.nodeKey, key };
};

const brokenOf = (rows: ReadonlyArray<ScannedRow>, fixture = build()) =>
  verifyLog(rows, fixture.checkpoints, fixture.keyOf)[0]?.broken;

describe("verifyLog", () => {
  it("reports an intact log with its counts and checkpoint", () => {
    const fixture = build();
    expect(verifyLog(fixture.rows, fixture.checkpoints, fixture.keyOf)).toEqual([
      {
        origin: "luhanska",
        events: 4,
        lastSeq: 4,
        lastHash: fixture.rows[3]?.hash,
        checkpoints: 1,
        lastCheckpoint: fixture.checkpoints[0],
        broken: null,
        treeRoot: null,
      },
    ]);
  });

  it("names the first event whose content, link, seq or stream version is wrong", () => {
    const fixture = build();
    const rows = fixture.rows;
    const at = (i: number, change: Partial<ScannedRow>) => rows.map((r, j) => (j === i ? { ...r, ...change } : r));
    expect(brokenOf(at(2, { dataJson: '{"planId":"p9"}' }), fixture)).toEqual({ position: 3, seq: 3, reason: "hash does not match the event's content" });
    expect(brokenOf(at(1, { prevHash: "f".repeat(64) }), fixture)?.reason).toBe("prevHash does not match the hash of seq 1");
    expect(brokenOf(rows.filter((_, j) => j !== 1), fixture)).toMatchObject({ position: 3, seq: 3, reason: "seq 3 where 2 was due (gap or duplicate)" });
    expect(brokenOf(at(3, { streamVersion: 3 }), fixture)).toMatchObject({ position: 4, reason: "hash does not match the event's content" });
  });

  it("catches a cut tail, a forged checkpoint and an origin without a key", () => {
    const fixture = build();
    expect(brokenOf(fixture.rows.slice(0, 3), fixture)).toEqual({
      position: null,
      seq: 4,
      reason: "checkpoint at seq 4 is beyond the end of the log (seq 3): events are missing",
    });
    const [cp] = fixture.checkpoints;
    if (cp === undefined) throw new Error("one checkpoint");
    expect(verifyLog(fixture.rows, [{ ...cp, seq: 2, hash: fixture.rows[1]?.hash ?? "" }], fixture.keyOf)[0]?.broken?.reason).toBe(
      "checkpoint signature at seq 2 is not valid",
    );
    expect(verifyLog(fixture.rows, fixture.checkpoints, () => undefined)[0]?.broken?.reason).toBe("no public key is registered for this origin");
  });
});
