/**
 * @module The wire form of events and checkpoints: the event store's own envelope, copied verbatim.
 */
import { Checkpoint, type ReplicaEvent } from "@planledger/event-store";
import { Schema as S } from "effect";

/**
 * One event exactly as its origin stored it, `data` as the JSON text the origin hashed (`dataJson`). Local
 * fields (`position`, `receivedAt`) never travel: they belong to the database that holds the copy.
 */
export type ReplicatedEvent = ReplicaEvent;

/** An origin's signed statement "my log up to `seq` ends in `hash`", with a parent's optional witness. */
export { Checkpoint };

/** How far a receiver holds an origin's log: the last `seq` and its `hash` (seq 0 = nothing held yet). */
export const Cursor = S.Struct({ origin: S.String, seq: S.Int.pipe(S.nonNegative()), hash: S.NullOr(S.String) });
export type Cursor = typeof Cursor.Type;
