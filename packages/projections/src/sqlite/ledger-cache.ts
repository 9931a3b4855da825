/**
 * @module The read-model rows in the node database, written together with the checkpoint in one transaction:
 * after a crash the rows and the checkpoint always agree, and catch-up resumes from the checkpoint.
 */
import type { LogReader } from "@planledger/event-store";
import type Database from "better-sqlite3";
import { Effect } from "effect";
import { type Kysely, sql } from "kysely";
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

export interface LedgerCache {
  /** The cached ledger and the position it reflects; an empty ledger at 0 on a fresh database. */
  readonly load: (textAt: LedgerState["textAt"]) => LedgerState;
  /** Writes the changed rows and the checkpoint, atomically. */
  readonly save: (state: LedgerState, dirty: DirtySet, now: string) => void;
  /** Drops every row and sets the checkpoint to 0, atomically: the start of a rebuild. */
  readonly reset: (now: string) => void;
  readonly checkpoint: () => { readonly position: number; readonly eventsApplied: number } | null;
}

/**
 * `reader` is the event store's: a report's progress is kept as positions in the log, and loading reads their
 * recorded times from it.
 *
 * @example
 * const cache = ledgerCache(sqlite, kysely, store.reader); // tables from `projectionsMigrations`
 * const state = cache.load(source.textAt);
 */
export const ledgerCache = (sqlite: Database.Database, kysely: Kysely<ProjectionTables>, reader: LogReader): LedgerCache => {
  const prepare = (q: { compile: () => { sql: string } }) => sqlite.prepare(q.compile().sql);
  const s = {
    plans: prepare(kysely.selectFrom("proj_plan").select("doc")).pluck(),
    reports: prepare(kysely.selectFrom("proj_report").select("doc")).pluck(),
    // The text stays where it is, in the log; the report's row points at it by position.
    progress: sqlite
      .prepare(sql<unknown>`SELECT r.report_id, p.key, p.value FROM proj_report AS r, json_each(r.progress) AS p`.compile(kysely).sql)
      .raw(true),
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
    const positions: Record<string, number> = {};
    for (const measureId in progress) {
      const recorded = progress[measureId];
      if (recorded !== undefined) positions[measureId] = recorded.position;
    }
    s.putReport.run(r.reportId, r.planId, r.year, r.quarter, r.phase, JSON.stringify(header), JSON.stringify(positions));
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

  const save = sqlite.transaction((state: LedgerState, dirty: DirtySet, now: string) => {
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

  const reset = sqlite.transaction((now: string) => {
    for (const c of s.clear) c.run();
    writeCheckpoint(emptyLedger(), now);
  });

  const checkpoint = () => {
    const row = s.checkpoint.get(LEDGER_PROJECTION) as { position: number; events_applied: number } | undefined;
    return row === undefined ? null : { position: row.position, eventsApplied: row.events_applied };
  };

  const load = (textAt: LedgerState["textAt"]): LedgerState => {
    const state = emptyLedger(textAt);
    const text = (position: number): string => textAt?.(position) ?? "{}";
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
    const progress = s.progress.all() as [string, string, number][];
    // One read of the log for every recording's time; a position the log does not hold is left out, as before.
    const recorded = new Map<number, string>();
    for (const e of Effect.runSync(reader.entriesAt(progress.map((p) => p[2])))) recorded.set(e.position, e.recordedAt);
    for (const [reportId, measureId, position] of progress) {
      const r = state.reports.get(reportId);
      const recordedAt = recorded.get(position);
      if (r && recordedAt !== undefined)
        r.progress[measureId] = textAt === null ? { json: text(position), recordedAt, position } : { recordedAt, position };
    }
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
    const cp = checkpoint();
    state.position = cp?.position ?? 0;
    state.applied = cp?.eventsApplied ?? 0;
    return state;
  };

  return { load, save, reset, checkpoint };
};
