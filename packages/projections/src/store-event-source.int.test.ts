import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventStore, EventStoreDatabase, migrateDatabase } from "@planledger/event-store";
import { Effect } from "effect";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ledgerEngine } from "./ledger-engine.js";
import { applyEvent, readProgress } from "./model/apply-event.js";
import type { LedgerState } from "./model/ledger-state.js";
import type { LoggedEvent } from "./model/logged-event.js";
import { projectEvents } from "./model/project-events.js";
import { appendOwn } from "./testing/append-own.js";
import { LogBuilder, deadline } from "./testing/log-builder.js";
import { ledgerCache } from "./sqlite/ledger-cache.js";
import { projectionsMigrations } from "./sqlite/migrations/index.js";
import type { ProjectionTables } from "./sqlite/read-model-tables.js";
import { storeEventSource } from "./store-event-source.js";

const P = "novopskovskyi.328.2019-10-16";
const R = `${P}.2024-q1`;
const stream = `report:${P}:2024-Q1`;
const at = "2024-04-02T00:00:00.000Z";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "projections-source-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A report whose recordings include every shape the catch-up reader must not misfile. */
const log = (): LoggedEvent[] => {
  const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, [
    { id: "m1", term: deadline("2026-12-31") },
    { id: "m2", term: deadline("2026-12-31") },
  ], "2019-10-20T00:00:00.000Z");
  b.report("novopskovskyi", P, 2024, 1, [
    { measure: "m1", status: "inProgress", actuals: [{ value: 1, unit: "x" }] },
    { measure: "m2", status: "done" },
    { measure: "m1", status: "done", actuals: [{ value: 4, unit: "x" }] },
  ], at, false);
  const progress = (data: Record<string, unknown>, where = stream) => b.add("novopskovskyi", where, "ProgressRecorded", data, at);
  // An id that needs escaping in JSON, one that is not a string, one that is an object, and a nested `reportId`
  // sorted before the real one.
  progress({ reportId: R, measureId: `${P}.s1.t1."m3"\\`, status: "notDone", actuals: [], spent: [], narrative: "лапки" });
  progress({ reportId: R, measureId: 7, status: "done", actuals: [], spent: [], narrative: "число" });
  progress({ reportId: { id: R }, measureId: `${P}.s1.t1.m1`, status: "notDone", actuals: [], spent: [], narrative: "об'єкт" });
  progress({ actuals: [{ reportId: "elsewhere", unit: "x", value: 2 }], reportId: R, measureId: `${P}.s1.t1.m2`, status: "inProgress", spent: [], narrative: "вкладений" });
  // Not in a report stream: the plan stream files it as a plan event, an unknown stream ignores it.
  progress({ reportId: R, measureId: `${P}.s1.t1.m2`, status: "planned", actuals: [], spent: [], narrative: "не тут" }, `plan:${P}`);
  progress({ reportId: R, measureId: `${P}.s1.t1.m2`, status: "planned", actuals: [], spent: [], narrative: "не тут" }, "misc:1");
  b.add("novopskovskyi", stream, "ReportSubmitted", { reportId: R }, at);
  return b.events;
};

type Reader = Parameters<typeof ledgerCache>[2];

/** The store's reader with its reads by position counted (what loading the cached rows reads back from the log). */
const countingReads = (reader: Reader): { readonly counting: Reader; readonly readBack: () => number } => {
  let n = 0;
  const counting: Reader = {
    ...reader,
    entriesAt: (...args: Parameters<Reader["entriesAt"]>) => {
      n += args[0].length;
      return reader.entriesAt(...args);
    },
  };
  return { counting, readBack: () => n };
};

/** What views read of a ledger: plans, and each report's progress parsed. */
const viewOf = (state: LedgerState) => ({
  plans: [...state.plans.values()].map((p) => [p.planId, p.lastSeq]),
  origins: [...state.origins.values()],
  reports: [...state.reports.values()].map((r) => ({
    ...r,
    progress: Object.fromEntries(
      Object.entries(r.progress)
        .sort(([a], [c]) => (a < c ? -1 : 1))
        .map(([m, p]) => [m, { position: p.position, ...readProgress(state, p) }]),
    ),
  })),
  position: state.position,
});

describe("the catch-up reader over the store", () => {
  it("folds progress read as ids into the same ledger as the full events, cached, reloaded and rebuilt", async () => {
    const events = log();
    const result = await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendOwn(events);
        const db = yield* EventStoreDatabase;
        const { reader } = yield* EventStore;
        yield* Effect.promise(() => migrateDatabase(db.kysely, [projectionsMigrations]));
        const kysely = db.kysely as unknown as Kysely<ProjectionTables>;
        const source = storeEventSource(reader, { answersAtOnce: true });
        // The reference: every event's data parsed and read field by field (no shortcut through the text).
        const parsed = (yield* source.readFrom(1, 1_000)).map((e) => ({ ...e, data: JSON.parse(e.dataJson ?? "{}"), dataJson: undefined }));
        const full = projectEvents(parsed);
        const fromText = projectEvents(yield* source.readFrom(1, 1_000), undefined, source.textAt);
        let scanned = 0;
        const idsOnly: number[] = [];
        yield* source.scanFrom(1, 1_000, (e) => {
          scanned++;
          if (e.picked !== undefined) idsOnly.push(e.position);
        });
        // Small batches: a report's recordings span several transactions.
        const engine = ledgerEngine({ source, cache: ledgerCache(db.sqlite, kysely, reader), batchSize: 4 });
        yield* engine.catchUp();
        const caught = viewOf(engine.current());
        // The log's reads by position while loading, counted: the rows keep each recording's time.
        const { counting, readBack } = countingReads(reader);
        const again = ledgerEngine({ source, cache: ledgerCache(db.sqlite, kysely, counting) });
        // Nothing to fold: the ledger as loaded from the rows.
        const loaded = yield* again.catchUp();
        const reloaded = viewOf(again.current());
        const readBackOnLoad = readBack();
        // Rows written before the time was kept (the position alone): their times are read from the log.
        const current = db.sqlite.prepare("SELECT report_id, progress FROM proj_report").all() as { report_id: string; progress: string }[];
        for (const row of current) {
          const positionsOnly = Object.fromEntries(Object.entries(JSON.parse(row.progress) as Record<string, [number, string]>).map(([m, [position]]) => [m, position]));
          db.sqlite.prepare("UPDATE proj_report SET progress = ? WHERE report_id = ?").run(JSON.stringify(positionsOnly), row.report_id);
        }
        const older = ledgerEngine({ source, cache: ledgerCache(db.sqlite, kysely, counting) });
        yield* older.catchUp();
        const reloadedFromOlderRows = viewOf(older.current());
        const readBackForOlderRows = readBack() - readBackOnLoad;
        // Over a reader that does not answer at once: the ledger keeps the texts and loads them from the log.
        const keepsTexts = ledgerEngine({ source: storeEventSource(reader), cache: ledgerCache(db.sqlite, kysely, reader) });
        yield* keepsTexts.catchUp();
        const reloadedWithTexts = viewOf(keepsTexts.current());
        yield* engine.rebuild();
        const rebuilt = viewOf(engine.current());
        const stored = db.sqlite.prepare("SELECT progress FROM proj_report").pluck().all() as string[];
        return {
          full: viewOf(full),
          fromText: viewOf(fromText),
          caught,
          loaded,
          reloaded,
          reloadedWithTexts,
          rebuilt,
          scanned,
          idsOnly,
          stored,
          readBackOnLoad,
          reloadedFromOlderRows,
          readBackForOlderRows,
        };
      }).pipe(Effect.provide(EventStore.sqlite({ path: join(dir, "node.db"), nodeId: "novopskovskyi" })), Effect.scoped),
    );
    expect(result.scanned).toBe(events.length);
    // Everything but the object- and number-valued ids came as ids only.
    expect(result.idsOnly.length).toBe(events.filter((e) => e.type === "ProgressRecorded").length - 2);
    expect(result.fromText).toEqual(result.full);
    expect(result.caught).toEqual(result.full);
    expect(result.loaded.applied).toBe(0);
    expect(result.reloaded).toEqual(result.full);
    expect(result.readBackOnLoad).toBe(0);
    expect(result.reloadedFromOlderRows).toEqual(result.full);
    expect(result.readBackForOlderRows).toBe(3);
    expect(result.reloadedWithTexts).toEqual(result.full);
    expect(result.rebuilt).toEqual(result.full);
    const report = result.full.reports[0];
    // The recording whose measureId is a number matches no schema: skipped (it used to be filed under "").
    expect(Object.keys(report?.progress ?? {})).toEqual([`${P}.s1.t1."m3"\\`, `${P}.s1.t1.m1`, `${P}.s1.t1.m2`]);
    expect(report?.progress[`${P}.s1.t1.m2`]?.narrative).toBe("вкладений");
    // The recording in the plan stream counts as the plan's latest event (seq 14).
    expect(result.full.plans).toEqual([[P, 14]]);
    expect(result.stored.map((s) => Object.keys(JSON.parse(s) as object).length)).toEqual([3]);
  });

  it("keeps each recording's text in the rows of a ledger that keeps texts (a PostgreSQL node), so its restart reads none back from the log", async () => {
    const events = log();
    const result = await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendOwn(events);
        const db = yield* EventStoreDatabase;
        const { reader } = yield* EventStore;
        yield* Effect.promise(() => migrateDatabase(db.kysely, [projectionsMigrations]));
        const kysely = db.kysely as unknown as Kysely<ProjectionTables>;
        const full = projectEvents((yield* storeEventSource(reader, { answersAtOnce: true }).readFrom(1, 1_000)).map((e) => ({ ...e, data: JSON.parse(e.dataJson ?? "{}"), dataJson: undefined })));
        // A reader that does not answer at once: the ledger keeps every recording's text.
        const first = ledgerEngine({ source: storeEventSource(reader), cache: ledgerCache(db.sqlite, kysely, reader), batchSize: 4 });
        yield* first.catchUp();
        const stored = db.sqlite.prepare("SELECT progress FROM proj_report").pluck().all() as string[];
        const { counting, readBack } = countingReads(reader);
        const again = ledgerEngine({ source: storeEventSource(reader), cache: ledgerCache(db.sqlite, kysely, counting) });
        const loaded = yield* again.catchUp();
        return { full: viewOf(full), reloaded: viewOf(again.current()), stored, loaded, readBack: readBack() };
      }).pipe(Effect.provide(EventStore.sqlite({ path: join(dir, "node.db"), nodeId: "novopskovskyi" })), Effect.scoped),
    );
    expect(result.loaded.applied).toBe(0);
    expect(result.reloaded).toEqual(result.full);
    expect(result.readBack).toBe(0);
    // Each row holds [position, recordedAt, text].
    const rows = result.stored.flatMap((s) => Object.values(JSON.parse(s) as Record<string, unknown[]>));
    expect(rows.length).toBe(3);
    expect(rows.every((r) => r.length === 3 && typeof r[2] === "string" && (r[2] as string).startsWith("{"))).toBe(true);
  });

  it("replays as of a moment in pages, reading recordings as ids, into the same ledger as from every event at once", async () => {
    // Eight years of quarterly reports on twenty measures: some 700 events, more than the replay's first pages.
    const measures = Array.from({ length: 20 }, (_, i) => ({ id: `m${i + 1}`, term: deadline("2026-12-31") }));
    const b = new LogBuilder().plan("novopskovskyi", P, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 } }, measures, "2019-10-20T00:00:00.000Z");
    for (let year = 2019; year <= 2026; year++)
      for (let quarter = 1; quarter <= 4; quarter++)
        b.report("novopskovskyi", P, year, quarter, measures.map((m, i) => ({ measure: m.id, status: "inProgress" as const, actuals: [{ value: year - 2018 + i, unit: "x" }] })),
          `${quarter === 4 ? year + 1 : year}-${String(quarter === 4 ? 1 : quarter * 3 + 1).padStart(2, "0")}-02T00:00:00.000Z`);
    const cut = "2023-06-30T23:59:59.999Z";
    const result = await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendOwn(b.events);
        const { reader } = yield* EventStore;
        const source = storeEventSource(reader, { answersAtOnce: true });
        const replay = projectEvents([], undefined, source.textAt);
        let visited = 0;
        let picked = 0;
        yield* source.scanAsOf(cut, null, (e) => {
          visited++;
          if (e.picked !== undefined) picked++;
          applyEvent(replay, e);
        });
        return { replay: viewOf(replay), visited, picked };
      }).pipe(Effect.provide(EventStore.sqlite({ path: join(dir, "node.db"), nodeId: "novopskovskyi" })), Effect.scoped),
    );
    const visible = b.events.filter((e) => e.recordedAt <= cut);
    expect(b.events.length).toBeGreaterThan(600);
    expect(result.visited).toBe(visible.length);
    expect(result.picked).toBe(visible.filter((e) => e.type === "ProgressRecorded").length);
    // The same plans and reports, progress included; the origin's receipt time is the store's, not the builder's.
    const expected = viewOf(projectEvents(visible));
    expect([result.replay.plans, result.replay.reports]).toEqual([expected.plans, expected.reports]);
    expect(result.replay.origins.map((o) => o.lastSeq)).toEqual(expected.origins.map((o) => o.lastSeq));
  });
});
