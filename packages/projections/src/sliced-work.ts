/**
 * @module Long view computations in slices: a computation written as a generator that `yield`s wherever it may
 * pause is run either to its end at once (`runToEnd`, the pure function's answer) or a few milliseconds at a time,
 * giving the event loop a turn between slices (`runSliced`), so that a roll-up over 1,600 districts does not keep
 * `/health`, pushes and pages waiting for seconds (issue #17: no roll-up work blocks a node for more than 50 ms).
 * Both run the same steps in the same order, so they give the same answer.
 */
import { Effect } from "effect";

/** A computation in steps: it yields (nothing) wherever it may pause, and returns its answer. */
export type Steps<A> = Generator<void, A, undefined>;

/** How long a slice runs before the event loop gets a turn, unless asked otherwise: well under issue #17's 50 ms. */
export const SLICE_MS = 8;

/**
 * Runs the steps to their end without pausing.
 *
 * @example runToEnd((function* () { yield; return 42; })()) // 42
 */
export const runToEnd = <A>(steps: Steps<A>): A => {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
};

/**
 * The event loop's next turn: `setImmediate` runs after pending I/O (an HTTP request that arrived meanwhile is read
 * and answered first), where `Effect.yieldNow` may resume on a microtask, before any I/O.
 *
 * @example yield* nextTurn; // requests that came meanwhile have been answered
 */
export const nextTurn: Effect.Effect<void> = Effect.async<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void));
  return Effect.sync(() => clearImmediate(handle));
});

/**
 * Runs the steps in slices of about `sliceMs` (at least one step each), with a turn of the event loop between
 * slices. A step is the caller's to keep short (a roll-up's is one child measure, under a millisecond).
 *
 * @example
 * const answer = yield* runSliced(rollupSteps(state, plan, "2024-04-05"), { sliceMs: 8 });
 */
export const runSliced = <A>(steps: Steps<A>, options: { readonly sliceMs?: number } = {}): Effect.Effect<A> => {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const slice = (): Effect.Effect<A> => {
    const until = performance.now() + sliceMs;
    for (;;) {
      const step = steps.next();
      if (step.done === true) return Effect.succeed(step.value);
      if (performance.now() >= until) return Effect.flatMap(nextTurn, slice);
    }
  };
  return Effect.suspend(slice);
};
