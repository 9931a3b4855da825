import { Either, ParseResult, Schema as S } from "effect";
import { describe, expect, it } from "vitest";
import { makeOrigin, record } from "../testing/test-chain.js";
import { PushBatch } from "./messages.js";

const batchWith = (events: unknown[]) => ({
  _tag: "PushBatch",
  sender: "d",
  origin: "d",
  events,
  checkpoint: { origin: "d", seq: 0, hash: "0".repeat(64), signedAt: "2025-01-01T00:00:00.000Z", signature: "x" },
});

const issues = (u: unknown) => {
  const r = S.decodeUnknownEither(PushBatch)(u);
  return Either.isLeft(r) ? ParseResult.ArrayFormatter.formatErrorSync(r.left).map((i) => [i.path.join("."), i.message]) : [];
};

describe("PushBatch events at the boundary", () => {
  it("accepts envelopes as the event store writes them, unchanged", () => {
    const events = record(makeOrigin("d"), 3);
    const decoded = S.decodeUnknownSync(PushBatch)(batchWith(events));
    expect(decoded.events).toEqual(events);
    expect(decoded.members).toEqual([]);
  });

  it("names the index and field of the first event that does not fit", () => {
    const events: unknown[] = record(makeOrigin("d"), 4);
    events[2] = { ...(events[2] as object), hash: "ABC" };
    expect(issues(batchWith(events))).toEqual([["events.2", "expected hash: 64 lower-case hex digits"]]);
    expect(issues(batchWith([{ ...(events[0] as object), seq: 0 }]))).toEqual([["events.0", "expected seq: a positive integer"]]);
    expect(issues(batchWith([{ ...(events[0] as object), causationId: 7 }]))).toEqual([["events.0", "expected causationId: a string or null"]]);
    expect(issues({ ...batchWith([]), events: "none" })).toEqual([["events", "expected an array of events"]]);
  });
});
