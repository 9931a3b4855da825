/**
 * @module `psql` of the test PostgreSQL's installation, for what tests do only with raw SQL: going around the store,
 * making a fresh database to restore into.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const BASE = "/usr/lib/postgresql";

/**
 * The newest installed server's program `name` (as infra/test/postgres.sh picks the server).
 *
 * @example
 * postgresTool("pg_dump") // "/usr/lib/postgresql/17/bin/pg_dump"
 */
export const postgresTool = (name: string): string => {
  const version = readdirSync(BASE)
    .filter((v) => existsSync(join(BASE, v, "bin", name)))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (version === undefined) throw new Error(`no ${name} under ${BASE}/*/bin`);
  return join(BASE, version, "bin", name);
};

/**
 * Runs `statement` on the database at `url` and gives its output (unaligned, tuples only); throws with psql's error.
 *
 * @example
 * psql(url, "SELECT count(*) FROM events") // "5"
 */
export const psql = (url: string, statement: string): string => {
  // libpq reads `+` in a URL's query literally; `pg` (and URLSearchParams) as a space.
  const result = spawnSync(postgresTool("psql"), [url.replace(/\+/g, "%20"), "-v", "ON_ERROR_STOP=1", "-qAtc", statement], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
  return result.stdout.trim();
};
