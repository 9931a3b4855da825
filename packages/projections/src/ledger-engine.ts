/**
 * @module The projection runner: keeps the ledger caught up with the log, writes its rows and checkpoint in one
 * transaction per batch, rebuilds from scratch, and replays into a fresh ledger for an as-of view.
 */
import { applyEvent } from "./model/apply-event.js";
import type { EventSource } from "./model/event-source.js";
import type { LedgerState } from "./model/ledger-state.js";
import { emptyLedger } from "./model/ledger-state.js";
import type { AsOf, LoggedEvent } from "./model/logged-event.js";
import { visibleAt } from "./model/logged-event.js";
import { projectEvents } from "./model/project-events.js";
import type { DirtySet, LedgerCache } from "./sqlite/ledger-cache.js";
import { emptyDirty } from "./sqlite/ledger-cache.js";

export interface LedgerEngineOptions {
  readonly source: EventSource;
  /** A faster as-of scan (the SQLite source filters in SQL); else pages through `source` and filters. */
  readonly scanAsOf?: (recordedBy: string, receivedBy: string | null) => Iterable<LoggedEvent>;
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

export interface LedgerEngine {
  /** The caught-up ledger; callers must not mutate it. */
  readonly current: () => LedgerState;
  readonly catchUp: () => CatchUpResult;
  readonly rebuild: () => RebuildResult;
  /** A fresh ledger of what was visible at `asOf`. */
  readonly asOf: (asOf: AsOf) => LedgerState;
}

const DEFAULT_BATCH = 20_000;

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
 * const engine = ledgerEngine({ source: sqliteEventSource(sqlite, kysely), cache: ledgerCache(sqlite, kysely) });
 * engine.catchUp(); // { applied: 120, position: 120 }
 */
export const ledgerEngine = (options: LedgerEngineOptions): LedgerEngine => {
  const { source, cache } = options;
  const now = options.now ?? (() => new Date());
  const batch = options.batchSize ?? DEFAULT_BATCH;
  const textAt = source.textAt ?? null;
  let state = cache ? cache.load(textAt) : emptyLedger(textAt);

  // Folds each event as it is read (no page of events kept: most of a long log is garbage right after its fold).
  const scan = source.textAt !== undefined ? source.scanFrom : undefined;
  const readBatch = (dirty: DirtySet): number => {
    if (scan !== undefined) return scan(state.position + 1, batch, (e) => markDirty(dirty, state, e));
    const page = source.readFrom(state.position + 1, batch);
    for (const e of page) markDirty(dirty, state, e);
    return page.length;
  };

  const catchUp = (): CatchUpResult => {
    let applied = 0;
    for (;;) {
      const dirty = emptyDirty();
      const read = readBatch(dirty);
      if (read === 0) break;
      applied += read;
      cache?.save(state, dirty, now().toISOString());
      if (read < batch) break;
    }
    return { applied, position: state.position };
  };

  // A rebuild is a catch-up from an empty cache: batches of rows with their checkpoint, so that a crash
  // half-way leaves a consistent prefix that the next start continues from.
  const rebuild = (): RebuildResult => {
    const started = performance.now();
    cache?.reset(now().toISOString());
    state = emptyLedger(textAt);
    const { applied, position } = catchUp();
    const millis = performance.now() - started;
    return {
      events: applied,
      position,
      millis: Math.round(millis),
      eventsPerSecond: millis > 0 ? Math.round((applied / millis) * 1000) : applied,
    };
  };

  const asOf = (at: AsOf): LedgerState => {
    if (options.scanAsOf)
      return projectEvents(options.scanAsOf(at.recordedAt, at.byReceipt ? at.recordedAt : null), undefined, textAt);
    const replay = emptyLedger(textAt);
    for (let from = 1; ; ) {
      const page = source.readFrom(from, batch);
      for (const e of page) if (visibleAt(e, at)) applyEvent(replay, e);
      const last = page[page.length - 1];
      if (last === undefined || page.length < batch) break;
      from = last.position + 1;
    }
    return replay;
  };

  return { current: () => state, catchUp, rebuild, asOf };
};
