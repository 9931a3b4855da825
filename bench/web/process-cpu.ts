/**
 * @module CPU time of the node process under load, for `pnpm bench:web`: the same /proc reading as bench/api, with
 * the process id as a parameter so that it lives outside the benchmark's main module.
 */
import { readFileSync } from "node:fs";

/**
 * CPU seconds process `pid` has used (user + system, from /proc; null elsewhere or once it has gone). Requests per
 * server CPU-second stay comparable when other work shares the machine, which wall-clock latency does not.
 */
export const processCpuSeconds = (pid: number | undefined): number | null => {
  if (pid === undefined) return null;
  try {
    // The command name in parentheses may hold spaces; the fields after it are space-separated.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};

/** Requests per second of `seconds`, rounded; null when the seconds are unknown or zero. */
export const perSecond = (requests: number, seconds: number | null): number | null =>
  seconds === null || seconds === 0 ? null : Math.round(requests / seconds);
