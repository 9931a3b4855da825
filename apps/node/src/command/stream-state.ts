/**
 * @module The folded state of a stream, kept per store and decider and brought up to date by reading only
 * the events appended since — so a write to a long stream (a plan of 100 measures) does not decode and fold
 * the whole stream again.
 */
import { type Decider, type DomainEvent, decodeEvent } from "@planledger/domain";
import { EventStore } from "@planledger/event-store";
import { Effect, Either } from "effect";

interface Folded {
  readonly version: number;
  readonly state: unknown;
}

// Streams only grow and deciders' `evolve` is pure, so a (version, state) pair stays true forever.
const folds = new WeakMap<object, WeakMap<object, Map<string, Folded>>>();

/**
 * The state of `stream` under `decider` and the stream's version.
 *
 * @example
 * const { state, version } = yield* foldStream(planDecider, "plan:luhanska.852.2020-02-08")
 */
export const foldStream = <C, E extends DomainEvent, S, Err>(
  decider: Decider<C, E, S, Err>,
  stream: string,
): Effect.Effect<{ readonly state: S; readonly version: number }, never, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    const byDecider = folds.get(store) ?? new WeakMap<object, Map<string, Folded>>();
    folds.set(store, byDecider);
    const byStream = byDecider.get(decider) ?? new Map<string, Folded>();
    byDecider.set(decider, byStream);
    const known = byStream.get(stream) ?? { version: 0, state: decider.initialState };
    const newer = yield* store.readStream(stream, known.version + 1);
    if (newer.length === 0) return { state: known.state as S, version: known.version };
    let state = known.state as S;
    for (const e of newer) {
      const decoded = decodeEvent(e.type, e.data);
      if (Either.isLeft(decoded)) return yield* Effect.die(decoded.left);
      state = decider.evolve(state, decoded.right as E);
    }
    const version = newer.at(-1)?.streamVersion ?? known.version;
    const current = byStream.get(stream);
    if (current === undefined || current.version < version) byStream.set(stream, { version, state });
    return { state, version };
  });
