import { describe, expect, it } from "vitest";
import { uuidV7 } from "./uuid-v7.js";

describe("uuidV7", () => {
  it("puts the Unix milliseconds in the first 48 bits with version 7 and variant 10", () => {
    const id = uuidV7(Date.parse("2026-11-22T08:00:00.000Z"));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(Date.parse("2026-11-22T08:00:00.000Z"));
  });

  it("does not repeat across many ids, also beyond one pool of random bytes", () => {
    const ids = new Set(Array.from({ length: 5000 }, () => uuidV7(1_700_000_000_000)));
    expect(ids.size).toBe(5000);
  });
});
