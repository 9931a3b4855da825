/**
 * @module The read-model rows on PostgreSQL: the same tables as in a SQLite node file (the same migrations), in the
 * event store's schema and through its pool, written together with the checkpoint in one transaction per batch —
 * after a crash the rows and the checkpoint agree, and catch-up resumes from the checkpoint, as on SQLite.
 */
import type { LogReader } from "@planledger/event-store";
import { Effect } from "effect";
import type { Kysely, Transaction } from "kysely";
import type { LedgerState, PlanState, ReportState, Review } from "../model/ledger-state.js";
import { emptyLedger, periodKey } from "../model/ledger-state.js";
import {
  type CachedProgress,
  cachedProgressOf,
  type DirtySet,
  LEDGER_PROJECTION,
  type LedgerCache,
  reportProgressPositions,
  restoreProgress,
} from "../sqlite/ledger-cache.js";
import type { ProjectionTables } from "../sqlite/read-model-tables.js";

type Tables = ProjectionTables;
type CacheTable = Exclude<keyof Tables, "events">;

// Rows per INSERT: a statement carries at most 65,535 parameters, and these tables have up to 7 columns.
const ROWS_PER_INSERT = 1_000;
const CACHE_TABLES = ["proj_plan", "proj_report", "proj_origin", "proj_pending_review", "proj_checkpoint"] as const;

/** Inserts `rows`, replacing the row of the same key (SQLite's `REPLACE INTO`), in statements of bounded size. */
const upsert = async <T extends CacheTable>(
  tx: Transaction<Tables>,
  table: T,
  key: keyof Tables[T] & string,
  rows: ReadonlyArray<Tables[T]>,
): Promise<void> => {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first).filter((c) => c !== key);
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    // Kysely's types cannot follow a table chosen by a type parameter; the rows are the table's own type.
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const db = tx as unknown as Kysely<any>;
    await db
      .insertInto(table)
      .values(chunk as never)
      .onConflict((oc) =>
        oc.column(key).doUpdateSet(Object.fromEntries(columns.map((c) => [c, (eb: { ref: (r: string) => unknown }) => eb.ref(`excluded.${c}`)])) as never),
      )
      .execute();
  }
};

const planRow = (p: PlanState): Tables["proj_plan"] => ({
  plan_id: p.planId,
  origin: p.origin,
  owner_node: p.ownerNode,
  title: p.title,
  parent_plan_id: p.parentPlanId,
  last_seq: p.lastSeq,
  doc: JSON.stringify(p),
});

const reportRow = (r: ReportState): Tables["proj_report"] => {
  const { progress: _, ...header } = r;
  return {
    report_id: r.reportId,
    plan_id: r.planId,
    year: r.year,
    quarter: r.quarter,
    phase: r.phase,
    doc: JSON.stringify(header),
    progress: reportProgressPositions(r),
  };
};

/**
 * `kysely` is the event store's (`PostgresDatabase`), the tables made by `projectionsMigrations`; `reader` is the
 * store's: a report's progress is kept as positions in the log, and loading reads their recorded times (and, the
 * ledger keeping its texts on this engine, their texts) from it in one read.
 *
 * @example
 * const cache = postgresLedgerCache(db.kysely as Kysely<ProjectionTables>, store.reader);
 * const state = yield* cache.load(null);
 */
export const postgresLedgerCache = (kysely: Kysely<Tables>, reader: LogReader): LedgerCache => {
  const checkpointRow = (state: Pick<LedgerState, "position" | "applied">, now: string): Tables["proj_checkpoint"] => ({
    projection: LEDGER_PROJECTION,
    position: state.position,
    events_applied: state.applied,
    updated_at: now,
  });

  const checkpoint = () =>
    Effect.promise(async () => {
      const row = await kysely
        .selectFrom("proj_checkpoint")
        .select(["position", "events_applied"])
        .where("projection", "=", LEDGER_PROJECTION)
        .executeTakeFirst();
      return row === undefined ? null : { position: row.position, eventsApplied: row.events_applied };
    });

  const save = (state: LedgerState, dirty: DirtySet, now: string) =>
    Effect.promise(() => {
      // The rows are made before the first await: the ledger is the engine's, and only between its batches is it still.
      const plans = [...dirty.plans].flatMap((id) => {
        const p = state.plans.get(id);
        return p ? [planRow(p)] : [];
      });
      const reports = [...dirty.reports].flatMap((id) => {
        const r = state.reports.get(id);
        return r ? [reportRow(r)] : [];
      });
      const origins = [...dirty.origins].flatMap((origin): Tables["proj_origin"][] => {
        const o = state.origins.get(origin);
        return o
          ? [{ origin: o.origin, last_seq: o.lastSeq, last_position: o.lastPosition, last_recorded_at: o.lastRecordedAt, last_received_at: o.lastReceivedAt }]
          : [];
      });
      const pending = [...state.pendingReviews].map(([report_id, review]) => ({ report_id, doc: JSON.stringify(review) }));
      const arrived = reports.map((r) => r.report_id);
      const cp = checkpointRow(state, now);
      return kysely.transaction().execute(async (tx) => {
        await upsert(tx, "proj_plan", "plan_id", plans);
        await upsert(tx, "proj_report", "report_id", reports);
        // A review waits in its own row only until its report arrives (written above).
        for (let i = 0; i < arrived.length; i += ROWS_PER_INSERT)
          await tx.deleteFrom("proj_pending_review").where("report_id", "in", arrived.slice(i, i + ROWS_PER_INSERT)).execute();
        await upsert(tx, "proj_origin", "origin", origins);
        await upsert(tx, "proj_pending_review", "report_id", pending);
        await upsert(tx, "proj_checkpoint", "projection", [cp]);
      });
    });

  const reset = (now: string) =>
    Effect.promise(() =>
      kysely.transaction().execute(async (tx) => {
        for (const table of CACHE_TABLES) await tx.deleteFrom(table).execute();
        await upsert(tx, "proj_checkpoint", "projection", [checkpointRow(emptyLedger(), now)]);
      }),
    );

  const load = (textAt: LedgerState["textAt"]) =>
    Effect.gen(function* () {
      const state = emptyLedger(textAt);
      // One snapshot of the rows: a catch-up of another process between these reads must not mix two checkpoints.
      const rows = yield* Effect.promise(() =>
        kysely
          .transaction()
          .setIsolationLevel("repeatable read")
          .execute(async (tx) => ({
            plans: await tx.selectFrom("proj_plan").select("doc").execute(),
            reports: await tx.selectFrom("proj_report").select(["doc", "progress"]).execute(),
            origins: await tx.selectFrom("proj_origin").selectAll().execute(),
            pending: await tx.selectFrom("proj_pending_review").selectAll().execute(),
            checkpoint: await tx
              .selectFrom("proj_checkpoint")
              .select(["position", "events_applied"])
              .where("projection", "=", LEDGER_PROJECTION)
              .executeTakeFirst(),
          })),
      );
      for (const { doc } of rows.plans) {
        const p = JSON.parse(doc) as PlanState;
        state.plans.set(p.planId, p);
      }
      const progress: CachedProgress[] = [];
      for (const { doc, progress: positions } of rows.reports) {
        const r = { ...(JSON.parse(doc) as Omit<ReportState, "progress">), progress: {} } as ReportState;
        state.reports.set(r.reportId, r);
        let byPeriod = state.reportIndex.get(r.planId);
        if (byPeriod === undefined) {
          byPeriod = new Map();
          state.reportIndex.set(r.planId, byPeriod);
        }
        byPeriod.set(periodKey(r.year, r.quarter), r.reportId);
        progress.push(...cachedProgressOf(r.reportId, positions));
      }
      yield* restoreProgress(state, reader, progress);
      for (const o of rows.origins)
        state.origins.set(o.origin, {
          origin: o.origin,
          lastSeq: o.last_seq,
          lastPosition: o.last_position,
          lastRecordedAt: o.last_recorded_at,
          lastReceivedAt: o.last_received_at,
        });
      for (const r of rows.pending) state.pendingReviews.set(r.report_id, JSON.parse(r.doc) as Review);
      state.position = rows.checkpoint?.position ?? 0;
      state.applied = rows.checkpoint?.events_applied ?? 0;
      return state;
    });

  return { load, save, reset, checkpoint };
};
