/**
 * @module `planledger users add|list|disable|reset|role --db PATH|postgres://…`: people's accounts in a node database
 * (a SQLite file, or a node's PostgreSQL database), from the terminal, so that the first administrator can be made
 * before anyone can sign in.
 */
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { AccountError, makeAccountStore, nodeMigrations, postgresAccountBackend, Role, sqliteAccountBackend } from "@planledger/node";
import { isPostgresUrl, migrateDatabase, openForReading, openSqlite, selfOriginIn, shownDatabase } from "@planledger/event-store";
import { Schema as S } from "effect";

const usage = `Використання / usage:
  planledger users add     --db PATH|postgres://… [--node ID] --login NAME --role ROLE [--name "ПІБ"] --password-stdin
  planledger users list    --db PATH
  planledger users disable --db PATH --login NAME
  planledger users reset   --db PATH --login NAME --password-stdin
  planledger users role    --db PATH --login NAME --role ROLE
  ролі / roles: ${Role.literals.join(", ")}
  пароль читається зі стандартного входу (один рядок) / the password is read from standard input (one line)
  --db postgres://… (або / or PLANLEDGER_DATABASE_URL): вузол на PostgreSQL, уже запущений serve / a node on PostgreSQL that serve has started`;

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
};

const options = (args: ReadonlyArray<string>): Record<string, string | true> => {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) throw new AccountError(`зайвий аргумент «${arg}» / unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (name === "password-stdin") out[name] = true;
    else if (inline !== undefined) out[name] = inline;
    else {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new AccountError(`--${name}: немає значення / no value`);
      out[name] = value;
      i += 1;
    }
  }
  return out;
};

const required = (o: Record<string, string | true>, name: string): string => {
  const value = o[name];
  if (typeof value !== "string" || value === "") throw new AccountError(`потрібен --${name} / --${name} is required`);
  return value;
};

const roleOf = (o: Record<string, string | true>): Role => {
  const role = required(o, "role");
  if (!S.is(Role)(role)) throw new AccountError(`невідома роль «${role}» / unknown role "${role}": ${Role.literals.join(", ")}`);
  return role;
};

type Accounts = ReturnType<typeof makeAccountStore>;

/** One verb on the node's accounts; its exit code. */
const act = async (action: string, o: Record<string, string | true>, accounts: Accounts, password: () => Promise<string>): Promise<number> => {
  switch (action) {
    case "add": {
      const record = await accounts.add(required(o, "login"), typeof o.name === "string" ? o.name : "", roleOf(o), await password());
      process.stdout.write(`створено / created: ${record.login} (${record.role})\n`);
      return 0;
    }
    case "list": {
      for (const a of await accounts.list())
        process.stdout.write(
          `${a.login}\t${a.role}\t${a.name}\t${a.disabledAt === null ? "активний / active" : `вимкнено / disabled ${a.disabledAt}`}${a.lockedUntil === null ? "" : `\tзаблоковано до / locked until ${a.lockedUntil}`}\n`,
        );
      return 0;
    }
    case "disable":
      await accounts.disable(required(o, "login"));
      process.stdout.write(`вимкнено / disabled: ${required(o, "login")}\n`);
      return 0;
    case "reset":
      await accounts.reset(required(o, "login"), await password());
      process.stdout.write(`пароль змінено, сеанси завершено / password reset, sessions ended: ${required(o, "login")}\n`);
      return 0;
    case "role":
      await accounts.setRole(required(o, "login"), roleOf(o));
      process.stdout.write(`роль змінено / role set: ${required(o, "login")} → ${roleOf(o)}\n`);
      return 0;
    default:
      throw new AccountError(`невідома дія «${action}» / unknown action "${action}"`);
  }
};

/**
 * The accounts of a node on PostgreSQL: its database must be a node's (started once with `serve`, which made its
 * tables and registered its key); the node is the one its key names, or `--node`. A server that does not answer, a
 * refused login, a database that is not there or not a node's: one line (the password never shown), nothing changed.
 */
const onPostgres = async (url: string, o: Record<string, string | true>, use: (accounts: Accounts) => Promise<number>): Promise<number> => {
  const shown = shownDatabase(url);
  const opened = await openForReading(url);
  if ("_tag" in opened) {
    const reason = opened._tag === "Missing" ? "бази немає / no such database" : opened.reason;
    throw new AccountError(
      opened._tag === "NotAStore"
        ? `PostgreSQL ${shown}: не база вузла — спершу запустіть на ній planledger serve / not a node database — start planledger serve on it first (${reason})`
        : `PostgreSQL ${shown}: ${reason}`,
    );
  }
  try {
    await migrateDatabase(opened.kysely, [nodeMigrations]).catch((error: unknown) => {
      throw new AccountError(`PostgreSQL ${shown}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const nodeId = typeof o.node === "string" ? o.node : await selfOriginIn(opened.kysely);
    if (nodeId === undefined) throw new AccountError(`PostgreSQL ${shown}: вузол не названо — додайте --node ID / the node is not named — add --node ID`);
    return await use(makeAccountStore(nodeId, postgresAccountBackend(opened)));
  } finally {
    await opened.close();
  }
};

/**
 * @example await run(["add", "--db", "data/demo/luhanska.db", "--login", "olena", "--role", "reviewer", "--password-stdin"])
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const [action, ...rest] = args;
  if (action === undefined || action === "--help" || action === "-h") {
    process.stdout.write(`${usage}\n`);
    return action === undefined ? 2 : 0;
  }
  try {
    const o = options(rest);
    // As `serve`: the database named, or the PostgreSQL URL of the environment.
    const path = typeof o.db === "string" ? o.db : (process.env.PLANLEDGER_DATABASE_URL ?? required(o, "db"));
    const password = async (): Promise<string> => {
      if (o["password-stdin"] !== true) throw new AccountError("потрібен --password-stdin / --password-stdin is required");
      return readStdin();
    };
    if (isPostgresUrl(path)) return await onPostgres(path, o, (accounts) => act(action, o, accounts, password));
    if (!existsSync(dirname(path))) throw new AccountError(`теки ${dirname(path)} немає / no such folder ${dirname(path)}`);
    if (action !== "add" && !existsSync(path)) throw new AccountError(`файлу ${path} немає / no such file ${path}`);
    const database = { path, ...openSqlite(path) };
    try {
      await migrateDatabase(database.kysely, [nodeMigrations]);
      const nodeId = typeof o.node === "string" ? o.node : (/([a-z][a-z0-9-]*)\.db$/.exec(path)?.[1] ?? "node");
      return await act(action, o, makeAccountStore(nodeId, sqliteAccountBackend(database)), password);
    } finally {
      database.sqlite.close();
    }
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    process.stderr.write(`planledger users: ${error.message}\n${usage}\n`);
    return 2;
  }
};
