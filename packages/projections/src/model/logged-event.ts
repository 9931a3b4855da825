/**
 * @module The slice of a stored event envelope that projections read: enough to fold, filter as of a moment,
 * and say how fresh each origin's log is.
 */

/** One event as it sits in the node's log, from any origin (own or replicated). */
export interface LoggedEvent {
  /** Insertion order in this node's database; the projection checkpoint is the last one applied. */
  readonly position: number;
  readonly origin: string;
  readonly seq: number;
  readonly stream: string;
  readonly type: string;
  /** The event's data; may be left undefined when `dataJson` is given, and is then parsed when needed. */
  readonly data?: unknown;
  /** The data as the log holds it (canonical JSON), when the source has it. */
  readonly dataJson?: string | undefined;
  /**
   * A `ProgressRecorded`'s two ids (its data's `reportId` and `measureId` strings), when a source read them off
   * the stored data and left the text in the log (see `EventSource.scanFrom`, the store's `ScanRequest.pick`):
   * then neither `data` nor `dataJson` is given, and the fold reads the text back by position
   * (`LedgerState.textAt`) if it needs more than the ids.
   */
  readonly picked?: Readonly<Record<string, string>> | undefined;
  /** ISO-8601 UTC on the origin's clock. */
  readonly recordedAt: string;
  /** ISO-8601 UTC on this node's clock when the event arrived (own events: when appended). */
  readonly receivedAt?: string | undefined;
  readonly hash?: string | undefined;
  readonly eventId?: string | undefined;
  /** Set on the structural events an amendment makes: the amendment's eventId. */
  readonly causationId?: string | null | undefined;
}

/** A moment to look back at: events recorded after it — or received here after it — are not yet visible. */
export interface AsOf {
  readonly recordedAt: string;
  /** Whether to also require `receivedAt ≤ recordedAt-moment`: "what did this node see then", not "what had happened". */
  readonly byReceipt: boolean;
}

/**
 * Whether an event was visible at `asOf`. ISO-8601 UTC strings of the same shape compare as text.
 *
 * @example
 * visibleAt({ recordedAt: "2024-04-01T10:00:00.000Z", receivedAt: "2024-04-06T00:00:00.000Z" } as LoggedEvent,
 *   { recordedAt: "2024-04-05T00:00:00.000Z", byReceipt: true }) // false: recorded, but not yet received
 */
export const visibleAt = (event: LoggedEvent, asOf: AsOf): boolean =>
  event.recordedAt <= asOf.recordedAt &&
  (!asOf.byReceipt || event.receivedAt === undefined || event.receivedAt <= asOf.recordedAt);

/**
 * Reads the stream names of the shared catalog: `plan:<planId>`, `report:<planId>:<YYYY>-Q<q>`,
 * `review:<reviewerNode>:<reportId>`.
 *
 * @example
 * parseStream("review:luhanska:r-17") // { kind: "review", reviewerNode: "luhanska", reportId: "r-17" }
 */
export const parseStream = (
  stream: string,
):
  | { readonly kind: "plan"; readonly planId: string }
  | { readonly kind: "report"; readonly planId: string; readonly year: number; readonly quarter: number }
  | { readonly kind: "review"; readonly reviewerNode: string; readonly reportId: string }
  | { readonly kind: "other" } => {
  const colon = stream.indexOf(":");
  const prefix = colon < 0 ? stream : stream.slice(0, colon);
  const rest = stream.slice(colon + 1);
  if (prefix === "plan" && colon > 0) return { kind: "plan", planId: rest };
  if (prefix === "review" && colon > 0) {
    const second = rest.indexOf(":");
    if (second > 0) return { kind: "review", reviewerNode: rest.slice(0, second), reportId: rest.slice(second + 1) };
  }
  if (prefix === "report" && colon > 0) {
    // `<planId>:YYYY-Qq`, read by position: this runs for every progress event of a rebuild.
    const last = rest.lastIndexOf(":");
    const period = rest.slice(last + 1);
    if (last > 0 && period.length === 7 && period.charCodeAt(4) === 45 && period.charCodeAt(5) === 81) {
      const year = Number(period.slice(0, 4));
      const quarter = period.charCodeAt(6) - 48;
      if (Number.isInteger(year) && quarter >= 1 && quarter <= 4)
        return { kind: "report", planId: rest.slice(0, last), year, quarter };
    }
  }
  return { kind: "other" };
};
