/**
 * @module `pnpm bench:web`: p50/p99 latency and requests/s of the server-rendered pages (packages/web) beside the
 * JSON they are drawn from, on a real node process on 127.0.0.1: the plan page and the roll-up page of № 1003 (the
 * largest seed plan) against GET /api/v1/plans/{id} and …/rollup, at 10 and 50 connections, with autocannon and,
 * when it is on PATH, wrk. All four routes are measured in the same run, so that a page and its JSON meet the same
 * machine. Target: a page's p99 at most twice its JSON route's, at the same connections and with the same tool.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { type NodeProcess, repoRoot, spawnNode } from "@planledger/testing";
import autocannon from "autocannon";
import { type LoadFigures, parseWrk, runWrk, wrkOnPath } from "../api/wrk.js";
import { PreCheckFailed, preCheck, type RouteKind, type Sizes } from "./pre-check.js";
import { perSecond, processCpuSeconds } from "./process-cpu.js";

const DURATION = Number(process.env.BENCH_DURATION_S ?? "10");
/** Unmeasured seconds of the same load before each route's measured runs, per tool. */
const WARMUP = Number(process.env.BENCH_WARMUP_S ?? "2");
const loadLine = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");
// Before the node starts: what else was running. The load at the end includes this benchmark's own processes.
const loadAtStart = loadLine();
const CONNECTIONS = [10, 50] as const;
/** The measures of № 1003 given progress before the runs, so that the roll-up has figures to combine and draw. */
const PROGRESS_MEASURES = 6;
// As a browser sends it, and as bench/api reads the tree: the node then sends its cached gzip of a page or view.
const HEADERS: Readonly<Record<string, string>> = { "accept-encoding": "gzip" };

interface Route {
  /** The path with `{id}` for the plan id: what the table prints. */
  readonly route: string;
  readonly kind: RouteKind;
  /** For a page, the JSON route its p99 is held against. */
  readonly json?: string;
}

// Each page next to its JSON: the runs go in this order, so that a page and its JSON run one after the other.
const ROUTES: ReadonlyArray<Route> = [
  { route: "/plans/{id}", kind: "page", json: "/api/v1/plans/{id}" },
  { route: "/api/v1/plans/{id}", kind: "json" },
  { route: "/plans/{id}/rollup", kind: "page", json: "/api/v1/plans/{id}/rollup" },
  { route: "/api/v1/plans/{id}/rollup", kind: "json" },
];

/**
 * The smallest latency each tool's figures tell apart: autocannon's histogram keeps whole milliseconds (a p99 under
 * 1 ms reads 0), and wrk's are rounded to 0.01 ms below. A JSON p99 of 0 is held as this, so the ratio stays finite.
 */
const RESOLUTION_MS: Readonly<Record<Row["tool"], number>> = { autocannon: 1, wrk: 0.01 };

interface Row extends LoadFigures {
  readonly route: string;
  readonly kind: RouteKind;
  readonly connections: number;
  readonly tool: "autocannon" | "wrk";
  /** Requests answered per CPU-second of the node process. */
  readonly perCpuSecond: number | null;
}

const fromAutocannon = (r: autocannon.Result): LoadFigures => ({
  requests: r.requests.total,
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

/** wrk's latencies have µs resolution; two decimals of a millisecond are plenty. */
const fromWrk = (r: LoadFigures): LoadFigures => ({
  ...r,
  rps: Math.round(r.rps),
  p50: Math.round(r.p50 * 100) / 100,
  p99: Math.round(r.p99 * 100) / 100,
});

const dir = mkdtempSync(join(tmpdir(), "planledger-bench-web-"));
let node: NodeProcess | undefined;
let cleaned: Promise<void> | undefined;
/** Stops the node and removes its directory, once, whichever way the benchmark ends. */
const cleanUp = (): Promise<void> => {
  cleaned ??= (async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  })();
  return cleaned;
};
// Ctrl-C reaches the node as well (same process group), but the `finally` below would not run: the temp dir stays.
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(code));
  });
}

const wrk = wrkOnPath();
const notes: string[] = [];

try {
  const spawned = await spawnNode({
    nodeId: "luhanska",
    level: "oblast",
    dbPath: join(dir, "luhanska.db"),
    adminTokenFile: join(dir, "luhanska.token"),
    env: { PLANLEDGER_SYNC_INTERVAL_MS: "0" },
  });
  node = spawned;
  const token = readFileSync(join(dir, "luhanska.token"), "utf8").trim();
  const auth = { authorization: `Bearer ${token}` };

  const send = async (path: string, expected: number, init: { body?: string; type?: string; version?: number } = {}) => {
    const headers: Record<string, string> = { ...auth, "content-type": init.type ?? "application/json" };
    if (init.version !== undefined) headers["if-match"] = `"${init.version}"`;
    const res = await fetch(`${spawned.url}${path}`, { method: "POST", headers, body: init.body });
    if (res.status !== expected) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };

  const plan = await send("/api/v1/plans", 201, {
    body: readFileSync(join(repoRoot, "fixtures/plans/003_b52cafefab6c56ab.txt"), "utf8"),
    type: "text/plain",
  });
  const planId = plan.planId as string;

  // Two submitted quarterly reports (drafts do not count in a roll-up) with progress on six measures: a
  // third of each target in 2019, two thirds in 2020, so that the roll-up page has figures, statuses and charts.
  interface TreeMeasure {
    readonly measureId: string;
    readonly cancelled: unknown;
    readonly indicator: { readonly targets: ReadonlyArray<{ readonly value: number; readonly unit: string }> };
    readonly budget: ReadonlyArray<{ readonly source: string }>;
  }
  const tree = (await (await fetch(`${spawned.url}/api/v1/plans/${planId}`)).json()) as {
    sections: ReadonlyArray<{ tasks: ReadonlyArray<{ measures: ReadonlyArray<TreeMeasure> }> }>;
  };
  const standing = tree.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures)).filter((m) => m.cancelled === null);
  // Measures with numeric targets first: only they give the roll-up figures to combine.
  const counted = (m: TreeMeasure) => m.indicator.targets.length > 0;
  const measures = [...standing.filter(counted), ...standing.filter((m) => !counted(m))].slice(0, PROGRESS_MEASURES);
  for (const [i, year] of [2019, 2020].entries()) {
    const drafted = await send(`/api/v1/plans/${planId}/reports`, 201, { body: JSON.stringify({ year, quarter: 4 }) });
    const report = drafted.reportId as string;
    // A drafted report is at version 1; each accepted write adds one.
    let version = 1;
    for (const [j, m] of measures.entries()) {
      const progress = {
        measureId: m.measureId,
        status: i === 1 && j % 2 === 0 ? "done" : "inProgress",
        actuals: m.indicator.targets.map((t) => ({ value: Math.round((t.value * (i + 1)) / 3), unit: t.unit })),
        spent: [{ source: m.budget[0]?.source ?? "обласний бюджет", amount: 10 * (i + 1) }],
        narrative: `Виконання за ${year} рік, IV квартал.`,
      };
      await send(`/api/v1/reports/${report}/progress`, 200, { body: JSON.stringify(progress), version: version++ });
    }
    await send(`/api/v1/reports/${report}/submit`, 200, { version });
  }

  const urlOf = (route: Route) => `${spawned.url}${route.route.replace("{id}", planId)}`;
  // Once each, before any load: a route that does not answer 200 with its content type has nothing to measure.
  const sizes = new Map<string, Sizes>();
  for (const route of ROUTES) sizes.set(route.route, await preCheck(route.route, route.kind, urlOf(route), HEADERS));

  const rows: Row[] = [];
  /** Runs `load` and adds its figures to `rows`, with requests per CPU-second of the node process over the run. */
  const measured = async (tool: Row["tool"], route: Route, connections: number, load: () => Promise<LoadFigures>) => {
    const before = processCpuSeconds(spawned.child.pid);
    const figures = await load();
    const after = processCpuSeconds(spawned.child.pid);
    const cpu = before === null || after === null ? null : after - before;
    rows.push({ route: route.route, kind: route.kind, connections, tool, ...figures, perCpuSecond: perSecond(figures.requests, cpu) });
  };

  // Each route first runs WARMUP seconds unmeasured at the most connections, as a server runs warm in service: the
  // first requests of a route compile its code and fill the node's caches (the page's gzip among them), which
  // would otherwise show up as a tail that is not the steady state being measured.
  const cannon = async (route: Route, connections: number, duration: number) =>
    fromAutocannon(await autocannon({ url: urlOf(route), headers: { ...HEADERS }, connections, duration }));
  const most = Math.max(...CONNECTIONS);
  if (WARMUP > 0) for (const route of ROUTES) await cannon(route, most, WARMUP);
  for (const connections of CONNECTIONS) {
    for (const route of ROUTES) await measured("autocannon", route, connections, () => cannon(route, connections, DURATION));
  }

  // The same runs with wrk, after autocannon's: autocannon (JavaScript, in this process) spends more CPU per request
  // than the node and shares the machine's cores with it, so part of its latency tail is its own; wrk (C) costs far
  // less. One thread (-t1), as bench/api found no difference with two on this machine and one keeps wrk to one core.
  if (wrk === null) {
    notes.push("wrk: not on PATH, wrk runs skipped (Debian/Ubuntu: apt-get install -y wrk)");
  } else {
    const wrkSeconds = Math.max(1, Math.round(DURATION));
    const wrkArgs = (connections: number, seconds: number, url: string) =>
      ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", "-H", "accept-encoding: gzip", url];
    if (WARMUP > 0) {
      for (const route of ROUTES) await runWrk(wrk, wrkArgs(most, Math.max(1, Math.round(WARMUP)), urlOf(route))).catch(() => "");
    }
    for (const connections of CONNECTIONS) {
      for (const route of ROUTES) {
        try {
          await measured("wrk", route, connections, async () => fromWrk(parseWrk(await runWrk(wrk, wrkArgs(connections, wrkSeconds, urlOf(route))))));
        } catch (error) {
          notes.push(`wrk ${route.route} at ${connections} connections failed, run skipped: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }

  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? "?"} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}, load at start ${loadAtStart}, at end ${loadLine()}`);
  console.log(`plan № 1003: ${planId}, progress on ${measures.length} measures in 2 submitted reports; ${DURATION} s per run after ${WARMUP} s of unmeasured warm-up per route and tool; server and load generator share the machine`);
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  for (const route of ROUTES) {
    const s = sizes.get(route.route)!;
    const sent = s.gzipped ? `${kib(s.sent)} KiB gzipped` : `${kib(s.sent)} KiB NOT gzipped`;
    console.log(`size: ${route.route} (${route.kind}) ${sent}, ${kib(s.decoded)} KiB decoded`);
  }
  for (const note of notes) console.log(note);
  console.log("| route | kind | connections | tool | p50 ms | p99 ms | req/s | req per server CPU-s | non-2xx | errors |");
  console.log("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(`| GET ${r.route} | ${r.kind} | ${r.connections} | ${r.tool} | ${r.p50} | ${r.p99} | ${r.rps} | ${r.perCpuSecond ?? "—"} | ${r.non2xx} | ${r.errors} |`);
  }
  // Met only with every request of both runs answered 2xx: wrk leaves timed-out requests out of its p99, and
  // autocannon records the latency of 2xx answers only.
  for (const page of ROUTES.filter((r) => r.json !== undefined)) {
    const verdicts = rows
      .filter((r) => r.route === page.route)
      .map((p) => {
        const j = rows.find((r) => r.route === page.json && r.tool === p.tool && r.connections === p.connections);
        if (j === undefined) return `${p.tool} ${p.connections} conn: no JSON run to compare`;
        const failed = p.non2xx + p.errors + j.non2xx + j.errors;
        const base = Math.max(j.p99, RESOLUTION_MS[p.tool]);
        const met = p.p99 <= 2 * base && failed === 0;
        const verdict = met ? "met" : failed > 0 ? `NOT met: ${failed} non-2xx or errors` : "NOT met";
        return `${p.tool} ${p.connections} conn ${p.p99} / ${j.p99} ms = ${(p.p99 / base).toFixed(2)}× (${verdict})`;
      });
    console.log(`target: ${page.route} p99 ≤ 2 × ${page.json} p99 — ${verdicts.join(", ")}`);
  }
} catch (error) {
  // A failed pre-check says all there is to say; anything else keeps its stack.
  console.error(error instanceof PreCheckFailed ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
