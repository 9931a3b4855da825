import { describe, expect, it } from "vitest";
import { identityOfEvent, tallyWrites } from "./campaign-check.js";
import { cursorWatch } from "./cursor-watch.js";
import { seededRandom } from "./seeded-random.js";
import type { Attempt } from "./write-lane.js";

const attempt = (identity: string, node: string, outcome: Attempt["outcome"], status: number | null = 200): Attempt => ({
  identity,
  node,
  stream: "report:x",
  kind: identity.startsWith("draft:") ? "draft" : identity.startsWith("submit:") ? "submit" : "progress",
  outcome,
  status,
});
const holders = (origin: string) => (origin === "luhanska" ? ["novopskovskyi"] : ["luhanska"]);
const counts = (byNode: Record<string, Record<string, number>>) =>
  new Map(Object.entries(byNode).map(([node, ids]) => [node, new Map(Object.entries(ids))]));

describe("the kill campaign's verdict on writes", () => {
  it("an acknowledged write held once by its origin and once by its parent passes; missing on either is lost", () => {
    const tally = tallyWrites(
      [attempt("progress:chaos novopskovskyi #1", "novopskovskyi", "acked"), attempt("progress:chaos novopskovskyi #2", "novopskovskyi", "acked")],
      counts({ novopskovskyi: { "progress:chaos novopskovskyi #1": 1, "progress:chaos novopskovskyi #2": 1 }, luhanska: { "progress:chaos novopskovskyi #1": 1 } }),
      holders,
    );
    expect([tally.acked, tally.lost, tally.doubled, tally.copiesDiffer]).toEqual([2, 1, 0, 1]);
    expect(tally.examples[0]).toContain("#2");
  });

  it("a write held twice anywhere is doubled, acknowledged or not", () => {
    const tally = tallyWrites(
      [attempt("draft:r1", "luhanska", "acked", 201), attempt("progress:chaos luhanska #9", "luhanska", "inDoubt", null)],
      counts({ luhanska: { "draft:r1": 1, "progress:chaos luhanska #9": 1 }, novopskovskyi: { "draft:r1": 2, "progress:chaos luhanska #9": 2 } }),
      holders,
    );
    expect([tally.doubled, tally.lost, tally.inDoubtPresent]).toEqual([2, 0, 1]);
  });

  it("writes in doubt are counted present or absent; a refused write that is present is flagged", () => {
    const tally = tallyWrites(
      [
        attempt("progress:chaos luhanska #1", "luhanska", "inDoubt", null),
        attempt("progress:chaos luhanska #2", "luhanska", "inDoubt", null),
        attempt("progress:chaos luhanska #3", "luhanska", "refused", 412),
        // A draft in doubt, then drafted again: acknowledged, so it must be there once.
        attempt("draft:r2", "luhanska", "inDoubt", null),
        attempt("draft:r2", "luhanska", "acked", 201),
      ],
      counts({
        luhanska: { "progress:chaos luhanska #1": 1, "progress:chaos luhanska #3": 1, "draft:r2": 1 },
        novopskovskyi: { "progress:chaos luhanska #1": 1, "progress:chaos luhanska #3": 1, "draft:r2": 1 },
      }),
      holders,
    );
    expect([tally.inDoubtPresent, tally.inDoubtAbsent, tally.refused, tally.refusedPresent, tally.acked, tally.lost]).toEqual([1, 1, 1, 1, 1, 0]);
  });

  it("reads the identity a campaign write carries from the event", () => {
    expect(identityOfEvent("ProgressRecorded", { narrative: "chaos svativskyi #4" })).toBe("progress:chaos svativskyi #4");
    expect(identityOfEvent("ProgressRecorded", { narrative: "виконано" })).toBeNull();
    expect(identityOfEvent("ReportSubmitted", { reportId: "r1" })).toBe("submit:r1");
    expect(identityOfEvent("MeasureAdded", {})).toBeNull();
  });
});

describe("cursors only move forward", () => {
  it("flags a sample below the previous one of the same cursor, and a status below what a round was told", () => {
    const watch = cursorWatch();
    watch.observe("a", 3);
    watch.observe("a", 5);
    watch.observe("b", 1);
    watch.observe("a", 4);
    watch.atLeast("a (status)", 4, 5);
    watch.atLeast("a (status)", 6, undefined);
    expect(watch.regressions()).toEqual([
      { cursor: "a", from: 5, to: 4 },
      { cursor: "a (status)", from: 5, to: 4 },
    ]);
    expect(watch.samples()).toBe(6);
  });
});

describe("the seeded generator", () => {
  it("draws the same sequence for the same seed and stream, another for another stream", () => {
    const draw = (seed: number, name: string) => Array.from({ length: 5 }, () => seededRandom(seed).fork(name).int(0, 1000));
    const a = seededRandom(42).fork("kills");
    const b = seededRandom(42).fork("kills");
    const c = seededRandom(42).fork("lane luhanska");
    const seqA = Array.from({ length: 8 }, () => a.int(0, 50));
    expect(Array.from({ length: 8 }, () => b.int(0, 50))).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.int(0, 50))).not.toEqual(seqA);
    expect(draw(1, "x")).toEqual(draw(1, "x"));
    expect(seqA.every((n) => n >= 0 && n <= 50)).toBe(true);
  });
});
