/**
 * @module Reading a filed `ProgressRecorded`: its data (brought to the current shape by the domain's upcasters)
 * checked by the event's schema the first time a view reads it, and remembered per recording. The fold files a
 * recording by its ids without reading the rest (see `report.fold.ts`); a recording whose data does not match
 * the schema — a newer origin's shape — reads as absent, as if it had not been recorded.
 */
import { ProgressRecorded, upcast } from "@planledger/domain";
import { type DataOf, dataCheck } from "../event-data.js";
import type { LedgerState } from "../ledger-state.js";
import type { ProgressEntry, RecordedProgress } from "./report.read-model.js";

const isProgress = dataCheck(ProgressRecorded);

const entryOf = (d: DataOf<typeof ProgressRecorded>, recordedAt: string): ProgressEntry => ({
  status: d.status,
  // Parsed JSON is owned by the reader, so the checked arrays are kept as they are instead of copied.
  actuals: d.actuals,
  spent: d.spent,
  narrative: d.narrative,
  sample: d.sample === true,
  recordedAt,
});

/**
 * One measure's progress from `ProgressRecorded` data as stored (upcast, then checked), or `null` when the data
 * does not match the event's schema.
 *
 * @example progressFromData({ reportId: "p.2024-q1", measureId: "p.s1.t1.m1", status: "done", actuals: [], spent: [], narrative: "" }, "2024-04-02T08:00:00.000Z")?.status // "done"
 */
export const progressFromData = (data: unknown, recordedAt: string): ProgressEntry | null => {
  const current = upcast("ProgressRecorded", data);
  return isProgress(current) ? entryOf(current, recordedAt) : null;
};

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const read = new WeakMap<RecordedProgress, ProgressEntry | null>();

/**
 * The progress a report records for a measure, read and checked once per recording; the text comes from the
 * recording or, by position, from the ledger's log. `null` when its data does not match the schema (or the log
 * no longer holds it): views leave such a recording out.
 *
 * @example progressOf(state, report.progress[measureId]!)?.status // "done"
 */
export const progressOf = (state: LedgerState, recorded: RecordedProgress): ProgressEntry | null => {
  let entry = read.get(recorded);
  if (entry === undefined) {
    const text = recorded.json ?? state.textAt?.(recorded.position);
    entry = text === undefined ? null : progressFromData(parsed(text), recorded.recordedAt);
    read.set(recorded, entry);
  }
  return entry;
};

// What the field-by-field reader that came before made of data it could not read at all.
const unreadable = (recordedAt: string): ProgressEntry => ({
  status: "planned",
  actuals: [],
  spent: [],
  narrative: "",
  sample: false,
  recordedAt,
});

/**
 * {@link progressOf} for a caller that must have an entry: a recording whose data does not match reads as
 * "planned" with nothing reported.
 *
 * @deprecated Views use `progressOf` and leave out what does not match.
 * @example readProgress(state, report.progress[measureId]!).status // "done"
 */
export const readProgress = (state: LedgerState, recorded: RecordedProgress): ProgressEntry =>
  progressOf(state, recorded) ?? unreadable(recorded.recordedAt);

/**
 * {@link progressFromData} for a caller that must have an entry: data that does not match reads as "planned"
 * with nothing reported.
 *
 * @deprecated Kept for `packages/web`'s quarterly export, which reads report streams itself; the read model
 * answers the same from `progressOf`.
 * @example progressEntryOf({ reportId: "p.2024-q1", measureId: "p.s1.t1.m1", status: "done", actuals: [], spent: [], narrative: "" }, "2024-04-02T08:00:00.000Z").status // "done"
 */
export const progressEntryOf = (data: unknown, recordedAt: string): ProgressEntry =>
  progressFromData(data, recordedAt) ?? unreadable(recordedAt);
