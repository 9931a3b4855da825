/**
 * @module The `Projections` service the node app reads its plans, trees, roll-ups and report calendars from,
 * with a SQLite layer (rows and checkpoint in the node database), a PostgreSQL layer (the same rows in the store's
 * schema) and an in-memory layer over any `EventStore`.
 */
import {
  EventStore,
  EventStoreDatabase,
  type EventStoreTables,
  type LogReader,
  PostgresDatabase,
  migrateDatabase,
} from "@planledger/event-store";
import { Context, Effect, Either, Layer } from "effect";
import type { Kysely } from "kysely";
import type Database from "better-sqlite3";
import type { CatchUpResult, LedgerEngine, RebuildResult } from "./ledger-engine.js";
import { ledgerEngine } from "./ledger-engine.js";
import { parseAsOf } from "./model/as-of.js";
import { kyivDay } from "./model/kyiv-time.js";
import type { EventSource } from "./model/event-source.js";
import type { LedgerState, PlanState } from "./model/ledger-state.js";
import { postgresLedgerCache } from "./postgres/postgres-ledger-cache.js";
import { type InvalidAsOf, PlanNotFound } from "./projections.errors.js";
import { ledgerCache } from "./sqlite/ledger-cache.js";
import { projectionsMigrations } from "./sqlite/migrations/index.js";
import type { ProjectionTables } from "./sqlite/read-model-tables.js";
import { storeEventSource } from "./store-event-source.js";
import type { PlanSummary, PlanTree } from "./views/plan-tree.js";
import { planSummary, planTree } from "./views/plan-tree.js";
import type { PlanMoney } from "./views/plan-money.js";
import { planMoney } from "./views/plan-money.js";
import type { ReportCalendar } from "./views/report-calendar.js";
import { reportCalendar } from "./views/report-calendar.js";
import { type ReportProgress, reportProgress } from "./views/report-progress.js";
import type { CheckpointLookup, Rollup, RollupPage } from "./views/rollup.js";
import { type RollupMemo, rollupMemo, rollupSliced } from "./views/rollup.js";
import { withinTerritory } from "./hierarchy/hierarchy-view.js";

export interface ViewOptions {
  /** A date (the end of that day in Kyiv time) or an ISO-8601 moment: the view is replayed from the log as of then. */
  readonly asOf?: string | undefined;
  /** With `asOf`: also hide events that had not reached this node by then (default true). */
  readonly byReceipt?: boolean | undefined;
  /** Roll-up only: the origins of a territory on a date (`territoryView`); only their logs' plans and reports count. */
  readonly territory?: ReadonlySet<string> | undefined;
  /** Roll-up only: which children it lists (at most `limit` per list; one `measure`; `after` a cursor). */
  readonly page?: RollupPage | undefined;
}

export interface ProjectionsService {
  readonly nodeId: string | null;
  /** Every plan held here, own and replicated, ordered by owner then id. */
  readonly listPlans: (options?: ViewOptions) => Effect.Effect<ReadonlyArray<PlanSummary>, InvalidAsOf>;
  readonly planTree: (planId: string, options?: ViewOptions) => Effect.Effect<PlanTree, PlanNotFound | InvalidAsOf>;
  readonly rollup: (planId: string, options?: ViewOptions) => Effect.Effect<Rollup, PlanNotFound | InvalidAsOf>;
  readonly reports: (planId: string, options?: ViewOptions) => Effect.Effect<ReportCalendar, PlanNotFound | InvalidAsOf>;
  readonly money: (planId: string, options?: ViewOptions) => Effect.Effect<PlanMoney, PlanNotFound | InvalidAsOf>;
  /**
   * One report held here, now or as of a moment: its header and each measure's latest recorded progress; `null` if
   * not held (then). Views and pages ask this for a report's progress instead of folding its stream.
   */
  readonly report: (reportId: string, options?: ViewOptions) => Effect.Effect<ReportProgress | null, InvalidAsOf>;
  /** Applies events appended since the checkpoint; every read does this first. */
  readonly catchUp: () => Effect.Effect<CatchUpResult>;
  /** Refolds the whole log and replaces the cached rows and checkpoint in one transaction. */
  readonly rebuild: () => Effect.Effect<RebuildResult>;
  /** Position of the last event applied, after catching up. */
  readonly position: () => Effect.Effect<number>;
}

/**
 * The newest checkpoint of each origin a roll-up may show, looked up before it is computed (the roll-up itself is
 * synchronous): `origins` lists them, and is only called by a lookup that fetches ahead.
 */
export type CheckpointsOf = (origins: () => ReadonlyArray<string>) => Effect.Effect<CheckpointLookup>;

export interface ProjectionsOptions {
  readonly nodeId?: string | null;
  readonly now?: () => Date;
  readonly checkpointsOf?: CheckpointsOf;
  readonly batchSize?: number;
  /** How long a roll-up computes before the event loop gets a turn (`SLICE_MS` unless given; tests ask 0). */
  readonly sliceMs?: number;
}

/** The origins a roll-up may show freshness for: those of the plans with a measure linked to another plan's. */
const linkedOrigins = (state: LedgerState): ReadonlyArray<string> => {
  const origins = new Set<string>();
  for (const p of state.plans.values()) {
    if (origins.has(p.origin)) continue;
    for (const id in p.measures)
      if (p.measures[id]?.parent != null) {
        origins.add(p.origin);
        break;
      }
  }
  return [...origins];
};

const planNotFound = (planId: string): PlanNotFound =>
  new PlanNotFound({ planId, message: `План «${planId}» не знайдено на цьому вузлі / plan not held by this node` });

/**
 * The service over a running engine; the clock is read per call so "overdue" and "not reported" move with time.
 *
 * @example
 * const service = makeProjectionsService(ledgerEngine({ source }), { nodeId: "luhanska" });
 * Effect.runSync(service.listPlans());
 */
export const makeProjectionsService = (engine: LedgerEngine, options: ProjectionsOptions = {}): ProjectionsService => {
  const now = options.now ?? (() => new Date());
  const nodeId = options.nodeId ?? null;

  /** The ledger and evaluation day a view is computed on. */
  const ledgerFor = (view: ViewOptions | undefined): Effect.Effect<{ state: LedgerState; at: string }, InvalidAsOf> =>
    Effect.suspend(() => {
      if (view?.asOf === undefined)
        return Effect.map(engine.catchUp(), () => ({ state: engine.current(), at: kyivDay(now()) }));
      const parsed = parseAsOf(view.asOf, view.byReceipt ?? true);
      if (Either.isLeft(parsed)) return Effect.fail(parsed.left);
      const asOf = parsed.right;
      return Effect.map(engine.asOf(asOf), (state) => ({ state, at: kyivDay(Date.parse(asOf.recordedAt)) }));
    });

  const withPlanEffect = <A>(
    planId: string,
    view: ViewOptions | undefined,
    f: (state: LedgerState, plan: PlanState, at: string) => Effect.Effect<A>,
  ): Effect.Effect<A, PlanNotFound | InvalidAsOf> =>
    Effect.flatMap(ledgerFor(view), ({ state, at }) => {
      const plan = state.plans.get(planId);
      return plan === undefined ? Effect.fail(planNotFound(planId)) : Effect.suspend(() => f(state, plan, at));
    });
  const withPlan = <A>(
    planId: string,
    view: ViewOptions | undefined,
    f: (state: LedgerState, plan: PlanState, at: string) => A,
  ): Effect.Effect<A, PlanNotFound | InvalidAsOf> => withPlanEffect(planId, view, (state, plan, at) => Effect.sync(() => f(state, plan, at)));
  const checkpointsOf = options.checkpointsOf ?? (() => Effect.succeed(() => null));
  const sliced = options.sliceMs === undefined ? {} : { sliceMs: options.sliceMs };

  /**
   * Like `withPlanEffect`, for a view computed in slices (a roll-up): the current ledger is held while it computes,
   * so a catch-up between two slices cannot change it half-way (`LedgerEngine.reading`); an as-of ledger is a
   * replay of its own.
   */
  const withHeldPlan = <A>(
    planId: string,
    view: ViewOptions | undefined,
    f: (state: LedgerState, plan: PlanState, at: string, current: boolean) => Effect.Effect<A>,
  ): Effect.Effect<A, PlanNotFound | InvalidAsOf> =>
    view?.asOf !== undefined
      ? withPlanEffect(planId, view, (state, plan, at) => f(state, plan, at, false))
      : Effect.zipRight(
          engine.catchUp(),
          engine.reading((state) => {
            const plan = state.plans.get(planId);
            return plan === undefined ? Effect.fail(planNotFound(planId)) : f(state, plan, kyivDay(now()), true);
          }),
        );
  // The current ledger's roll-ups kept between requests: a write recomputes only the measures it touched and those
  // above them (docs/rollups.md, "Size at scale"). Brought up to date with the ledger held, before each roll-up.
  const memo = rollupMemo();
  // An as-of ledger never changes (the engine shares one for a past moment): each keeps its own memo, gone with it.
  const asOfMemos = new WeakMap<LedgerState, RollupMemo>();
  const memoFor = (state: LedgerState, at: string, current: boolean): RollupMemo => {
    if (current) {
      memo.prepare(state, at, engine.takeChanges());
      return memo;
    }
    let kept = asOfMemos.get(state);
    if (kept === undefined) {
      kept = rollupMemo();
      kept.prepare(state, at, { reset: false, plans: [] });
      asOfMemos.set(state, kept);
    }
    return kept;
  };

  return {
    nodeId,
    listPlans: (view) =>
      Effect.map(ledgerFor(view), ({ state }) =>
        [...state.plans.values()]
          .map((p) => planSummary(p, nodeId))
          .sort((a, b) => a.owner.localeCompare(b.owner) || a.id.localeCompare(b.id)),
      ),
    planTree: (planId, view) => withPlan(planId, view, (state, plan, at) => planTree(state, plan, at, nodeId)),
    // Computed a few milliseconds at a time: at 1,600 districts a roll-up takes seconds (docs/rollups.md).
    rollup: (planId, view) =>
      withHeldPlan(planId, view, (state, plan, at, current) => {
        // The current ledger's memo takes the ledger's changes before every roll-up; a territory's roll-up reads a
        // filtered copy of the ledger: computed whole, without a memo.
        const prepared = current || view?.territory === undefined ? memoFor(state, at, current) : undefined;
        const kept = view?.territory === undefined ? prepared : undefined;
        return Effect.flatMap(checkpointsOf(() => linkedOrigins(state)), (checkpointOf) =>
          rollupSliced(view?.territory ? withinTerritory(state, plan, view.territory) : state, plan, at, checkpointOf, view?.page, {
            ...sliced,
            memo: kept,
          }),
        );
      }),
    reports: (planId, view) => withPlan(planId, view, (state, plan, at) => reportCalendar(state, plan, at)),
    money: (planId, view) => withPlan(planId, view, (state, plan, at) => planMoney(state, plan, at)),
    report: (reportId, view) => Effect.map(ledgerFor(view), ({ state }) => reportProgress(state, reportId)),
    catchUp: () => engine.catchUp(),
    rebuild: () => engine.rebuild(),
    position: () => Effect.map(engine.catchUp(), (caught) => caught.position),
  };
};

/** The node database as the event store opens it (for the read model's own tables), and the store's reader. */
export interface ProjectionDatabase {
  readonly sqlite: Database.Database;
  readonly kysely: Kysely<EventStoreTables>;
  readonly reader: LogReader;
}

/**
 * Migrates the read-model tables, loads the cached ledger and catches up from its checkpoint.
 *
 * @example
 * const projections = await openSqliteProjections({ ...database, reader: store.reader }, { nodeId: "luhanska" });
 */
export const openSqliteProjections = async (
  db: ProjectionDatabase,
  options: ProjectionsOptions = {},
): Promise<ProjectionsService> => {
  await migrateDatabase(db.kysely, [projectionsMigrations]);
  const kysely = db.kysely as unknown as Kysely<ProjectionTables>;
  // better-sqlite3 answers at once: progress texts stay in the file and are read back when a view needs them.
  const source = storeEventSource(db.reader, { answersAtOnce: true });
  const engine = ledgerEngine({
    source,
    scanAsOf: source.scanAsOf,
    cache: ledgerCache(db.sqlite, kysely, db.reader),
    ...(options.now ? { now: options.now } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
  });
  await Effect.runPromise(engine.catchUp());
  return makeProjectionsService(engine, options);
};

/** The PostgreSQL database the store opened (for the read model's own tables, in the same schema), and its reader. */
export interface PostgresProjectionDatabase {
  readonly kysely: Kysely<EventStoreTables>;
  readonly reader: LogReader;
}

/**
 * The same as {@link openSqliteProjections} on PostgreSQL: the same migrations make the same tables in the store's
 * schema, and every read of the log and of the rows is awaited. The reader cannot answer a view at once, so the
 * ledger keeps each recording's text (see `storeEventSource`).
 *
 * @example
 * const projections = await openPostgresProjections({ kysely, reader: store.reader }, { nodeId: "ukraine" });
 */
export const openPostgresProjections = async (
  db: PostgresProjectionDatabase,
  options: ProjectionsOptions = {},
): Promise<ProjectionsService> => {
  await migrateDatabase(db.kysely, [projectionsMigrations]);
  const source = storeEventSource(db.reader);
  const engine = ledgerEngine({
    source,
    scanAsOf: source.scanAsOf,
    cache: postgresLedgerCache(db.kysely as unknown as Kysely<ProjectionTables>, db.reader),
    ...(options.now ? { now: options.now } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
  });
  await Effect.runPromise(engine.catchUp());
  return makeProjectionsService(engine, options);
};

/**
 * Reads any `EventStore` through its reader (see `storeEventSource`); `answersAtOnce` for the SQLite and in-memory
 * stores.
 *
 * @example
 * yield* ledgerEngine({ source: eventStoreSource(store) }).catchUp();
 */
export const eventStoreSource = (store: Context.Tag.Service<EventStore>, answersAtOnce = false): EventSource =>
  storeEventSource(store.reader, { answersAtOnce });

// One seek on the checkpoints' (origin, seq) key per origin: a district that pushed 32,000 times holds as many.
const lastCheckpoint = (store: Context.Tag.Service<EventStore>, origin: string) =>
  Effect.map(store.reader.lastCheckpointWithin(origin, -1, Number.MAX_SAFE_INTEGER), (last) =>
    last === undefined ? null : { seq: last.seq, hash: last.hash, signedAt: last.signedAt },
  );

/**
 * Newest checkpoint per origin from the store, for the freshness of roll-up figures: looked up as the roll-up asks
 * on an engine that answers at once (SQLite, memory), fetched ahead for every linked origin on one that does not.
 */
const checkpointsFrom =
  (store: Context.Tag.Service<EventStore>, answersAtOnce: boolean): CheckpointsOf =>
  (origins) =>
    answersAtOnce
      ? Effect.succeed((origin) => Effect.runSync(lastCheckpoint(store, origin)))
      : Effect.map(
          Effect.forEach(origins(), (origin) => Effect.map(lastCheckpoint(store, origin), (cp) => [origin, cp] as const), {
            concurrency: 8,
          }),
          (found) => {
            const byOrigin = new Map(found);
            return (origin) => byOrigin.get(origin) ?? null;
          },
        );

/**
 * Read models, roll-ups, rebuild and as-of over the node's log.
 *
 * @example
 * const tree = yield* (yield* Projections).planTree("luhanska.1003.2018-12-12", { asOf: "2024-04-05" });
 */
export class Projections extends Context.Tag("@planledger/projections/Projections")<Projections, ProjectionsService>() {
  /** Rows and checkpoint in the event store's SQLite database; catches up on start. */
  static sqlite(
    options: Omit<ProjectionsOptions, "nodeId" | "checkpointsOf"> = {},
  ): Layer.Layer<Projections, never, EventStore | EventStoreDatabase> {
    return Layer.effect(
      Projections,
      Effect.gen(function* () {
        const store = yield* EventStore;
        const db = yield* EventStoreDatabase;
        return yield* Effect.promise(() =>
          openSqliteProjections(
            { sqlite: db.sqlite, kysely: db.kysely, reader: store.reader },
            { ...options, nodeId: store.nodeId, checkpointsOf: checkpointsFrom(store, true) },
          ),
        );
      }),
    );
  }

  /** Rows and checkpoint in the event store's PostgreSQL schema, through its pool; catches up on start. */
  static postgres(
    options: Omit<ProjectionsOptions, "nodeId" | "checkpointsOf"> = {},
  ): Layer.Layer<Projections, never, EventStore | PostgresDatabase> {
    return Layer.effect(
      Projections,
      Effect.gen(function* () {
        const store = yield* EventStore;
        const db = yield* PostgresDatabase;
        return yield* Effect.promise(() =>
          openPostgresProjections(
            { kysely: db.kysely, reader: store.reader },
            { ...options, nodeId: store.nodeId, checkpointsOf: checkpointsFrom(store, false) },
          ),
        );
      }),
    );
  }

  /** The ledger in memory only, refolded from the store on start: for tests and tools. */
  static inMemory(options: Omit<ProjectionsOptions, "nodeId" | "checkpointsOf"> = {}): Layer.Layer<Projections, never, EventStore> {
    return Layer.effect(
      Projections,
      Effect.gen(function* () {
        const store = yield* EventStore;
        // Over the SQLite or in-memory store, which answer at once (this layer is not meant for PostgreSQL).
        const engine = ledgerEngine({
          source: eventStoreSource(store, true),
          ...(options.now ? { now: options.now } : {}),
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        });
        yield* engine.catchUp();
        return makeProjectionsService(engine, { ...options, nodeId: store.nodeId, checkpointsOf: checkpointsFrom(store, true) });
      }),
    );
  }
}
