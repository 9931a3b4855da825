/**
 * @module Writes hand-built events into a node's own log through the event store, as its deciders would.
 */
import { EventStore } from "@planledger/event-store";
import { Effect } from "effect";
import type { LoggedEvent } from "../model/logged-event.js";

/** Appends this node's own events one by one, keeping their ids, causations and recorded times. */
export const appendOwn = (events: ReadonlyArray<LoggedEvent>) =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    for (const e of events)
      yield* store.append(e.stream, [{ eventId: e.eventId, type: e.type, data: e.data, causationId: e.causationId ?? null }], {
        expectedVersion: "any",
        actor: "test",
        recordedAt: e.recordedAt,
      });
  });
