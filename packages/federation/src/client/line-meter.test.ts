import { describe, expect, it } from "vitest";
import { makeLineMeter } from "./line-meter.js";

describe("batches sized from the measured line", () => {
  it("starts small on a line not measured yet and doubles until it is", () => {
    const line = makeLineMeter();
    const pushes = line.sizer(150, 1000);
    expect([pushes.next(), pushes.next(), pushes.next()]).toEqual([50, 100, 200]);
    // A round trip alone (a small request) says nothing of the throughput.
    line.record({ bytesOut: 0, bytesIn: 400, ms: 800 });
    expect([pushes.next(), line.rttMs(), line.bytesPerSecond()]).toEqual([400, 800, null]);
  });

  it("on 64 kbit/s, sizes a batch to be answered in about batchMs, and never grows it more than twice at once", () => {
    const line = makeLineMeter({ batchMs: 3000 });
    const pushes = line.sizer(150, 1000);
    expect(pushes.next()).toBe(50);
    // 50 events of 160 bytes at 8000 bytes/s and an 800 ms round trip: answered after 1.8 s.
    line.record({ bytesOut: 8000, bytesIn: 700, ms: 1800 });
    pushes.sent(50, 8000);
    expect(line.bytesPerSecond()).toBeCloseTo(8700 / 1.8, 0);
    // 4833 bytes/s × 3 s / 155 bytes per event (the estimate, halfway from 150 to 160) = 93.
    expect(pushes.next()).toBe(93);
    // A much faster line: still at most twice the last size, then the maximum.
    line.record({ bytesOut: 2_000_000, bytesIn: 700, ms: 20 });
    expect([pushes.next(), pushes.next(), pushes.next(), pushes.next(), pushes.next()]).toEqual([186, 372, 744, 1000, 1000]);
  });

  it("shrinks at once when the line slows, down to the minimum", () => {
    const line = makeLineMeter({ batchMs: 2000, minEvents: 10 });
    const pushes = line.sizer(100, 5000);
    line.record({ bytesOut: 1_000_000, bytesIn: 0, ms: 100 });
    expect(pushes.next()).toBe(5000);
    for (let i = 0; i < 8; i++) line.record({ bytesOut: 3000, bytesIn: 0, ms: 3000 });
    expect(pushes.next()).toBe(20);
    for (let i = 0; i < 8; i++) line.record({ bytesOut: 2100, bytesIn: 0, ms: 30_000 });
    expect(pushes.next()).toBe(10);
  });

  it("forgets the line when reset: measured again, sized from the first batch again", () => {
    const line = makeLineMeter();
    const pulls = line.sizer(150, 1000);
    line.record({ bytesOut: 0, bytesIn: 2_000_000, ms: 50 });
    expect(pulls.next()).toBe(1000);
    line.reset();
    expect([line.rttMs(), line.bytesPerSecond(), pulls.next()]).toEqual([null, null, 50]);
  });
});

describe("whether the line limits the batches", () => {
  it("says so while it is not measured, and when a whole batch does not fit in batchMs", () => {
    const line = makeLineMeter({ batchMs: 3000 });
    const pushes = line.sizer(100, 1000);
    expect(pushes.lineBound()).toBe(true);
    // Loopback: a large batch in 30 ms.
    line.record({ bytesOut: 70_000, bytesIn: 700, ms: 30 });
    expect(pushes.lineBound()).toBe(false);
    line.reset();
    // 64 kbit/s: 240 events of 100 bytes in 3 s.
    line.record({ bytesOut: 8000, bytesIn: 0, ms: 1000 });
    expect(pushes.lineBound()).toBe(true);
  });
});
