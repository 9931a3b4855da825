/**
 * @module `planledger demo` as a child process for end-to-end tests: four free ports on 127.0.0.1, its data in
 * a directory of the test's own, ready once it prints how to stop it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { repoRoot } from "./spawn-node.js";

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

/**
 * A base port with the next `count - 1` free as well.
 *
 * @example const base = await freeBasePort(); // the demo's four nodes listen on base … base + 3
 */
export const freeBasePort = async (count = 4): Promise<number> => {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
};

export interface DemoProcess {
  readonly child: ChildProcess;
  /** Resolves with what the demo printed once it is running; rejects if it exits first. */
  readonly ready: Promise<string>;
}

/**
 * @example const demo = startDemoProcess(dir, await freeBasePort()); await demo.ready; // … demo.child.kill("SIGINT")
 */
export const startDemoProcess = (dataDir: string, basePort: number): DemoProcess => {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "demo", "--data", dataDir], {
    cwd: repoRoot,
    // The tests sync by hand, sometimes seconds apart: no minimum interval between on-demand rounds.
    env: { ...process.env, PLANLEDGER_DEMO_BASE_PORT: String(basePort), PLANLEDGER_SYNC_INTERVAL_MS: "0", PLANLEDGER_SYNC_MIN_INTERVAL_S: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.includes("Ctrl+C")) resolve(out);
    });
    child.once("exit", (code) => reject(new Error(`demo exited ${code}: ${out}`)));
  });
  return { child, ready };
};

/**
 * Interrupts the demo as Ctrl+C would; resolves with its exit code.
 *
 * @example expect(await stopDemoProcess(demo.child)).toBe(0)
 */
export const stopDemoProcess = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill("SIGINT");
  });
