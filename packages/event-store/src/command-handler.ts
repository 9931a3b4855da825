/**
 * @module The one write path of a command: read the stream (or take its cached state), decide with the
 * aggregate's decider, append at the expected version, and on a stale version re-read and re-decide when the
 * command allows it. Every writer — the node's routes and pages, the importer — goes through it.
 */
import { type Decider, type DomainEvent, decodeEvent } from "@planledger/domain";
import { Effect, Either, Schema as S } from "effect";
import { EventStore } from "./event-store.js";
import type { AppendError, EventStoreService } from "./event-store-service.js";
import { toNewEvents } from "./new-events.js";
import type { StoredEvent } from "./stored-event.js";

/**
 * Where the writer expects the stream to be:
 * - `"noStream"`: creating it; a stream that exists is the decider's to refuse in its own words
 *   (`PlanAlreadyAdopted`, `ReportAlreadyDrafted`), a race is a `ConcurrencyError`;
 * - a number: the version the writer saw (`If-Match`); any other version fails with `StaleStreamVersion`
 *   before deciding, and is never retried — the writer must look again;
 * - `"current"`: whatever version the handler reads; the append is pinned to it, so a write that slips in
 *   between is a `ConcurrencyError`, retried up to `retries` times by reading and deciding again.
 */
export type CommandExpectation = "noStream" | "current" | number;

/** A command's write: who acts, the version it expects, how often a stale `"current"` is retried. */
export interface HandleOptions {
  readonly expected: CommandExpectation;
  readonly actor: string;
  /** With `expected: "current"` only: how many times to re-read and re-decide after a `ConcurrencyError` (default 0). */
  readonly retries?: number;
  readonly causationId?: string | null;
  readonly correlationId?: string | null;
}

/** A stream's state under a decider, and the version it was folded up to (0: the stream does not exist). */
export interface StreamState<State> {
  readonly state: State;
  readonly version: number;
}

/** What a handled command did. */
export interface Handled<Command> {
  readonly stream: string;
  /** The stream's version after the write (the response's `ETag`); the version read when nothing was written. */
  readonly version: number;
  /** The events appended, as stored; none when the command was `null` (nothing to do). */
  readonly events: ReadonlyArray<StoredEvent>;
  /** The command decided in the attempt that was written (a retry may build a different one), or `null`. */
  readonly command: Command | null;
}

/** The writer expected a version (`If-Match`) the stream is no longer (or not yet) at; nothing was decided. */
export class StaleStreamVersion extends S.TaggedError<StaleStreamVersion>()("StaleStreamVersion", {
  stream: S.String,
  expected: S.Int,
  actual: S.Int,
}) {}

/** The handler of one aggregate's commands. */
export interface CommandHandler<Command, Event extends DomainEvent, State, Err> {
  readonly decider: Decider<Command, Event, State, Err>;
  /** The stream's current state and version (the cached fold brought up to date). */
  readonly state: (stream: string) => Effect.Effect<StreamState<State>, never, EventStore>;
  /** Decides `command` against the stream's current state and appends the result. */
  readonly handle: (
    stream: string,
    command: Command,
    options: HandleOptions,
  ) => Effect.Effect<Handled<Command>, Err | StaleStreamVersion | AppendError, EventStore>;
  /**
   * Like `handle`, with the command built from the state it is decided against (again on every retry);
   * `null` means there is nothing to do, and nothing is appended.
   */
  readonly handleWith: <X, R>(
    stream: string,
    commandOf: (current: StreamState<State>) => Effect.Effect<Command | null, X, R>,
    options: HandleOptions,
  ) => Effect.Effect<Handled<Command>, Err | X | StaleStreamVersion | AppendError, EventStore | R>;
}

export interface CommandHandlerOptions {
  /**
   * Keep each stream's folded state between commands and read only the events appended since (default
   * `true`). Streams only grow and `evolve` is pure, so a (version, state) pair stays true forever.
   */
  readonly cache?: boolean;
}

// Per store, per decider: handlers of one decider (the node's and the importer's) share what they folded.
const folds = new WeakMap<EventStoreService, WeakMap<object, Map<string, StreamState<unknown>>>>();

const cacheOf = (store: EventStoreService, decider: object): Map<string, StreamState<unknown>> => {
  let byDecider = folds.get(store);
  if (byDecider === undefined) {
    byDecider = new WeakMap();
    folds.set(store, byDecider);
  }
  let byStream = byDecider.get(decider);
  if (byStream === undefined) {
    byStream = new Map();
    byDecider.set(decider, byStream);
  }
  return byStream;
};

/**
 * Folds stored events into `from` (the decider's initial state by default), each decoded through the domain's
 * event registry with its upcasters; an event that does not decode is a defect. For a fold the handler does not
 * keep — a stream as of a moment (the plan export).
 *
 * @example
 * const asOf = yield* foldStored(planDecider, stored.filter((e) => e.recordedAt <= "2021-06-30T23:59:59Z"))
 */
export const foldStored = <Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State, unknown>, "evolve" | "initialState">,
  events: ReadonlyArray<StoredEvent>,
  from: State = decider.initialState,
): Effect.Effect<State> =>
  Effect.suspend(() => {
    let state = from;
    for (const e of events) {
      const decoded = decodeEvent(e.type, e.data);
      if (Either.isLeft(decoded)) return Effect.die(decoded.left);
      state = decider.evolve(state, decoded.right as Event);
    }
    return Effect.succeed(state);
  });

/**
 * A handler for the commands of `decider`: events are read through the store's read API and decoded through
 * the domain's event registry (upcasters included); an event that does not decode is a defect.
 *
 * @example
 * const plans = commandHandler(planDecider);
 * const done = yield* plans.handle(planStream(planId), new CancelMeasure({ ... }), { expected: 4, actor: "olena@luhanska" });
 * // done.version === 5, done.events: [MeasureCancelled]
 */
export const commandHandler = <Command, Event extends DomainEvent, State, Err>(
  decider: Decider<Command, Event, State, Err>,
  options: CommandHandlerOptions = {},
): CommandHandler<Command, Event, State, Err> => {
  const cached = options.cache ?? true;

  const readState = (store: EventStoreService, stream: string): Effect.Effect<StreamState<State>> =>
    Effect.gen(function* () {
      const cache = cached ? cacheOf(store, decider) : undefined;
      const known = (cache?.get(stream) as StreamState<State> | undefined) ?? { state: decider.initialState, version: 0 };
      const newer = yield* store.reader.readStream(stream, known.version + 1);
      if (newer.length === 0) return known;
      const folded = { state: yield* foldStored(decider, newer, known.state), version: newer.at(-1)?.streamVersion ?? known.version };
      // Another fiber may have folded further meanwhile; keep the newer of the two.
      const current = cache?.get(stream);
      if (cache !== undefined && (current === undefined || current.version < folded.version)) cache.set(stream, folded);
      return folded;
    });

  const handleWith = <X, R>(
    stream: string,
    commandOf: (current: StreamState<State>) => Effect.Effect<Command | null, X, R>,
    handleOptions: HandleOptions,
  ): Effect.Effect<Handled<Command>, Err | X | StaleStreamVersion | AppendError, EventStore | R> =>
    Effect.gen(function* () {
      const store = yield* EventStore;
      const { expected, actor } = handleOptions;
      const retries = expected === "current" ? (handleOptions.retries ?? 0) : 0;
      const links = {
        ...(handleOptions.causationId === undefined ? {} : { causationId: handleOptions.causationId }),
        ...(handleOptions.correlationId === undefined ? {} : { correlationId: handleOptions.correlationId }),
      };
      for (let attempt = 0; ; attempt++) {
        const current = yield* readState(store, stream);
        if (typeof expected === "number" && expected !== current.version) {
          return yield* Effect.fail(new StaleStreamVersion({ stream, expected, actual: current.version }));
        }
        const command = yield* commandOf(current);
        if (command === null) return { stream, version: current.version, events: [], command };
        const decided = decider.decide(command, current.state);
        if (Either.isLeft(decided)) return yield* Effect.fail(decided.left);
        const expectedVersion = expected === "current" ? (current.version === 0 ? "noStream" : current.version) : expected;
        const appended = yield* Effect.either(store.append(stream, toNewEvents(decided.right), { expectedVersion, actor, ...links }));
        if (Either.isRight(appended)) {
          return { stream, version: appended.right.streamVersion, events: appended.right.events, command };
        }
        // A write slipped in between the read and the append: the next attempt reads it and decides afresh.
        if (appended.left._tag !== "ConcurrencyError" || attempt >= retries) return yield* Effect.fail(appended.left);
      }
    });

  return {
    decider,
    state: (stream) => Effect.flatMap(EventStore, (store) => readState(store, stream)),
    handle: (stream, command, handleOptions) => handleWith(stream, () => Effect.succeed(command), handleOptions),
    handleWith,
  };
};
