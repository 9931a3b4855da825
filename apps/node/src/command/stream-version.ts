/**
 * @module The current version of a stream, for ETags on reads.
 */
import { EventStore } from "@planledger/event-store";
import { Effect } from "effect";

// Streams only grow, so a cached version is a lower bound: reading from the next version on returns just the
// events appended since, which keeps a hot plan-tree read from re-reading the whole plan stream.
const known = new WeakMap<object, Map<string, number>>();

/**
 * The version of `stream` now (0 when it does not exist).
 *
 * @example
 * const version = await ctx.run(streamVersion("plan:luhanska.852.2021-03-01"))
 */
export const streamVersion = (stream: string): Effect.Effect<number, never, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    const versions = known.get(store) ?? new Map<string, number>();
    known.set(store, versions);
    const from = versions.get(stream) ?? 0;
    const newer = yield* store.readStream(stream, from + 1);
    const version = newer.at(-1)?.streamVersion ?? from;
    versions.set(stream, version);
    return version;
  });
