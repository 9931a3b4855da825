import { Either, ParseResult, Schema as S } from "effect";
import { describe, expect, it } from "vitest";
import { makeOrigin, record } from "../testing/test-chain.js";
import { PullBatch, PushBatch } from "./messages.js";
import { toWireTuple, WIRE_FIELDS } from "./wire-events.js";

const batchWith = (events: unknown) => ({
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
  it("carries each event as an array of its values, data last as the text its origin hashed, and decodes it unchanged", () => {
    const events = record(makeOrigin("d"), 3);
    const wire = JSON.parse(JSON.stringify(batchWith(events.map(toWireTuple))));
    expect(wire.events[0]).toHaveLength(WIRE_FIELDS.length);
    expect(wire.events[0][12]).toBe(events[0]?.dataJson);
    const decoded = S.decodeUnknownSync(PushBatch)(wire);
    expect(decoded.events).toEqual(events);
    expect(decoded.members).toEqual([]);
  });

  it("encodes a pull page's events back into wire arrays", () => {
    const events = record(makeOrigin("d"), 2);
    const page = new PullBatch({ origin: "d", events, checkpoint: null, more: false });
    const encoded = S.encodeSync(PullBatch)(page);
    expect(encoded.events).toEqual(events.map(toWireTuple));
    expect(S.decodeUnknownSync(PullBatch)(JSON.parse(JSON.stringify(encoded))).events).toEqual(events);
  });

  it("names the event and the value that does not fit", () => {
    const tuples: unknown[][] = record(makeOrigin("d"), 4).map(toWireTuple);
    const with_ = (i: number, value: unknown) => tuples[0]?.map((v, k) => (k === i ? value : v));
    expect(issues(batchWith([tuples[0], tuples[1], with_(11, "ABC")]))).toEqual([["events.2.11", "expected hash: 64 lower-case hex digits"]]);
    expect(issues(batchWith([with_(2, 0)]))).toEqual([["events.0.2", "expected seq: a positive integer"]]);
    expect(issues(batchWith([with_(8, 7)]))).toEqual([["events.0.8", "expected causationId: a string or null"]]);
    expect(issues(batchWith([with_(12, '{"measureId":')]))).toEqual([["events.0.12", "expected data: JSON text"]]);
    expect(issues(batchWith([with_(12, { measureId: "m1" })]))).toEqual([["events.0.12", "expected data: JSON text"]]);
    expect(issues(batchWith([{ eventId: "e1" }]))[0]?.[0]).toBe("events.0");
    expect(issues(batchWith([tuples[0]?.slice(0, 12)]))[0]?.[1]).toMatch(/^expected an array of 13 values/);
    expect(issues(batchWith("none"))).toEqual([["events", "expected an array of events"]]);
  });
});
