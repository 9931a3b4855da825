/**
 * @module Which events of a stream an as-of view includes: "as dated" counts an event from when its origin
 * recorded it; "as received" from when it reached this node (own events: when recorded).
 */
import { parseAsOf } from "@planledger/projections";
import { Either } from "effect";
import type { HistoryEvent } from "./web-source.js";

export type HistoryMode = "dated" | "received";

/** The instant an event counts from, in the given mode. */
export const countsFrom = (e: HistoryEvent, mode: HistoryMode): string =>
  mode === "received" ? (e.receivedAt ?? e.recordedAt) : e.recordedAt;

/**
 * @example visibleEvents(events, "2024-04-05", "received") // those this node held at the end of 05.04.2024
 */
export const visibleEvents = (
  events: ReadonlyArray<HistoryEvent>,
  asOf: string | null | undefined,
  mode: HistoryMode,
): ReadonlyArray<HistoryEvent> => {
  if (asOf === null || asOf === undefined || asOf === "") return events;
  const parsed = parseAsOf(asOf);
  if (Either.isLeft(parsed)) return events;
  const limit = parsed.right.recordedAt;
  return events.filter((e) => countsFrom(e, mode) <= limit);
};
