import { afterEach, describe, expect, it, vi } from "vitest";
import { backgroundFold } from "./background-fold.js";
import { logClock } from "./log-clock.js";

afterEach(() => vi.useRealTimers());

const options = { everyMs: 100, quietMs: 1000, atMostMs: 5000 };

describe("backgroundFold", () => {
  it("folds once the log has stood still for a second after it moved, and not while it stands still", async () => {
    vi.useFakeTimers();
    const clock = logClock();
    let folds = 0;
    const folding = backgroundFold({ ...options, clock, fold: async () => void folds++ });
    await vi.advanceTimersByTimeAsync(3000);
    expect(folds).toBe(0);
    clock.advance();
    await vi.advanceTimersByTimeAsync(600);
    expect(folds).toBe(0);
    await vi.advanceTimersByTimeAsync(600);
    expect(folds).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(folds).toBe(1);
    await folding.stop();
  });

  it("while the log keeps moving, folds at most every five seconds, one fold at a time", async () => {
    vi.useFakeTimers();
    const clock = logClock();
    let folds = 0;
    let release: () => void = () => {};
    const folding = backgroundFold({
      ...options,
      clock,
      fold: () => {
        folds++;
        return new Promise<void>((r) => {
          release = r;
        });
      },
    });
    for (let i = 0; i < 48; i++) {
      clock.advance();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(folds).toBe(0);
    for (let i = 0; i < 5; i++) {
      clock.advance();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(folds).toBe(1);
    // Still moving, the first fold still running: no second fold, however long it takes.
    for (let i = 0; i < 80; i++) {
      clock.advance();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(folds).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(1200);
    expect(folds).toBe(2);
    release();
    await folding.stop();
  });

  it("waits for a fold in progress on stop, folds no more after it, and leaves a failed fold to the next move", async () => {
    vi.useFakeTimers();
    const clock = logClock();
    let folds = 0;
    let ended = false;
    const failing = backgroundFold({
      ...options,
      clock,
      fold: async () => {
        folds++;
        throw new Error("database busy");
      },
    });
    clock.advance();
    await vi.advanceTimersByTimeAsync(1200);
    clock.advance();
    await vi.advanceTimersByTimeAsync(1200);
    expect(folds).toBe(2);
    await failing.stop();
    const slow = backgroundFold({
      ...options,
      clock,
      fold: async () => {
        await new Promise((r) => setTimeout(r, 500));
        ended = true;
      },
    });
    clock.advance();
    await vi.advanceTimersByTimeAsync(1100);
    const stopped = slow.stop();
    await vi.advanceTimersByTimeAsync(500);
    await stopped;
    expect(ended).toBe(true);
    clock.advance();
    await vi.advanceTimersByTimeAsync(3000);
    expect(folds).toBe(2);
  });
});

describe("backgroundFold: quiet or still moving", () => {
  it("tells the fold whether the log stood still (the walk of what it gained runs only then) or only kept moving", async () => {
    vi.useFakeTimers();
    const clock = logClock();
    const seen: boolean[] = [];
    const folding = backgroundFold({ ...options, clock, fold: async (quiet) => void seen.push(quiet) });
    for (let i = 0; i < 55; i++) {
      clock.advance();
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(1200);
    expect(seen).toEqual([false, true]);
    await folding.stop();
  });
});
