/**
 * @module The events of a batch on the wire: each event a JSON array of its thirteen values in a fixed order,
 * `data` last as the JSON text its origin hashed. Arrays parse faster than objects, and carrying `data` as text
 * lets the receiver hash and store the exact bytes instead of re-encoding a parsed value (together about a
 * third of the receiver's CPU per event, measured with bench/sync). The check is written out by hand because
 * it runs per event and a batch carries thousands; what the content is, the hash chain and the checkpoint
 * signature then prove.
 */
import { WIRE_EVENT_FIELDS, type WireEvent } from "@planledger/event-store";
import { ParseResult, Schema as S } from "effect";
import { isJsonText } from "./json-text.js";
import { payloadFault } from "./payload-text.js";
import type { ReplicatedEvent } from "./replicated-event.js";

/** The order of an event's values on the wire (`WIRE_FIELDS[i]` names the i-th): the store's wire form, as it reads it. */
export const WIRE_FIELDS = WIRE_EVENT_FIELDS;

/** 64 lower-case hex digits; a loop over char codes, several times cheaper than the regex per event. */
const isHash = (u: unknown): boolean => {
  if (typeof u !== "string" || u.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = u.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
};
const isInt = (u: unknown, min: number): boolean => typeof u === "number" && Number.isInteger(u) && u >= min;
const isNullableString = (u: unknown): boolean => u === null || typeof u === "string";

// Each value's check, the words a refusal uses, and the same rule as JSON Schema for API descriptions.
type Check = readonly [index: number, fits: (u: unknown) => boolean, expected: string, json: object];
const text = { type: "string" };
const positive = { type: "integer", minimum: 1 };
const textOrNull = { type: ["string", "null"] };
const hex64 = { type: "string", pattern: "^[0-9a-f]{64}$" };
const checks: ReadonlyArray<Check> = [
  [0, (u) => typeof u === "string", "a string", text],
  [1, (u) => typeof u === "string", "a string", text],
  [2, (u) => isInt(u, 1), "a positive integer", positive],
  [3, (u) => typeof u === "string", "a string", text],
  [4, (u) => isInt(u, 1), "a positive integer", positive],
  [5, (u) => typeof u === "string", "a string", text],
  [6, (u) => typeof u === "string", "a string", text],
  [7, (u) => typeof u === "string", "a string", text],
  [8, isNullableString, "a string or null", textOrNull],
  [9, isNullableString, "a string or null", textOrNull],
  [10, isHash, "64 lower-case hex digits", hex64],
  [11, isHash, "64 lower-case hex digits", hex64],
  [12, (u) => typeof u === "string" && isJsonText(u), "JSON text", { ...text, contentMediaType: "application/json" }],
];

/** The first value of `u` that does not fit, as [index, message], or null when it fits. */
const misfit = (u: unknown): readonly [index: number | null, message: string] | null => {
  if (!Array.isArray(u) || u.length !== WIRE_FIELDS.length) return [null, `an array of ${WIRE_FIELDS.length} values (${WIRE_FIELDS.join(", ")})`];
  for (const [index, fits, expected] of checks) if (!fits(u[index])) return [index, `${WIRE_FIELDS[index]}: ${expected}`];
  const fault = payloadFault(u[12] as string);
  return fault === null ? null : [12, `${WIRE_FIELDS[12]}: ${fault}`];
};

/** An event's values in {@link WIRE_FIELDS} order. */
export type WireTuple = WireEvent;

/** The replicated event of a wire array that has passed the checks (or of a stored row in wire order). */
export const fromWireTuple = (t: WireTuple): ReplicatedEvent => ({
  eventId: t[0],
  origin: t[1],
  seq: t[2],
  stream: t[3],
  streamVersion: t[4],
  type: t[5],
  actor: t[6],
  recordedAt: t[7],
  causationId: t[8],
  correlationId: t[9],
  prevHash: t[10],
  hash: t[11],
  dataJson: t[12],
});

/**
 * An event's wire array: `[eventId, origin, seq, stream, streamVersion, type, actor, recordedAt, causationId,
 * correlationId, prevHash, hash, data]`.
 *
 * @example
 * toWireTuple(replica) // ["0192…", "novopskovskyi", 1, "plan:…", 1, "PlanAdopted", "petrenko", "2025-…", null, null, "000…", "3f1c…", "{\"planId\":…}"]
 */
export const toWireTuple = (e: ReplicatedEvent): WireTuple => [
  e.eventId,
  e.origin,
  e.seq,
  e.stream,
  e.streamVersion,
  e.type,
  e.actor,
  e.recordedAt,
  e.causationId,
  e.correlationId,
  e.prevHash,
  e.hash,
  e.dataJson,
];

/** The JSON Schema of the wire arrays, from the checks above: the decoding is a loop `JSONSchema.make` cannot read. */
const wireEventsJsonSchema = (): object => ({
  type: "array",
  description: `events in the order of their seq, each an array of ${WIRE_FIELDS.length} values: ${WIRE_FIELDS.join(", ")}`,
  items: {
    type: "array",
    prefixItems: checks.map(([index, , expected, json]) => ({ ...json, title: WIRE_FIELDS[index], description: expected })),
    minItems: WIRE_FIELDS.length,
    maxItems: WIRE_FIELDS.length,
  },
});

const Replicas = S.declare((u: unknown): u is ReadonlyArray<ReplicatedEvent> => Array.isArray(u), {
  identifier: "ReplicatedEvents",
  description: "replicated events, in the order of their seq",
});

/**
 * Wire arrays ⇄ replicated events; a misfit is reported with the event's index and the value's, e.g.
 * `events.3.11` "expected hash: 64 lower-case hex digits".
 *
 * @example
 * S.decodeUnknownEither(WireEvents)([["0192…", "novopskovskyi", 1, …]])
 */
export const WireEvents = S.transformOrFail(S.Unknown, Replicas, {
  strict: true,
  decode: (u, _options, ast) => {
    if (!Array.isArray(u)) return ParseResult.fail(new ParseResult.Type(ast, u, "expected an array of events"));
    const events: Array<ReplicatedEvent> = new Array(u.length);
    for (let i = 0; i < u.length; i++) {
      const item: unknown = u[i];
      const problem = misfit(item);
      if (problem !== null) {
        const [index, message] = problem;
        const inner = new ParseResult.Type(ast, index === null ? item : (item as unknown[])[index], `expected ${message}`);
        return ParseResult.fail(new ParseResult.Pointer(i, u, index === null ? inner : new ParseResult.Pointer(index, item, inner)));
      }
      events[i] = fromWireTuple(item as WireTuple);
    }
    return ParseResult.succeed(events);
  },
  encode: (events) => ParseResult.succeed(events.map(toWireTuple)),
}).annotations({ identifier: "WireEvents", jsonSchema: wireEventsJsonSchema() });
