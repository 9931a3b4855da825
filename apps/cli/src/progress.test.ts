import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDuration, type ProgressStream, progress } from "./progress.js";

/** A stderr stand-in that keeps what was written. */
const captured = (isTTY: boolean) => {
  const chunks: string[] = [];
  const stream: ProgressStream = { isTTY, columns: 120, write: (chunk: string) => chunks.push(chunk) > 0 };
  return { stream, chunks, lines: () => chunks.join("").split("\n").filter((l) => l !== "") };
};

afterEach(() => {
  vi.useRealTimers();
});

describe("progress off a terminal (a log, a pipe)", () => {
  it("writes a line at each tenth of a known total and one final line: at most 11 lines for 1000 ticks", () => {
    let clock = 0;
    const out = captured(false);
    const p = progress("імпорт / import", 1000, { stream: out.stream, now: () => clock });
    for (let i = 0; i < 1000; i++) {
      clock += 1;
      p.tick();
    }
    p.done("1000 подій / events");
    const lines = out.lines();
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines).toEqual([
      "імпорт / import: 100/1000 (10 %)",
      "імпорт / import: 200/1000 (20 %)",
      "імпорт / import: 300/1000 (30 %)",
      "імпорт / import: 400/1000 (40 %)",
      "імпорт / import: 500/1000 (50 %)",
      "імпорт / import: 600/1000 (60 %)",
      "імпорт / import: 700/1000 (70 %)",
      "імпорт / import: 800/1000 (80 %)",
      "імпорт / import: 900/1000 (90 %)",
      "імпорт / import: 1000 подій / events (1,0 с)",
    ]);
    expect(out.chunks.join("")).not.toContain("\u001b");
  });

  it("writes one line for a jump over several tenths, and the count when done has no summary", () => {
    const out = captured(false);
    const p = progress("експорт / export", 10, { stream: out.stream, now: () => 0 });
    p.tick(7);
    p.tick(3);
    p.done();
    expect(out.lines()).toEqual(["експорт / export: 7/10 (70 %)", "експорт / export: 10 (0,0 с)"]);
  });

  it("writes the count every 2 s for an unknown total, and nothing once done", () => {
    vi.useFakeTimers();
    const out = captured(false);
    const p = progress("синхронізація / sync", undefined, { stream: out.stream });
    vi.advanceTimersByTime(1999);
    expect(out.lines()).toEqual([]);
    vi.advanceTimersByTime(1);
    p.tick(5);
    vi.advanceTimersByTime(2000);
    p.tick(7);
    vi.advanceTimersByTime(2000);
    p.done("↑ 12 подій / events");
    vi.advanceTimersByTime(10_000);
    expect(out.lines()).toEqual([
      "синхронізація / sync: … (2,0 с)",
      "синхронізація / sync: 5 (4,0 с)",
      "синхронізація / sync: 12 (6,0 с)",
      "синхронізація / sync: ↑ 12 подій / events (6,0 с)",
    ]);
  });

  it("writes nothing more when cancelled, and ignores a second ending", () => {
    vi.useFakeTimers();
    const out = captured(false);
    const p = progress("синхронізація / sync", undefined, { stream: out.stream });
    p.cancel();
    p.done("too late");
    vi.advanceTimersByTime(10_000);
    expect(out.chunks).toEqual([]);
  });
});

describe("progress on a terminal", () => {
  it("draws a bar, then clears it and leaves the final line; its timer stops", () => {
    vi.useFakeTimers();
    const out = captured(true);
    const p = progress("імпорт / import", 4, { stream: out.stream });
    p.tick(2);
    vi.advanceTimersByTime(500);
    expect(out.chunks.join("")).toMatch(/імпорт \/ import .*50 % · 2\/4/);
    p.tick(2);
    p.done("готово / done");
    expect(out.chunks.at(-1)).toMatch(/^імпорт \/ import: готово \/ done \(\d,\d с\)\n$/);
    const written = out.chunks.length;
    vi.advanceTimersByTime(10_000);
    expect(out.chunks.length).toBe(written);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("formatDuration", () => {
  it.each([
    [400, "0,4 с"],
    [12_300, "12 с"],
    [125_000, "2 хв 05 с"],
    [3_720_000, "1 год 02 хв"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
