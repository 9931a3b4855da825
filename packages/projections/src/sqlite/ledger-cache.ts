/**
 * @module The read-model rows in the node database, written together with the checkpoint in one transaction:
 * after a crash the rows and the checkpoint always agree, and catch-up resumes from the checkpoint.
 */
import type { LogEntry, LogReader } from "@planledger/event-store";
import type Database from "better-sqlite3";
import { Effect } from "effect";
import type { Kysely } from "kysely";
import type { LedgerState, PlanState, ReportState, Review } from "../model/ledger-state.js";
import { emptyLedger, periodKey } from "../model/ledger-state.js";
import type { ProjectionTables } from "./read-model-tables.js";

/** The name under which the ledger's checkpoint is kept (one row per projection). */
export const LEDGER_PROJECTION = "ledger";

/** Which rows changed since the last write. */
export interface DirtySet {
  readonly plans: Set<string>;
  /** Reports whose header or progress changed: each is rewritten whole, its progress as one JSON column. */
  readonly reports: Set<string>;
  readonly origins: Set<string>;
  /** The report and origin last added: consecutive events of one report or origin skip the sets. */
  lastReport: string | null;
  lastOrigin: string | null;
}

export const emptyDirty = (): DirtySet => ({
  plans: new Set(),
  reports: new Set(),
  origins: new Set(),
  lastReport: null,
  lastOrigin: null,
});

/**
 * Where the ledger's rows and checkpoint are kept: the SQLite node file (`ledgerCache`, synchronous underneath) or
 * a PostgreSQL schema (`postgresLedgerCache`); each call an `Effect`, awaited by the engine.
 */
export interface LedgerCache {
  /**
   * The cached ledger and the position it reflects; an empty ledger at 0 on a fresh database. Without `textAt`,
   * each cached recording's text is read from the log with it.
   */
  readonly load: (textAt: LedgerState["textAt"]) => Effect.Effect<LedgerState>;
  /** Writes the changed rows and the checkpoint, atomically. */
  readonly save: (state: LedgerState, dirty: DirtySet, now: string) => Effect.Effect<void>;
  /** Drops every row and sets the checkpoint to 0, atomically: the start of a rebuild. */
  readonly reset: (now: string) => Effect.Effect<void>;
  readonly checkpoint: () => Effect.Effect<{ readonly position: number; readonly eventsApplied: number } | null>;
}

/**
 * The ledger's rows as the cache stores them: a plan's or a report header's state as JSON, progress as measure id →
 * `[position, recordedAt]` — the position of the `ProgressRecorded` in the log and its recorded time, so that loading
 * reads nothing back from the log (rows written before the time was kept hold the position alone, and their times
 * are read from the log as before). A ledger that keeps each recording's text (no `textAt`: a PostgreSQL node, whose
 * log cannot be read synchronously from a view) stores it too, `[position, recordedAt, text]`: its start then reads
 * no recording back from the log either.
 */
export const reportProgressPositions = (r: ReportState): string => {
  const positions: Record<string, readonly [number, string] | readonly [number, string, string]> = {};
  for (const measureId in r.progress) {
    const recorded = r.progress[measureId];
    if (recorded !== undefined)
      positions[measureId] = recorded.json === undefined ? [recorded.position, recorded.recordedAt] : [recorded.position, recorded.recordedAt, recorded.json];
  }
  return JSON.stringify(positions);
};

/** A cached report's progress: report id, measure id, position, and the recorded time and the text when the row kept them. */
export type CachedProgress = readonly [reportId: string, measureId: string, position: number, recordedAt: string | undefined, json?: string];

/** The progress column of one cached report row, in any form it was written in. */
export const cachedProgressOf = (reportId: string, column: string): CachedProgress[] =>
  Object.entries(JSON.parse(column) as Record<string, number | readonly [number, string] | readonly [number, string, string]>).map(([measureId, value]) =>
    typeof value === "number"
      ? [reportId, measureId, value, undefined]
      : value.length === 3
        ? [reportId, measureId, value[0], value[1], value[2]]
        : [reportId, measureId, value[0], value[1]],
  );

// Positions per read of the log while loading: one read for a district, bounded requests for the national node.
const RESTORE_PAGE = 50_000;

/**
 * Files cached progress under its reports. A recording whose time the row kept is filed at once (with its text, when the
 * ledger keeps texts — no `textAt` — and the row kept that too); the others are read from the log a page of positions at
 * a time; a position the log does not hold is left out.
 */
export const restoreProgress = (state: LedgerState, reader: LogReader, progress: ReadonlyArray<CachedProgress>): Effect.Effect<void> => {
  const withText = state.textAt === null;
  const fromLog: CachedProgress[] = [];
  for (const entry of progress) {
    const [reportId, measureId, position, recordedAt, json] = entry;
    if (recordedAt === undefined || (withText && json === undefined)) fromLog.push(entry);
    else {
      const r = state.reports.get(reportId);
      if (r) r.progress[measureId] = withText && json !== undefined ? { json, recordedAt, position } : { recordedAt, position };
    }
  }
  const pages: Array<ReadonlyArray<CachedProgress>> = [];
  for (let i = 0; i < fromLog.length; i += RESTORE_PAGE) pages.push(fromLog.slice(i, i + RESTORE_PAGE));
  return Effect.forEach(
    pages,
    (page) =>
      Effect.map(reader.entriesAt(page.map((p) => p[2]), { data: withText }), (entries) => {
        const at = new Map<number, LogEntry>();
        for (const e of entries) at.set(e.position, e);
        for (const [reportId, measureId, position] of page) {
          const r = state.reports.get(reportId);
          const e = at.get(position);
          if (r && e !== undefined)
            r.progress[measureId] = withText
              ? { json: e.dataJson ?? "{}", recordedAt: e.recordedAt, position }
              : { recordedAt: e.recordedAt, position };
        }
      }),
    { discard: true },
  );
};

/**
 * `reader` is the event store's: a report's progress is kept as positions in the log, and loading reads their
 * recorded times from it.
 *
 * @example
 * const cache = ledgerCache(sqlite, kysely, store.reader); // tables from `projectionsMigrations`
 * const state = yield* cache.load(source.textAt ?? null);
 */
export const ledgerCache = (sqlite: Database.Database, kysely: Kysely<ProjectionTables>, reader: LogReader): LedgerCache => {
  const prepare = (q: { compile: () => { sql: string } }) => sqlite.prepare(q.compile().sql);
  const s = {
    plans: prepare(kysely.selectFrom("proj_plan").select("doc")).pluck(),
    reports: prepare(kysely.selectFrom("proj_report").select("doc")).pluck(),
    // The text stays where it is, in the log; the report's row points at it by position.
    progress: prepare(kysely.selectFrom("proj_report").select(["report_id", "progress"])).raw(true),
    origins: prepare(kysely.selectFrom("proj_origin").selectAll()),
    pending: prepare(kysely.selectFrom("proj_pending_review").selectAll()),
    checkpoint: prepare(
      kysely.selectFrom("proj_checkpoint").select(["position", "events_applied"]).where("projection", "=", ""),
    ),
    putPlan: prepare(
      kysely
        .replaceInto("proj_plan")
        .values({ plan_id: "", origin: "", owner_node: "", title: null, parent_plan_id: null, last_seq: 0, doc: "" }),
    ),
    putReport: prepare(
      kysely
        .replaceInto("proj_report")
        .values({ report_id: "", plan_id: "", year: 0, quarter: 0, phase: "", doc: "", progress: "" }),
    ),
    putOrigin: prepare(
      kysely.replaceInto("proj_origin").values({
        origin: "",
        last_seq: 0,
        last_position: 0,
        last_recorded_at: "",
        last_received_at: null,
      }),
    ),
    putPending: prepare(kysely.replaceInto("proj_pending_review").values({ report_id: "", doc: "" })),
    dropPending: prepare(kysely.deleteFrom("proj_pending_review").where("report_id", "=", "")),
    putCheckpoint: prepare(
      kysely.replaceInto("proj_checkpoint").values({ projection: "", position: 0, events_applied: 0, updated_at: "" }),
    ),
    clear: ["proj_plan", "proj_report", "proj_origin", "proj_pending_review", "proj_checkpoint"].map((t) =>
      prepare(kysely.deleteFrom(t as "proj_plan")),
    ),
  };

  const writePlan = (p: PlanState): void => {
    s.putPlan.run(p.planId, p.origin, p.ownerNode, p.title, p.parentPlanId, p.lastSeq, JSON.stringify(p));
  };
  // The header as JSON of the state; the progress as measure id → position (a few hundred numbers per report).
  const writeReport = (r: ReportState): void => {
    const { progress, ...header } = r;
    s.putReport.run(r.reportId, r.planId, r.year, r.quarter, r.phase, JSON.stringify(header), reportProgressPositions(r));
  };
  const writeOrigin = (state: LedgerState, origin: string): void => {
    const o = state.origins.get(origin);
    if (o) s.putOrigin.run(o.origin, o.lastSeq, o.lastPosition, o.lastRecordedAt, o.lastReceivedAt);
  };
  const writeCheckpoint = (state: LedgerState, now: string): void => {
    s.putCheckpoint.run(LEDGER_PROJECTION, state.position, state.applied, now);
  };
  const writePending = (state: LedgerState): void => {
    for (const [reportId, review] of state.pendingReviews) s.putPending.run(reportId, JSON.stringify(review));
  };

  const saveNow = sqlite.transaction((state: LedgerState, dirty: DirtySet, now: string) => {
    for (const id of dirty.plans) {
      const p = state.plans.get(id);
      if (p) writePlan(p);
    }
    for (const id of dirty.reports) {
      const r = state.reports.get(id);
      if (r) {
        writeReport(r);
        s.dropPending.run(id);
      }
    }
    for (const o of dirty.origins) writeOrigin(state, o);
    writePending(state);
    writeCheckpoint(state, now);
  });

  const resetNow = sqlite.transaction((now: string) => {
    for (const c of s.clear) c.run();
    writeCheckpoint(emptyLedger(), now);
  });

  const checkpointNow = () => {
    const row = s.checkpoint.get(LEDGER_PROJECTION) as { position: number; events_applied: number } | undefined;
    return row === undefined ? null : { position: row.position, eventsApplied: row.events_applied };
  };

  const loadNow = (textAt: LedgerState["textAt"]) => {
    const state = emptyLedger(textAt);
    for (const doc of s.plans.all() as string[]) {
      const p = JSON.parse(doc) as PlanState;
      state.plans.set(p.planId, p);
    }
    for (const doc of s.reports.all() as string[]) {
      const r = { ...(JSON.parse(doc) as Omit<ReportState, "progress">), progress: {} } as ReportState;
      state.reports.set(r.reportId, r);
      let byPeriod = state.reportIndex.get(r.planId);
      if (byPeriod === undefined) {
        byPeriod = new Map();
        state.reportIndex.set(r.planId, byPeriod);
      }
      byPeriod.set(periodKey(r.year, r.quarter), r.reportId);
    }
    const progress = (s.progress.all() as [string, string][]).flatMap(([reportId, column]) => cachedProgressOf(reportId, column));
    for (const o of s.origins.all() as ProjectionTables["proj_origin"][])
      state.origins.set(o.origin, {
        origin: o.origin,
        lastSeq: o.last_seq,
        lastPosition: o.last_position,
        lastRecordedAt: o.last_recorded_at,
        lastReceivedAt: o.last_received_at,
      });
    for (const r of s.pending.all() as ProjectionTables["proj_pending_review"][])
      state.pendingReviews.set(r.report_id, JSON.parse(r.doc) as Review);
    const cp = checkpointNow();
    state.position = cp?.position ?? 0;
    state.applied = cp?.eventsApplied ?? 0;
    return { state, progress };
  };

  // The statements run at once (better-sqlite3); the effects only carry them, so the engine awaits either cache alike.
  return {
    load: (textAt) =>
      Effect.suspend(() => {
        const { state, progress } = loadNow(textAt);
        // One read of the log for every recording's time (and text, when the ledger keeps texts).
        return Effect.as(restoreProgress(state, reader, progress), state);
      }),
    save: (state, dirty, now) => Effect.sync(() => saveNow(state, dirty, now)),
    reset: (now) => Effect.sync(() => resetNow(now)),
    checkpoint: () => Effect.sync(checkpointNow),
  };
};
