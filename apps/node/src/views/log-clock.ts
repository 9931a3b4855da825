/**
 * @module A counter in memory that moves whenever the log of this node may have changed, so that a read of a
 * cached view can tell, without touching SQLite or running an Effect, that the view is still current.
 */
import { EventStore, type EventStoreService } from "@planledger/event-store";
import { Context, Effect, Layer } from "effect";

export interface LogClock {
  /** Changes after every write made through the tracked store (own appends, replicated events and checkpoints). */
  readonly tick: () => number;
  readonly advance: () => void;
}

/**
 * @example
 * const clock = logClock(); clock.advance(); clock.tick() // 1
 */
export const logClock = (): LogClock => {
  let tick = 0;
  return {
    tick: () => tick,
    advance: () => {
      tick++;
    },
  };
};

/**
 * The same store, advancing `clock` once each write has ended (committed or refused), inside the Effect that
 * made it: a caller that has seen the write answered always finds the clock moved. Reads pass straight through.
 */
export const trackedStore = (store: EventStoreService, clock: LogClock): EventStoreService => {
  const after = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> => Effect.ensuring(effect, Effect.sync(clock.advance));
  return {
    ...store,
    append: (stream, events, options) => after(store.append(stream, events, options)),
    appendReplicated: (events, alongside) => after(store.appendReplicated(events, alongside)),
    appendReplicatedCheckpoint: (checkpoint) => after(store.appendReplicatedCheckpoint(checkpoint)),
    checkpoint: (seq) => after(store.checkpoint(seq)),
    registerNodeKey: (origin, publicKey) => after(store.registerNodeKey(origin, publicKey)),
  };
};

/**
 * `layer` with its `EventStore` replaced by the tracked one; everything else it provides (the database) as is.
 * Every user of the runtime built on it (routes, federation) then writes through the tracked store.
 *
 * @example
 * const clock = logClock();
 * const runtime = ManagedRuntime.make(Layer.provideMerge(Projections.sqlite(), withLogClock(EventStore.sqlite(opts), clock)));
 */
export const withLogClock = <ROut, E, RIn>(
  layer: Layer.Layer<ROut | EventStore, E, RIn>,
  clock: LogClock,
): Layer.Layer<ROut | EventStore, E, RIn> =>
  Layer.provide(
    Layer.effectContext(
      Effect.map(Effect.context<ROut | EventStore>(), (context) =>
        Context.add(context, EventStore, trackedStore(Context.get(context, EventStore), clock)),
      ),
    ),
    layer,
  );
