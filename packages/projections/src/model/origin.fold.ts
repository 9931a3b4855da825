/**
 * @module The ledger's bookkeeping of every origin whose events it holds: the last seq and position seen and when
 * the latest arrived, for the freshness of replicas. Counted for every event, understood or not.
 */
import type { LedgerState } from "./ledger-state.js";
import type { LoggedEvent } from "./logged-event.js";

/**
 * Notes `event` against its origin, in place.
 *
 * @example foldOrigin(state, event); state.origins.get("luhanska")?.lastSeq // event.seq
 */
export const foldOrigin = (state: LedgerState, event: LoggedEvent): void => {
  const o = state.origins.get(event.origin);
  if (o === undefined) {
    state.origins.set(event.origin, {
      origin: event.origin,
      lastSeq: event.seq,
      lastPosition: event.position,
      lastRecordedAt: event.recordedAt,
      lastReceivedAt: event.receivedAt ?? null,
    });
    return;
  }
  if (event.seq > o.lastSeq) {
    o.lastSeq = event.seq;
    o.lastRecordedAt = event.recordedAt;
  }
  if (event.position > o.lastPosition) o.lastPosition = event.position;
  if (event.receivedAt !== undefined && (o.lastReceivedAt === null || event.receivedAt > o.lastReceivedAt))
    o.lastReceivedAt = event.receivedAt;
};
