/**
 * @module The hash chain of an origin's log: the canonical envelope encoding and its SHA-256.
 */
import * as crypto from "node:crypto";
import { canonicalJson, jsonString as str } from "./canonical-json.js";

/** `prevHash` of the first event (seq 1) of every origin. */
export const GENESIS_HASH = "0".repeat(64);

/** The envelope fields covered by `hash`: everything but `hash` itself and the local `position`/`receivedAt`. */
export interface HashedFields {
  readonly eventId: string;
  readonly origin: string;
  readonly seq: number;
  readonly stream: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly actor: string;
  readonly recordedAt: string;
  readonly causationId: string | null;
  readonly correlationId: string | null;
  readonly prevHash: string;
}


/**
 * The canonical encoding of an envelope: `canonicalJson({ ...fields, data })`, i.e. sorted-key JSON of
 * actor, causationId, correlationId, data, eventId, origin, prevHash, recordedAt, seq, stream, streamVersion,
 * type. It is spelt out by hand because it runs once per appended event; `dataJson` must already be the
 * canonical JSON of `data` (the form the store keeps in its `data` column). A test pins it to `canonicalJson`.
 *
 * @example
 * envelopeEncoding({ ...fields, prevHash: GENESIS_HASH }, '{"planId":"p1"}')
 */
export const envelopeEncoding = (fields: HashedFields, dataJson: string): string =>
  `{"actor":${str(fields.actor)},"causationId":${fields.causationId === null ? "null" : str(fields.causationId)},` +
  `"correlationId":${fields.correlationId === null ? "null" : str(fields.correlationId)},"data":${dataJson},` +
  `"eventId":${str(fields.eventId)},"origin":${str(fields.origin)},"prevHash":${str(fields.prevHash)},` +
  `"recordedAt":${str(fields.recordedAt)},"seq":${fields.seq},"stream":${str(fields.stream)},` +
  `"streamVersion":${fields.streamVersion},"type":${str(fields.type)}}`;

/**
 * Lower-case hex SHA-256 of the UTF-8 bytes of {@link envelopeEncoding}.
 *
 * @example
 * envelopeHash(fields, dataJson) // "3f1c…" (64 hex digits)
 */
export const envelopeHash = (fields: HashedFields, dataJson: string): string => sha256Hex(envelopeEncoding(fields, dataJson));

type HashedEvent = HashedFields & { readonly data: unknown };
/** The covered fields of an event as they were hashed, the canonical text of its `data`, and the hash. */
export type HashedEnvelope = HashedFields & { readonly dataJson: string; readonly hash: string };
const unchangedFields = (m: HashedFields, e: HashedFields): boolean =>
  m.seq === e.seq &&
  m.prevHash === e.prevHash &&
  m.eventId === e.eventId &&
  m.origin === e.origin &&
  m.stream === e.stream &&
  m.streamVersion === e.streamVersion &&
  m.type === e.type &&
  m.actor === e.actor &&
  m.recordedAt === e.recordedAt &&
  m.causationId === e.causationId &&
  m.correlationId === e.correlationId;

/**
 * An event as it travels between nodes and is replicated: its hashed fields, `data` as the exact JSON text its
 * origin hashed (and stores), and the hash the origin computed. Carrying the text, not a parsed value, means a
 * receiver hashes the bytes it will store instead of re-encoding a value it parsed.
 */
export type ReplicaEvent = HashedEnvelope;

/**
 * The replica form of an envelope whose `data` is a value (a stored or decoded event): `data` encoded with
 * `canonicalJson`, `hash` kept as claimed (not recomputed).
 *
 * @example
 * store.appendReplicated(childEvents.map(toReplica))
 */
export const toReplica = (event: HashedEvent & { readonly hash: string }): ReplicaEvent => ({
  ...hashedFieldsOf(event),
  dataJson: canonicalJson(event.data),
  hash: event.hash,
});

/** The covered fields of an event, copied one by one (no other property of the object comes along). */
const hashedFieldsOf = (e: HashedFields): HashedFields => ({
  eventId: e.eventId,
  origin: e.origin,
  seq: e.seq,
  stream: e.stream,
  streamVersion: e.streamVersion,
  type: e.type,
  actor: e.actor,
  recordedAt: e.recordedAt,
  causationId: e.causationId,
  correlationId: e.correlationId,
  prevHash: e.prevHash,
});

type ReplicaMemo = { readonly fields: HashedFields; readonly dataJson: string; readonly hash: string };
// The hash last computed for a replica, kept on the object (not enumerable, under a key only this module holds,
// so the object looks exactly as it did to spreads, `toEqual` and JSON) with the values it was computed from: a
// replicated event is hashed when federation verifies its batch and again when the log stores it, so the second
// time only the fields are compared (cheap, mostly the same string objects) instead of hashing ~1 KB again. A
// WeakMap did the same but slowed the GC down with one ephemeron per event.
const replicaMemoKey: unique symbol = Symbol("replicaHash");
type ReplicaMemoised = { [replicaMemoKey]?: ReplicaMemo };

/**
 * {@link envelopeHash} of a replica over its own `dataJson` text: what its `hash` must equal. Remembered on the
 * object with the values it was computed from, so a batch verified by federation and then checked again by the
 * store is hashed once.
 *
 * @example
 * replicaHash(replica) === replica.hash // the text and fields are what the origin hashed
 */
export const replicaHash = (event: ReplicaEvent): string => {
  const memo = (event as ReplicaMemoised)[replicaMemoKey];
  if (memo !== undefined && memo.dataJson === event.dataJson && unchangedFields(memo.fields, event)) return memo.hash;
  const fields = hashedFieldsOf(event);
  const fresh: ReplicaMemo = { fields, dataJson: event.dataJson, hash: envelopeHash(fields, event.dataJson) };
  if (memo !== undefined) (event as ReplicaMemoised)[replicaMemoKey] = fresh;
  else if (Object.isExtensible(event)) Object.defineProperty(event, replicaMemoKey, { value: fresh, writable: true, enumerable: false });
  return fresh.hash;
};

// The one-shot `crypto.hash` (Node ≥ 20.12) is markedly cheaper per event than a Hash object.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
