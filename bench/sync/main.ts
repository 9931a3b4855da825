/**
 * @module `pnpm bench:sync [--events N] [--batches 100,1000,5000] [--identity]`: events/s and bytes/event of a
 * district pushing its log to an oblast over loopback HTTP — bytes per event of the push bodies before compression
 * and on the wire (brotli, as the oblast reads it; `--identity` sends them uncompressed). The oblast is a real node
 * process (`planledger serve`, fresh database per batch size); the district is this process (its SQLite store, the
 * federation client).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { EventStore, EventStoreDatabase, loadOrCreateNodeKey } from "@planledger/event-store";
import { makeSyncClient, openFederationNode } from "@planledger/federation";
import { Effect, ManagedRuntime } from "effect";
import { progress } from "./progress-events.js";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { events: { type: "string" }, batches: { type: "string" }, identity: { type: "boolean" } },
});
const compress = values.identity !== true;
const total = Number(values.events ?? 1_000_000);
/** Issue #5's target for every batch size. */
const TARGET_EVENTS_PER_SECOND = 30_000;
/** Issue #15's target for the bytes of a pushed event on the wire. */
const TARGET_WIRE_BYTES_PER_EVENT = 150;
const batchSizes = (values.batches ?? "100,1000,5000").split(",").map(Number);
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
// Extra Node flags for the oblast process, e.g. `BENCH_SYNC_OBLAST_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`.
const oblastNodeArgs = (process.env.BENCH_SYNC_OBLAST_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
const dir = mkdtempSync(join(tmpdir(), "planledger-bench-sync-"));

const startOblast = (run: number): Promise<{ child: ChildProcess; url: string; token: string }> =>
  new Promise((resolve, reject) => {
    // A fresh oblast (new id, new key, empty log) per batch size, so every run pushes the whole log.
    const db = join(dir, `luhanska-${run}.db`);
    const tokenFile = join(dir, `luhanska-${run}.token`);
    const child = spawn(
      process.execPath,
      [...oblastNodeArgs, "--import", "tsx", "apps/cli/src/main.ts", "serve", "--node", `luhanska-r${run}`, "--level", "oblast", "--db", db,
        "--admin-token-file", tokenFile, "--port", "0", "--host", "127.0.0.1"],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, PLANLEDGER_SYNC_INTERVAL_MS: "0" } },
    );
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const url = /listening (\S+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ child, url, token: readFileSync(tokenFile, "utf8").trim() });
    });
    child.once("exit", (code) => reject(new Error(`oblast exited with ${code}`)));
  });

/**
 * CPU seconds (user + system) a process has used so far, from `/proc/<pid>/stat` (Linux); null elsewhere. On a
 * shared machine, events per CPU-second of each side says more about the code than the wall clock does.
 */
const cpuSecondsOf = (pid: number | undefined): number | null => {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return null;
  // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th of them.
  const stat = readFileSync(file, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const perCpuSecond = (events: number, cpuSeconds: number | null): string =>
  cpuSeconds === null || cpuSeconds <= 0 ? "?" : Math.round(events / cpuSeconds).toString();

/** The 1-, 5- and 15-minute load averages: how busy the machine was besides this benchmark's two processes. */
const loadLine = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

const main = async () => {
  process.stdout.write(
    `machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, Node ${process.version}, load ${loadLine()}\n`,
  );
  const districtPath = join(dir, "novopskovskyi.db");
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path: districtPath, nodeId: "novopskovskyi" }));
  const [store, database] = await runtime.runPromise(Effect.all([EventStore, EventStoreDatabase]));
  const started = performance.now();
  for (let done = 0; done < total; done += 1000) {
    const n = Math.min(1000, total - done);
    await Effect.runPromise(
      store.append("report:novopskovskyi-load", Array.from({ length: n }, (_, i) => progress(done + i)), {
        expectedVersion: "any",
        actor: "bench",
      }),
    );
  }
  process.stdout.write(`district log: ${total} events written in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const key = loadOrCreateNodeKey(`${districtPath}.key`);

  const verdicts: string[] = [];
  const wireVerdicts: string[] = [];
  process.stdout.write(`push bodies ${compress ? "compressed in the coding the oblast reads" : "uncompressed (--identity)"}\n`);
  process.stdout.write("batch | events/s | bytes/event raw | bytes/event wire | coding | seconds | oblast events/CPU-s | district events/CPU-s\n");
  for (const [run, batchSize] of batchSizes.entries()) {
    const oblast = await startOblast(run);
    try {
      const invite = await fetch(`${oblast.url}/federation/v1/invitations`, {
        method: "POST",
        headers: { authorization: `Bearer ${oblast.token}`, "content-type": "application/json" },
        body: JSON.stringify({ nodeId: "novopskovskyi", level: "district" }),
      });
      const { token } = (await invite.json()) as { token: string };
      // A fresh federation view per run: the district enrolls with this run's oblast, whose cursor starts at 0.
      const node = await openFederationNode({ self: { nodeId: "novopskovskyi", level: "district" }, store, database, key });
      const client = makeSyncClient(node, { batchSize, compress });
      await client.join(oblast.url, token);
      const t0 = performance.now();
      const oblastCpu0 = cpuSecondsOf(oblast.child.pid);
      const districtCpu0 = process.cpuUsage();
      const report = await client.syncOnce();
      const seconds = (performance.now() - t0) / 1000;
      const oblastCpu1 = cpuSecondsOf(oblast.child.pid);
      const districtCpu = process.cpuUsage(districtCpu0);
      if (report.error !== null) throw new Error(`sync failed: ${report.error}`);
      const pushed = report.pushed.reduce((sum, o) => sum + o.stored, 0);
      if (pushed !== total) throw new Error(`pushed ${pushed} of ${total}`);
      const rate = Math.round(total / seconds);
      verdicts.push(`batch ${batchSize}: ${rate} (${rate >= TARGET_EVENTS_PER_SECOND ? "met" : "NOT met"})`);
      const wire = report.bytesSent / total;
      wireVerdicts.push(`batch ${batchSize}: ${wire.toFixed(0)} (${wire <= TARGET_WIRE_BYTES_PER_EVENT ? "met" : "NOT met"})`);
      process.stdout.write(
        `${String(batchSize).padStart(5)} | ${rate.toString().padStart(8)} | ${(report.bytesRaw / total).toFixed(0).padStart(15)} | ` +
          `${wire.toFixed(0).padStart(16)} | ${report.coding.padStart(6)} | ${seconds.toFixed(1).padStart(7)} | ` +
          `${perCpuSecond(total, oblastCpu0 === null || oblastCpu1 === null ? null : oblastCpu1 - oblastCpu0).padStart(19)} | ` +
          `${perCpuSecond(total, (districtCpu.user + districtCpu.system) / 1e6).padStart(21)}\n`,
      );
    } finally {
      await stop(oblast.child);
    }
  }
  process.stdout.write(`load at the end: ${loadLine()}\n`);
  process.stdout.write(`target: ≥ ${TARGET_EVENTS_PER_SECOND} events/s for ${total} events — ${verdicts.join(", ")}\n`);
  process.stdout.write(`target: ≤ ${TARGET_WIRE_BYTES_PER_EVENT} bytes per event on the wire — ${wireVerdicts.join(", ")}\n`);
  await runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
};

main().catch((error: unknown) => {
  process.stderr.write(`bench:sync: ${error instanceof Error ? error.stack : String(error)}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = 1;
});
