/**
 * @module The fold at the heart of every read model: one logged event into the ledger. Live catch-up, rebuild
 * and as-of replay all go through it, so the cached tables and a replay can never disagree.
 */
import { type BudgetLine, type Executor, type Indicator, type Term, upcast, upcasters } from "@planledger/domain";
import type { LoggedEvent } from "./logged-event.js";
import { parseStream } from "./logged-event.js";
import type {
  Actual,
  Cancellation,
  LedgerState,
  Money,
  OrderRef,
  ParentRef,
  PeriodYears,
  PlanSource,
  PlanState,
  ProgressEntry,
  RecordedProgress,
  ReportedStatus,
  ReportState,
  Review,
} from "./ledger-state.js";
import { periodKey } from "./ledger-state.js";

/** Which cached row an event changed, so the SQLite cache rewrites only those. */
export type Touched =
  | { readonly kind: "plan"; readonly planId: string }
  | { readonly kind: "report"; readonly reportId: string }
  | { readonly kind: "progress"; readonly reportId: string; readonly measureId: string; readonly position: number }
  | { readonly kind: "none" };

const NONE: Touched = { kind: "none" };

// The event data as the shared catalog defines it, brought to the current shape by the domain's upcasters.
// Deciders encoded it with the domain's schemas before it was appended, and the hash chain guards it since; a
// full schema decode here would cost ~30 µs per event (a rebuild folds a million), so fields are read
// defensively instead and anything unknown is ignored, so that a newer origin's events never stop an older
// node's projections.
type Data = Record<string, unknown>;

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown, fallback = 0): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
const dateOf = (iso: string): string => iso.slice(0, 10);

const orderOf = (v: unknown): OrderRef => {
  const o = (v ?? {}) as Data;
  return { number: strOrNull(o.number), date: strOrNull(o.date) };
};

const periodOf = (v: unknown): PeriodYears => {
  const p = (v ?? {}) as Data;
  return { from: typeof p.from === "number" ? p.from : null, to: typeof p.to === "number" ? p.to : null };
};

const REPORTED: ReadonlySet<string> = new Set(["planned", "inProgress", "done", "notDone"]);

// An amendment's structural events carry its eventId as causation; they take effect on the amending order's date.
const effectiveDate = (plan: PlanState, event: LoggedEvent): string => {
  if (event.causationId) {
    for (let i = plan.amendments.length - 1; i >= 0; i--) {
      const a = plan.amendments[i];
      if (a && a.eventId === event.causationId) return a.order.date ?? dateOf(a.recordedAt);
    }
  }
  return dateOf(event.recordedAt);
};

const cancellation = (plan: PlanState, event: LoggedEvent, data: Data): Cancellation => ({
  reason: str(data.reason),
  effective: effectiveDate(plan, event),
  recordedAt: event.recordedAt,
});

const relabel = (part: { label: string; title: string } | undefined, d: Data): void => {
  if (part === undefined) return;
  if (typeof d.label === "string") part.label = d.label;
  if (typeof d.title === "string") part.title = d.title;
};

const cancel = (
  part: { cancelled: Cancellation | null } | undefined,
  plan: PlanState,
  event: LoggedEvent,
  d: Data,
): void => {
  if (part !== undefined && part.cancelled === null) part.cancelled = cancellation(plan, event, d);
};

const touchOrigin = (state: LedgerState, event: LoggedEvent): void => {
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

/** `PlanAdopted.source`, when the adoption recorded the file it was read from. */
const sourceOf = (value: unknown): PlanSource | null => {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Data;
  if (typeof v.format !== "string" || typeof v.sha256 !== "string") return null;
  return { format: v.format, sha256: v.sha256, fileName: strOrNull(v.fileName), columnsAssigned: Array.isArray(v.columns) && v.columns.length > 0 };
};

const applyPlanEvent = (state: LedgerState, planId: string, event: LoggedEvent, d: Data): Touched => {
  if (event.type === "PlanAdopted") {
    const id = str(d.planId, planId);
    const order = orderOf(d.order);
    state.plans.set(id, {
      planId: id,
      origin: event.origin,
      ownerNode: str(d.ownerNode, event.origin),
      title: strOrNull(d.title),
      issuer: strOrNull(d.issuer),
      order,
      period: periodOf(d.period),
      parentPlanId: strOrNull(d.parentPlanId),
      adoptedAt: order.date ?? dateOf(event.recordedAt),
      amendments: [],
      closed: null,
      sections: {},
      tasks: {},
      measures: {},
      lastSeq: event.seq,
      lastRecordedAt: event.recordedAt,
      source: sourceOf(d.source),
    });
    return { kind: "plan", planId: id };
  }
  const plan = state.plans.get(planId);
  if (plan === undefined) return NONE;
  plan.lastSeq = event.seq;
  plan.lastRecordedAt = event.recordedAt;
  const touched: Touched = { kind: "plan", planId };
  switch (event.type) {
    case "PlanAmended": {
      plan.amendments.push({
        eventId: event.eventId ?? null,
        order: orderOf(d.order),
        note: strOrNull(d.note),
        recordedAt: event.recordedAt,
      });
      if (typeof d.title === "string") plan.title = d.title;
      if (d.period !== undefined) plan.period = periodOf(d.period);
      return touched;
    }
    case "PlanClosed":
      plan.closed = { reason: str(d.reason), recordedAt: event.recordedAt };
      return touched;
    case "SectionAdded": {
      const id = str(d.sectionId);
      plan.sections[id] = {
        sectionId: id,
        label: str(d.label),
        ordinal: num(d.ordinal),
        title: str(d.title),
        cancelled: null,
      };
      return touched;
    }
    case "SectionAmended":
      relabel(plan.sections[str(d.sectionId)], d);
      return touched;
    case "SectionCancelled":
      cancel(plan.sections[str(d.sectionId)], plan, event, d);
      return touched;
    case "TaskAdded": {
      const id = str(d.taskId);
      plan.tasks[id] = {
        taskId: id,
        sectionId: str(d.sectionId),
        label: str(d.label),
        ordinal: num(d.ordinal),
        title: str(d.title),
        cancelled: null,
      };
      return touched;
    }
    case "TaskAmended":
      relabel(plan.tasks[str(d.taskId)], d);
      return touched;
    case "TaskCancelled":
      cancel(plan.tasks[str(d.taskId)], plan, event, d);
      return touched;
    case "MeasureAdded": {
      const id = str(d.measureId);
      plan.measures[id] = {
        measureId: id,
        taskId: str(d.taskId),
        label: str(d.label),
        ordinal: num(d.ordinal),
        title: str(d.title),
        term: d.term as Term,
        executors: (d.executors ?? []) as ReadonlyArray<Executor>,
        indicator: (d.indicator ?? { text: "", targets: [] }) as Indicator,
        budget: (d.budget ?? []) as ReadonlyArray<BudgetLine>,
        // Never before the plan itself: an amendment cannot backdate a measure past the adopting order.
        effective: [effectiveDate(plan, event), plan.adoptedAt].sort()[1] ?? plan.adoptedAt,
        cancelled: null,
        parent: null,
      };
      return touched;
    }
    case "MeasureAmended": {
      const m = plan.measures[str(d.measureId)];
      relabel(m, d);
      if (m) {
        if (d.term !== undefined) m.term = d.term as Term;
        if (d.executors !== undefined) m.executors = d.executors as ReadonlyArray<Executor>;
        if (d.indicator !== undefined) m.indicator = d.indicator as Indicator;
        if (d.budget !== undefined) m.budget = d.budget as ReadonlyArray<BudgetLine>;
      }
      return touched;
    }
    case "MeasureCancelled":
      cancel(plan.measures[str(d.measureId)], plan, event, d);
      return touched;
    case "MeasureLinked": {
      const m = plan.measures[str(d.measureId)];
      const p = (d.parent ?? {}) as Data;
      if (m) m.parent = { node: str(p.node), planId: str(p.planId), measureId: str(p.measureId) } satisfies ParentRef;
      return touched;
    }
    case "MeasureUnlinked": {
      const m = plan.measures[str(d.measureId)];
      if (m) m.parent = null;
      return touched;
    }
    default:
      return touched;
  }
};

const moneyOf = (v: unknown): Money[] =>
  Array.isArray(v)
    ? v.map((x: Data) =>
        typeof x.executor === "string"
          ? { source: str(x.source), executor: x.executor, amount: num(x.amount) }
          : { source: str(x.source), amount: num(x.amount) },
      )
    : [];

const actualsOf = (v: unknown): Actual[] =>
  Array.isArray(v) ? v.map((x: Data) => ({ value: num(x.value), unit: str(x.unit) })) : [];

// Parsed JSON is owned by the fold, so well-formed arrays are kept as they are instead of copied.
const wellFormed = (v: unknown, numeric: string, text: string): boolean => {
  if (!Array.isArray(v)) return false;
  for (const x of v as Data[]) {
    if (typeof x !== "object" || x === null || typeof x[numeric] !== "number" || typeof x[text] !== "string") return false;
  }
  return true;
};

const parsedProgress = new WeakMap<RecordedProgress, ProgressEntry>();

/**
 * The parsed form of a recorded progress (brought to the current shape by the domain's upcasters), parsed once
 * per recording; the text comes from the recording or, by position, from the ledger's log.
 *
 * @example readProgress(state, report.progress[measureId]!).status // "done"
 */
export const readProgress = (state: LedgerState, recorded: RecordedProgress): ProgressEntry => {
  let entry = parsedProgress.get(recorded);
  if (entry === undefined) {
    const text = recorded.json ?? state.textAt?.(recorded.position);
    const data = text === undefined ? {} : (upcast("ProgressRecorded", JSON.parse(text)) as Data);
    entry = progressEntryOf(data, recorded.recordedAt);
    parsedProgress.set(recorded, entry);
  }
  return entry;
};

/**
 * One measure's progress as a report records it, read from `ProgressRecorded` data.
 *
 * @example progressEntryOf({ status: "done", actuals: [], spent: [], narrative: "" }, "2024-04-02T08:00:00.000Z").status // "done"
 */
export const progressEntryOf = (d: Data, recordedAt: string): ProgressEntry => {
  const status = str(d.status);
  return {
    status: (REPORTED.has(status) ? status : "planned") as ReportedStatus,
    actuals: wellFormed(d.actuals, "value", "unit") ? (d.actuals as Actual[]) : actualsOf(d.actuals),
    spent: wellFormed(d.spent, "amount", "source") ? (d.spent as Money[]) : moneyOf(d.spent),
    narrative: str(d.narrative),
    sample: d.sample === true,
    recordedAt,
  };
};

const applyReview = (report: ReportState, review: Review): void => {
  report.phase = review.outcome;
  report.review = review;
  report.history.push({ phase: review.outcome, at: review.recordedAt, by: review.reviewerNode });
};

// Consecutive events mostly belong to one report (a report records every measure in one append): one
// remembered lookup saves hashing a fresh id string per event.
let lastReport: { state: LedgerState; report: ReportState } | null = null;
const reportById = (state: LedgerState, reportId: string): ReportState | undefined => {
  if (lastReport !== null && lastReport.state === state && lastReport.report.reportId === reportId) return lastReport.report;
  const report = state.reports.get(reportId);
  if (report !== undefined) lastReport = { state, report };
  return report;
};

const applyReportEvent = (
  state: LedgerState,
  stream: { readonly planId: string; readonly year: number; readonly quarter: number },
  event: LoggedEvent,
  d: Data,
): Touched => {
  if (event.type === "ReportDrafted") {
    const reportId = str(d.reportId);
    const planId = str(d.planId, stream.planId);
    const year = num(d.year, stream.year);
    const quarter = num(d.quarter, stream.quarter);
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
  }
  const reportId = str(d.reportId);
  const report = reportById(state, reportId);
  if (report === undefined) return NONE;
  report.lastSeq = event.seq;
  switch (event.type) {
    case "ProgressRecorded": {
      const measureId = str(d.measureId);
      report.progress[measureId] = recording(state, event, event.dataJson ?? JSON.stringify(event.data));
      return { kind: "progress", reportId, measureId, position: event.position };
    }
    case "ReportSubmitted":
      report.phase = "submitted";
      report.submittedAt = event.recordedAt;
      report.review = null;
      report.history.push({ phase: "submitted", at: event.recordedAt, by: event.origin });
      break;
    case "ReportReopened":
      // The owner took a returned report back to correct it; the return (and its reason) stays visible.
      if (report.phase !== "returned" && report.phase !== "submitted") break;
      report.phase = "drafted";
      report.history.push({ phase: "drafted", at: event.recordedAt, by: event.origin });
      break;
    default:
      break;
  }
  return { kind: "report", reportId };
};

const applyReviewEvent = (state: LedgerState, reviewerNode: string, event: LoggedEvent, d: Data): Touched => {
  if (event.type !== "ReportAccepted" && event.type !== "ReportReturned") return NONE;
  const ref = d.reportRef as Data | undefined;
  const review: Review = {
    reviewerNode,
    outcome: event.type === "ReportAccepted" ? "accepted" : "returned",
    reason: strOrNull(d.reason),
    reportRef: ref ? { origin: str(ref.origin), seq: num(ref.seq), hash: str(ref.hash) } : null,
    recordedAt: event.recordedAt,
  };
  const reportId = str(d.reportId);
  const report = state.reports.get(reportId);
  if (report === undefined) {
    state.pendingReviews.set(reportId, review);
    return NONE;
  }
  applyReview(report, review);
  return { kind: "report", reportId };
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

// Kept as stored (readProgress upcasts); without a log to read it back from, the text stays in memory.
const recording = (state: LedgerState, event: LoggedEvent, json: string): RecordedProgress =>
  state.textAt === null
    ? { json, recordedAt: event.recordedAt, position: event.position }
    : { recordedAt: event.recordedAt, position: event.position };

const recordProgressText = (state: LedgerState, event: LoggedEvent, json: string): Touched | null => {
  const reportId = idIn(json, '"reportId":"');
  const measureId = idIn(json, '"measureId":"');
  if (reportId === null || measureId === null) return null;
  const report = reportById(state, reportId);
  if (report === undefined) return NONE;
  report.lastSeq = event.seq;
  report.progress[measureId] = recording(state, event, json);
  return { kind: "progress", reportId, measureId, position: event.position };
};

// The ids came with the event and the text stays in the log (the ledger reads it back by position).
const recordProgress = (state: LedgerState, event: LoggedEvent, reportId: string, measureId: string): Touched => {
  const report = reportById(state, reportId);
  if (report === undefined) return NONE;
  report.lastSeq = event.seq;
  report.progress[measureId] = { recordedAt: event.recordedAt, position: event.position };
  return { kind: "progress", reportId, measureId, position: event.position };
};

let lastStream: { name: string; parsed: ReturnType<typeof parseStream> } = { name: "", parsed: { kind: "other" } };
const streamOf = (name: string): ReturnType<typeof parseStream> => {
  if (name !== lastStream.name) lastStream = { name, parsed: parseStream(name) };
  return lastStream.parsed;
};

/**
 * Folds one event into the ledger, in place, and says which cached row it touched. In place because a rebuild
 * folds a million events and copying plans per event would cost more than everything else together; callers
 * that need purity start from {@link emptyLedger} (see {@link projectEvents}).
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
  touchOrigin(state, event);
  const s = streamOf(event.stream);
  const upcasts = Object.hasOwn(upcasters, event.type);
  if (event.type === "ProgressRecorded" && !upcasts && s.kind === "report") {
    const reportId = event.picked?.reportId;
    const measureId = event.picked?.measureId;
    if (reportId !== undefined && measureId !== undefined && state.textAt !== null)
      return recordProgress(state, event, reportId, measureId);
    if (event.dataJson !== undefined) {
      const fast = recordProgressText(state, event, event.dataJson);
      if (fast !== null) return fast;
    }
  }
  // Given as ids only (see `LoggedEvent.picked`) and needed whole: read back from the log.
  const json = event.dataJson ?? (event.data === undefined ? (state.textAt?.(event.position) ?? "{}") : undefined);
  const raw = event.data === undefined && json !== undefined ? JSON.parse(json) : event.data;
  const d = ((upcasts ? upcast(event.type, raw) : raw) ?? {}) as Data;
  switch (s.kind) {
    case "plan":
      return applyPlanEvent(state, s.planId, event, d);
    case "report":
      return applyReportEvent(state, s, event, d);
    case "review":
      return applyReviewEvent(state, s.reviewerNode, event, d);
    case "other":
      return NONE;
    default: {
      const _: never = s;
      return _;
    }
  }
};
