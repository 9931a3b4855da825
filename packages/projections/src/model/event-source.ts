/**
 * @module Where a projection reads the log from: the event store's reader (`storeEventSource`, on either engine)
 * or, in tests, a plain array of events.
 */
import type { LoggedEvent } from "./logged-event.js";

export interface EventSource {
  /** Events from `fromPosition` (inclusive), in position order, at most `limit`. */
  readonly readFrom: (fromPosition: number, limit: number) => ReadonlyArray<LoggedEvent>;
  /** The last position in the log, 0 when empty. */
  readonly lastPosition: () => number;
  /** An event's data text by position, when the source can fetch it cheaply (then the ledger keeps no copy). */
  readonly textAt?: (position: number) => string | undefined;
  /**
   * Like `readFrom`, but hands each event to `visit` as it is read instead of collecting a page, and may give a
   * `ProgressRecorded` as its ids only (`LoggedEvent.picked`, no data: `textAt` reads it back). Only with
   * `textAt`. Returns how many events it visited; `visit` must not write to the source's database.
   */
  readonly scanFrom?: (fromPosition: number, limit: number, visit: (event: LoggedEvent) => void) => number;
}
