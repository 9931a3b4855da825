/**
 * @module The projection runner: keeps the ledger caught up with the log, writes its rows and checkpoint in one
 * transaction per batch, rebuilds from scratch, and replays into a fresh ledger for an as-of view.
 */
import { Deferred, Effect, Exit, FiberId } from "effect";
import { applyEvent } from "./model/apply-event.js";
import type { EventSource } from "./model/event-source.js";
import type { LedgerState } from "./model/ledger-state.js";
import { emptyLedger } from "./model/ledger-state.js";
import type { AsOf, LoggedEvent } from "./model/logged-event.js";
import { visibleAt } from "./model/logged-event.js";
import type { DirtySet, LedgerCache } from "./sqlite/ledger-cache.js";
import { emptyDirty } from "./sqlite/ledger-cache.js";

export interface LedgerEngineOptions {
  readonly source: EventSource;
  /** A faster as-of scan (the store's source filters in the engine); else pages through `source` and filters. */
  readonly scanAsOf?: (recordedBy: string, receivedBy: string | null, visit: (event: LoggedEvent) => void) => Effect.Effect<void>;
  /** Without a cache the ledger lives in memory only and is refolded from the log on start. */
  readonly cache?: LedgerCache;
  readonly now?: () => Date;
  /** Events per read page and per write transaction. */
  readonly batchSize?: number;
}

export interface CatchUpResult {
  readonly applied: number;
  readonly position: number;
}

export interface RebuildResult {
  readonly events: number;
  readonly position: number;
  readonly millis: number;
  readonly eventsPerSecond: number;
}

/**
 * The runner's steps are effects, awaited page by page: over SQLite or memory they complete at once, over
 * PostgreSQL each page and each write is a round trip. One catch-up or rebuild runs at a time (a fold must not
 * interleave with another); a view taken meanwhile sees the ledger as of the last event folded.
 */
export interface LedgerEngine {
  /** The caught-up ledger (empty until the first catch-up loads the cache); callers must not mutate it. */
  readonly current: () => LedgerState;
  /** Loads the cached ledger on first use, then folds what the log gained since. */
  readonly catchUp: () => Effect.Effect<CatchUpResult>;
  readonly rebuild: () => Effect.Effect<RebuildResult>;
  /**
   * A fresh ledger of what was visible at `asOf`; callers must not mutate it. A past moment by receipt is replayed
   * once and kept (the last such) for every request that asks for it, at once or later.
   */
  readonly asOf: (asOf: AsOf) => Effect.Effect<LedgerState>;
  /**
   * Runs `use` on the current ledger, which no catch-up changes until `use` completes: for a view computed in slices
   * with turns of the event loop between them (a roll-up), which would otherwise mix two states of the log. Any
   * number read at once; a catch-up waits for them, and a read that comes while a catch-up waits, waits for it too
   * (so a stream of roll-ups cannot hold catch-ups off).
   */
  readonly reading: <A, E>(use: (state: LedgerState) => Effect.Effect<A, E>) => Effect.Effect<A, E>;
  /**
   * The plans whose measures or reports the catch-ups changed since the last call (`reset`: the ledger was loaded
   * or rebuilt, anything may have changed), and forgets them: for the roll-ups' memo (`RollupMemo`), its one caller.
   */
  readonly takeChanges: () => LedgerChanges;
}

export interface LedgerChanges {
  readonly reset: boolean;
  readonly plans: ReadonlySet<string>;
}

const DEFAULT_BATCH = 20_000;
/** Permits of the ledger's read lock: a catch-up takes them all, each reading view one. */
const READERS = 1 << 20;

const markDirty = (dirty: DirtySet, state: LedgerState, event: LoggedEvent): void => {
  const touched = applyEvent(state, event);
  if (event.origin !== dirty.lastOrigin) {
    dirty.origins.add(event.origin);
    dirty.lastOrigin = event.origin;
  }
  switch (touched.kind) {
    case "plan":
      dirty.plans.add(touched.planId);
      return;
    case "progress":
      // The report's row carries its progress: rewritten once per batch however many recordings it got.
      if (touched.reportId !== dirty.lastReport) {
        dirty.reports.add(touched.reportId);
        dirty.lastReport = touched.reportId;
      }
      return;
    case "report":
      dirty.reports.add(touched.reportId);
      return;
    case "none":
      return;
    default: {
      const unknownKind: never = touched;
      void unknownKind;
    }
  }
};

/**
 * @example
 * const engine = ledgerEngine({ source: storeEventSource(reader, { answersAtOnce: true }), cache: ledgerCache(sqlite, kysely, reader) });
 * yield* engine.catchUp(); // { applied: 120, position: 120 }
 */
export const ledgerEngine = (options: LedgerEngineOptions): LedgerEngine => {
  const { source, cache } = options;
  const now = options.now ?? (() => new Date());
  const batch = options.batchSize ?? DEFAULT_BATCH;
  const textAt = source.textAt ?? null;
  let state = emptyLedger(textAt);
  let loaded = cache === undefined;
  const oneAtATime = Effect.unsafeMakeSemaphore(1);
  // A read lock with a turnstile: a catch-up holds the turnstile while it waits for the readers to leave, so
  // readers that come after it wait for it (a readers-writer lock that prefers the writer).
  const turnstile = Effect.unsafeMakeSemaphore(1);
  const room = Effect.unsafeMakeSemaphore(READERS);
  const changing = <A, E>(change: Effect.Effect<A, E>): Effect.Effect<A, E> => turnstile.withPermits(1)(room.withPermits(READERS)(change));
  const reading = <A, E>(use: (state: LedgerState) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.zipRight(turnstile.withPermits(1)(Effect.void), room.withPermits(1)(Effect.suspend(() => use(state))));

  // Folds each event as it is read (no page of events kept: most of a long log is garbage right after its fold).
  const scan = source.scanFrom;
  const readBatch = (into: LedgerState, dirty: DirtySet): Effect.Effect<number> => {
    if (scan !== undefined) return scan(into.position + 1, batch, (e) => markDirty(dirty, into, e));
    return Effect.map(source.readFrom(into.position + 1, batch), (page) => {
      for (const e of page) markDirty(dirty, into, e);
      return page.length;
    });
  };

  let changes: { reset: boolean; plans: Set<string> } = { reset: true, plans: new Set() };
  const foldInto = (into: LedgerState): Effect.Effect<CatchUpResult> =>
    Effect.gen(function* () {
      let applied = 0;
      for (;;) {
        const dirty = emptyDirty();
        const read = yield* readBatch(into, dirty);
        if (read === 0) break;
        applied += read;
        for (const planId of dirty.plans) changes.plans.add(planId);
        for (const reportId of dirty.reports) {
          const planId = into.reports.get(reportId)?.planId;
          if (planId !== undefined) changes.plans.add(planId);
        }
        if (cache) yield* cache.save(into, dirty, now().toISOString());
        if (read < batch) break;
      }
      return { applied, position: into.position };
    });

  const catchUp = (): Effect.Effect<CatchUpResult> =>
    oneAtATime.withPermits(1)(
      Effect.suspend(() => {
        if (!loaded && cache !== undefined)
          return changing(
            Effect.flatMap(cache.load(textAt), (cached) => {
              state = cached;
              loaded = true;
              changes.reset = true;
              return foldInto(state);
            }),
          );
        // Nothing new: no need to wait for the views reading the ledger (a roll-up takes seconds at 1,600 districts).
        return Effect.flatMap(source.lastPosition(), (last) =>
          last <= state.position ? Effect.succeed({ applied: 0, position: state.position }) : changing(foldInto(state)),
        );
      }),
    );

  // A rebuild is a catch-up from an empty cache: batches of rows with their checkpoint, so that a crash
  // half-way leaves a consistent prefix that the next start continues from. The ledger views read meanwhile is
  // the one before, until the new one has caught up.
  const rebuild = (): Effect.Effect<RebuildResult> =>
    oneAtATime.withPermits(1)(
      Effect.gen(function* () {
        const started = performance.now();
        if (cache) yield* cache.reset(now().toISOString());
        const fresh = emptyLedger(textAt);
        // Failed half-way, the rows hold a prefix the old ledger is ahead of: the next catch-up reloads them.
        const { applied, position } = yield* foldInto(fresh).pipe(
          Effect.onExit((exit) => Effect.sync(() => (loaded = exit._tag === "Success" || cache === undefined))),
        );
        state = fresh;
        loaded = true;
        changes.reset = true;
        const millis = performance.now() - started;
        return {
          events: applied,
          position,
          millis: Math.round(millis),
          eventsPerSecond: millis > 0 ? Math.round((applied / millis) * 1000) : applied,
        };
      }),
    );

  const replayAsOf = (at: AsOf): Effect.Effect<LedgerState> =>
    Effect.suspend(() => {
      const replay = emptyLedger(textAt);
      if (options.scanAsOf)
        return Effect.as(
          options.scanAsOf(at.recordedAt, at.byReceipt ? at.recordedAt : null, (e) => applyEvent(replay, e)),
          replay,
        );
      return Effect.gen(function* () {
        for (let from = 1; ; ) {
          const page = yield* source.readFrom(from, batch);
          for (const e of page) if (visibleAt(e, at)) applyEvent(replay, e);
          const last = page[page.length - 1];
          if (last === undefined || page.length < batch) break;
          from = last.position + 1;
        }
        return replay;
      });
    });

  // The last as-of ledger that can no longer change, shared by every request for the same moment (one replay, however
  // many ask at once): what had reached this node by a moment now past is fixed — an event received later carries a
  // later receipt time. One is kept: each is a whole ledger.
  let pastReplay: { readonly key: string; readonly done: Deferred.Deferred<LedgerState> } | null = null;
  const asOf = (at: AsOf): Effect.Effect<LedgerState> =>
    Effect.suspend(() => {
      if (!at.byReceipt || Date.parse(at.recordedAt) >= now().getTime()) return replayAsOf(at);
      const key = at.recordedAt;
      if (pastReplay?.key === key) return Deferred.await(pastReplay.done);
      const done = Deferred.unsafeMake<LedgerState>(FiberId.none);
      pastReplay = { key, done };
      // Run whole even if the request that started it goes away: the others wait for it.
      return Effect.uninterruptible(
        Effect.onExit(replayAsOf(at), (exit) =>
          Effect.zipRight(
            Effect.sync(() => {
              if (Exit.isFailure(exit) && pastReplay?.key === key) pastReplay = null;
            }),
            Deferred.done(done, exit),
          ),
        ),
      );
    });

  const takeChanges = (): LedgerChanges => {
    const taken = changes;
    changes = { reset: false, plans: new Set() };
    return taken;
  };

  return { current: () => state, catchUp, rebuild, asOf, reading, takeChanges };
};
