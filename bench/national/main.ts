/**
 * @module `pnpm bench:national [--oblasts 24] [--districts 1600] [--measures 100] [--quarters 8] [--duration 20]
 * [--push-rate 50] [--engine sqlite|postgres] [--keep] [--profile DIR] [--bundle]`: the national node at full scale (issue #17, "The national node at full scale").
 * It builds a federation in one run, every node a real `planledger serve` process on 127.0.0.1 and a free port:
 * a national node; under it the oblasts, enrolled through the real invitation and enrollment endpoints, each holding
 * the Luhansk plan № 1003 adopted through its API; under the oblasts the district and hromada origins, each with one
 * plan of `--measures` measures linked to its oblast's plan and `--quarters` quarterly reports (drafted, every measure's
 * progress, submitted), hash-chained and signed in this process and ARRIVING at its oblast as pushes over HTTP
 * (`POST /federation/v1/push`: the oblast's real receive path verifies each), then accepted by the oblast's reviewer
 * through its API. The oblasts relay everything to the national node by their own sync (`POST /federation/v1/sync`).
 * It prints, for the national node: ingest events/s and per CPU-second of the node, bytes on disk per event, time from
 * process start to the first answered request on the full database, the roll-up of one oblast's plan across its
 * districts at 10 connections (current, as of a past date, and while districts push), the longest `/health` wait seen
 * by a probe every 10 ms during each load, and the node's resident memory at rest and under load.
 * `--engine postgres` runs the national node on a PostgreSQL cluster made for the run (durable settings), the
 * oblasts on files as before: run it once per engine to set the two side by side (docs/operations.md).
 * A benchmark, not a test: it prints its figures and the machine.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { type NodeKey, canonicalJson, envelopeHash, GENESIS_HASH, generateNodeKey, signCheckpoint, uuidV7, type WireEvent } from "@planledger/event-store";
import { repoRoot, spawnNode, type NodeProcess } from "@planledger/testing";
import autocannon from "autocannon";
import { processCpuSeconds } from "../web/process-cpu.js";

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    oblasts: { type: "string", default: "24" },
    districts: { type: "string", default: "1600" },
    measures: { type: "string", default: "100" },
    quarters: { type: "string", default: "8" },
    /** Seconds of each roll-up load. */
    duration: { type: "string", default: "20" },
    /** Events per second the districts push (through their oblasts) during the third load. */
    "push-rate": { type: "string", default: "50" },
    /** Keep the temp folder with every node's database. */
    keep: { type: "boolean", default: false },
    /**
     * The national node's engine: `sqlite` (a file) or `postgres` (a throwaway PostgreSQL cluster made for the run
     * by `infra/test/postgres.sh` with PostgreSQL's durable defaults, removed at the end). The oblasts stay on files.
     */
    engine: { type: "string", default: "sqlite" },
    /**
     * A folder for CPU profiles of the national node (`node --cpu-prof`): one `.cpuprofile` per process, written
     * when it stops — the first covers the ingest, the second the restart and the loads. Open them in Chrome's
     * DevTools or read them with `bench/national/profile-top.ts`.
     */
    profile: { type: "string" },
    /** Run the national node from the CLI's one-file bundle (built first: `apps/cli/scripts/bundle.mjs`), not through tsx. */
    bundle: { type: "boolean", default: false },
  },
});
const positive = (name: string, value: string | undefined): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: ціле додатне число / a positive integer (${value})`);
  return n;
};
const OBLASTS = positive("oblasts", flags.oblasts);
const DISTRICTS = positive("districts", flags.districts);
const MEASURES = positive("measures", flags.measures);
const QUARTERS = positive("quarters", flags.quarters);
const DURATION_S = positive("duration", flags.duration);
const PUSH_RATE = positive("push-rate", flags["push-rate"]);
if (flags.engine !== "sqlite" && flags.engine !== "postgres") throw new Error(`--engine: sqlite або postgres / sqlite or postgres (${flags.engine})`);
const ENGINE = flags.engine;
const CONNECTIONS = 10;
const PROBE_MS = 10;
const REQUEST_TIMEOUT_S = 120;
/** Districts generated and pushed at once (their oblasts verify while this process hashes the next). */
const PUSH_CONCURRENCY = 4;
/** Oblasts relaying to the national node at once: several oblasts syncing together, as at a quarter's end. */
const RELAY_CONCURRENCY = 2;
/** Report acceptances in flight at once, spread over the oblasts. */
const ACCEPT_CONCURRENCY = 8;
/** How often, during the push load, each oblast that received something syncs with the national node. */
const RELAY_EVERY_MS = 1000;

const ORACLE_PLAN = "fixtures/plans/003_b52cafefab6c56ab.txt";
const dir = mkdtempSync(join(tmpdir(), "planledger-national-"));

/** The run's PostgreSQL cluster (with `--engine postgres`): the national node's database URL and the cluster's folder. */
let cluster: { readonly url: string; readonly dir: string } | null = null;

/** `psql` of the newest PostgreSQL installed, on `url`: its output, tuples only. */
const psql = (url: string, statement: string): string => {
  const base = "/usr/lib/postgresql";
  const version = readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "psql"))).sort((a, b) => Number(b) - Number(a))[0];
  if (version === undefined) throw new Error(`no psql under ${base}/*/bin`);
  return execFileSync(join(base, version, "bin", "psql"), [url, "-v", "ON_ERROR_STOP=1", "-qAtc", statement], { encoding: "utf8" }).trim();
};

/** Starts the run's cluster (durable: fsync, synchronous commit and full page writes on) with a `ukraine` database. */
const startCluster = (): { readonly url: string; readonly dir: string } => {
  const out = execFileSync("bash", [join(repoRoot, "infra/test/postgres.sh"), "start", String(process.pid)], {
    encoding: "utf8",
    env: {
      ...process.env,
      PLANLEDGER_PG_DURABLE: "1",
      // With --profile: every statement's calls, time and rows, dumped beside the CPU profiles.
      ...(flags.profile !== undefined ? { PLANLEDGER_PG_SETTINGS: "-c shared_preload_libraries=pg_stat_statements" } : {}),
    },
  });
  const value = (name: string) => {
    const found = new RegExp(`^export ${name}=(\\S+)$`, "m").exec(out)?.[1];
    if (found === undefined) throw new Error(`infra/test/postgres.sh printed no ${name}`);
    return found;
  };
  const admin = value("PLANLEDGER_TEST_PG_URL");
  psql(admin, "CREATE DATABASE ukraine");
  const url = new URL(admin);
  url.pathname = "/ukraine";
  if (flags.profile !== undefined) psql(url.toString(), "CREATE EXTENSION pg_stat_statements");
  return { url: url.toString(), dir: value("PLANLEDGER_TEST_PG_DIR") };
};

/** The `--db` value of a node: a SQLite file in this run's temp folder; the national node's URL on PostgreSQL. */
const databaseFor = (nodeId: string): string => (nodeId === "ukraine" && cluster !== null ? cluster.url : join(dir, `${nodeId}.db`));

/** Bytes the node's database takes on disk: the file and its WAL and shared-memory files, or the PostgreSQL database. */
const diskBytesOf = (database: string): number | null => {
  if (/^postgres(ql)?:\/\//.test(database)) return Number(psql(database, "SELECT pg_database_size(current_database())"));
  return ["", "-wal", "-shm"].reduce((sum, suffix) => sum + (existsSync(database + suffix) ? statSync(database + suffix).size : 0), 0);
};

/** Resident memory of a process (VmRSS, Linux), in bytes; null once it has gone or elsewhere. */
const rssOf = (pid: number | undefined): number | null => {
  try {
    const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return line?.[1] === undefined ? null : Number(line[1]) * 1024;
  } catch {
    return null;
  }
};

const loadLine = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");
const mib = (bytes: number | null): string => (bytes === null ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const int = (n: number): string => Math.round(n).toLocaleString("en");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const iso = (): string => new Date().toISOString();
const began = performance.now();
/** A progress line on stderr, with the seconds since the start: where a long run is. */
const phase = (what: string): void => {
  process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0)} s] ${what}\n`);
};

interface Running {
  readonly nodeId: string;
  readonly level: string;
  readonly database: string;
  readonly tokenFile: string;
  process: NodeProcess;
  token: string;
}

const start = async (nodeId: string, level: string, port = 0): Promise<{ node: Running; listeningMs: number; answeredMs: number }> => {
  const database = databaseFor(nodeId);
  const tokenFile = join(dir, `${nodeId}.token`);
  const t0 = performance.now();
  const process_ = await spawnNode({
    nodeId,
    level,
    dbPath: database,
    adminTokenFile: tokenFile,
    port,
    // On PostgreSQL the key is a file named apart (`--key`); beside a SQLite file it is `<db>.key`.
    env: {
      PLANLEDGER_SYNC_INTERVAL_MS: "0",
      PLANLEDGER_SYNC_MIN_INTERVAL_S: "0",
      ...(database.startsWith("postgres") ? { PLANLEDGER_KEY: join(dir, `${nodeId}.key`) } : {}),
    },
    ...(flags.profile !== undefined && nodeId === "ukraine" ? { nodeOptions: ["--cpu-prof", `--cpu-prof-dir=${flags.profile}`] } : {}),
    ...(flags.bundle && nodeId === "ukraine" ? { bundle: join(repoRoot, "apps/cli/dist/planledger.mjs") } : {}),
  });
  const listeningMs = performance.now() - t0;
  for (;;) {
    const ok = await fetch(`${process_.url}/health`).then(
      async (res) => {
        await res.arrayBuffer();
        return res.ok;
      },
      () => false,
    );
    if (ok) break;
    await sleep(5);
  }
  const answeredMs = performance.now() - t0;
  const token = readFileSync(tokenFile, "utf8").trim();
  return { node: { nodeId, level, database, tokenFile, process: process_, token }, listeningMs, answeredMs };
};

/** A JSON call with the node's admin token (or `token`); throws with the node's problem on any status but `expect`. */
const call = async <T>(node: { readonly process: NodeProcess; readonly token: string }, method: string, path: string, body?: unknown, options: { expect?: number; token?: string; text?: boolean } = {}): Promise<T> => {
  const res = await fetch(`${node.process.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.token ?? node.token}`,
      ...(body === undefined ? {} : { "content-type": options.text === true ? "text/plain; charset=utf-8" : "application/json" }),
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status !== (options.expect ?? 200)) throw new Error(`${method} ${node.process.url}${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return (text === "" ? null : JSON.parse(text)) as T;
};

const health = (node: Running) => call<{ events: number }>(node, "GET", "/health");

/** Runs `task` over `items` with at most `limit` at once. */
const pool = async <A>(items: ReadonlyArray<A>, limit: number, task: (item: A, index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await task(items[i] as A, i);
      }
    }),
  );
};

// ---- The origins below the oblasts: logs generated here, pushed as their own node would push them. ----

interface MeasureTemplate {
  readonly measureId: string;
  readonly data: Record<string, unknown>;
  readonly targets: ReadonlyArray<{ readonly value: number; readonly unit: string }>;
}

interface Origin {
  readonly nodeId: string;
  readonly level: "district" | "hromada";
  readonly oblast: Running;
  readonly oblastPlan: string;
  readonly key: NodeKey;
  readonly planId: string;
  readonly measureIds: string[];
  readonly targets: ReadonlyArray<MeasureTemplate["targets"]>;
  token: string;
  seq: number;
  prev: string;
  readonly versions: Map<string, number>;
  /** Events chained but not pushed yet. */
  pending: WireEvent[];
  /** Revisions of the report filed during the push load. */
  revisions: number;
}

/** Appends one event to the origin's chain, hashed as the event store hashes it. */
const emit = (o: Origin, stream: string, type: string, data: unknown, recordedAt: string): void => {
  const streamVersion = (o.versions.get(stream) ?? 0) + 1;
  o.versions.set(stream, streamVersion);
  o.seq++;
  const dataJson = canonicalJson(data);
  const fields = {
    eventId: uuidV7(),
    origin: o.nodeId,
    seq: o.seq,
    stream,
    streamVersion,
    type,
    actor: `executor@${o.nodeId}`,
    recordedAt,
    causationId: null,
    correlationId: null,
    prevHash: o.prev,
  };
  const hash = envelopeHash(fields, dataJson);
  o.pending.push([fields.eventId, o.nodeId, o.seq, stream, streamVersion, type, fields.actor, recordedAt, null, null, o.prev, hash, dataJson]);
  o.prev = hash;
};

/** The quarter `k` (0 = oldest) of `QUARTERS` reported quarters, the last being III кв. 2026 (due 05.10.2026, passed). */
const quarterOf = (k: number): { year: number; quarter: 1 | 2 | 3 | 4; at: string } => {
  const index = 2026 * 4 + 2 - (QUARTERS - 1 - k);
  const year = Math.floor(index / 4);
  const quarter = ((index % 4) + 1) as 1 | 2 | 3 | 4;
  const month = quarter * 3; // the month after the quarter, 0-based
  const at = new Date(Date.UTC(year, month, 2 + (k % 3), 9, 0, 0)).toISOString();
  return { year, quarter, at };
};

const phrases = [
  "проведено засідання робочої групи, напрацьовано пропозиції щодо подальших дій",
  "надано соціальні послуги сім'ям у складних життєвих обставинах",
  "здійснено моніторинг стану виконання, відхилень від графіка не виявлено",
  "проведено навчання фахівців із соціальної роботи громад",
  "виконання затримано через відсутність фінансування в поточному кварталі",
];

const planEvents = (o: Origin, templates: ReadonlyArray<MeasureTemplate>, number: number): void => {
  const stream = `plan:${o.planId}`;
  const at = "2024-02-01T09:00:00.000Z";
  emit(o, stream, "PlanAdopted", {
    planId: o.planId,
    ownerNode: o.nodeId,
    title: `План заходів громади № ${number} на 2024–2026 роки (на виконання плану області)`,
    issuer: o.level === "district" ? "Районна державна адміністрація" : "Виконавчий комітет ради територіальної громади",
    order: { number: String(number), date: "2024-01-15" },
    period: { from: 2024, to: 2026 },
    parentPlanId: o.oblastPlan,
  }, at);
  const sections = Math.max(1, Math.ceil(MEASURES / 25));
  for (let s = 1; s <= sections; s++) {
    emit(o, stream, "SectionAdded", { sectionId: `${o.planId}.s${s}`, label: `${s}.`, ordinal: s, title: `Розділ ${s}` }, at);
    emit(o, stream, "TaskAdded", { taskId: `${o.planId}.s${s}.t1`, sectionId: `${o.planId}.s${s}`, label: "1.", ordinal: 1, title: `Завдання розділу ${s}` }, at);
  }
  for (let i = 0; i < MEASURES; i++) {
    const parent = templates[i % templates.length] as MeasureTemplate;
    const measureId = o.measureIds[i] as string;
    const taskId = `${o.planId}.s${Math.floor(i / 25) + 1}.t1`;
    emit(o, stream, "MeasureAdded", { ...parent.data, measureId, taskId, label: `${i + 1})`, ordinal: i + 1 }, at);
    emit(o, stream, "MeasureLinked", { measureId, parent: { node: o.oblast.nodeId, planId: o.oblastPlan, measureId: parent.measureId } }, at);
  }
};

const progressData = (o: Origin, reportId: string, i: number, k: number, revision: number) => ({
  reportId,
  measureId: o.measureIds[i],
  status: (i + k + o.seq) % 9 === 0 ? "done" : "inProgress",
  // Cumulative at the quarter's end: a share of the oblast's target per district.
  actuals: (o.targets[i] ?? []).map((t) => ({ value: Math.max(1, Math.round(t.value / 40)) * (k + 1) + revision, unit: t.unit })),
  spent: i % 4 === 0 ? [{ source: "місцевий бюджет", amount: 2.5 * (k + 1) }] : [],
  narrative: `${phrases[(i + k) % phrases.length]}; охоплено ${1 + ((i * 7 + k * 13) % 41)}.`,
});

const reportEvents = (o: Origin, k: number): string => {
  const { year, quarter, at } = quarterOf(k);
  const reportId = `${o.planId}.${year}-q${quarter}`;
  const stream = `report:${o.planId}:${year}-Q${quarter}`;
  emit(o, stream, "ReportDrafted", { reportId, planId: o.planId, year, quarter }, at);
  for (let i = 0; i < MEASURES; i++) emit(o, stream, "ProgressRecorded", progressData(o, reportId, i, k, 0), at);
  emit(o, stream, "ReportSubmitted", { reportId }, at);
  return reportId;
};

/** Pushes what the origin has chained and not pushed, closed by its signed checkpoint, as one batch. */
const pushPending = async (o: Origin): Promise<number> => {
  const events = o.pending;
  if (events.length === 0) return 0;
  o.pending = [];
  const checkpoint = signCheckpoint(o.key.privateKey, { origin: o.nodeId, seq: o.seq, hash: o.prev, signedAt: iso() });
  const accepted = await call<{ stored: number }>(
    o.oblast,
    "POST",
    "/federation/v1/push",
    { _tag: "PushBatch", sender: o.nodeId, origin: o.nodeId, events, checkpoint, members: [] },
    { token: o.token },
  );
  if (accepted.stored !== events.length) throw new Error(`${o.nodeId}: the oblast stored ${accepted.stored} of ${events.length}`);
  return events.length;
};

/** Invites the origin on its oblast and enrolls it with the invitation, as a district node's `join` does. */
const enroll = async (o: Origin): Promise<void> => {
  const invitation = await call<{ token: string }>(o.oblast, "POST", "/federation/v1/invitations", { nodeId: o.nodeId, level: o.level }, { expect: 201 });
  await call(o.oblast, "POST", "/federation/v1/enroll", {
    _tag: "EnrollRequest",
    child: { nodeId: o.nodeId, level: o.level, publicKey: o.key.publicKey },
    token: invitation.token,
  });
  o.token = invitation.token;
};

// ---- Load: autocannon at 10 connections, a /health probe in its own thread, the node's RSS sampled. ----

/** The probe runs in a worker thread, so that autocannon's work in this thread does not delay its timing. */
const PROBE_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
let running = true;
const waits = [];
let failed = 0;
parentPort.on("message", () => { running = false; });
(async () => {
  while (running) {
    const t0 = performance.now();
    let ok = false;
    try { const res = await fetch(workerData.url + "/health"); await res.arrayBuffer(); ok = res.status === 200; } catch {}
    const wait = performance.now() - t0;
    waits.push(wait);
    if (!ok) failed++;
    if (wait < workerData.everyMs) await new Promise((r) => setTimeout(r, workerData.everyMs - wait));
  }
  parentPort.postMessage({ waits, failed });
})();
`;

interface Probe {
  readonly probes: number;
  readonly failed: number;
  readonly longestMs: number;
  readonly p99Ms: number;
}

const percentile = (xs: ReadonlyArray<number>, p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

/** Runs `body` while a probe asks the node's `/health` every 10 ms and its VmRSS is read every 100 ms. */
const underWatch = async <A>(node: Running, body: () => Promise<A>): Promise<{ result: A; probe: Probe; peakRss: number | null }> => {
  const worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { url: node.process.url, everyMs: PROBE_MS } });
  let peakRss: number | null = null;
  const sampler = setInterval(() => {
    const rss = rssOf(node.process.child.pid);
    if (rss !== null) peakRss = Math.max(peakRss ?? 0, rss);
  }, 100);
  await sleep(5 * PROBE_MS);
  try {
    const result = await body();
    return { result, probe: await stopProbe(worker), peakRss };
  } finally {
    clearInterval(sampler);
    void worker.terminate();
  }
};

const stopProbe = (worker: Worker): Promise<Probe> =>
  new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", ({ waits, failed }: { waits: number[]; failed: number }) =>
      resolve({ probes: waits.length, failed, longestMs: Math.max(...waits), p99Ms: percentile(waits, 99) }),
    );
    worker.postMessage("stop");
  });

interface Load {
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly cpuS: number | null;
}

const load = async (node: Running, path: string): Promise<Load> => {
  const cpu0 = processCpuSeconds(node.process.child.pid);
  const r = await autocannon({ url: `${node.process.url}${path}`, connections: CONNECTIONS,
    duration: DURATION_S,
    // A slow answer is measured, not dropped: autocannon's default gives up on a request after 10 s.
    timeout: REQUEST_TIMEOUT_S,
    headers: { "accept-encoding": "gzip" },
  });
  const cpu1 = processCpuSeconds(node.process.child.pid);
  return { p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, cpuS: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
};

/**
 * Waits until the node is idle: under 0.1 CPU-s used in a second. Requests a load left queued (closed connections do
 * not stop a roll-up already being computed) must not spill into the next measurement — answering `/health` quickly is
 * not enough, as-of roll-ups yield to the event loop while they replay. Returns the seconds waited (at most 15 min).
 */
const settle = async (node: Running): Promise<number> => {
  const t0 = performance.now();
  let before = processCpuSeconds(node.process.child.pid);
  for (;;) {
    await sleep(1000);
    const now = processCpuSeconds(node.process.child.pid);
    if (now === null || before === null || now - before < 0.1 || performance.now() - t0 > 15 * 60_000) return (performance.now() - t0) / 1000;
    before = now;
  }
};

const main = async (): Promise<void> => {
  const cpu = cpus();
  console.log("Plan Ledger — bench:national");
  console.log(`машина / machine: ${cpu[0]?.model ?? "?"}, ${cpu.length} ядер / cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
  if (flags.bundle) execFileSync(process.execPath, [join(repoRoot, "apps/cli/scripts/bundle.mjs")], { stdio: "inherit" });
  if (ENGINE === "postgres") cluster = startCluster();
  const engineName =
    (cluster === null ? "SQLite (WAL)" : `PostgreSQL ${psql(cluster.url, "SHOW server_version").split(" ")[0]} (fsync ${psql(cluster.url, "SHOW fsync")}, synchronous_commit ${psql(cluster.url, "SHOW synchronous_commit")})`) +
    (flags.bundle ? ", started from the CLI's bundle" : "");
  console.log(`node ${process.version}, ${platform()} ${release()}; national node's engine: ${engineName} — ${databaseFor("ukraine").replace(/\/\/[^@/]*@/, "//")}; load at start ${loadLine()}`);
  console.log(`scale: ${OBLASTS} oblasts, ${DISTRICTS} district/hromada origins, ${MEASURES} measures per plan, ${QUARTERS} quarters`);
  const nodes: Running[] = [];
  const t00 = performance.now();
  try {
    // National first, on an empty database: its start time is the floor the full-database start is compared with.
    const national0 = await start("ukraine", "national");
    let national = national0.node;
    nodes.push(national);
    const oblasts: Running[] = [];
    await pool(
      Array.from({ length: OBLASTS }, (_, i) => `oblast-${String(i + 1).padStart(2, "0")}`),
      2,
      async (id) => {
        const started = await start(id, "oblast");
        oblasts.push(started.node);
        nodes.push(started.node);
      },
    );
    oblasts.sort((a, b) => a.nodeId.localeCompare(b.nodeId));
    const oblastPlans = new Map<string, string>();
    const templates = new Map<string, MeasureTemplate[]>();
    const planText = readFileSync(join(repoRoot, ORACLE_PLAN), "utf8");
    await pool(oblasts, 2, async (oblast) => {
      const invitation = await call<{ token: string }>(national, "POST", "/federation/v1/invitations", { nodeId: oblast.nodeId, level: "oblast" }, { expect: 201 });
      await call(oblast, "POST", "/federation/v1/join", { parentUrl: national.process.url, token: invitation.token });
      const adopted = await call<{ planId: string }>(oblast, "POST", "/api/v1/plans", planText, { expect: 201, text: true });
      oblastPlans.set(oblast.nodeId, adopted.planId);
      const history = await call<{ events: { type: string; data: Record<string, unknown> }[] }>(
        oblast,
        "GET",
        `/api/v1/streams/${encodeURIComponent(`plan:${adopted.planId}`)}/history`,
      );
      templates.set(
        oblast.nodeId,
        history.events
          .filter((e) => e.type === "MeasureAdded")
          .map(({ data }) => ({
            measureId: data.measureId as string,
            data,
            targets: ((data.indicator as { targets?: MeasureTemplate["targets"] } | undefined)?.targets ?? []).filter((t) => typeof t.value === "number"),
          })),
      );
    });
    const firstOblast = oblasts[0] as Running;
    const firstTemplates = templates.get(firstOblast.nodeId) ?? [];
    console.log(
      `nodes up, oblasts enrolled with ukraine and № 1003 adopted on each (${firstTemplates.length} measures) in ${((performance.now() - t00) / 1000).toFixed(1)} s; national start on an empty database: listening ${national0.listeningMs.toFixed(0)} ms, first /health ${national0.answeredMs.toFixed(0)} ms`,
    );

    // ---- Districts: generated here, enrolled with and pushed to their oblast, reports accepted there. ----
    const origins: Origin[] = Array.from({ length: DISTRICTS }, (_, d) => {
      const oblast = oblasts[d % OBLASTS] as Running;
      const nodeId = `${oblast.nodeId.replace("oblast", "o")}-g${String(d + 1).padStart(4, "0")}`;
      const planId = `${nodeId}.${d + 1}.2024-01-15`;
      const tpl = templates.get(oblast.nodeId) ?? [];
      return {
        nodeId,
        level: d % 11 === 0 ? "district" : "hromada",
        oblast,
        oblastPlan: oblastPlans.get(oblast.nodeId) as string,
        key: generateNodeKey(),
        planId,
        measureIds: Array.from({ length: MEASURES }, (_, i) => `${planId}.m${i + 1}`),
        targets: Array.from({ length: MEASURES }, (_, i) => (tpl[i % tpl.length] as MeasureTemplate).targets),
        token: "",
        seq: 0,
        prev: GENESIS_HASH,
        versions: new Map(),
        pending: [],
        revisions: 0,
      } satisfies Origin;
    });
    const oblastCpu0 = oblasts.map((o) => processCpuSeconds(o.process.child.pid) ?? 0);
    const ownCpu0 = process.cpuUsage();
    const tPush = performance.now();
    let pushed = 0;
    let generateMs = 0;
    const reportIds: { origin: Origin; reportId: string }[] = [];
    await pool(origins, PUSH_CONCURRENCY, async (o, d) => {
      await enroll(o);
      // A plan, then each quarter's report as its own push: a district pushes as it files, quarter by quarter.
      let t = performance.now();
      planEvents(o, templates.get(o.oblast.nodeId) ?? [], d + 1);
      generateMs += performance.now() - t;
      const plan = await pushPending(o);
      pushed += plan;
      for (let k = 0; k < QUARTERS; k++) {
        t = performance.now();
        reportIds.push({ origin: o, reportId: reportEvents(o, k) });
        generateMs += performance.now() - t;
        // Read the count first: `pushed += await …` would add to the value read before the wait, losing the other pushes'.
        const quarter = await pushPending(o);
        pushed += quarter;
      }
      if ((d + 1) % Math.max(1, Math.floor(DISTRICTS / 10)) === 0)
        console.log(`  ${d + 1}/${DISTRICTS} origins pushed (${int(pushed)} events, ${((performance.now() - tPush) / 1000).toFixed(0)} s, load ${loadLine()})`);
    });
    const pushS = (performance.now() - tPush) / 1000;
    const oblastCpuS = oblasts.reduce((sum, o, i) => sum + ((processCpuSeconds(o.process.child.pid) ?? 0) - (oblastCpu0[i] ?? 0)), 0);
    const own = process.cpuUsage(ownCpu0);
    console.log(
      `district pushes into the oblasts: ${int(pushed)} events in ${int(DISTRICTS * (QUARTERS + 1))} pushes, ${pushS.toFixed(1)} s — ${int(pushed / pushS)} events/s, ${int(pushed / oblastCpuS)} per oblast CPU-second (this process: ${(generateMs / 1000).toFixed(1)} s hashing, ${((own.user + own.system) / 1e6).toFixed(1)} CPU-s in all)`,
    );
    phase("accepting reports");
    const tAccept = performance.now();
    await pool(reportIds, ACCEPT_CONCURRENCY, async ({ origin, reportId }) => {
      await call(origin.oblast, "POST", `/api/v1/reports/${encodeURIComponent(reportId)}/accept`, undefined, { expect: 201 });
    });
    console.log(`reports accepted by the oblasts' reviewers (POST …/accept): ${int(reportIds.length)} in ${((performance.now() - tAccept) / 1000).toFixed(1)} s`);

    // ---- Relay: each oblast's own sync carries its log and its subtree's to the national node. ----
    phase("relaying to the national node");
    const before = await health(national);
    const nationalCpu0 = processCpuSeconds(national.process.child.pid);
    const tRelay = performance.now();
    let mark = { events: before.events, cpu: nationalCpu0 ?? 0 };
    let relayed = 0;
    let asOf = "";
    let done = 0;
    const relay = async (oblast: Running): Promise<void> => {
      const report = await call<{ error: string | null; pushed: { stored: number }[] }>(oblast, "POST", "/federation/v1/sync");
      if (report.error !== null) throw new Error(`${oblast.nodeId} sync: ${report.error}`);
      relayed += report.pushed.reduce((sum, p) => sum + p.stored, 0);
      // The cost per event as the national log grows: the node's events and CPU since the previous oblast finished.
      const held = (await health(national)).events;
      const cpuNow = processCpuSeconds(national.process.child.pid) ?? 0;
      const step = held - mark.events;
      console.log(`  ${oblast.nodeId} relayed: ukraine holds ${int(held)} events; the last ${int(step)} at ${int(step / Math.max(0.001, cpuNow - mark.cpu))} per CPU-second`);
      mark = { events: held, cpu: cpuNow };
      // The past date of the as-of roll-up: once half the oblasts had relayed, the first (whose plan is rolled up) among them.
      if (++done === Math.max(1, Math.floor(OBLASTS / 2))) asOf = iso();
    };
    await relay(firstOblast);
    await pool(oblasts.slice(1), RELAY_CONCURRENCY, relay);
    const relayS = (performance.now() - tRelay) / 1000;
    const nationalCpuS = (processCpuSeconds(national.process.child.pid) ?? 0) - (nationalCpu0 ?? 0);
    const after = await health(national);
    const ingested = after.events - before.events;
    if (ingested !== relayed) throw new Error(`the national node holds ${ingested} new events, the oblasts reported ${relayed} stored`);
    if (asOf === "") asOf = iso();
    const ingestRate = ingested / relayS;
    const perCpu = ingested / nationalCpuS;
    console.log(
      `relay to the national node (oblasts' POST /federation/v1/sync, ${RELAY_CONCURRENCY} at a time): ${int(ingested)} events in ${relayS.toFixed(1)} s — ${int(ingestRate)} events/s, ${int(perCpu)} per national CPU-second (${nationalCpuS.toFixed(1)} CPU-s)`,
    );
    const rssAfterIngest = rssOf(national.process.child.pid);
    if (flags.profile !== undefined && cluster !== null) {
      // The ingest's statements on the national database, by total time: calls, rows, mean ms.
      const top = psql(
        cluster.url,
        `SELECT round(total_exec_time)::text || ' ms | ' || calls || ' calls | ' || rows || ' rows | ' || round(mean_exec_time::numeric, 3) || ' ms each | ' || regexp_replace(left(query, 300), '\s+', ' ', 'g')
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'ukraine') ORDER BY total_exec_time DESC LIMIT 40`,
      );
      writeFileSync(join(flags.profile, "ingest-statements.txt"), `${top}\n`);
      console.log(`statements of the ingest on the national database: ${join(flags.profile, "ingest-statements.txt")}`);
    }

    // ---- Restart on the full database. ----
    phase("restarting the national node");
    await national.process.stop();
    const bytes = diskBytesOf(national.database);
    // On its port: the oblasts know their parent by URL.
    const restarted = await start("ukraine", "national", Number(new URL(national.process.url).port));
    national = restarted.node;
    nodes[0] = national;
    const total = (await health(national)).events;
    await sleep(2000);
    const rssAtRest = rssOf(national.process.child.pid);
    console.log(
      `national node: ${int(total)} events, ${bytes === null ? "n/a" : `${int(bytes)} bytes on disk, ${(bytes / total).toFixed(0)} bytes/event`}; restart: listening ${restarted.listeningMs.toFixed(0)} ms, first /health ${restarted.answeredMs.toFixed(0)} ms after process start; RSS after ingest ${mib(rssAfterIngest)}, at rest after restart ${mib(rssAtRest)}`,
    );

    // ---- Roll-ups of the first oblast's plan across its districts, on the national node. ----
    const planId = oblastPlans.get(firstOblast.nodeId) as string;
    const rollupPath = `/api/v1/plans/${encodeURIComponent(planId)}/rollup`;
    const asOfPath = `${rollupPath}?asOf=${encodeURIComponent(asOf)}`;
    // `fetch` hands back the body decompressed: the bytes on the wire are the answer's Content-Length.
    const timedGet = async (path: string) => {
      const t0 = performance.now();
      const res = await fetch(`${national.process.url}${path}`, { headers: { "accept-encoding": "gzip" } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      const wire = Number(res.headers.get("content-length") ?? body.byteLength);
      return { ms: performance.now() - t0, bytes: res.headers.get("content-encoding") === "gzip" ? wire : Number.NaN, json: body.byteLength };
    };
    const first = await underWatch(national, () => timedGet(rollupPath));
    const firstAsOf = await underWatch(national, () => timedGet(asOfPath));
    const inOblast = origins.filter((o) => o.oblast === firstOblast).length;
    console.log(
      `roll-up of ${planId} on ukraine (${inOblast} linked plans of ${MEASURES} measures): first after restart ${first.result.ms.toFixed(0)} ms, ${int(first.result.json)} bytes of JSON, ${int(first.result.bytes)} gzipped (/health longest ${first.probe.longestMs.toFixed(0)} ms); first ?asOf=${asOf} ${firstAsOf.result.ms.toFixed(0)} ms, ${int(firstAsOf.result.bytes)} bytes gzipped (/health longest ${firstAsOf.probe.longestMs.toFixed(0)} ms)`,
    );

    const settled: number[] = [await settle(national)];
    phase("roll-up load: current");
    const current = await underWatch(national, () => load(national, rollupPath));
    settled.push(await settle(national));
    phase("roll-up load: as of");
    const past = await underWatch(national, () => load(national, asOfPath));

    // While districts push at PUSH_RATE events/s into their oblasts (a 2026 IV кв. report drafted, then revised), and
    // each oblast that received something syncs with the national node every RELAY_EVERY_MS.
    let running = true;
    let failure: unknown = null;
    const failed = (error: unknown): void => {
      failure ??= error;
      running = false;
    };
    let livePushed = 0;
    let liveRelayed = 0;
    const dirty = new Set<Running>();
    const chunk = Math.min(MEASURES, 20);
    const pusher = (async () => {
      let next = 0;
      const t0 = performance.now();
      while (running) {
        const o = origins[next++ % origins.length] as Origin;
        const reportId = `${o.planId}.2026-q4`;
        const stream = `report:${o.planId}:2026-Q4`;
        const at = iso();
        if (o.revisions === 0) emit(o, stream, "ReportDrafted", { reportId, planId: o.planId, year: 2026, quarter: 4 }, at);
        for (let i = 0; i < chunk; i++) emit(o, stream, "ProgressRecorded", progressData(o, reportId, (o.revisions * chunk + i) % MEASURES, QUARTERS, o.revisions + 1), at);
        o.revisions++;
        const sent = await pushPending(o);
        livePushed += sent;
        dirty.add(o.oblast);
        const due = t0 + (livePushed / PUSH_RATE) * 1000;
        if (due > performance.now()) await sleep(due - performance.now());
      }
    })().catch(failed);
    const relayer = (async () => {
      while (running) {
        await sleep(RELAY_EVERY_MS);
        const now = [...dirty];
        dirty.clear();
        for (const oblast of now) {
          const report = await call<{ error: string | null; pushed: { stored: number }[] }>(oblast, "POST", "/federation/v1/sync");
          if (report.error !== null) throw new Error(`${oblast.nodeId} sync: ${report.error}`);
          liveRelayed += report.pushed.reduce((sum, p) => sum + p.stored, 0);
        }
      }
    })().catch(failed);
    settled.push(await settle(national));
    phase("roll-up load: while districts push");
    const pushing = await underWatch(national, () => load(national, rollupPath));
    running = false;
    phase("stopping the pushes");
    await Promise.all([pusher, relayer]);
    if (failure !== null) throw failure;
    phase("done");
    settled.push(await settle(national));
    console.log(`the node was idle (< 0.1 CPU-s per second) before each load and after the last after ${settled.map((x) => `${x.toFixed(1)} s`).join(", ")}`);

    console.log(`\nload at end ${loadLine()}; whole run ${((performance.now() - t00) / 1000).toFixed(0)} s`);
    console.log(`\n| national node (${engineName}) | figure |`);
    console.log("| --- | ---: |");
    const row = (name: string, value: string) => console.log(`| ${name} | ${value} |`);
    row("events held", int(total));
    row("ingest (relay from the oblasts), events/s", int(ingestRate));
    row("ingest, events per CPU-second of the node", int(perCpu));
    row("bytes on disk per event", bytes === null ? "n/a" : (bytes / total).toFixed(0));
    row("start → first answered request, full database (ms)", restarted.answeredMs.toFixed(0));
    row("start → first answered request, empty database (ms)", national0.answeredMs.toFixed(0));
    row("RSS at rest (MiB)", mib(rssAtRest));
    console.log(`\n| roll-up of ${planId} at ${CONNECTIONS} connections, ${DURATION_S} s | p50 ms | p99 ms | answered | non-2xx / errors / timeouts | node CPU-s | longest /health wait ms | p99 /health ms | peak RSS |`);
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [name, r] of [
      ["current", current],
      [`as of ${asOf}`, past],
      [`current, districts pushing ${PUSH_RATE} events/s (${int(livePushed)} pushed, ${int(liveRelayed)} relayed)`, pushing],
    ] as const) {
      console.log(
        `| ${name} | ${r.result.p50} | ${r.result.p99} | ${int(r.result.requests)} | ${r.result.non2xx} / ${r.result.errors} / ${r.result.timeouts} | ${r.result.cpuS?.toFixed(1) ?? "?"} | ${r.probe.longestMs.toFixed(0)} | ${r.probe.p99Ms.toFixed(0)} | ${mib(r.peakRss)} |`,
      );
    }
  } finally {
    await Promise.all(nodes.map((n) => n.process.stop()));
    if (cluster !== null) execFileSync("bash", [join(repoRoot, "infra/test/postgres.sh"), "stop", cluster.dir]);
    if (flags.keep) console.log(`databases kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
