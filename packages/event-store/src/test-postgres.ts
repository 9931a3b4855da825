/**
 * @module PostgreSQL for this package's tests: the run's server (started by `test-postgres.setup.ts`, or the one
 * PLANLEDGER_TEST_PG_URL names) and a fresh schema for every store a test opens, so that no two stores, test
 * files or workers see each other's rows.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The database the run's PostgreSQL tests make their schemas in. */
    postgresUrl: string;
    /** The start of every schema's name this run makes: a server given by URL has them dropped after the run. */
    postgresSchemaPrefix: string;
  }
}

/**
 * `url` with its connections' `search_path` set to `schema`: whatever is opened on it creates and finds its tables
 * there.
 *
 * @example
 * withSearchPath("postgres://postgres@127.0.0.1:5433/planledger_test", "t1") // "…/planledger_test?options=-c+search_path%3Dt1"
 */
export const withSearchPath = (url: string, schema: string): string => {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
};

/**
 * Makes a fresh, empty schema in the run's database and gives the URL that selects it.
 *
 * @example
 * const url = await freshPostgresUrl(); // postgres://postgres@127.0.0.1:41234/planledger_test?options=-c+search_path%3Dt…
 */
export const freshPostgresUrl = async (): Promise<string> => {
  const base = inject("postgresUrl");
  // Random, not counted: a worker runs several test files, each with its module state afresh.
  const schema = `${inject("postgresSchemaPrefix")}_${randomBytes(5).toString("hex")}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return withSearchPath(base, schema);
};
