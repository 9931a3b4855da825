/**
 * @module wrk (https://github.com/wg/wrk, C) for `pnpm bench:api`: finding it on PATH, running it, and reading
 * the figures out of its `--latency` report.
 */
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** What `pnpm bench:api` takes from one load run, wrk's or autocannon's; below, where wrk prints it. Times in ms. */
export interface LoadFigures {
  /** Requests completed ("N requests in 5.00s"). */
  readonly requests: number;
  /** "Requests/sec:". */
  readonly rps: number;
  /** "Latency Distribution" 50 %. */
  readonly p50: number;
  /** "Latency Distribution" 99 %. */
  readonly p99: number;
  /** "Non-2xx or 3xx responses:" (wrk counts statuses above 399); 0 when the line is absent. */
  readonly non2xx: number;
  /** "Socket errors:" connect + read + write + timeout; 0 when the line is absent. */
  readonly errors: number;
}

const msPerUnit: Readonly<Record<string, number>> = { us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** A wrk duration such as `412.00us`, `3.72ms`, `1.20s` or `2.00m`, in milliseconds. */
export const wrkMilliseconds = (text: string): number => {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`not a wrk duration: ${JSON.stringify(text)}`);
  return Number(m[1]) * (msPerUnit[m[2]!] ?? Number.NaN);
};

/** Reads wrk's report (run with `--latency`); throws, quoting the report, when a figure is missing. */
export const parseWrk = (report: string): LoadFigures => {
  const fail = (what: string): never => {
    throw new Error(`wrk report without ${what}:\n${report}`);
  };
  // Only the "Latency Distribution" block: the "Thread Stats" lines above it carry percentages too.
  const distribution = report.split(/^\s*Latency Distribution\s*$/m)[1] ?? fail("a Latency Distribution (run with --latency)");
  const percentile = (p: string) => {
    const m = new RegExp(`^\\s*${p}(?:\\.0+)?%\\s+(\\S+)\\s*$`, "m").exec(distribution);
    return m ? wrkMilliseconds(m[1]!) : fail(`the ${p}% latency`);
  };
  const requests = /^\s*(\d+) requests in /m.exec(report)?.[1] ?? fail('"N requests in"');
  const rps = /^\s*Requests\/sec:\s+(\d+(?:\.\d+)?)\s*$/m.exec(report)?.[1] ?? fail('"Requests/sec:"');
  const non2xx = /^\s*Non-2xx or 3xx responses:\s+(\d+)\s*$/m.exec(report)?.[1] ?? "0";
  const socket = /^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)\s*$/m.exec(report);
  return {
    requests: Number(requests),
    rps: Number(rps),
    p50: percentile("50"),
    p99: percentile("99"),
    non2xx: Number(non2xx),
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
};

/** The wrk executable on PATH, or null. */
export const wrkOnPath = (path = process.env.PATH ?? ""): string | null => {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, "wrk");
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return null;
};

/** Runs wrk with `args` and returns its report (stdout); rejects with its stderr when it exits non-zero. */
export const runWrk = (wrk: string, args: ReadonlyArray<string>): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(wrk, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${wrk} ${args.join(" ")}: ${String(stderr || stdout).trim() || error.message}`));
      else resolve(stdout);
    });
  });
