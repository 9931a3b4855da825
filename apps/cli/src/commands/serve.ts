/**
 * @module `planledger serve`: runs one node until SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { isPostgresUrl, shownDatabase } from "@planledger/event-store";
import { limitsFromEnv, NodeConfig, startNode } from "@planledger/node";
import { Cause, Either, Option, ParseResult, Runtime, Schema as S } from "effect";

const usage = `Використання / usage: planledger serve --node ID --level national|oblast|district|hromada
  [--name "Назва"] [--parent URL] [--db PATH|postgres://…] [--key PATH] [--port N] [--host 127.0.0.1] [--admin-token-file PATH]
  --db: файл SQLite (типово data/<вузол>.db) або URL PostgreSQL; з PostgreSQL потрібен --key (файл ключа підпису) /
        a SQLite file (data/<node>.db by default) or a PostgreSQL URL; with PostgreSQL --key (the signing key's file) is required
Змінні середовища / environment: PLANLEDGER_NODE, PLANLEDGER_LEVEL, PLANLEDGER_NAME, PLANLEDGER_PARENT_URL,
  PLANLEDGER_DATABASE_URL, PLANLEDGER_DB, PLANLEDGER_KEY, PLANLEDGER_PORT, PLANLEDGER_HOST, PLANLEDGER_ADMIN_TOKEN_FILE
  (прапорці мають пріоритет / flags win);
  ліміти на джерело / per-source limits (docs/api.md): PLANLEDGER_AUTH_FAILURES (10), PLANLEDGER_AUTH_WINDOW_S (300),
  PLANLEDGER_SYNC_MIN_INTERVAL_S (10), PLANLEDGER_TRUSTED_PROXIES (адреси через кому / comma-separated), PLANLEDGER_LIMIT_MAX_SOURCES`;

/** Resolves the node's configuration from flags, then environment, then defaults. */
export const configFrom = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv) => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      node: { type: "string" },
      level: { type: "string" },
      name: { type: "string" },
      parent: { type: "string" },
      db: { type: "string" },
      key: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      "admin-token-file": { type: "string" },
    },
    strict: true,
  });
  const nodeId = values.node ?? env.PLANLEDGER_NODE;
  const dbPath = values.db ?? (env.PLANLEDGER_DATABASE_URL || undefined) ?? env.PLANLEDGER_DB ?? `data/${nodeId ?? "node"}.db`;
  const keyPath = values.key ?? (env.PLANLEDGER_KEY || undefined);
  const port = values.port ?? env.PLANLEDGER_PORT ?? "8700";
  const config = S.decodeUnknownEither(NodeConfig, { onExcessProperty: "error", errors: "all" })({
    nodeId,
    level: values.level ?? env.PLANLEDGER_LEVEL,
    displayName: values.name ?? env.PLANLEDGER_NAME ?? nodeId,
    parentUrl: values.parent ?? env.PLANLEDGER_PARENT_URL ?? null,
    dbPath,
    ...(keyPath === undefined ? {} : { keyPath }),
    port: /^\d+$/.test(port) ? Number(port) : port,
    host: values.host ?? env.PLANLEDGER_HOST ?? "127.0.0.1",
    limits: limitsFromEnv(env),
  });
  // Beside the database file, or beside the key file of a node on PostgreSQL.
  const beside = isPostgresUrl(dbPath) ? (keyPath ?? "data/node.key").replace(/(\.key)?$/, "") : dbPath.replace(/(\.db)?$/, "");
  const adminTokenFile = values["admin-token-file"] ?? env.PLANLEDGER_ADMIN_TOKEN_FILE ?? `${beside}.token`;
  return Either.map(config, (c) => ({ config: c, adminTokenFile }));
};

/**
 * The one-line reason of a start-up failure that is the operator's to fix (the database cannot be opened as this node's
 * store, the port is taken or not allowed), or null for anything else.
 *
 * @example startFailure(Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" })) // "порт уже зайнятий …"
 */
export const startFailure = (error: unknown): string | null => {
  const failure = Runtime.isFiberFailure(error) ? Option.getOrUndefined(Cause.failureOption(error[Runtime.FiberFailureCauseId])) : error;
  if (typeof failure === "object" && failure !== null && "_tag" in failure && failure._tag === "StoreOpenError") return String((failure as unknown as Error).message);
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  if (code === "EADDRINUSE") return "порт уже зайнятий іншою програмою / the port is already in use by another program";
  if (code === "EACCES") return "немає дозволу слухати цей порт або адресу / not allowed to listen on this port or address";
  if (code === "EADDRNOTAVAIL") return "такої адреси на цій машині немає (--host) / no such address on this machine (--host)";
  return null;
};

export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  let resolved: ReturnType<typeof configFrom>;
  try {
    resolved = configFrom(args, process.env);
  } catch (error) {
    process.stderr.write(`planledger serve: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  if (Either.isLeft(resolved)) {
    const issues = ParseResult.ArrayFormatter.formatErrorSync(resolved.left);
    const text = issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    process.stderr.write(`planledger serve: некоректні параметри / invalid options: ${text}\n${usage}\n`);
    return 2;
  }
  const { config, adminTokenFile } = resolved.right;
  // A server database holds no key file beside it: the operator names where the node's signing key lives.
  if (isPostgresUrl(config.dbPath) && config.keyPath === undefined) {
    process.stderr.write(
      `planledger serve: з базою PostgreSQL (${shownDatabase(config.dbPath)}) потрібен --key ФАЙЛ (або PLANLEDGER_KEY): файл ключа підпису вузла / ` +
        `with a PostgreSQL database (${shownDatabase(config.dbPath)}) --key FILE (or PLANLEDGER_KEY) is required: the node's signing key file\n`,
    );
    return 2;
  }
  let node: Awaited<ReturnType<typeof startNode>>;
  try {
    node = await startNode(config, { adminTokenFile });
  } catch (error) {
    const reason = startFailure(error);
    if (reason === null) throw error;
    // A configuration an operator can fix: one line and exit 2, never a stack trace or a half-started node.
    process.stderr.write(`planledger serve: ${reason}\n`);
    return 2;
  }
  // One stable line that scripts (the demo, e2e tests) wait for.
  process.stdout.write(`listening ${node.url} node=${config.nodeId}\n`);
  if (node.issuedAdminToken) {
    process.stdout.write(`адміністративний токен записано / admin token written to ${adminTokenFile}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await node.close();
  return 0;
};
