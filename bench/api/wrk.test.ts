import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseWrk, wrkMilliseconds, wrkOnPath } from "./wrk.js";

// Reports as wrk 4.1.0 (Debian) prints them with --latency.
const clean = `Running 5s test @ http://127.0.0.1:40123/api/v1/plans/luhanska.1003.2018-12-12
  1 threads and 100 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.12ms    1.03ms  20.45ms   90.12%
    Req/Sec    19.61k     1.23k   21.00k    80.00%
  Latency Distribution
     50%  635.91us
     75%  712.00us
     90%    1.00ms
     99%    7.25ms
  97603 requests in 5.00s, 1.23GB read
Requests/sec:  19520.12
Transfer/sec:    250.12MB
`;

const troubled = `Running 5s test @ http://127.0.0.1:40123/
  1 threads and 100 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   412.30ms  500.00ms   1.99s    50.00%
    Req/Sec     1.20k   300.00     2.00k    60.00%
  Latency Distribution
     50%  250.00ms
     75%  800.00ms
     90%    1.50s
     99%    1.98s
  6000 requests in 5.10s, 70.00MB read
  Socket errors: connect 1, read 2, write 3, timeout 40
  Non-2xx or 3xx responses: 17
Requests/sec:   1176.47
Transfer/sec:     13.73MB
`;

describe("wrkMilliseconds", () => {
  it("reads every unit wrk prints", () => {
    expect(wrkMilliseconds("635.91us")).toBeCloseTo(0.63591, 6);
    expect(wrkMilliseconds("7.25ms")).toBe(7.25);
    expect(wrkMilliseconds("1.98s")).toBe(1980);
    expect(wrkMilliseconds("2.00m")).toBe(120_000);
    expect(wrkMilliseconds("1.00h")).toBe(3_600_000);
    expect(wrkMilliseconds(" 12ms ")).toBe(12);
  });
  it("refuses what is not a duration", () => {
    expect(() => wrkMilliseconds("7.25")).toThrow(/not a wrk duration/);
    expect(() => wrkMilliseconds("19.61k")).toThrow(/not a wrk duration/);
  });
});

describe("parseWrk", () => {
  it("reads a clean run, percentiles from the distribution and not from Thread Stats", () => {
    expect(parseWrk(clean)).toEqual({ requests: 97603, rps: 19520.12, p50: 0.63591, p99: 7.25, non2xx: 0, errors: 0 });
  });
  it("sums socket errors and reads non-2xx responses and second-scale latencies", () => {
    expect(parseWrk(troubled)).toEqual({ requests: 6000, rps: 1176.47, p50: 250, p99: 1980, non2xx: 17, errors: 46 });
  });
  it("takes CRLF line ends", () => {
    expect(parseWrk(clean.replaceAll("\n", "\r\n")).p99).toBe(7.25);
  });
  it("throws, quoting the report, when run without --latency", () => {
    const withoutLatency = clean.replace(/ {2}Latency Distribution[\s\S]*?(?= {2}97603)/, "");
    expect(() => parseWrk(withoutLatency)).toThrow(/Latency Distribution[\s\S]*Requests\/sec/);
  });
  it("throws when the report is cut short", () => {
    expect(() => parseWrk(clean.slice(0, clean.indexOf("  97603")))).toThrow(/requests in/);
    expect(() => parseWrk("unable to connect to 127.0.0.1:1 Connection refused")).toThrow(/Latency Distribution/);
  });
});

describe("wrkOnPath", () => {
  it("finds an executable wrk on PATH and nothing where there is none", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrk-on-path-"));
    try {
      const wrk = join(dir, "wrk");
      writeFileSync(wrk, "#!/bin/sh\n");
      expect(wrkOnPath(["", join(dir, "none"), dir].join(delimiter))).toBe(null);
      chmodSync(wrk, 0o755);
      expect(wrkOnPath(["", join(dir, "none"), dir].join(delimiter))).toBe(wrk);
      expect(wrkOnPath("")).toBe(null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
