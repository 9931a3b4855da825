/**
 * @module A node as a child process (`planledger serve`): how the demo runs its four nodes, how the end-to-end
 * tests of the node and the CLI run real ones, and how the benchmarks start theirs. The CLI is started by its
 * path, as an operator would, so this package imports no app.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root: where `fixtures/` lives and relative paths of the CLI resolve. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const cliMain = fileURLToPath(new URL("../../../apps/cli/src/main.ts", import.meta.url));

export interface NodeProcessSpec {
  readonly nodeId: string;
  /** `national`, `oblast`, `district` or `hromada`: `planledger serve --level` checks it. */
  readonly level: string;
  readonly displayName?: string;
  readonly parentUrl?: string | null;
  readonly dbPath: string;
  readonly adminTokenFile: string;
  /** 0 (the default) lets the OS pick a free port; the URL is read from the process's `listening` line. */
  readonly port?: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Options for Node itself, before the CLI (`--cpu-prof`, which NODE_OPTIONS does not take). */
  readonly nodeOptions?: ReadonlyArray<string>;
  /** The CLI's one-file bundle to run (`apps/cli/dist/planledger.mjs`) instead of its sources through tsx. */
  readonly bundle?: string;
}

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code once the process has ended. */
  readonly stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Starts `planledger serve` and resolves once it listens; rejects if it exits first.
 *
 * @example
 * const node = await spawnNode({ nodeId: "luhanska", level: "oblast", dbPath: "/tmp/l.db", adminTokenFile: "/tmp/l.token" });
 * await fetch(`${node.url}/health`); await node.stop();
 */
export const spawnNode = (spec: NodeProcessSpec): Promise<NodeProcess> => {
  const args = [
    ...(spec.nodeOptions ?? []),
    ...(spec.bundle === undefined ? ["--import", "tsx", cliMain] : [spec.bundle]),
    "serve",
    "--node",
    spec.nodeId,
    "--level",
    spec.level,
    "--name",
    spec.displayName ?? spec.nodeId,
    ...(spec.parentUrl ? ["--parent", spec.parentUrl] : []),
    "--db",
    spec.dbPath,
    "--admin-token-file",
    spec.adminTokenFile,
    "--port",
    String(spec.port ?? 0),
    "--host",
    "127.0.0.1",
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...spec.env },
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /listening (\S+)/.exec(out);
      if (match?.[1] === undefined) return;
      child.stdout?.off("data", onData);
      child.stdout?.resume();
      resolve({ child, url: match[1], stop });
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code, signal) =>
      reject(new Error(`вузол ${spec.nodeId} завершився / node ${spec.nodeId} exited (${code ?? signal}) before listening: ${out}`)),
    );
  });
};
