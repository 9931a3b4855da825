/**
 * @module `pnpm bench:append`: events/s through the EventStore (hashing, ids, checks and the Merkle tree included)
 * against the same store keeping no Merkle tree and against raw better-sqlite3 inserting the very same rows into the
 * same schema with the same pragmas, per batch size; then what the tree costs on disk (a 100,000-event file written
 * with and without it; `APPEND_STORAGE_EVENTS=0` skips it); then the read side: a 1,000-event stream read through the
 * store with every event's data decoded, against the floor of a raw SELECT and JSON.parse of the same rows, paired
 * read by read.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { EventStore, EventStoreDatabase, type NewEvent, openSqlite } from "@planledger/event-store";
import { Effect, ManagedRuntime } from "effect";

const BATCH_SIZES = [1, 10, 100, 1000] as const;
const ROUNDS = 3;
const eventsFor = (batch: number): number => (batch === 1 ? 5_000 : 20_000);

const dir = mkdtempSync(join(tmpdir(), "planledger-bench-"));
let files = 0;
const freshPath = (): string => join(dir, `bench-${++files}.db`);

/** A MeasureAdded of the size the seed documents produce (about 1 KB of canonical JSON, mostly Cyrillic). */
const measure = (i: number): NewEvent => ({
  type: "MeasureAdded",
  data: {
    measureId: `m-${i}`,
    taskId: `t-${i % 40}`,
    label: `${(i % 30) + 1})`,
    ordinal: (i % 30) + 1,
    title: "Забезпечення функціонування мережі служб підтримки сімей з дітьми, які перебувають у складних життєвих обставинах",
    term: { text: "щокварталу", kind: "recurring", every: "quarter" },
    executors: [
      { name: "Департамент соціального захисту населення облдержадміністрації", byConsent: false },
      { name: "райдержадміністрації", byConsent: false },
      { name: "територіальні громади (за згодою)", byConsent: true },
    ],
    indicator: { text: "створення 115 прийомних сімей", targets: [{ value: 115, unit: "сімей" }] },
    budget: [{ executor: "облдержадміністрація", source: "обласний бюджет", total: 250.5, byYear: { "2024": 100, "2025": 150.5 } }],
  },
});

const INSERT =
  "INSERT INTO events (event_id, origin, seq, stream, stream_version, type, data, actor, recorded_at, causation_id, correlation_id, prev_hash, hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/** An empty database with the store's schema, indexes and triggers (created by the same migrations). */
const emptyStoreFile = async (nodeId: string): Promise<string> => {
  const path = freshPath();
  const init = ManagedRuntime.make(EventStore.sqlite({ path, nodeId }));
  await init.runPromise(EventStore);
  await init.dispose();
  return path;
};

/**
 * Runs one batch size, paired: each batch goes through the store, then the very rows it stored go into a
 * second database through a raw prepared INSERT in one IMMEDIATE transaction. Pairing batch by batch keeps
 * both sides under the same machine load, which on a shared machine drifts more than the effect measured.
 */
interface Timing {
  readonly storeSeconds: number;
  /** The same appends to a store that keeps no Merkle tree: the tree's cost is the difference. */
  readonly noTreeSeconds: number;
  readonly rawSeconds: number;
  /** Process CPU time (user + system, all threads): unlike wall time, not inflated when other processes hold the cores. */
  readonly storeCpuSeconds: number;
  readonly noTreeCpuSeconds: number;
  readonly rawCpuSeconds: number;
}

const cpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

const measureBatch = async (batch: number, total: number): Promise<Timing> => {
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path: freshPath(), nodeId: "bench" }));
  const [store, database] = await runtime.runPromise(Effect.all([EventStore, EventStoreDatabase]));
  const noTreeRuntime = ManagedRuntime.make(EventStore.sqlite({ path: freshPath(), nodeId: "bench", merkleTree: false }));
  const noTree = await noTreeRuntime.runPromise(EventStore);
  // The raw side's rows are read back as stored (flat strings, as a raw writer would hold them); encoding
  // them again here would leave garbage that the store's next timed batch pays for.
  const storedRows = database.sqlite.prepare(
    "SELECT event_id, origin, seq, stream, stream_version, type, data, actor, recorded_at, causation_id, correlation_id, prev_hash, hash, received_at FROM events WHERE position BETWEEN ? AND ? ORDER BY position",
  );
  const { sqlite } = openSqlite(await emptyStoreFile("raw"));
  const insert = sqlite.prepare(INSERT);
  const insertBatch = sqlite.transaction((rows: ReadonlyArray<Array<unknown>>) => {
    for (const row of rows) insert.run(...row);
  });
  let storeNs = 0n;
  let noTreeNs = 0n;
  let rawNs = 0n;
  let storeCpu = 0;
  let noTreeCpu = 0;
  let rawCpu = 0;
  for (let b = 0; b < total / batch; b++) {
    // Made just before the append, as a node's commands make them: a whole round's events held in memory
    // would make every major GC (charged to whoever allocates, i.e. the store) mark them all.
    const plain = Array.from({ length: batch }, (_, i) => measure(b * batch + i));
    const n0 = cpuMicros();
    const m0 = process.hrtime.bigint();
    Effect.runSync(noTree.append(`plan:bench-${b % 64}`, plain, { expectedVersion: "any", actor: "bench" }));
    const m1 = process.hrtime.bigint();
    const n1 = cpuMicros();
    noTreeNs += m1 - m0;
    noTreeCpu += n1 - n0;
    const events = Array.from({ length: batch }, (_, i) => measure(b * batch + i));
    const c0 = cpuMicros();
    const t0 = process.hrtime.bigint();
    const result = Effect.runSync(store.append(`plan:bench-${b % 64}`, events, { expectedVersion: "any", actor: "bench" }));
    const t1 = process.hrtime.bigint();
    const c1 = cpuMicros();
    const rows = storedRows.raw().all(result.events[0]?.position, result.events.at(-1)?.position) as Array<Array<unknown>>;
    const c2 = cpuMicros();
    const t2 = process.hrtime.bigint();
    insertBatch.immediate(rows);
    const t3 = process.hrtime.bigint();
    const c3 = cpuMicros();
    storeNs += t1 - t0;
    rawNs += t3 - t2;
    storeCpu += c1 - c0;
    rawCpu += c3 - c2;
  }
  sqlite.close();
  await runtime.dispose();
  await noTreeRuntime.dispose();
  return {
    storeSeconds: Number(storeNs) / 1e9,
    noTreeSeconds: Number(noTreeNs) / 1e9,
    rawSeconds: Number(rawNs) / 1e9,
    storeCpuSeconds: storeCpu / 1e6,
    noTreeCpuSeconds: noTreeCpu / 1e6,
    rawCpuSeconds: rawCpu / 1e6,
  };
};

const STORAGE_EVENTS = Number(process.env.APPEND_STORAGE_EVENTS ?? 100_000);

/**
 * Bytes on disk per event of a file of `events` MeasureAdded events appended in batches of 100, with and without the
 * Merkle tree: the whole file (pages in use after a checkpoint of the WAL) and, from SQLite's dbstat, the tree's own
 * table. Appended through the store both times, so the files differ by the tree alone.
 */
const measureStorage = async (events: number) => {
  const sizeOf = async (merkleTree: boolean) => {
    const path = freshPath();
    const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId: "bench", merkleTree }));
    const store = await runtime.runPromise(EventStore);
    for (let b = 0; b < events / 100; b++)
      Effect.runSync(store.append(`plan:bench-${b % 64}`, Array.from({ length: 100 }, (_, i) => measure(b * 100 + i)), { expectedVersion: "any", actor: "bench" }));
    await runtime.dispose();
    const { sqlite } = openSqlite(path);
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    const pages = (sqlite.pragma("page_count", { simple: true }) as number) - (sqlite.pragma("freelist_count", { simple: true }) as number);
    const pageSize = sqlite.pragma("page_size", { simple: true }) as number;
    const tables = new Map(
      (sqlite.prepare("SELECT name, sum(pgsize) AS bytes, sum(payload) AS payload FROM dbstat GROUP BY name").all() as Array<{ name: string; bytes: number; payload: number }>).map(
        (r) => [r.name, r],
      ),
    );
    const rows = sqlite.prepare("SELECT count(*) FROM tree_nodes").pluck().get() as number;
    sqlite.close();
    return { bytes: pages * pageSize, tree: tables.get("tree_nodes"), rows };
  };
  return { without: await sizeOf(false), with: await sizeOf(true) };
};

const STREAM_EVENTS = 1_000;
const READ_ROUNDS = 300;

/**
 * One store holding a 1,000-event stream (among other streams' events); each round reads it through the store
 * (`readStream`, every event's `data` touched) and then through raw SQL (a prepared SELECT of the same rows and
 * `JSON.parse` of each `data`), alternating so that both see the same load. Returns µs per event for each, and
 * for a stricter floor that takes the rows as arrays (cheaper than objects out of better-sqlite3).
 */
const measureRead = async (): Promise<{ store: number; floor: number; arrays: number }> => {
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path: freshPath(), nodeId: "bench" }));
  const [store, database] = await runtime.runPromise(Effect.all([EventStore, EventStoreDatabase]));
  for (let b = 0; b < STREAM_EVENTS / 100; b++) {
    Effect.runSync(store.append("plan:read", Array.from({ length: 100 }, (_, i) => measure(b * 100 + i)), { expectedVersion: "any", actor: "bench" }));
    Effect.runSync(store.append(`plan:other-${b}`, Array.from({ length: 20 }, (_, i) => measure(i)), { expectedVersion: "any", actor: "bench" }));
  }
  const select = database.sqlite.prepare("SELECT * FROM events WHERE stream = ? AND stream_version >= ? ORDER BY stream_version");
  const selectRaw = database.sqlite.prepare(
    "SELECT * FROM events WHERE stream = ? AND stream_version >= ? ORDER BY stream_version",
  ).raw(true);
  let sink = 0;
  const viaStore = (): void => {
    for (const e of Effect.runSync(store.readStream("plan:read"))) if (e.data !== null) sink++;
  };
  const viaRaw = (): void => {
    for (const row of select.all("plan:read", 1) as Array<{ data: string }>) if (JSON.parse(row.data) !== null) sink++;
  };
  const viaArrays = (): void => {
    for (const row of selectRaw.all("plan:read", 1) as Array<Array<unknown>>) if (JSON.parse(row[7] as string) !== null) sink++;
  };
  for (let i = 0; i < 30; i++) {
    viaStore();
    viaRaw();
    viaArrays();
  }
  const timed = (read: () => void): bigint => {
    const t0 = process.hrtime.bigint();
    read();
    return process.hrtime.bigint() - t0;
  };
  let storeNs = 0n;
  let rawNs = 0n;
  let arraysNs = 0n;
  for (let round = 0; round < READ_ROUNDS; round++) {
    storeNs += timed(viaStore);
    rawNs += timed(viaRaw);
    arraysNs += timed(viaArrays);
  }
  await runtime.dispose();
  if (sink !== (READ_ROUNDS + 30) * 3 * STREAM_EVENTS) throw new Error("a read missed events");
  const perEvent = (ns: bigint): number => Number(ns) / 1e3 / (READ_ROUNDS * STREAM_EVENTS);
  return { store: perEvent(storeNs), floor: perEvent(rawNs), arrays: perEvent(arraysNs) };
};

const main = async (): Promise<void> => {
  const cpu = cpus();
  console.log("Plan Ledger — bench:append");
  console.log(`машина / machine: ${cpu[0]?.model ?? "?"}, ${cpu.length} ядер / cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
  console.log(`node ${process.version}, ${platform()} ${release()}; pragmas: WAL, synchronous=NORMAL; ${ROUNDS} rounds, store and raw paired batch by batch`);
  await measureBatch(100, 2_000); // warm-up: JIT, page cache
  console.log(`load average: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(
    "\nbatch | events/round | store ev/s | no tree ev/s | raw ev/s | store/raw | store/raw by CPU time | tree µs/event (CPU) | tree share of store CPU",
  );
  for (const batch of BATCH_SIZES) {
    const total = eventsFor(batch);
    let storeSeconds = 0;
    let noTreeSeconds = 0;
    let rawSeconds = 0;
    let storeCpu = 0;
    let noTreeCpu = 0;
    let rawCpu = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const timing = await measureBatch(batch, total);
      storeSeconds += timing.storeSeconds;
      noTreeSeconds += timing.noTreeSeconds;
      rawSeconds += timing.rawSeconds;
      storeCpu += timing.storeCpuSeconds;
      noTreeCpu += timing.noTreeCpuSeconds;
      rawCpu += timing.rawCpuSeconds;
    }
    const storeRate = (ROUNDS * total) / storeSeconds;
    const noTreeRate = (ROUNDS * total) / noTreeSeconds;
    const rawRate = (ROUNDS * total) / rawSeconds;
    const treeMicros = ((storeCpu - noTreeCpu) * 1e6) / (ROUNDS * total);
    console.log(
      `${String(batch).padStart(5)} | ${String(total).padStart(12)} | ${storeRate.toFixed(0).padStart(10)} | ${noTreeRate.toFixed(0).padStart(12)} | ${rawRate.toFixed(0).padStart(8)} | ${((100 * storeRate) / rawRate).toFixed(0).padStart(8)}% | ${((100 * rawCpu) / storeCpu).toFixed(0).padStart(20)}% | ${treeMicros.toFixed(1).padStart(18)} | ${((100 * (storeCpu - noTreeCpu)) / storeCpu).toFixed(0).padStart(22)}%`,
    );
  }
  if (STORAGE_EVENTS > 0) {
    const storage = await measureStorage(STORAGE_EVENTS);
    const perEvent = (bytes: number) => (bytes / STORAGE_EVENTS).toFixed(1);
    console.log(`\nstorage: ${STORAGE_EVENTS.toLocaleString("en")} events in batches of 100, bytes on disk per event (pages in use × page size)`);
    console.log(`  without the tree: ${perEvent(storage.without.bytes)} B/event (${(storage.without.bytes / 2 ** 20).toFixed(1)} MiB)`);
    console.log(`  with the tree:    ${perEvent(storage.with.bytes)} B/event (${(storage.with.bytes / 2 ** 20).toFixed(1)} MiB)`);
    console.log(
      `  difference:       ${perEvent(storage.with.bytes - storage.without.bytes)} B/event, +${((100 * (storage.with.bytes - storage.without.bytes)) / storage.without.bytes).toFixed(1)}%; tree_nodes: ${storage.with.rows.toLocaleString("en")} rows, ${perEvent(storage.with.tree?.bytes ?? 0)} B/event in its pages, ${perEvent(storage.with.tree?.payload ?? 0)} B/event of row payload`,
    );
  }
  const read = await measureRead();
  console.log(`\nread: a ${STREAM_EVENTS.toLocaleString("en")}-event stream, every event's data decoded, ${READ_ROUNDS} reads each, paired (load ${loadavg()[0]?.toFixed(1)})`);
  console.log(`  store readStream:                      ${read.store.toFixed(2)} µs/event`);
  console.log(`  floor (raw SELECT + JSON.parse):       ${read.floor.toFixed(2)} µs/event — store at ${((100 * read.floor) / read.store).toFixed(0)}% of the floor (target ≥ 80%)`);
  console.log(`  strict floor (rows as arrays + parse): ${read.arrays.toFixed(2)} µs/event — store at ${((100 * read.arrays) / read.store).toFixed(0)}%`);
};

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
