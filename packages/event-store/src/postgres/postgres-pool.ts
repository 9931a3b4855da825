/**
 * @module The connection pool of a PostgreSQL node database: `pg`'s pool with bigint columns read as numbers
 * (refusing any beyond JavaScript's safe integers), and the URL as it may be shown (without its password).
 */
import { Effect } from "effect";
import pg from "pg";

const INT8 = 20;

/** An int8 text as a number; a value no double holds exactly is refused rather than rounded. */
const safeInteger = (text: string): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${text} is beyond JavaScript's safe integers`);
  return n;
};

/**
 * Per pool, not `pg.types.setTypeParser`, which would change every other pool in the process. Positions, seqs and
 * counts are bigints; a `pg` client otherwise hands them over as strings.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 && format !== "binary" ? safeInteger : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

export interface PostgresPoolOptions {
  /** `postgres://user:password@host:port/database`; `?options=-c search_path=…` selects a schema. */
  readonly url: string;
  /** Connections at most (10 unless given): one per write transaction in flight, one per read. */
  readonly poolSize?: number;
}

/**
 * A pool over `url`. Errors of idle connections (the server restarted, a connection was cut) are logged: unhandled,
 * `pg` would raise them as an uncaught error and end the process.
 *
 * @example
 * const pool = postgresPool({ url: "postgres://planledger@127.0.0.1/oblast" });
 */
export const postgresPool = (options: PostgresPoolOptions): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types,
    application_name: "planledger",
    // Waiting for a free connection, or for a server that does not answer, ends with a reason instead of hanging.
    connectionTimeoutMillis: 30_000,
  });
  pool.on("error", (error) => {
    Effect.runFork(Effect.logWarning("з'єднання з PostgreSQL обірвано / a PostgreSQL connection failed", error.message));
  });
  return pool;
};

/**
 * The URL as it may appear in a message or a log: the password replaced by `***`; a URL that does not parse as one,
 * replaced whole.
 *
 * @example
 * shownUrl("postgres://node:secret@db/oblast") // "postgres://node:***@db/oblast"
 */
export const shownUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
};
