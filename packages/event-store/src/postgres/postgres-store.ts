/**
 * @module Opening a PostgreSQL database as a node's event store: connect, migrate, check identity and key,
 * verify the logs held, then serve; the pool is closed with the scope.
 */
import { existsSync } from "node:fs";
import { Effect, type Scope } from "effect";
import { Kysely, PostgresDialect } from "kysely";
import { ChainBrokenError, StoreOpenError } from "../event-store.errors.js";
import { type EventStoreService, makeEventStoreService } from "../event-store-service.js";
import { catchUpTrees } from "../log-tree.js";
import { eventStoreMigrations } from "../migrations/index.js";
import { migrateDatabase } from "../migrations/runner.js";
import { type NodeKey, loadOrCreateNodeKey, settleInterruptedRotation } from "../node-key.js";
import { type OpenVerification, VERIFY_BEFORE_OPEN, verifyWhileServing } from "../open-verifier.js";
import type { EventStoreTables } from "../sqlite-schema.js";
import { type PostgresSql, postgresBackend } from "./postgres-backend.js";
import { postgresPool, shownUrl } from "./postgres-pool.js";

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`; `?options=-c%20search_path%3D<schema>` puts the store in a schema. */
  readonly url: string;
  readonly nodeId: string;
  /**
   * The node's signing key, or the path of its key file (PKCS#8 PEM, as beside a SQLite database). The file is
   * created (mode 0600) only on the first start of a database that has no key of this node yet; once the database
   * holds one, a missing file is refused rather than replaced.
   */
  readonly key: NodeKey | string;
  /** The clock for `recordedAt`/`receivedAt`; tests pin it. */
  readonly now?: () => string;
  /** Connections at most (10 unless given). */
  readonly poolSize?: number;
  /** Events walked before the store opens; a longer tail since the node's marks is walked behind it (`VERIFY_BEFORE_OPEN`). */
  readonly verifyBeforeOpen?: number;
  /** Hears the walk behind the open store start and end (a broken log: writes are refused from then on). */
  readonly onVerification?: (state: OpenVerification) => void;
}

/** One line, whatever failed: `pg` reports a refused connection to a name with two addresses as an AggregateError. */
const reasonOf = (error: unknown): string => {
  if (error instanceof AggregateError && error.errors.length > 0) return [...new Set(error.errors.map(reasonOf))].join("; ");
  if (error instanceof Error) return (error.message || (error as NodeJS.ErrnoException).code || error.name).replace(/\s+/g, " ").trim();
  return String(error);
};

/**
 * Opens the store at `url`, creating its tables on first use; closes the pool when the scope ends. Fails with
 * `StoreOpenError` (one line, the password left out of the URL) when the server cannot be reached or refuses, the
 * database is another node's, or the key is not this node's; with `ChainBrokenError` when a log held is not intact.
 *
 * @example
 * const { service } = yield* openPostgresStore({ url: "postgres://planledger@127.0.0.1/oblast", nodeId: "luhanska", key: "/etc/planledger/luhanska.key" });
 */
export const openPostgresStore = (
  options: PostgresStoreOptions,
): Effect.Effect<
  { readonly service: EventStoreService; readonly kysely: Kysely<EventStoreTables>; readonly sql: PostgresSql },
  StoreOpenError | ChainBrokenError,
  Scope.Scope
> =>
  Effect.gen(function* () {
    const { nodeId } = options;
    const openError = (error: unknown) => new StoreOpenError({ path: shownUrl(options.url), reason: reasonOf(error) });
    const pool = yield* Effect.try({ try: () => postgresPool(options), catch: openError });
    // Kysely over the same pool: the migrations and the identity checks; destroying it ends the pool.
    const kysely = new Kysely<EventStoreTables>({ dialect: new PostgresDialect({ pool }) });
    yield* Effect.addFinalizer(() => Effect.promise(() => kysely.destroy()));

    // Reached first on its own, so that an unreachable server or a refused login reads as itself, not as a migration.
    yield* Effect.tryPromise({ try: () => pool.query("SELECT 1"), catch: openError });
    yield* Effect.tryPromise({ try: () => migrateDatabase(kysely, [eventStoreMigrations]), catch: openError });
    const registered = yield* Effect.tryPromise({
      try: () => kysely.selectFrom("node_keys").select(["origin", "public_key", "is_self"]).execute(),
      catch: openError,
    });
    const self = registered.find((k) => k.is_self === 1);
    if (self !== undefined && self.origin !== nodeId) return yield* openError(`the database belongs to node ${self.origin}, not ${nodeId}`);

    const keyName = typeof options.key === "string" ? `the key file ${options.key}` : "the key given";
    const key = yield* Effect.try({
      try: () => {
        if (typeof options.key !== "string") return options.key;
        settleInterruptedRotation(options.key, registered.find((k) => k.origin === nodeId)?.public_key);
        if (self !== undefined && !existsSync(options.key))
          throw new Error(`${keyName} does not exist, and node ${nodeId} registered its key in this database before`);
        return loadOrCreateNodeKey(options.key);
      },
      catch: openError,
    });
    const mismatch = `${keyName} is not the key this node signed its checkpoints with`;
    const known = registered.find((k) => k.origin === nodeId);
    if (known !== undefined && known.public_key !== key.publicKey) return yield* openError(mismatch);

    const backend = yield* postgresBackend(pool);
    // Under the write lock, so that two processes starting on a fresh database register one key between them; the
    // database's one-self index refuses a second node's (the defect becomes the open's reason).
    const held = yield* backend
      .write((tx) =>
        Effect.gen(function* () {
          const before = yield* tx.nodeKey(nodeId);
          if (before === undefined) yield* tx.putNodeKey(nodeId, key.publicKey, true);
          return before;
        }),
      )
      .pipe(Effect.catchAllDefect((defect) => Effect.fail(openError(defect))));
    if (held !== undefined && held !== key.publicKey) return yield* openError(mismatch);

    const clock = options.now ?? (() => new Date().toISOString());
    const { backend: verified, verification, verifyGained } = yield* verifyWhileServing(
      backend,
      nodeId,
      key,
      clock,
      options.verifyBeforeOpen ?? VERIFY_BEFORE_OPEN,
      options.onVerification,
    ).pipe(Effect.catchAllDefect((defect) => Effect.fail(openError(defect))));
    // After the logs were verified: trees for what was written before them (or around the store).
    const { ahead } = yield* catchUpTrees(verified).pipe(Effect.catchAllDefect((defect) => Effect.fail(openError(defect))));
    if (ahead !== null) return yield* new ChainBrokenError(ahead);
    return { service: makeEventStoreService(verified, nodeId, key, options.now, undefined, verification, verifyGained), kysely, sql: backend.sql };
  });
