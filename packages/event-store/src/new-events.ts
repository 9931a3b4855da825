/**
 * @module Domain events as they are handed to `append`: encoded, with an amendment's structural events naming
 * the `PlanAmended` that caused them.
 */
import { type DomainEvent, encodeEvent } from "@planledger/domain";
import type { NewEvent } from "./stored-event.js";
import { uuidV7 } from "./uuid-v7.js";

/**
 * Encodes what a decider decided for one append. When the first event is a `PlanAmended`, it gets its id here
 * and every event after it carries that id as `causationId`, so an auditor sees which order made each change.
 *
 * @example store.append(stream, toNewEvents(planDecider.decide(command, state).right), { expectedVersion, actor })
 */
export const toNewEvents = (events: ReadonlyArray<DomainEvent>): Array<NewEvent> => {
  const causeId = events[0]?._tag === "PlanAmended" ? uuidV7() : undefined;
  return events.map((event, i) => {
    const { type, data } = encodeEvent(event);
    if (causeId === undefined) return { type, data };
    return i === 0 ? { eventId: causeId, type, data } : { type, data, causationId: causeId };
  });
};
