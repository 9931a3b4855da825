/**
 * @module The one entry point of every read model: a logged event into the ledger. Live catch-up, rebuild and
 * as-of replay all go through it, so the cached tables and a replay can never disagree. It only dispatches:
 * it notes the origin, brings the data to the current shape (the domain's upcasters) and hands it to the fold
 * of the stream's aggregate — `plan/plan.fold.ts`, `report/report.fold.ts`, `review/review.fold.ts` — which
 * checks it against the event's schema before reading it (`event-data.ts`).
 */
import { isEventType, upcast, upcasters } from "@planledger/domain";
import type { LedgerState } from "./ledger-state.js";
import type { LoggedEvent } from "./logged-event.js";
import { parseStream } from "./logged-event.js";
import { foldOrigin } from "./origin.fold.js";
import { foldPlanEvent } from "./plan/plan.fold.js";
import { fileProgressUnparsed, foldReportEvent } from "./report/report.fold.js";
import { foldReviewEvent } from "./review/review.fold.js";
import { NONE, type Touched } from "./touched.js";

export type { Touched } from "./touched.js";
export { progressEntryOf, progressFromData, progressOf, readProgress } from "./report/progress.js";

let lastStream: { name: string; parsed: ReturnType<typeof parseStream> } = { name: "", parsed: { kind: "other" } };
const streamOf = (name: string): ReturnType<typeof parseStream> => {
  if (name !== lastStream.name) lastStream = { name, parsed: parseStream(name) };
  return lastStream.parsed;
};

// Text that is not JSON (a damaged row) is data that matches no schema: skipped like any other.
const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The event's data in the current shape, unchecked; read back from the log when the source gave ids only. */
const dataOf = (state: LedgerState, event: LoggedEvent): unknown => {
  if (!isEventType(event.type)) return undefined;
  const text = event.data === undefined ? (event.dataJson ?? state.textAt?.(event.position)) : undefined;
  const raw = text === undefined ? event.data : parsed(text);
  return Object.hasOwn(upcasters, event.type) ? upcast(event.type, raw) : raw;
};

/**
 * Folds one event into the ledger, in place, and says which cached row it touched. In place because a rebuild
 * folds a million events and copying plans per event would cost more than everything else together; callers
 * that need purity start from {@link emptyLedger} (see {@link projectEvents}). An event of a type this version
 * does not know, or whose data does not match its schema, is counted (origin, position) and otherwise skipped.
 *
 * @example
 * const state = emptyLedger();
 * applyEvent(state, { position: 1, origin: "luhanska", seq: 1, stream: "plan:p1", type: "PlanAdopted",
 *   data: { planId: "p1", ownerNode: "luhanska", title: "План", issuer: "ЛОДА",
 *           order: { number: "1003", date: "2018-12-12" }, period: { from: 2018, to: 2026 }, parentPlanId: null },
 *   recordedAt: "2026-01-01T00:00:00.000Z" }); // { kind: "plan", planId: "p1" }
 */
export const applyEvent = (state: LedgerState, event: LoggedEvent): Touched => {
  if (event.position > state.position) state.position = event.position;
  state.applied++;
  foldOrigin(state, event);
  const s = streamOf(event.stream);
  // Most of a long log: filed by its ids, its data left unparsed until a view reads it (unless an upcaster may move them).
  if (s.kind === "report" && event.type === "ProgressRecorded" && !Object.hasOwn(upcasters, event.type)) {
    const filed = fileProgressUnparsed(state, event);
    if (filed !== null) return filed;
  }
  switch (s.kind) {
    case "plan":
      return foldPlanEvent(state, s.planId, event, dataOf(state, event));
    case "report":
      return foldReportEvent(state, s, event, dataOf(state, event));
    case "review":
      return foldReviewEvent(state, s.reviewerNode, event, dataOf(state, event));
    case "other":
      return NONE;
    default: {
      const _: never = s;
      return _;
    }
  }
};
