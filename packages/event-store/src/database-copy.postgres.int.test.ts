import { existsSync, writeFileSync } from "node:fs";
import { Effect, Layer } from "effect";
import { Kysely, PostgresDialect } from "kysely";
import { describe, expect, it } from "vitest";
import { auditDatabase } from "./audit-database.js";
import { copyNodeDatabase } from "./database-copy.js";
import { EventStore } from "./event-store.js";
import type { EventStoreService } from "./event-store-service.js";
import { columnTypes, dialectOf } from "./migrations/dialect.js";
import { type MigrationSet, migrateDatabase } from "./migrations/runner.js";
import { generateNodeKey } from "./node-key.js";
import { auditNodeDatabase, openForReading, type SideTables } from "./node-database.js";
import { postgresPool } from "./postgres/postgres-pool.js";
import { openSqlite } from "./sqlite-connection.js";
import { rotateNodeKey } from "./rotate-node-key.js";
import { tempDatabasePath } from "./test-database.js";
import { freshPostgresUrl } from "./test-postgres.js";

const NODE = "luhanska";

const onFile = <A, E>(path: string, body: (store: EventStoreService) => Effect.Effect<A, E>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      return yield* body(yield* EventStore);
    }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: NODE }).pipe(Layer.orDie))),
  );

const appendReports = (store: EventStoreService, from: number, count: number) =>
  Effect.gen(function* () {
    for (let i = from; i < from + count; i++)
      yield* store.append(`report:r${i}`, [{ type: "ProgressRecorded", data: { n: i, note: "Освітлення вулиць" } }], {
        actor: "executor",
        expectedVersion: "noStream",
      });
  }).pipe(Effect.orDie);

/** What a copy must keep: every event where it was (id, origin, seq, hash, when received), the heads and the key history. */
const logOf = (store: EventStoreService) =>
  Effect.gen(function* () {
    const events = (yield* store.readAll()).map((e) => [e.position, e.eventId, e.origin, e.seq, e.hash, e.receivedAt]);
    const keys = (yield* store.keyHistory()).map((k) => [k.origin, k.fromSeq, k.publicKey, k.authority]);
    const checkpoints = (yield* store.checkpoints()).map((c) => [c.origin, c.seq, c.signature, c.witness?.node ?? null]);
    return { events, keys, checkpoints, heads: yield* store.heads() };
  });

describe("copyNodeDatabase: SQLite ↔ PostgreSQL", () => {
  it("keeps every event in place, the checkpoints, the key history after a rotation and the verified heads, both ways", async () => {
    const path = tempDatabasePath(NODE);
    await onFile(path, (store) => appendReports(store, 1, 5));
    await onFile(path, (store) =>
      Effect.gen(function* () {
        yield* rotateNodeKey(store, `${path}.key`, "admin@luhanska");
        yield* appendReports(store, 6, 3);
        yield* store.checkpoint();
      }),
    );
    // A third opening: the node signs how far it verified its log (a verified head).
    const original = await onFile(path, logOf);

    const url = await freshPostgresUrl();
    const there = await copyNodeDatabase(path, url);
    expect(there).toMatchObject({ _tag: "Copied", origins: [{ origin: NODE, events: 9, lastSeq: 9 }], nodeKeys: 1, keyEntries: 2, verifiedHeads: 1 });
    const onPostgres = await Effect.runPromise(
      Effect.gen(function* () {
        return yield* logOf(yield* EventStore);
      }).pipe(Effect.provide(EventStore.postgres({ url, nodeId: NODE, key: `${path}.key` }).pipe(Layer.orDie))),
    );
    expect(onPostgres).toEqual(original);
    const audited = await auditNodeDatabase(url);
    expect(audited._tag === "Checked" && audited.origins.map((o) => [o.origin, o.broken, o.events])).toEqual([[NODE, null, 9]]);

    const back = tempDatabasePath("back");
    expect(await copyNodeDatabase(url, back)).toMatchObject({ _tag: "Copied", keyEntries: 2, verifiedHeads: 1 });
    const fileAudit = auditDatabase(back);
    expect(fileAudit._tag === "Checked" && fileAudit.origins.every((o) => o.broken === null)).toBe(true);

    // Neither target takes a second copy; a refused file target is not created.
    expect(await copyNodeDatabase(path, url)).toMatchObject({ _tag: "TargetRefused", refusal: { _tag: "NotEmpty" } });
    expect(await copyNodeDatabase(url, back)).toMatchObject({ _tag: "TargetRefused", refusal: { _tag: "NotEmpty" } });
    const nowhere = tempDatabasePath("nowhere");
    expect(await copyNodeDatabase(`${path}.missing`, nowhere)).toMatchObject({ _tag: "SourceRefused", refusal: { _tag: "Missing" } });
    expect(existsSync(nowhere)).toBe(false);
  });

  it("copies an empty PostgreSQL node (no events yet) into a file that opens under the same key", async () => {
    const url = await freshPostgresUrl();
    const key = generateNodeKey();
    await Effect.runPromise(Effect.provide(Effect.void, EventStore.postgres({ url, nodeId: NODE, key }).pipe(Layer.orDie)));
    const path = tempDatabasePath(NODE);
    expect(await copyNodeDatabase(url, path)).toMatchObject({ _tag: "Copied", origins: [], nodeKeys: 1, self: { origin: NODE, publicKey: key.publicKey } });
    // The key is a file beside a SQLite database (`db copy` puts it there): the node opens under it, not a new one.
    writeFileSync(`${path}.key`, key.privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    expect(await onFile(path, (store) => Effect.succeed(store.publicKey))).toBe(key.publicKey);
  });
});

/** Two tables another package might keep beside the log: one with generated ids, one keyed by text. */
const sideMigrations: MigrationSet = {
  owner: "side_test",
  steps: {
    "0001-side": {
      up: async (db) => {
        const { key, count, serial } = columnTypes(db);
        const postgres = dialectOf(db) === "postgres";
        await db.schema
          .createTable("side_receipts")
          .addColumn("id", serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn("origin", key, (c) => c.notNull())
          .addColumn("stored", count, (c) => c.notNull())
          .addColumn("note", key)
          .execute();
        await db.schema.createTable("side_tokens").addColumn("id", key, (c) => c.primaryKey()).addColumn("name", key, (c) => c.notNull()).execute();
      },
    },
  },
};
const SIDE: SideTables = { migrations: [sideMigrations], tables: ["side_receipts", "side_tokens", "side_absent"] };

// biome-ignore lint/suspicious/noExplicitAny: the test's own side tables.
const sideRowsOf = async (kysely: Kysely<any>) => ({
  receipts: await kysely.selectFrom("side_receipts").selectAll().orderBy("id").execute(),
  tokens: await kysely.selectFrom("side_tokens").selectAll().orderBy("id").execute(),
});
const sideRowsAt = async (db: string) => {
  const opened = await openForReading(db);
  if ("_tag" in opened) throw new Error(opened._tag);
  try {
    return await sideRowsOf(opened.kysely as never);
  } finally {
    await opened.close();
  }
};

describe("copyNodeDatabase with the tables other packages keep beside the log", () => {
  it("copies their rows in the log's transaction, ids kept, and moves PostgreSQL's sequence past them, both ways", async () => {
    const path = tempDatabasePath(NODE);
    await onFile(path, (store) => appendReports(store, 1, 2));
    const { kysely } = openSqlite(path);
    await migrateDatabase(kysely, [sideMigrations]);
    // Ids with a gap (a row deleted once): kept as they are, not renumbered.
    await kysely
      .insertInto("side_receipts" as never)
      .values([
        { id: 1, origin: "novopskovskyi", stored: 10, note: "перший / first" },
        { id: 7, origin: "novopskovskyi", stored: 3, note: null },
      ] as never)
      .execute();
    await kysely.insertInto("side_tokens" as never).values([{ id: "t1", name: "admin" }] as never).execute();
    const original = await sideRowsOf(kysely as never);
    await kysely.destroy();

    const url = await freshPostgresUrl();
    const there = await copyNodeDatabase(path, url, SIDE);
    expect(there).toMatchObject({
      _tag: "Copied",
      tables: [
        { table: "side_receipts", rows: 2, held: true },
        { table: "side_tokens", rows: 1, held: true },
        { table: "side_absent", rows: 0, held: false },
      ],
    });
    expect(await sideRowsAt(url)).toEqual(original);
    // The next generated id follows the copied ones.
    const onPostgres = await openForReading(url);
    if ("_tag" in onPostgres) throw new Error(onPostgres._tag);
    const next = await (onPostgres.kysely as unknown as Kysely<{ side_receipts: { id?: number; origin: string; stored: number } }>)
      .insertInto("side_receipts")
      .values({ origin: "novopskovskyi", stored: 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await onPostgres.close();
    expect(next.id).toBe(8);

    const back = tempDatabasePath("back");
    expect(await copyNodeDatabase(url, back, SIDE)).toMatchObject({ _tag: "Copied", tables: [{ rows: 3 }, { rows: 1 }, { rows: 0 }] });
    const returned = await sideRowsAt(back);
    expect(returned.tokens).toEqual(original.tokens);
    expect(returned.receipts).toEqual([...original.receipts, { id: 8, origin: "novopskovskyi", stored: 1, note: null }]);

    // A schema holding a row in a side table is not empty, though it holds no log.
    const stray = await freshPostgresUrl();
    const strayDb = new Kysely({ dialect: new PostgresDialect({ pool: postgresPool({ url: stray }) }) });
    await migrateDatabase(strayDb, [sideMigrations]);
    await strayDb.insertInto("side_tokens" as never).values({ id: "t9", name: "stray" } as never).execute();
    await strayDb.destroy();
    expect(await copyNodeDatabase(path, stray, SIDE)).toMatchObject({
      _tag: "TargetRefused",
      refusal: { _tag: "NotEmpty", reason: expect.stringMatching(/table side_tokens is not empty/) },
    });
  });

  it("refuses a source whose side tables a newer version migrated, writing nothing", async () => {
    const path = tempDatabasePath(NODE);
    await onFile(path, (store) => appendReports(store, 1, 1));
    const { kysely } = openSqlite(path);
    await migrateDatabase(kysely, [sideMigrations]);
    await kysely.insertInto("side_test_migration" as never).values({ name: "0002-from-the-future", timestamp: "2027-01-01" } as never).execute();
    await kysely.destroy();
    const back = tempDatabasePath("newer");
    expect(await copyNodeDatabase(path, back, SIDE)).toEqual({ _tag: "NewerSource", owner: "side_test", step: "0002-from-the-future" });
    expect(existsSync(back)).toBe(false);
  });
});
