/**
 * @module The stored event envelope and the shapes that go in and out of `append`.
 */
import { Schema as S } from "effect";

const Hash = S.String.pipe(S.pattern(/^[0-9a-f]{64}$/));

/**
 * The portable envelope: what an origin hashes and what federation copies verbatim between nodes.
 * `data` holds the event's own JSON; domain schemas decode it by `type`.
 */
export const EventEnvelope = S.Struct({
  eventId: S.String,
  origin: S.String,
  seq: S.Int.pipe(S.positive()),
  stream: S.String,
  streamVersion: S.Int.pipe(S.positive()),
  type: S.String,
  data: S.Unknown,
  actor: S.String,
  recordedAt: S.String,
  causationId: S.NullOr(S.String),
  correlationId: S.NullOr(S.String),
  prevHash: Hash,
  hash: Hash,
});
export type EventEnvelope = typeof EventEnvelope.Type;

/** An envelope as this database holds it: plus its local insertion `position` and arrival time `receivedAt`. */
export const StoredEvent = S.Struct({
  ...EventEnvelope.fields,
  position: S.Int.pipe(S.positive()),
  receivedAt: S.String,
});
export type StoredEvent = typeof StoredEvent.Type;

/** `"noStream"`: the stream must not exist (version 0); `"any"`: no check; a number: the current version. */
export type ExpectedVersion = "noStream" | "any" | number;

/** One event to append; ids are generated (UUIDv7) unless given, which makes retries idempotent. */
export interface NewEvent {
  readonly eventId?: string;
  readonly type: string;
  readonly data: unknown;
  /** Overrides the append's `causationId` for this event (e.g. structural events caused by a `PlanAmended`). */
  readonly causationId?: string | null;
  readonly correlationId?: string | null;
}

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  readonly actor: string;
  readonly causationId?: string | null;
  readonly correlationId?: string | null;
  /** The origin clock; defaults to now. ISO-8601 UTC. */
  readonly recordedAt?: string;
}

export interface AppendResult {
  /** The stream's version after the append (the last event's `streamVersion`). */
  readonly streamVersion: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: ReadonlyArray<StoredEvent>;
}

/** The last event of one origin's log held here (`seq` 0 and the genesis hash when there is none). */
export interface OriginHead {
  readonly origin: string;
  readonly seq: number;
  readonly hash: string;
  readonly position: number;
}

/** What `appendReplicated` did: events new to this database and those it already held (same hash). */
export interface ReplicationResult {
  readonly stored: ReadonlyArray<StoredEvent>;
  readonly skipped: number;
}
