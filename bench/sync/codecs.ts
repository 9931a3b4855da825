/**
 * @module `pnpm --filter @planledger/bench run sync:codecs [--node24]`: which content coding a push body should
 * travel in. Builds real push bodies — a district node process (`planledger serve`) adopts plan № 328 and records a
 * quarter of reports through its API, the same quarter the bad-line test sends — and the bench's synthetic progress
 * entries, then prints codec-table.ts's table for them under this Node and, with `--node24`, under Node 24 as well
 * (`npx -y node@24`; Node 20's zlib has no zstd).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { EventStore, EventStoreDatabase, loadOrCreateNodeKey } from "@planledger/event-store";
import { openFederationNode } from "@planledger/federation";
import { adoptDistrictPlan, recordQuarter, startNodeProcess, tempDir } from "@planledger/federation/testing";
import { Effect, ManagedRuntime } from "effect";
import { progress } from "./progress-events.js";

const { values } = parseArgs({ args: process.argv.slice(2), options: { node24: { type: "boolean" } } });
const here = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Push bodies of `nodeId`'s own log in the database at `path`: one per [after, events] asked for. */
const bodiesOf = async (path: string, nodeId: string, cuts: ReadonlyArray<readonly [name: string, after: number, events: number]>, out: string) => {
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId }));
  try {
    const [store, database] = await runtime.runPromise(Effect.all([EventStore, EventStoreDatabase]));
    const node = await openFederationNode({ self: { nodeId, level: "district" }, store, database, key: loadOrCreateNodeKey(`${path}.key`) });
    const head = Effect.runSync(node.cursorOf(nodeId)).seq;
    for (const [name, after, events] of cuts) {
      const batch = Effect.runSync(node.nextBatchBody(nodeId, after, events, head, []));
      if (batch === null || batch.checkpoint.seq !== after + events) throw new Error(`${name}: the log holds ${head} events`);
      writeFileSync(join(out, `${name}.${String(events).padStart(4, "0")}.json`), batch.body);
    }
  } finally {
    await runtime.dispose();
  }
};

const main = async () => {
  const temp = tempDir();
  try {
    const out = join(temp.dir, "bodies");
    mkdirSync(out);
    const district = await startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" });
    let quarter: number;
    try {
      const planId = await adoptDistrictPlan(district);
      quarter = await recordQuarter(district, planId, { year: 2025, quarter: 1, revisions: 4 });
    } finally {
      await district.kill();
    }
    // 65 events adopt the plan; the quarter's follow.
    await bodiesOf(join(temp.dir, "novopskovskyi.db"), "novopskovskyi", [
      ["plan", 0, 65],
      ["quarter", 65, 25],
      ["quarter", 65, 50],
      ["quarter", 65, quarter],
    ], out);

    const benchDb = join(temp.dir, "bench.db");
    const runtime = ManagedRuntime.make(EventStore.sqlite({ path: benchDb, nodeId: "bench-district" }));
    await runtime.runPromise(
      Effect.flatMap(EventStore, (store) =>
        store.append("report:bench-district-load", Array.from({ length: 1000 }, (_, i) => progress(i)), { expectedVersion: "any", actor: "bench" }),
      ),
    );
    await runtime.dispose();
    await bodiesOf(benchDb, "bench-district", [
      ["synthetic", 0, 100],
      ["synthetic", 0, 1000],
    ], out);

    const table = join(here, "codec-table.ts");
    const runs: Array<readonly [string, string[]]> = [[process.execPath, ["--import", "tsx", table, out]]];
    if (values.node24 === true) runs.push(["npx", ["-y", "node@24", "--import", "tsx", table, out]]);
    for (const [command, args] of runs) {
      const run = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit" });
      if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${run.status}`);
    }
  } finally {
    temp.remove();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`sync:codecs: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
