/**
 * @module `pnpm fuzz`: the long run of the API fuzzer (`runner.ts`) against a real node process. FUZZ_RUNS
 * (20000) requests at most, FUZZ_SECONDS (600) at most, FUZZ_SEED to replay a run; prints the seed, the counts
 * per operation and status, and the machine. Exits 1 on a 5xx, an undocumented answer or a hang, printing the
 * minimal request.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatCounts, fuzzNode, machine } from "./runner.js";

const numberFrom = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, not ${raw}`);
  return value;
};

const dir = mkdtempSync(join(tmpdir(), "planledger-fuzz-"));
try {
  const seed = process.env.FUZZ_SEED;
  const result = await fuzzNode({
    runs: numberFrom("FUZZ_RUNS", 20_000),
    seconds: numberFrom("FUZZ_SECONDS", 600),
    ...(seed === undefined || seed === "" ? {} : { seed: numberFrom("FUZZ_SEED", 0) }),
    timeoutMs: numberFrom("FUZZ_TIMEOUT_MS", 5_000),
    dir,
    log: (line) => console.log(line),
  });
  console.log(formatCounts(result));
  console.log(`machine: ${machine()}`);
  if (result.failure !== null) {
    console.log(`FAILED — minimal request:\n${result.failure}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
