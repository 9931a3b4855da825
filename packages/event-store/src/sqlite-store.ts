/**
 * @module Opening a node database as an event store: migrate, load the node key, check identity, verify what
 * every origin's chain gained since this node last verified it (`open-verifier.ts`), then serve.
 */
import { Effect, type Scope } from "effect";
import { ChainBrokenError, StoreOpenError } from "./event-store.errors.js";
import { type EventStoreService, makeEventStoreService } from "./event-store-service.js";
import { catchUpTrees } from "./log-tree.js";
import { eventStoreMigrations } from "./migrations/index.js";
import { migrateDatabase } from "./migrations/runner.js";
import { loadOrCreateNodeKey, settleInterruptedRotation } from "./node-key.js";
import { type OpenVerification, VERIFY_BEFORE_OPEN, verifyWhileServing } from "./open-verifier.js";
import { sqliteBackend } from "./sqlite-backend.js";
import { type SqliteConnection, openSqlite } from "./sqlite-connection.js";

export interface SqliteStoreOptions {
  /** The database file; its key lives beside it as `<path>.key`. */
  readonly path: string;
  readonly nodeId: string;
  /** The clock for `recordedAt`/`receivedAt`; tests pin it. */
  readonly now?: () => string;
  /**
   * False keeps no Merkle tree for what this store appends (benchmarks pricing the tree, `bench:append`); the next
   * opening with the tree (the default) builds what is missing.
   */
  readonly merkleTree?: boolean;
  /** Events walked before the store opens; a longer tail since the node's marks is walked behind it (`VERIFY_BEFORE_OPEN`). */
  readonly verifyBeforeOpen?: number;
  /** Hears the walk behind the open store start and end (a broken log: writes are refused from then on). */
  readonly onVerification?: (state: OpenVerification) => void;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Opens (creating if needed) the store; closes the database when the scope ends. Fails with
 * `ChainBrokenError` naming the first broken position when any origin's log held in the file is not intact.
 *
 * @example
 * const { service } = yield* openSqliteStore({ path: "data/demo/luhanska.db", nodeId: "luhanska" });
 */
export const openSqliteStore = (
  options: SqliteStoreOptions,
): Effect.Effect<
  { readonly service: EventStoreService; readonly connection: SqliteConnection },
  StoreOpenError | ChainBrokenError,
  Scope.Scope
> =>
  Effect.gen(function* () {
    const { path, nodeId } = options;
    const openError = (error: unknown) => new StoreOpenError({ path, reason: reasonOf(error) });
    const connection = yield* Effect.acquireRelease(
      Effect.try({ try: () => openSqlite(path), catch: openError }),
      (c) => Effect.promise(() => c.kysely.destroy()),
    );
    yield* Effect.tryPromise({ try: () => migrateDatabase(connection.kysely, [eventStoreMigrations]), catch: openError });
    const registered = yield* Effect.promise(() =>
      connection.kysely.selectFrom("node_keys").select(["origin", "public_key", "is_self"]).execute(),
    );
    // A key rotation interrupted after the database took the new key but before the key file was swapped: finish it.
    yield* Effect.try({
      try: () => settleInterruptedRotation(`${path}.key`, registered.find((k) => k.origin === nodeId)?.public_key),
      catch: openError,
    });
    const key = yield* Effect.try({ try: () => loadOrCreateNodeKey(`${path}.key`), catch: openError });

    const self = registered.find((k) => k.is_self === 1);
    if (self !== undefined && self.origin !== nodeId)
      return yield* openError(`the database belongs to node ${self.origin}, not ${nodeId}`);
    const known = registered.find((k) => k.origin === nodeId);
    if (known !== undefined && known.public_key !== key.publicKey)
      return yield* openError(`the key file ${path}.key is not the key this node signed its checkpoints with`);

    const opened = sqliteBackend(connection.sqlite, connection.kysely);
    if (known === undefined) yield* opened.write((tx) => tx.putNodeKey(nodeId, key.publicKey, true));
    const clock = options.now ?? (() => new Date().toISOString());
    const { backend, verification, verifyGained } = yield* verifyWhileServing(opened, nodeId, key, clock, options.verifyBeforeOpen ?? VERIFY_BEFORE_OPEN, options.onVerification);
    // After the logs were verified: trees for what was written before them (or around the store).
    if (options.merkleTree !== false) {
      const { ahead } = yield* catchUpTrees(backend);
      if (ahead !== null) return yield* new ChainBrokenError(ahead);
    }
    return { service: makeEventStoreService(backend, nodeId, key, options.now, { merkleTree: options.merkleTree ?? true }, verification, verifyGained), connection };
  });
