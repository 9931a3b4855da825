import { Effect, Either } from "effect";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openSqlite } from "@planledger/event-store";
import { afterEach, describe, expect, it } from "vitest";
import { federationMigrations } from "./federation-migrations.js";
import { federationDb } from "./federation-tables.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Two connections to one fresh database file, as a node and a CLI command beside it would hold. */
const twoConnections = async () => {
  const dir = mkdtempSync(join(tmpdir(), "planledger-fed-tables-"));
  dirs.push(dir);
  const path = join(dir, "node.db");
  const [a, b] = [openSqlite(path), openSqlite(path)];
  const [mine, theirs] = [federationDb({ path, ...a }), federationDb({ path, ...b })];
  await migrateDatabase(a.kysely, [federationMigrations]);
  const close = () => {
    a.sqlite.close();
    b.sqlite.close();
  };
  return { mine, theirs, close };
};

const invite = (nodeId: string) => ({
  node_id: nodeId,
  level: "district",
  parent_id: "luhanska",
  public_key: null,
  relation: "below" as const,
  token_hash: null,
  via: null,
  invited_at: "2026-11-22T10:00:00.000Z",
  enrolled_at: null,
});

describe("cachedAll", () => {
  it("answers from memory until this connection writes or another one commits", async () => {
    const { mine, theirs, close } = await twoConnections();
    const nodes = mine.q.selectFrom("federation_nodes").select("node_id").orderBy("node_id");
    const ids = () => Effect.runSync(mine.cachedAll(nodes)).map((n) => n.node_id);
    try {
      expect(ids()).toEqual([]);
      const first = Effect.runSync(mine.cachedAll(nodes));
      expect(Effect.runSync(mine.cachedAll(nodes))).toBe(first);
      const before = Effect.runSync(mine.generation);

      Effect.runSync(mine.run(mine.q.insertInto("federation_nodes").values(invite("novopskovskyi"))));
      expect(ids()).toEqual(["novopskovskyi"]);
      expect(Effect.runSync(mine.generation)).not.toBe(before);

      Effect.runSync(theirs.run(theirs.q.insertInto("federation_nodes").values(invite("bilokurakynskyi"))));
      expect(ids()).toEqual(["bilokurakynskyi", "novopskovskyi"]);

      // Inside a transaction the answer is read, and what it saw is not kept once the transaction rolls back.
      const rolledBack = Effect.runSync(
        Effect.either(
          mine.transaction(
            Effect.gen(function* () {
              yield* mine.run(mine.q.insertInto("federation_nodes").values(invite("markivskyi")));
              expect(ids()).toEqual(["bilokurakynskyi", "markivskyi", "novopskovskyi"]);
              return yield* Effect.fail("rolled back");
            }),
          ),
        ),
      );
      expect(rolledBack).toEqual(Either.left("rolled back"));
      expect(ids()).toEqual(["bilokurakynskyi", "novopskovskyi"]);
    } finally {
      close();
    }
  });
});

describe("federationMigrations", () => {
  it("records a database whose tables an earlier version made on start (no bookkeeping) as migrated, keeping its rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "planledger-fed-adopt-"));
    dirs.push(dir);
    const path = join(dir, "node.db");
    const db = openSqlite(path);
    // What earlier versions ran on every start, without recording it anywhere.
    await federationMigrations.steps["0001-federation-tables"]?.up(db.kysely);
    const tables = federationDb({ path, ...db });
    Effect.runSync(tables.run(tables.q.insertInto("federation_nodes").values(invite("novopskovskyi"))));
    // 0001 is recorded without a change; 0002 (the witnessing tables) and 0003 (removals) are new to such a database and run.
    expect(await migrateDatabase(db.kysely, [federationMigrations])).toEqual([
      { owner: "federation", applied: ["0001-federation-tables", "0002-witness-cosignatures", "0003-enrollment-undone", "0004-registry-version"] },
    ]);
    expect(db.sqlite.prepare("SELECT node_id, removed_at FROM federation_nodes").all()).toEqual([{ node_id: "novopskovskyi", removed_at: null }]);
    expect(
      db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'federation_%' ORDER BY name").pluck().all(),
    ).toEqual([
      "federation_cosignatures",
      "federation_migration",
      "federation_migration_lock",
      "federation_nodes",
      "federation_notes",
      "federation_receipts",
      "federation_split_views",
      "federation_uplink",
      "federation_witness_policy",
      "federation_witnessed_heads",
      "federation_witnesses",
    ]);
    expect(await migrateDatabase(db.kysely, [federationMigrations])).toEqual([{ owner: "federation", applied: [] }]);
    await db.kysely.destroy();
  });
});
