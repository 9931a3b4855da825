/**
 * @module The write path of every route and page: the event store's command handler for each aggregate, and
 * its answer in the HTTP edge's terms — the new version for the ETag, a stale `If-Match` as `PreconditionFailed`.
 */
import { type DomainEvent, planDecider, reportDecider, reviewDecider } from "@planledger/domain";
import {
  type AppendError,
  type CommandExpectation,
  type CommandHandler,
  commandHandler,
  type EventStore,
  StaleStreamVersion,
  type StoredEvent,
} from "@planledger/event-store";
import { Effect } from "effect";
import { PreconditionFailed } from "../http/http.errors.js";

/** The node's handlers, one per aggregate; each keeps its streams' folded state per store between requests. */
export const planHandler = commandHandler(planDecider);
export const reportHandler = commandHandler(reportDecider);
export const reviewHandler = commandHandler(reviewDecider);

export interface Executed {
  readonly stream: string;
  /** The stream's version after the write: the response's ETag. */
  readonly version: number;
  readonly events: ReadonlyArray<StoredEvent>;
}

/**
 * The expected version of a write: `"noStream"` to create, a number from `If-Match` to change, `"current"` for
 * a server-side command with no `If-Match` (retried on a stale version).
 */
export type Expected = CommandExpectation;

// A server-side command without If-Match decides on what it finds; a few rounds cover any realistic burst.
const RETRIES = 3;

/**
 * Decides a command against the current state of `stream` and appends the result. A stale `If-Match` version
 * fails with `PreconditionFailed` before deciding, so the caller learns the current version, and the append
 * repeats the check atomically (`ConcurrencyError` if a write slipped in between).
 *
 * @example
 * executeCommand(planHandler, "plan:luhanska.1003.2018-12-12", 4, "olena@luhanska", new CancelMeasure({ ... }))
 */
export const executeCommand = <C, E extends DomainEvent, S, Err>(
  handler: CommandHandler<C, E, S, Err>,
  stream: string,
  expected: Expected,
  actor: string,
  command: C,
): Effect.Effect<Executed, Err | PreconditionFailed | AppendError, EventStore> =>
  handler.handle(stream, command, { expected, actor, retries: expected === "current" ? RETRIES : 0 }).pipe(
    Effect.map(({ version, events }) => ({ stream, version, events })),
    Effect.mapError((e) => (e instanceof StaleStreamVersion ? new PreconditionFailed({ stream: e.stream, expected: e.expected, actual: e.actual }) : e)),
  );
