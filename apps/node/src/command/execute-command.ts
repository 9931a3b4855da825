/**
 * @module The write path of every route: read the stream, fold it with the aggregate's decider, decide, and
 * append the new events at the version the caller saw (If-Match), recording the caller as actor.
 */
import type { Decider, DomainEvent } from "@planledger/domain";
import { type AppendError, EventStore, type StoredEvent, toNewEvents } from "@planledger/event-store";
import { Effect, Either } from "effect";
import { PreconditionFailed } from "../http/http.errors.js";
import { foldStream } from "./stream-state.js";

export interface Executed {
  readonly stream: string;
  /** The stream's version after the write: the response's ETag. */
  readonly version: number;
  readonly events: ReadonlyArray<StoredEvent>;
}

/** The expected version of a write: `"noStream"` to create, a number from `If-Match` to change. */
export type Expected = "noStream" | number;

/**
 * Decides a command against the current state of `stream` and appends the result. A stale `expected` fails
 * with `PreconditionFailed` before deciding, so the caller learns the current version, and the append repeats
 * the check atomically (`ConcurrencyError` if a write slipped in between).
 *
 * @example
 * executeCommand(planDecider, "plan:luhanska.1003.2018-12-12", 4, "olena@luhanska", new CancelMeasure({ ... }))
 */
export const executeCommand = <C, E extends DomainEvent, S, Err>(
  decider: Decider<C, E, S, Err>,
  stream: string,
  expected: Expected,
  actor: string,
  command: C,
): Effect.Effect<Executed, Err | PreconditionFailed | AppendError, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    const { state, version } = yield* foldStream(decider, stream);
    // Creating an existing stream is the decider's to refuse in its own words (PlanAlreadyAdopted, ...).
    if (expected !== "noStream" && expected !== version) {
      return yield* Effect.fail(new PreconditionFailed({ stream, expected, actual: version }));
    }
    const decided = decider.decide(command, state);
    if (Either.isLeft(decided)) return yield* Effect.fail(decided.left);
    const result = yield* store.append(stream, toNewEvents(decided.right), {
      expectedVersion: expected === "noStream" ? "noStream" : expected,
      actor,
    });
    return { stream, version: result.streamVersion, events: result.events };
  });
