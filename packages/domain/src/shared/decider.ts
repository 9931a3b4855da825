/**
 * @module The Decider: an aggregate as two pure, total functions and an initial state.
 */
import type { Either } from "effect";

/**
 * `decide` turns a command and the current state into the events to append, or a domain error;
 * `evolve` folds one event into the state. Neither reads a clock, a random source or I/O.
 *
 * @example
 * const state = events.reduce(planDecider.evolve, planDecider.initialState);
 * const result = planDecider.decide(command, state); // Either<ReadonlyArray<PlanEvent>, PlanError>
 */
export interface Decider<Command, Event, State, Err> {
  readonly decide: (command: Command, state: State) => Either.Either<ReadonlyArray<Event>, Err>;
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

/**
 * The state after a sequence of events.
 *
 * @example fold(planDecider, storedEvents)
 */
export const fold = <C, E, S, Err>(decider: Decider<C, E, S, Err>, events: ReadonlyArray<E>): S =>
  events.reduce(decider.evolve, decider.initialState);
