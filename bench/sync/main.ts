/**
 * @module `pnpm bench:sync [--events N] [--batches 100,1000,5000]`: events/s and bytes/event of a district
 * pushing its log to an oblast over loopback HTTP. The oblast is a real node process (`planledger serve`,
 * fresh database per batch size); the district is this process (its SQLite store, the federation client).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { EventStore, EventStoreDatabase, loadOrCreateNodeKey } from "@planledger/event-store";
import { makeFederationNode, makeSyncClient } from "@planledger/federation";
import { Effect, ManagedRuntime } from "effect";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { events: { type: "string" }, batches: { type: "string" } },
});
const total = Number(values.events ?? 1_000_000);
const batchSizes = (values.batches ?? "100,1000,5000").split(",").map(Number);
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "planledger-bench-sync-"));

/** A quarterly progress entry of the size the demo files (~0.4 KB of canonical JSON, mostly Cyrillic). */
const progress = (i: number) => ({
  type: "ProgressRecorded",
  data: {
    reportId: `novopskovskyi.328.2019-10-16.${2019 + (i % 8)}-q${(i % 4) + 1}`,
    measureId: `novopskovskyi.328.2019-10-16.s2.t4.m${(i % 13) + 1}`,
    status: i % 5 === 0 ? "done" : "inProgress",
    actuals: [{ value: i % 97, unit: "сімей" }],
    spent: [{ source: "місцевий бюджет", amount: (i % 1000) / 10 }],
    narrative: "Захід виконується відповідно до плану; надано послуги сім'ям у складних життєвих обставинах.",
  },
});

const startOblast = (run: number): Promise<{ child: ChildProcess; url: string; token: string }> =>
  new Promise((resolve, reject) => {
    // A fresh oblast (new id, new key, empty log) per batch size, so every run pushes the whole log.
    const db = join(dir, `luhanska-${run}.db`);
    const tokenFile = join(dir, `luhanska-${run}.token`);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "apps/cli/src/main.ts", "serve", "--node", `luhanska-r${run}`, "--level", "oblast", "--db", db,
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

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

const main = async () => {
  process.stdout.write(
    `machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, Node ${process.version}\n`,
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

  process.stdout.write("batch | events/s | bytes/event | seconds\n");
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
      const node = makeFederationNode({ self: { nodeId: "novopskovskyi", level: "district" }, store, database, key });
      const client = makeSyncClient(node, { batchSize });
      await client.join(oblast.url, token);
      const t0 = performance.now();
      const report = await client.syncOnce();
      const seconds = (performance.now() - t0) / 1000;
      if (report.error !== null) throw new Error(`sync failed: ${report.error}`);
      const pushed = report.pushed.reduce((sum, o) => sum + o.stored, 0);
      if (pushed !== total) throw new Error(`pushed ${pushed} of ${total}`);
      process.stdout.write(
        `${String(batchSize).padStart(5)} | ${Math.round(total / seconds).toString().padStart(8)} | ${(report.bytesSent / total).toFixed(0).padStart(11)} | ${seconds.toFixed(1)}\n`,
      );
    } finally {
      await stop(oblast.child);
    }
  }
  await runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
};

main().catch((error: unknown) => {
  process.stderr.write(`bench:sync: ${error instanceof Error ? error.stack : String(error)}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = 1;
});
