/**
 * @module Vitest's global setup for this package: the PostgreSQL server of the `*.postgres.*` tests. With
 * PLANLEDGER_TEST_PG_URL set, that server's database (the schemas the run made there are dropped after it);
 * otherwise a throwaway cluster that `infra/test/postgres.sh` makes before the run and removes after it, failed
 * tests or not (and, should the run be killed first, once its process is gone). A server that cannot be had fails
 * the run with its reason in one line: the PostgreSQL tests are never skipped.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import type { TestProject } from "vitest/node";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../../../infra/test/postgres.sh", import.meta.url));

/** An error that prints as its message alone: the reason is the whole story, a stack would only bury it. */
const oneLine = (reason: string, prefix = "PostgreSQL для тестів недоступний / no PostgreSQL for the tests: "): Error => {
  const message = `${prefix}${reason.replace(/\s+/g, " ").trim()}`;
  const error = new Error(message);
  error.stack = message;
  return error;
};

const reasonOf = (error: unknown): string => {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(reasonOf).join("; ");
  return error instanceof Error ? error.message || String((error as NodeJS.ErrnoException).code) : String(error);
};

/** Runs `body` with a connection to `url`, closed afterwards. */
const withClient = async <A>(url: string, body: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prefix = `t${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  project.provide("postgresSchemaPrefix", prefix);

  const given = process.env.PLANLEDGER_TEST_PG_URL;
  if (given !== undefined && given !== "") {
    const shown = given.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
    await withClient(given, (c) => c.query("SELECT 1")).catch((error: unknown) => {
      throw oneLine(`PLANLEDGER_TEST_PG_URL=${shown}: ${reasonOf(error)}`);
    });
    project.provide("postgresUrl", given);
    return () =>
      withClient(given, async (c) => {
        const { rows } = await c.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)", [`${prefix}_`]);
        for (const { nspname } of rows) await c.query(`DROP SCHEMA ${nspname} CASCADE`);
      });
  }

  const startedAt = Date.now();
  const started = await run("bash", [script, "start", String(process.pid)], { encoding: "utf8" }).catch((error: { stderr?: string }) => {
    // The script's last line says what failed, in the same words as this file's other reasons.
    const lines = (error.stderr ?? "").trim().split("\n");
    const last = lines[lines.length - 1];
    throw last ? oneLine(last, "") : oneLine(reasonOf(error));
  });
  const value = (name: string): string => {
    const found = new RegExp(`^export ${name}=(\\S+)$`, "m").exec(started.stdout)?.[1];
    if (found === undefined) throw oneLine(`${script} printed no ${name}`);
    return found;
  };
  const url = value("PLANLEDGER_TEST_PG_URL");
  const dir = value("PLANLEDGER_TEST_PG_DIR");
  process.stdout.write(`PostgreSQL для тестів / test PostgreSQL: ${url}, started in ${Date.now() - startedAt} ms\n`);
  project.provide("postgresUrl", url);
  return async () => {
    await run("bash", [script, "stop", dir]);
  };
}
