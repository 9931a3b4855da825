/**
 * @module `pnpm chaos`: the kill campaign of issue #15, long. Settings from the environment: `CHAOS_KILLS` (1000),
 * `CHAOS_SEED` (drawn and printed when absent), `CHAOS_DISTRICTS` (3), `CHAOS_MAX_SECONDS` (none: stop killing
 * after this long and check what was done), `CHAOS_KEEP=1` (keep the databases and logs), `CHAOS_COLD=1` (start each node process
 * from nothing, without the preloaded spares of `chaos-node.ts`). Prints progress on
 * stderr and the table on stdout; exits 1 when a write was lost or doubled, a chain does not verify, a cursor
 * moved back, or a node failed to start again.
 */
import { randomInt } from "node:crypto";
import { formatCampaign, loadLine } from "./campaign-report.js";
import { runKillCampaign } from "./kill-campaign.js";

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`chaos: ${name} must be a whole number, not «${raw}»\n`);
    process.exit(2);
  }
  return value;
};

const seed = int("CHAOS_SEED", randomInt(1, 2 ** 31));
const kills = int("CHAOS_KILLS", 1000);
const maxSeconds = process.env.CHAOS_MAX_SECONDS === undefined ? undefined : int("CHAOS_MAX_SECONDS", 0);
const loadAtStart = loadLine();
process.stderr.write(`chaos: seed ${seed}, ${kills} kills${maxSeconds === undefined ? "" : `, at most ${maxSeconds} s of killing`}\n`);

const result = await runKillCampaign({
  kills,
  seed,
  districts: int("CHAOS_DISTRICTS", 3),
  ...(maxSeconds === undefined ? {} : { maxSeconds }),
  keepDir: process.env.CHAOS_KEEP === "1",
  coldStarts: process.env.CHAOS_COLD === "1",
  progress: (line) => process.stderr.write(`chaos: ${line}\n`),
});
process.stdout.write(`${formatCampaign(result, { loadAtStart })}\n`);
process.exitCode = result.ok ? 0 : 1;
