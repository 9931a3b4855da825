/**
 * @module The report read model's fold: the events of a quarterly report stream (`report:<planId>:<YYYY>-Q<q>`),
 * each read through its schema's compiled check (see `event-data.ts`), into the report's `ReportState`, in place.
 *
 * `ProgressRecorded` is most of a long log (nine events in ten in `bench:rebuild`), so it is filed by its two ids
 * only — taken from the store's pick, from the canonical text, or from the checked encoded side of the two id
 * fields — and its data is checked when a view first reads it (`progressOf`). Checking it here would mean
 * reading back and parsing every recording's text, which the rebuild otherwise never does. Every path files a
 * recording the same way, so live catch-up, rebuild and an as-of replay agree on what a report holds.
 */
import { ProgressRecorded, ReportDrafted, ReportReopened, ReportSubmitted, type reportEventTypes } from "@planledger/domain";
import { Schema as S } from "effect";
import { type DataOf, type EventClass, dataCheck } from "../event-data.js";
import type { LedgerState } from "../ledger-state.js";
import { periodKey } from "../ledger-state.js";
import type { LoggedEvent } from "../logged-event.js";
import { applyReview } from "../review/review.fold.js";
import { NONE, type Touched } from "../touched.js";
import type { RecordedProgress, ReportState } from "./report.read-model.js";

/** The report stream a fold is in, as its name says (see `parseStream`). */
export interface ReportStream {
  readonly planId: string;
  readonly year: number;
  readonly quarter: number;
}

// Consecutive events mostly belong to one report (a report records every measure in one append): one
// remembered lookup saves hashing a fresh id string per event.
let lastReport: { state: LedgerState; report: ReportState } | null = null;
const reportById = (state: LedgerState, reportId: string): ReportState | undefined => {
  if (lastReport !== null && lastReport.state === state && lastReport.report.reportId === reportId) return lastReport.report;
  const report = state.reports.get(reportId);
  if (report !== undefined) lastReport = { state, report };
  return report;
};

const reportOfStream = (state: LedgerState, stream: ReportStream): ReportState | undefined => {
  const reportId = state.reportIndex.get(stream.planId)?.get(periodKey(stream.year, stream.quarter));
  return reportId === undefined ? undefined : reportById(state, reportId);
};

// Kept as stored (`progressOf` upcasts and checks); without a log to read it back from, the text stays in memory.
const recording = (state: LedgerState, event: LoggedEvent, json: string | undefined): RecordedProgress =>
  state.textAt === null
    ? { json: json ?? "", recordedAt: event.recordedAt, position: event.position }
    : { recordedAt: event.recordedAt, position: event.position };

const fileProgress = (
  state: LedgerState,
  event: LoggedEvent,
  reportId: string,
  measureId: string,
  json: string | undefined,
): Touched => {
  const report = reportById(state, reportId);
  if (report === undefined) return NONE;
  report.lastSeq = event.seq;
  report.progress[measureId] = recording(state, event, json);
  return { kind: "progress", reportId, measureId, position: event.position };
};

// The store keeps `data` as canonical JSON (sorted keys, ids without escapes): the two ids a progress
// recording is filed under can be read off the text, so the bulk of a rebuild is never parsed at all. A key
// found twice (one of them nested) is left to the parse.
const idIn = (json: string, key: string): string | null => {
  const at = json.indexOf(key);
  if (at < 0 || json.indexOf(key, at + key.length) >= 0) return null;
  const start = at + key.length;
  const end = json.indexOf('"', start);
  const id = json.slice(start, end);
  return end < 0 || id.includes("\\") ? null : id;
};

/**
 * Files a `ProgressRecorded` of a report stream without parsing its data, when its ids come picked by the
 * source (the text stays in the log) or can be read off its canonical text; `null` when they cannot, and the
 * event goes through `foldReportEvent` with its data parsed.
 */
export const fileProgressUnparsed = (state: LedgerState, event: LoggedEvent): Touched | null => {
  const reportId = event.picked?.reportId;
  const measureId = event.picked?.measureId;
  if (reportId !== undefined && measureId !== undefined && state.textAt !== null)
    return fileProgress(state, event, reportId, measureId, undefined);
  if (event.dataJson === undefined) return null;
  const fromText = idIn(event.dataJson, '"reportId":"');
  const measureFromText = idIn(event.dataJson, '"measureId":"');
  if (fromText === null || measureFromText === null) return null;
  return fileProgress(state, event, fromText, measureFromText, event.dataJson);
};

// What filing needs of a recording: the encoded side (strings, no refinements) of its two id fields; the
// rest of its data is checked when it is read.
const isFiled = S.is(
  S.encodedSchema(S.Struct({ reportId: ProgressRecorded.fields.reportId, measureId: ProgressRecorded.fields.measureId })),
);

const isDrafted = dataCheck(ReportDrafted);

const draft = (state: LedgerState, event: LoggedEvent, data: unknown): Touched => {
  if (!isDrafted(data)) return NONE;
  const { reportId, planId, year, quarter } = data;
  const report: ReportState = {
    reportId,
    planId,
    year,
    quarter,
    origin: event.origin,
    phase: "drafted",
    draftedAt: event.recordedAt,
    submittedAt: null,
    review: null,
    history: [{ phase: "drafted", at: event.recordedAt, by: event.origin }],
    progress: {},
    lastSeq: event.seq,
  };
  state.reports.set(reportId, report);
  lastReport = { state, report };
  let byPeriod = state.reportIndex.get(planId);
  if (byPeriod === undefined) {
    byPeriod = new Map();
    state.reportIndex.set(planId, byPeriod);
  }
  byPeriod.set(periodKey(year, quarter), reportId);
  const pending = state.pendingReviews.get(reportId);
  if (pending) {
    state.pendingReviews.delete(reportId);
    applyReview(report, pending);
  }
  return { kind: "report", reportId };
};

// A change of a held report: its data checked, the report found by the id it names.
const onReport = <C extends EventClass>(
  event: C,
  reportIdOf: (data: DataOf<C>) => string,
  fold: (report: ReportState, event: LoggedEvent) => void,
): ((state: LedgerState, event: LoggedEvent, data: unknown) => Touched | null) => {
  const check = dataCheck(event);
  return (state, logged, data) => {
    if (!check(data)) return null;
    const reportId = reportIdOf(data);
    const report = reportById(state, reportId);
    if (report === undefined) return NONE;
    report.lastSeq = logged.seq;
    fold(report, logged);
    return { kind: "report", reportId };
  };
};

/** The phase changes of a drafted report, by type; the mapped type makes a new event type a compile error here. */
const evolve: {
  readonly [T in Exclude<keyof typeof reportEventTypes, "ReportDrafted" | "ProgressRecorded">]: (
    state: LedgerState,
    event: LoggedEvent,
    data: unknown,
  ) => Touched | null;
} = {
  ReportSubmitted: onReport(
    ReportSubmitted,
    (d) => d.reportId,
    (report, event) => {
      report.phase = "submitted";
      report.submittedAt = event.recordedAt;
      report.review = null;
      report.history.push({ phase: "submitted", at: event.recordedAt, by: event.origin });
    },
  ),
  ReportReopened: onReport(
    ReportReopened,
    (d) => d.reportId,
    (report, event) => {
      // The owner took a returned report back to correct it; the return (and its reason) stays visible.
      if (report.phase !== "returned" && report.phase !== "submitted") return;
      report.phase = "drafted";
      report.history.push({ phase: "drafted", at: event.recordedAt, by: event.origin });
    },
  ),
};

/**
 * Folds one event of a report stream into the ledger, in place, its data parsed (and upcast) but unchecked.
 * An event whose data does not match its schema, or of a type this version does not know, changes nothing
 * but the freshness of the stream's report.
 *
 * @example foldReportEvent(state, { planId: "p1", year: 2024, quarter: 1 }, event, event.data) // { kind: "report", reportId }
 */
export const foldReportEvent = (state: LedgerState, stream: ReportStream, event: LoggedEvent, data: unknown): Touched => {
  switch (event.type) {
    case "ReportDrafted":
      return draft(state, event, data);
    case "ProgressRecorded":
      if (isFiled(data)) return fileProgress(state, event, data.reportId, data.measureId, event.dataJson ?? JSON.stringify(event.data));
      break;
    default: {
      const touched = Object.hasOwn(evolve, event.type) ? evolve[event.type as keyof typeof evolve](state, event, data) : null;
      if (touched !== null) return touched;
    }
  }
  const report = reportOfStream(state, stream);
  if (report === undefined) return NONE;
  report.lastSeq = event.seq;
  return { kind: "report", reportId: report.reportId };
};
