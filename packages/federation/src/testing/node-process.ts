/**
 * @module Test support: a node as a real process (`planledger serve`), started, killed and restarted on
 * the same port and database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const cliMain = `${repoRoot}apps/cli/src/main.ts`;

export interface NodeProcess {
  readonly nodeId: string;
  readonly url: string;
  readonly dbPath: string;
  readonly adminToken: string;
  /** The file the node wrote its admin token to (what `planledger sync --admin-token-file` reads). */
  readonly tokenFile: string;
  readonly kill: (signal?: NodeJS.Signals) => Promise<void>;
  readonly restart: () => Promise<NodeProcess>;
}

const waitListening = (child: ChildProcess, nodeId: string): Promise<string> =>
  new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /listening (\S+)/.exec(out);
      if (match?.[1] !== undefined) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code, signal) => reject(new Error(`${nodeId} exited (${code ?? signal}) before listening: ${out}`)));
  });

/**
 * Starts `planledger serve` for one node on 127.0.0.1 (port 0 = any free port) with its database in `dir`.
 * Scheduled sync is off unless `env` turns it on, so tests decide when a sync happens.
 */
export const startNodeProcess = async (
  dir: string,
  node: {
    readonly nodeId: string;
    readonly level: string;
    readonly port?: number;
    /** A PostgreSQL URL to serve from (its key file then `<dir>/<nodeId>.key`); a SQLite file in `dir` unless given. */
    readonly db?: string;
  },
  env: Record<string, string> = {},
): Promise<NodeProcess> => {
  const dbPath = node.db ?? join(dir, `${node.nodeId}.db`);
  const tokenFile = join(dir, `${node.nodeId}.token`);
  const key = node.db === undefined ? [] : ["--key", join(dir, `${node.nodeId}.key`)];
  const child = spawn(
    process.execPath,
    ["--import", "tsx", cliMain, "serve", "--node", node.nodeId, "--level", node.level, "--db", dbPath, ...key,
      "--admin-token-file", tokenFile, "--port", String(node.port ?? 0), "--host", "127.0.0.1"],
    // Tests call sync back to back (a cut, then the resumed round): no minimum interval between on-demand rounds.
    { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, PLANLEDGER_SYNC_INTERVAL_MS: "0", PLANLEDGER_SYNC_MIN_INTERVAL_S: "0", ...env } },
  );
  const url = await waitListening(child, node.nodeId);
  const port = Number(new URL(url).port);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    nodeId: node.nodeId,
    url,
    dbPath,
    adminToken: readFileSync(tokenFile, "utf8").trim(),
    tokenFile,
    kill: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    restart: () => startNodeProcess(dir, { ...node, port }, env),
  };
};

/** JSON over HTTP with the node's admin token unless another is given. */
export const api = async <T = unknown>(
  node: { readonly url: string; readonly adminToken: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; etag: number }> => {
  const isText = typeof body === "string";
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${node.adminToken}`,
      ...(body === undefined ? {} : { "content-type": isText ? "text/plain; charset=utf-8" : "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: isText ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text === "" ? null : JSON.parse(text)) as T,
    etag: Number(res.headers.get("etag")?.replaceAll('"', "") ?? "0"),
  };
};
