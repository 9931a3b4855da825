/**
 * @module `pnpm bench:api`: requests/s and p50/p99 latency of a real node process on 127.0.0.1, loaded with
 * autocannon: reading the plan tree of № 1003 (the largest seed plan), and recording one measure's progress.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { repoRoot, spawnNode } from "@planledger/node";
import autocannon from "autocannon";

const DURATION = Number(process.env.BENCH_DURATION_S ?? "10");
const READ_CONNECTIONS = 100;
const WRITE_CONNECTIONS = 10;

const dir = mkdtempSync(join(tmpdir(), "planledger-bench-api-"));
const node = await spawnNode({
  nodeId: "luhanska",
  level: "oblast",
  dbPath: join(dir, "luhanska.db"),
  adminTokenFile: join(dir, "luhanska.token"),
  env: { PLANLEDGER_SYNC_INTERVAL_MS: "0" },
});
const token = readFileSync(join(dir, "luhanska.token"), "utf8").trim();
const auth = { authorization: `Bearer ${token}` };

const post = async (path: string, body: string, type = "application/json") => {
  const res = await fetch(`${node.url}${path}`, { method: "POST", headers: { ...auth, "content-type": type }, body });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
};

/**
 * CPU seconds the node process has used (user + system, from /proc; null elsewhere). Requests per server
 * CPU-second stay comparable when other work shares the machine, which wall-clock latency does not.
 */
const serverCpuSeconds = (): number | null => {
  try {
    const fields = readFileSync(`/proc/${node.child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};

/**
 * Seconds the node process has spent runnable but waiting for a CPU (Linux schedstat; null elsewhere): how much
 * other work on the machine, autocannon included, delayed the node.
 */
const serverWaitSeconds = (): number | null => {
  try {
    return Number(readFileSync(`/proc/${node.child.pid}/schedstat`, "utf8").split(" ")[1]) / 1e9;
  } catch {
    return null;
  }
};

const since = (before: number | null, after: number | null) => (before === null || after === null ? null : after - before);

/** Runs `load` and returns its result with the server CPU it took and the time the server waited for a CPU. */
const measured = async (load: () => Promise<autocannon.Result>) => {
  const [cpu, wait] = [serverCpuSeconds(), serverWaitSeconds()];
  const result = await load();
  return { result, cpu: since(cpu, serverCpuSeconds()), wait: since(wait, serverWaitSeconds()) };
};

interface Figures {
  readonly name: string;
  readonly connections: number;
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Requests answered per CPU-second of the node process. */
  readonly perCpuSecond: number | null;
  /** Seconds the node was runnable but waited for a CPU during the run. */
  readonly waited: number | null;
}

const figuresOf = (
  name: string,
  connections: number,
  { result: r, cpu, wait }: { result: autocannon.Result; cpu: number | null; wait: number | null },
): Figures => ({
  name,
  connections,
  requests: r.requests.total,
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
  perCpuSecond: cpu === null || cpu === 0 ? null : Math.round(r.requests.total / cpu),
  waited: wait,
});

try {
  const plan = await post("/api/v1/plans", readFileSync(join(repoRoot, "fixtures/plans/003_b52cafefab6c56ab.txt"), "utf8"), "text/plain");
  const planId = plan.planId as string;
  const treeBytes = Buffer.byteLength(await (await fetch(`${node.url}/api/v1/plans/${planId}`)).text());

  // Each write connection records into its own quarterly report, so that If-Match versions never collide: a
  // connection's report gains exactly one version per accepted write.
  const reports: string[] = [];
  for (let i = 0; i < WRITE_CONNECTIONS; i++) {
    const drafted = await post(`/api/v1/plans/${planId}/reports`, JSON.stringify({ year: 2019 + Math.floor(i / 4), quarter: (i % 4) + 1 }));
    reports.push(drafted.reportId as string);
  }

  // As browsers and fetch() do; the node then sends the cached gzip of the tree.
  const readTree = (connections: number) =>
    autocannon({ url: `${node.url}/api/v1/plans/${planId}`, headers: { "accept-encoding": "gzip" }, connections, duration: DURATION });
  const read = await measured(() => readTree(READ_CONNECTIONS));
  const readFew = await measured(() => readTree(WRITE_CONNECTIONS));

  const measureId = `${planId}.s1.t1.m1`;
  const progress = (n: number) =>
    JSON.stringify({
      measureId,
      status: "inProgress",
      actuals: [{ value: n % 100, unit: "засідань" }],
      spent: [{ source: "обласний бюджет", amount: (n % 50) / 10 }],
      narrative: `Засідання робочої групи проведено (${n}).`,
    });
  let next = 0;
  const write = await measured(() => autocannon({
    url: node.url,
    connections: WRITE_CONNECTIONS,
    duration: DURATION,
    setupClient: (client) => {
      const report = reports[next++ % reports.length];
      let version = 1;
      // setupRequest runs before every request of this connection, so it always sends the version it last saw.
      client.setRequests([
        {
          method: "POST",
          path: `/api/v1/reports/${report}/progress`,
          setupRequest: (request) => ({
            ...request,
            headers: { ...auth, "content-type": "application/json", "if-match": `"${version}"` },
            body: progress(version),
          }),
        },
      ]);
      client.on("response", (status) => {
        if (status === 200) version++;
      });
    },
  }));

  const results = [
    figuresOf("plan tree (GET /api/v1/plans/{id})", READ_CONNECTIONS, read),
    figuresOf("plan tree (GET /api/v1/plans/{id})", WRITE_CONNECTIONS, readFew),
    figuresOf("record progress (POST …/progress)", WRITE_CONNECTIONS, write),
  ];
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? "?"} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`plan № 1003: ${planId}, tree ${Math.round(treeBytes / 1024)} KiB of JSON (sent gzipped); ${DURATION} s per run; server and autocannon share the machine`);
  console.log("| run | connections | requests | req/s | p50 ms | p99 ms | non-2xx | errors | req per server CPU-s | server waited for a CPU, s |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const f of results) {
    const waited = f.waited === null ? "—" : f.waited.toFixed(1);
    console.log(`| ${f.name} | ${f.connections} | ${f.requests} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.non2xx} | ${f.errors} | ${f.perCpuSecond ?? "—"} | ${waited} |`);
  }
  const treeP99 = results[0]?.p99 ?? Number.POSITIVE_INFINITY;
  console.log(`target: plan tree p99 < 20 ms at 100 connections — ${treeP99 < 20 ? "met" : "NOT met"} (${treeP99} ms)`);
} finally {
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
}
