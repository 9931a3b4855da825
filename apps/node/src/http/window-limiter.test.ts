import { describe, expect, it } from "vitest";
import { windowLimiter } from "./window-limiter.js";

const clock = () => {
  let at = 1_000_000;
  return {
    now: () => at,
    advance: (ms: number) => {
      at += ms;
    },
  };
};

describe("windowLimiter", () => {
  it("lets a key have `limit` events in the window, then names the wait until the oldest leaves it", () => {
    const time = clock();
    const limiter = windowLimiter({ limit: 3, windowMs: 60_000, now: time.now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterS("a")).toBe(0);
      limiter.hit("a");
      time.advance(10_000);
    }
    // Events at 0, 10 and 20 s; now 30 s: the first leaves the window at 60 s.
    expect(limiter.retryAfterS("a")).toBe(30);
    time.advance(29_500);
    expect(limiter.retryAfterS("a")).toBe(1);
    time.advance(500);
    // Sliding: one more now, and the next waits for the second event (at 10 s) to leave.
    expect(limiter.retryAfterS("a")).toBe(0);
    limiter.hit("a");
    expect(limiter.retryAfterS("a")).toBe(10);
  });

  it("counts each key on its own", () => {
    const time = clock();
    const limiter = windowLimiter({ limit: 2, windowMs: 60_000, now: time.now });
    limiter.hit("a");
    limiter.hit("a");
    expect([limiter.retryAfterS("a"), limiter.retryAfterS("b")]).toEqual([60, 0]);
  });

  it("takes back an event recorded ahead of an outcome that does not count", () => {
    const time = clock();
    const limiter = windowLimiter({ limit: 2, windowMs: 60_000, now: time.now });
    limiter.hit("a");
    limiter.hit("a");
    limiter.release("a");
    expect(limiter.retryAfterS("a")).toBe(0);
    limiter.release("a");
    expect(limiter.size()).toBe(0);
  });

  it("keeps memory bounded: expired keys are swept, and past `maxKeys` the least recent are forgotten", () => {
    const time = clock();
    const limiter = windowLimiter({ limit: 2, windowMs: 60_000, maxKeys: 1000, now: time.now });
    const flood = (count: number) => {
      for (let i = 0; i < count; i++) limiter.hit(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    };
    limiter.hit("198.51.100.1");
    limiter.hit("198.51.100.1");
    flood(500);
    limiter.hit("198.51.100.2");
    limiter.hit("198.51.100.2");
    flood(100_000);
    expect(limiter.size()).toBe(1000);
    // Only the thousand most recent keys are kept: both were forgotten.
    expect([limiter.retryAfterS("198.51.100.1"), limiter.retryAfterS("198.51.100.2")]).toEqual([0, 0]);
    limiter.hit("198.51.100.3");
    limiter.hit("198.51.100.3");
    flood(998);
    expect(limiter.retryAfterS("198.51.100.3")).toBe(60);
    time.advance(60_000);
    limiter.hit("192.0.2.1");
    expect(limiter.size()).toBe(1);
  });

  it("keeps at most `limit` times per key however many events it has", () => {
    const time = clock();
    const limiter = windowLimiter({ limit: 2, windowMs: 60_000, now: time.now });
    for (let i = 0; i < 1000; i++) {
      limiter.hit("a");
      time.advance(10);
    }
    // The latest two were at 9.98 and 9.99 s; now 10 s: the older leaves at 69.98 s.
    expect(limiter.retryAfterS("a")).toBe(60);
  });
});
