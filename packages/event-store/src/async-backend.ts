/**
 * @module A log backend that answers later, for tests: the in-memory engine behind an interface where every read
 * and write first waits for the event loop's next turn, as a server database's round trips do, and a write
 * transaction holds a lock across those waits. The store's behaviour suite runs over it, so the write rules are
 * shown to hold on an engine that is not synchronous.
 */
import { Effect, Exit, FiberRef } from "effect";
import { type LogBackend, type LogTransaction, syncBackend, syncTransaction } from "./log-backend.js";
import type { LogReader } from "./log-reader.js";
import { memoryEngine } from "./memory-backend.js";

/** The next turn of the event loop: other fibers (and other requests) run in between. */
const nextTurn = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)));

/** Every method of `calls` (each returning an Effect), answering only after the next turn. */
const deferred = <T extends object>(calls: T): T =>
  Object.fromEntries(
    Object.entries(calls).map(([name, call]) => [
      name,
      (...args: ReadonlyArray<unknown>) =>
        Effect.zipRight(nextTurn, (call as (...a: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown>)(...args)),
    ]),
  ) as T;

/**
 * @example
 * const store = makeEventStoreService(asyncMemoryBackend(), "luhanska", key)
 */
export const asyncMemoryBackend = (): LogBackend => {
  const engine = memoryEngine();
  const lock = Effect.unsafeMakeSemaphore(1);
  // Set while this fiber holds the write lock: a write inside a write (a checkpoint alongside a batch) joins it.
  const writing = FiberRef.unsafeMake(false);
  const atOnce = syncBackend(engine);
  const tx: LogTransaction = deferred(syncTransaction(engine));
  const reader: LogReader = deferred(atOnce.reader);
  return {
    reader,
    write: (body) =>
      Effect.flatMap(FiberRef.get(writing), (inside) =>
        inside
          ? body(tx)
          : lock.withPermits(1)(
              Effect.suspend(() => {
                engine.begin();
                return body(tx).pipe(
                  Effect.locally(writing, true),
                  Effect.onExit((exit) => Effect.sync(() => (Exit.isSuccess(exit) ? engine.commit() : engine.rollback()))),
                );
              }),
            ),
      ),
    scanRows: (visit) => Effect.zipRight(nextTurn, atOnce.scanRows(visit)),
  };
};
