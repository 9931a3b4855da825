/**
 * @module The `EventStore` service tag and its layers: SQLite or PostgreSQL for nodes, in-memory for unit tests.
 */
import { Context, Effect, Layer } from "effect";
import type { Kysely } from "kysely";
import type Database from "better-sqlite3";
import type { ChainBrokenError, StoreOpenError } from "./event-store.errors.js";
import { type EventStoreService, makeEventStoreService } from "./event-store-service.js";
import { memoryBackend } from "./memory-backend.js";
import { generateNodeKey } from "./node-key.js";
import type { PostgresSql } from "./postgres/postgres-backend.js";
import { shownUrl } from "./postgres/postgres-pool.js";
import { type PostgresStoreOptions, openPostgresStore } from "./postgres/postgres-store.js";
import type { EventStoreTables } from "./sqlite-schema.js";
import { type SqliteStoreOptions, openSqliteStore } from "./sqlite-store.js";

/**
 * The node database behind the SQLite store, for read models that keep their own rows and checkpoints in the
 * same file; the store's tables are read through `EventStore`'s `reader`, never through this. Write them with `sqlite.transaction(...)` (synchronous) so that a transaction never stays open
 * across an await while the store appends on the same connection; give your own `Migrator` its own
 * `migrationTableName`.
 */
export class EventStoreDatabase extends Context.Tag("@planledger/event-store/EventStoreDatabase")<
  EventStoreDatabase,
  { readonly path: string; readonly sqlite: Database.Database; readonly kysely: Kysely<EventStoreTables> }
>() {}

/**
 * The PostgreSQL database behind `EventStore.postgres`, for read models that keep their own tables beside the log
 * (in the same schema, through the same pool): `kysely` runs their migrations and queries; the store's tables are
 * read through `EventStore`'s `reader`, never through this. `url` is the one opened, its password shown as `***`.
 */
export class PostgresDatabase extends Context.Tag("@planledger/event-store/PostgresDatabase")<
  PostgresDatabase,
  { readonly url: string; readonly kysely: Kysely<EventStoreTables>; readonly sql: PostgresSql }
>() {}

/**
 * The append-only, hash-chained log of this node plus the replicas of other origins it holds.
 *
 * @example
 * const program = Effect.gen(function* () {
 *   const store = yield* EventStore;
 *   yield* store.append("plan:p1", [{ type: "PlanAdopted", data }], { expectedVersion: "noStream", actor: "ivanenko" });
 * }).pipe(Effect.provide(EventStore.inMemory({ nodeId: "luhanska" })));
 */
export class EventStore extends Context.Tag("@planledger/event-store/EventStore")<EventStore, EventStoreService>() {
  /** A file database (WAL) with its key file `<path>.key`; verified on open; closed with the layer. */
  static sqlite(options: SqliteStoreOptions): Layer.Layer<EventStore | EventStoreDatabase, StoreOpenError | ChainBrokenError> {
    return Layer.scopedContext(
      openSqliteStore(options).pipe(
        Effect.map(({ service, connection }) =>
          Context.make(EventStore, service).pipe(
            Context.add(EventStoreDatabase, { path: options.path, ...connection }),
          ),
        ),
      ),
    );
  }

  /**
   * A PostgreSQL database (`url`) with the key given or read from its file (`key`); migrated, checked and verified
   * on open like a file; the connection pool closed with the layer.
   */
  static postgres(options: PostgresStoreOptions): Layer.Layer<EventStore | PostgresDatabase, StoreOpenError | ChainBrokenError> {
    return Layer.scopedContext(
      Effect.map(openPostgresStore(options), ({ service, kysely, sql }) =>
        Context.make(EventStore, service).pipe(Context.add(PostgresDatabase, { url: shownUrl(options.url), kysely, sql })),
      ),
    );
  }

  /** Arrays in memory with the same rules; a fresh key per layer. */
  static inMemory(options: { readonly nodeId: string; readonly now?: () => string }): Layer.Layer<EventStore> {
    return Layer.sync(EventStore, () => {
      const backend = memoryBackend();
      const key = generateNodeKey();
      Effect.runSync(backend.write((tx) => tx.putNodeKey(options.nodeId, key.publicKey, true)));
      return makeEventStoreService(backend, options.nodeId, key, options.now);
    });
  }
}
