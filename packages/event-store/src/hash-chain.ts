/**
 * @module The hash chain of an origin's log: the canonical envelope encoding and its SHA-256.
 */
import * as crypto from "node:crypto";
import { jsonString as str } from "./canonical-json.js";

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

// The one-shot `crypto.hash` (Node ≥ 20.12) is markedly cheaper per event than a Hash object.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
