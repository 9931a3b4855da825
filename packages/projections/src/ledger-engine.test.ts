import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { ledgerEngine } from "./ledger-engine.js";
import { arrayEventSource } from "./model/event-source.js";
import { LogBuilder, deadline } from "./testing/log-builder.js";

const P = "novopskovskyi.328.2019-10-16";

/** A plan and two quarters of reports, over a source that counts the pages an as-of replay reads. */
const counted = () => {
  const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [{ id: "m1", term: deadline("2026-12-31") }], "2019-10-20T00:00:00.000Z");
  b.report("novopskovskyi", P, 2024, 1, [{ measure: "m1", status: "inProgress", actuals: [{ value: 1, unit: "x" }] }], "2024-04-02T00:00:00.000Z");
  b.report("novopskovskyi", P, 2024, 2, [{ measure: "m1", status: "done", actuals: [{ value: 4, unit: "x" }] }], "2024-07-02T00:00:00.000Z");
  const source = arrayEventSource(b.events);
  const reads = { pages: 0 };
  const engine = ledgerEngine({
    source: {
      ...source,
      readFrom: (from, limit) => {
        if (from === 1) reads.pages++;
        return source.readFrom(from, limit);
      },
    },
    now: () => new Date("2026-12-06T10:00:00.000Z"),
  });
  return { engine, reads };
};

describe("as-of ledgers", () => {
  it("replays a past moment by receipt once, for every request that asks for it at once or later", async () => {
    const { engine, reads } = counted();
    const at = { recordedAt: "2024-05-01T00:00:00.000Z", byReceipt: true };
    const [a, b] = await Effect.runPromise(Effect.all([engine.asOf(at), engine.asOf(at)], { concurrency: 2 }));
    const c = await Effect.runPromise(engine.asOf(at));
    expect(reads.pages).toBe(1);
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(a.reports.size).toBe(1);
    // Another moment is a replay of its own, and takes the one place kept.
    const later = await Effect.runPromise(engine.asOf({ recordedAt: "2024-08-01T00:00:00.000Z", byReceipt: true }));
    expect(later.reports.size).toBe(2);
    expect(reads.pages).toBe(2);
    await Effect.runPromise(engine.asOf(at));
    expect(reads.pages).toBe(3);
  });

  it("replays every time a moment that can still change: not yet past, or hidden by recorded time only", async () => {
    const { engine, reads } = counted();
    const future = { recordedAt: "2027-01-01T00:00:00.000Z", byReceipt: true };
    const byRecorded = { recordedAt: "2024-05-01T00:00:00.000Z", byReceipt: false };
    for (const at of [future, future, byRecorded, byRecorded]) await Effect.runPromise(engine.asOf(at));
    expect(reads.pages).toBe(4);
  });
});
