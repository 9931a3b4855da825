/**
 * @module One node of the kill campaign as a real `planledger serve` process that can be SIGKILLed at an exact
 * moment and started again on the same port and database. Its stderr goes to a log file beside the database, so
 * the campaign's own output stays its table; the log is what to read when a restart fails.
 *
 * A start takes ~3 CPU-seconds of module loading before the node touches its database (mostly tsx's hooks), which
 * would make that, not the kills, the campaign's pace. So once a node has listened, a spare process for it is
 * spawned at once: the same command and arguments, held by `start-gate.ts` after loading its code and before
 * `main.ts` runs. A start after a kill releases a spare (a line on its stdin), which then opens the database and
 * listens as any start does, and a new spare is spawned behind it.
 * `cold: true` starts every process from nothing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot } from "../testing/node-process.js";

const cliMain = join(repoRoot, "apps/cli/src/main.ts");
const serveModule = join(repoRoot, "apps/cli/src/commands/serve.ts");
const gate = fileURLToPath(new URL("./start-gate.ts", import.meta.url));

/** Every process the campaign started, so that none outlives it (a test that times out, an exception). */
const everyProcess = new Set<ChildProcess>();
process.once("exit", () => {
  for (const p of everyProcess) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
});

export interface ChaosNodeSpec {
  readonly nodeId: string;
  readonly level: "oblast" | "district";
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  /** Start every process from nothing instead of releasing a preloaded spare. */
  readonly cold?: boolean;
  /**
   * Spares kept loading or ready (default 1). More do not make kills faster on a busy machine: each kill costs one
   * spare's loading either way, and two loading at once each take twice as long.
   */
  readonly spares?: number;
}

export interface ChaosNode {
  readonly nodeId: string;
  readonly level: "oblast" | "district";
  readonly dbPath: string;
  readonly logPath: string;
  /** Set once the first start has listened; the same on every restart. */
  readonly url: () => string;
  readonly adminToken: () => string;
  /** True from `listening` until a kill or stop is sent. */
  readonly isUp: () => boolean;
  /** Resolves when the node is up (at once if it is). */
  readonly whenUp: () => Promise<void>;
  /** Starts the node and resolves once it listens; rejects (with the log's tail) if it exits first. */
  readonly start: () => Promise<void>;
  /** Sends SIGKILL now (synchronously) and resolves once the process is gone. */
  readonly sigkill: () => Promise<void>;
  /** SIGTERM and wait: a clean stop. The spare stays. */
  readonly stop: () => Promise<void>;
  /** Stops the node and its spare. */
  readonly dispose: () => Promise<void>;
  /** How many times the node was started (spares released included, spares waiting not). */
  readonly starts: () => number;
  /** Resolves once every spare of the pool has loaded (at once with none). */
  readonly sparesReady: () => Promise<void>;
  /** The last start: how long it waited for its spare to finish loading, and from release to listening. */
  readonly lastStart: () => { readonly spareWaitMs: number; readonly openMs: number };
}

interface Spawned {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  /** Resolves with the first line matching `pattern` on stdout; rejects if the process exits first. */
  readonly line: (pattern: RegExp) => Promise<string>;
}

/**
 * @example
 * const oblast = chaosNode({ nodeId: "luhanska", level: "oblast", dir, env: {} });
 * await oblast.start(); await oblast.sigkill(); await oblast.start(); await oblast.dispose();
 */
export const chaosNode = (spec: ChaosNodeSpec): ChaosNode => {
  const dbPath = join(spec.dir, `${spec.nodeId}.db`);
  const tokenFile = join(spec.dir, `${spec.nodeId}.token`);
  const logPath = join(spec.dir, `${spec.nodeId}.log`);
  let port = 0;
  let url = "";
  let token = "";
  let live: Spawned | null = null;
  const spares: Spawned[] = [];
  const poolSize = spec.cold === true ? 0 : Math.max(1, spec.spares ?? 1);
  let up = false;
  let starts = 0;
  let lastStart = { spareWaitMs: 0, openMs: 0 };
  let waiters: Array<() => void> = [];

  const logTail = () => {
    try {
      return readFileSync(logPath, "utf8").split("\n").slice(-15).join("\n");
    } catch {
      return "";
    }
  };

  const spawnProcess = (gated: boolean): Spawned => {
    const log = openSync(logPath, "a");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", ...(gated ? ["--import", gate] : []), cliMain, "serve", "--node", spec.nodeId, "--level", spec.level,
        "--db", dbPath, "--admin-token-file", tokenFile, "--port", String(port), "--host", "127.0.0.1"],
      {
        cwd: repoRoot,
        stdio: [gated ? "pipe" : "ignore", "pipe", log],
        env: { ...process.env, PLANLEDGER_SYNC_INTERVAL_MS: "0", PLANLEDGER_SYNC_MIN_INTERVAL_S: "0", CHAOS_PRELOAD: serveModule, ...spec.env },
      },
    );
    closeSync(log);
    everyProcess.add(child);
    // A spare whose campaign has gone sees its stdin close and leaves; nothing else reads it.
    child.stdin?.on("error", () => undefined);
    let out = "";
    const pending = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      for (const p of pending) {
        const match = p.pattern.exec(out);
        if (match !== null) {
          pending.delete(p);
          p.resolve(match[0]);
        }
      }
      if (out.length > 10_000) out = out.slice(-1_000);
    });
    const exited = new Promise<void>((resolve) =>
      child.once("exit", () => {
        everyProcess.delete(child);
        resolve();
      }),
    );
    const line = (pattern: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const match = pattern.exec(out);
        if (match !== null) return resolve(match[0]);
        const waiting = { pattern, resolve };
        pending.add(waiting);
        void exited.then(() => {
          if (!pending.delete(waiting)) return;
          reject(new Error(`${spec.nodeId} exited (${child.exitCode ?? child.signalCode}) before «${pattern.source}»: ${out}\n${logTail()}`));
        });
      });
    return { child, exited, line };
  };

  const markUp = () => {
    up = true;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  const start = async (): Promise<void> => {
    if (live !== null) throw new Error(`${spec.nodeId} is already running`);
    starts++;
    let next: Spawned;
    const asked = performance.now();
    const spare = spares.shift();
    if (spare !== undefined) {
      next = spare;
      await next.line(/chaos-gate ready/);
      next.child.stdin?.end("go\n");
    } else next = spawnProcess(false);
    const released = performance.now();
    live = next;
    const running = next;
    void running.exited.then(() => {
      if (live === running) {
        live = null;
        up = false;
      }
    });
    const listening = await next.line(/listening (\S+)/);
    url = listening.replace(/^listening /, "");
    port = Number(new URL(url).port);
    token = readFileSync(tokenFile, "utf8").trim();
    lastStart = { spareWaitMs: released - asked, openMs: performance.now() - released };
    markUp();
    topUp();
  };

  /** One spare loading at a time (two at once would each take twice as long on a busy machine), up to the pool. */
  let loading = false;
  const topUp = () => {
    if (loading || spares.length >= poolSize || live === null) return;
    const spare = spawnProcess(true);
    spares.push(spare);
    loading = true;
    const loaded = () => {
      loading = false;
      topUp();
    };
    spare.line(/chaos-gate ready/).then(loaded, loaded);
  };

  const signal = async (name: NodeJS.Signals): Promise<void> => {
    const running = live;
    up = false;
    if (running === null) return;
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill(name);
    await running.exited;
  };

  return {
    nodeId: spec.nodeId,
    level: spec.level,
    dbPath,
    logPath,
    url: () => url,
    adminToken: () => token,
    isUp: () => up,
    whenUp: () => (up ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    start,
    sigkill: () => signal("SIGKILL"),
    stop: () => signal("SIGTERM"),
    dispose: async () => {
      const waiting = spares.splice(0);
      for (const s of waiting) s.child.kill("SIGTERM");
      await Promise.all(waiting.map((s) => s.exited));
      await signal("SIGTERM");
    },
    starts: () => starts,
    lastStart: () => lastStart,
    sparesReady: async () => {
      while (spares.length < poolSize && live !== null) await new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all(spares.map((s) => s.line(/chaos-gate ready/).catch(() => undefined)));
    },
  };
};
