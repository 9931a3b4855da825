/**
 * @module `pnpm --filter @planledger/bench run rebuild`: generates 1,000,000 events of a federation's log (plans of
 * many origins, their measures linked upwards, quarterly reports with progress on every measure, reviews) into a
 * temp SQLite node database, then measures the projections' first catch-up and a full rebuild in a fresh
 * process: events/s (wall and per CPU-second, beside the floor of merely reading and parsing the same rows),
 * peak RSS, the load average, and the machine.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventStore, EventStoreDatabase, GENESIS_HASH, canonicalJson, envelopeHash, migrateDatabase } from "@planledger/event-store";
import {
  type LoggedEvent,
  type ProjectionTables,
  ledgerCache,
  ledgerEngine,
  projectionsMigrations,
  storeEventSource,
} from "@planledger/projections";
import { Effect, ManagedRuntime } from "effect";
import type { Kysely } from "kysely";

const TOTAL = Number(process.env.EVENTS ?? 1_000_000);
/** Issue #4's target for a projection rebuild, on the wall clock. */
const TARGET_EVENTS_PER_SECOND = 100_000;
const SECTIONS = 8;
const TASKS = 5;
const MEASURES = 10;
const ORIGINS = ["luhanska", ...Array.from({ length: 24 }, (_, i) => `district-${i + 1}`)];
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Writes TOTAL events, hash-chained per origin, straight into the events table (one transaction per 50,000). */
const generate = async (path: string): Promise<number> => {
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId: "luhanska" }));
  const db = await runtime.runPromise(EventStoreDatabase);
  const insert = db.sqlite.prepare(
    `INSERT INTO events (event_id, origin, seq, stream, stream_version, type, data, actor, recorded_at, causation_id,
       correlation_id, prev_hash, hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
  );
  const heads = new Map<string, { seq: number; hash: string }>();
  const versions = new Map<string, number>();
  let pending: (() => void)[] = [];
  let written = 0;
  const flush = db.sqlite.transaction((rows: (() => void)[]) => {
    for (const run of rows) run();
  });
  const emit = (origin: string, stream: string, type: string, data: unknown, recordedAt: string): boolean => {
    if (written >= TOTAL) return false;
    const head = heads.get(origin) ?? { seq: 0, hash: GENESIS_HASH };
    const version = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, version);
    const dataJson = canonicalJson(data);
    const fields = {
      eventId: `${origin}-${head.seq + 1}`,
      origin,
      seq: head.seq + 1,
      stream,
      streamVersion: version,
      type,
      actor: "bench",
      recordedAt,
      causationId: null,
      correlationId: null,
      prevHash: head.hash,
    };
    const hash = envelopeHash(fields, dataJson);
    heads.set(origin, { seq: fields.seq, hash });
    pending.push(() =>
      insert.run(fields.eventId, origin, fields.seq, stream, version, type, dataJson, "bench", recordedAt, head.hash, hash, recordedAt),
    );
    written++;
    if (pending.length === 50_000) {
      flush(pending);
      pending = [];
    }
    return true;
  };

  const oblastPlan = "luhanska.1003.2018-12-12";
  const measureId = (planId: string, s: number, t: number, m: number) => `${planId}.s${s}.t${t}.m${m}`;
  const term = { kind: "deadline", text: "до 31.12.2026", date: "2026-12-31" };
  outer: for (let round = 0; ; round++) {
    for (const origin of ORIGINS) {
      const planId = origin === "luhanska" && round === 0 ? oblastPlan : `${origin}.${100 + round}.2019-01-1${round % 10}`;
      const stream = `plan:${planId}`;
      const at = "2019-01-20T09:00:00.000Z";
      const period = { from: 2019, to: 2026 };
      if (!emit(origin, stream, "PlanAdopted", { planId, ownerNode: origin, title: `План заходів ${planId}`, issuer: "ОДА", order: { number: String(100 + round), date: "2019-01-15" }, period, parentPlanId: origin === "luhanska" ? null : oblastPlan }, at)) break outer;
      for (let s = 1; s <= SECTIONS; s++) {
        emit(origin, stream, "SectionAdded", { sectionId: `${planId}.s${s}`, label: ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][s - 1], ordinal: s, title: `Розділ ${s}` }, at);
        for (let t = 1; t <= TASKS; t++) {
          emit(origin, stream, "TaskAdded", { taskId: `${planId}.s${s}.t${t}`, sectionId: `${planId}.s${s}`, label: `${t}.`, ordinal: t, title: `Завдання ${t}` }, at);
          for (let m = 1; m <= MEASURES; m++) {
            const id = measureId(planId, s, t, m);
            emit(origin, stream, "MeasureAdded", {
              measureId: id, taskId: `${planId}.s${s}.t${t}`, label: `${m})`, ordinal: m,
              title: "Забезпечення функціонування мережі служб підтримки сімей з дітьми",
              term, executors: [{ name: "Служба у справах дітей", byConsent: false }],
              indicator: { text: "створення 115 прийомних сімей", targets: [{ value: 115, unit: "прийомних сімей" }] },
              budget: [{ executor: "ОДА", source: "обласний бюджет", total: 80, byYear: { "2024": 40, "2025": 40 } }],
            }, at);
            if (origin !== "luhanska")
              emit(origin, stream, "MeasureLinked", { measureId: id, parent: { node: "luhanska", planId: oblastPlan, measureId: measureId(oblastPlan, s, t, m) } }, at);
          }
        }
      }
      for (const year of YEARS)
        for (let q = 1; q <= 4; q++) {
          const reportId = `${planId}.${year}-q${q}`;
          const rstream = `report:${planId}:${year}-Q${q}`;
          const rat = `${year + (q === 4 ? 1 : 0)}-${String(q === 4 ? 1 : q * 3 + 1).padStart(2, "0")}-02T08:00:00.000Z`;
          if (!emit(origin, rstream, "ReportDrafted", { reportId, planId, year, quarter: q }, rat)) break outer;
          for (let s = 1; s <= SECTIONS; s++)
            for (let t = 1; t <= TASKS; t++)
              for (let m = 1; m <= MEASURES; m++)
                emit(origin, rstream, "ProgressRecorded", {
                  reportId, measureId: measureId(planId, s, t, m), status: (m + q) % 5 === 0 ? "done" : "inProgress",
                  actuals: [{ value: (year - 2018) * 4 + q, unit: "прийомних сімей" }],
                  spent: [{ source: "обласний бюджет", amount: 2.5 }], narrative: "Проведено заходи відповідно до плану",
                }, rat);
          emit(origin, rstream, "ReportSubmitted", { reportId }, rat);
          if (origin !== "luhanska")
            emit("luhanska", `review:luhanska:${reportId}`, "ReportAccepted", { reportId, reportRef: { origin, seq: heads.get(origin)?.seq ?? 0, hash: heads.get(origin)?.hash ?? "" } }, rat);
        }
    }
  }
  flush(pending);
  await runtime.dispose();
  return written;
};

/** In a fresh process: the first catch-up of an empty cache, then a rebuild, each from the same file. */
const measure = async (path: string): Promise<void> => {
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId: "luhanska" }));
  const [db, store] = await runtime.runPromise(Effect.all([EventStoreDatabase, EventStore]));
  await migrateDatabase(db.kysely, [projectionsMigrations]);
  const kysely = db.kysely as unknown as Kysely<ProjectionTables>;
  let peak = process.memoryUsage().rss;
  // SQLite answers at once: progress is scanned as ids, its text left in the file (as `Projections.sqlite` reads it).
  const plain = storeEventSource(store.reader, { answersAtOnce: true });
  // Sampled once per page: the whole rebuild is synchronous, so a timer would never fire.
  const source = {
    ...plain,
    scanFrom: (from: number, limit: number, visit: (event: LoggedEvent) => void) => {
      peak = Math.max(peak, process.memoryUsage().rss);
      return plain.scanFrom(from, limit, visit);
    },
  };
  const cache = ledgerCache(db.sqlite, kysely, store.reader);
  const engine = ledgerEngine({ source, cache });
  const timed = <A>(body: () => A): { result: A; seconds: number; cpuSeconds: number } => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = body();
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };
  const rate = (events: number, seconds: number): string => `${Math.round(events / seconds).toLocaleString("en")} events/s`;
  // The floor any fold pays on this machine right now: reading the same rows through the catch-up's reader.
  const floor = timed(() => {
    let n = 0;
    let last = 0;
    const visit = (e: LoggedEvent) => {
      last = e.position;
    };
    for (;;) {
      const read = Effect.runSync(plain.scanFrom(last + 1, 20_000, visit));
      n += read;
      if (read < 20_000) return n;
    }
  });
  // The engine's steps are effects (awaited page by page on PostgreSQL); over SQLite they complete at once.
  const caught = timed(() => Effect.runSync(engine.catchUp()));
  const catchUpPeak = peak;
  const rebuilt = timed(() => Effect.runSync(engine.rebuild()));
  const state = engine.current();
  const rows = db.sqlite.prepare("SELECT (SELECT count(*) FROM proj_plan) + (SELECT count(*) FROM proj_report)").pluck().get();
  const [load1] = loadavg();
  console.log(`load average while measuring: ${load1?.toFixed(2)} on ${cpus().length} cores`);
  console.log(`read model: ${state.plans.size} plans, ${state.reports.size} reports, ${state.origins.size} origins, ${rows} cached rows`);
  console.log(
    `floor (reading the rows through the catch-up's reader only, no fold, no writes): ${rate(floor.result, floor.seconds)} wall, ${rate(floor.result, floor.cpuSeconds)} per CPU-second`,
  );
  console.log(
    `first catch-up (empty cache, 20,000-event batches, rows + checkpoint per transaction): ${caught.result.applied.toLocaleString("en")} events in ${caught.seconds.toFixed(2)} s = ${rate(caught.result.applied, caught.seconds)} wall, ${rate(caught.result.applied, caught.cpuSeconds)} per CPU-second; peak RSS ${mb(catchUpPeak)}`,
  );
  console.log(
    `rebuild (reset, then the same batched catch-up into a fresh ledger): ${rebuilt.result.events.toLocaleString("en")} events in ${rebuilt.seconds.toFixed(2)} s = ${rate(rebuilt.result.events, rebuilt.seconds)} wall, ${rate(rebuilt.result.events, rebuilt.cpuSeconds)} per CPU-second; peak RSS ${mb(peak)} (kernel max RSS ${mb(process.resourceUsage().maxRSS * 1024)})`,
  );
  const rebuildRate = Math.round(rebuilt.result.events / rebuilt.seconds);
  console.log(
    `target: rebuild ≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString("en")} events/s — ${rebuildRate.toLocaleString("en")} (${rebuildRate >= TARGET_EVENTS_PER_SECOND ? "met" : "NOT met"})`,
  );
  await runtime.dispose();
};

const main = async (): Promise<void> => {
  const measureAt = process.argv.indexOf("--measure");
  if (measureAt >= 0) return measure(process.argv[measureAt + 1] ?? "");
  const cpu = cpus();
  console.log("Plan Ledger — bench:rebuild");
  console.log(`машина / machine: ${cpu[0]?.model ?? "?"}, ${cpu.length} ядер / cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
  console.log(`node ${process.version}, ${platform()} ${release()}; SQLite WAL, synchronous=NORMAL`);
  const dir = mkdtempSync(join(tmpdir(), "planledger-rebuild-"));
  try {
    const path = join(dir, "luhanska.db");
    const started = performance.now();
    const written = await generate(path);
    console.log(`generated ${written.toLocaleString("en")} hash-chained events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--measure", path], {
      stdio: "inherit",
    });
    if (child.status !== 0) throw new Error(`measuring process exited with ${child.status}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
