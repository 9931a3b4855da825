/**
 * @module Folds what the log gained into the read model once the log has stood still for a moment, not at the next
 * read: a node that received a large relay and was stopped before anyone read from it would otherwise fold all of it
 * at its next start, before it answers anything (docs/operations.md, "Start").
 */
import type { LogClock } from "./log-clock.js";

export interface BackgroundFold {
  /** Stops the timer and waits for a fold in progress to end. */
  readonly stop: () => Promise<void>;
}

export interface BackgroundFoldOptions {
  readonly clock: LogClock;
  /** The read model's catch-up; `quiet` when the log stood still for `quietMs` (not only moved for `atMostMs`). */
  readonly fold: (quiet: boolean) => Promise<unknown>;
  /** How often the clock is looked at. */
  readonly everyMs: number;
  /** How long the log must stand still before a fold: folding every page of a relay would rewrite the same plans again and again. */
  readonly quietMs: number;
  /** The longest a moved log waits for its fold while it keeps moving. */
  readonly atMostMs: number;
  readonly now?: () => number;
}

/**
 * Runs `fold` when the log clock has moved since the last fold began and then stood still for `quietMs` (or kept
 * moving for `atMostMs`); one at a time, a failure left to the next read, which catches up itself. The timer does not
 * keep the process alive.
 *
 * @example
 * const folding = backgroundFold({ clock, fold: () => runtime.runPromise(Effect.flatMap(Projections, (p) => p.catchUp())), everyMs: 250, quietMs: 1000, atMostMs: 30_000 });
 * await folding.stop();
 */
export const backgroundFold = (options: BackgroundFoldOptions): BackgroundFold => {
  const { clock, fold, everyMs, quietMs, atMostMs } = options;
  const now = options.now ?? Date.now;
  let folded = clock.tick();
  let last = clock.tick();
  let movedAt = now();
  let waitingSince: number | null = null;
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    const tick = clock.tick();
    const at = now();
    if (tick !== last) {
      last = tick;
      movedAt = at;
      waitingSince ??= at;
    }
    if (running !== null || tick === folded || waitingSince === null) return;
    if (at - movedAt < quietMs && at - waitingSince < atMostMs) return;
    const quiet = at - movedAt >= quietMs;
    folded = tick;
    waitingSince = null;
    running = fold(quiet).then(
      () => undefined,
      () => undefined,
    );
    void running.finally(() => {
      running = null;
    });
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
