import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqlite } from "../sqlite-connection.js";
import { eventStoreMigrations } from "./index.js";
import { MigrationFailed, type MigrationSet, migrateDatabase } from "./runner.js";

const dir = mkdtempSync(join(tmpdir(), "planledger-migrations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open = (name: string) => openSqlite(join(dir, `${name}.db`));
const tables = (db: ReturnType<typeof open>) =>
  db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

/** A package's set as another package would register it: one table per step. */
const notes = (steps: ReadonlyArray<string>): MigrationSet => ({
  owner: "notes",
  steps: Object.fromEntries(
    steps.map((name) => [
      name,
      { up: async (db) => void (await db.schema.createTable(`notes_${name.slice(0, 4)}`).addColumn("id", "integer").execute()) },
    ]),
  ),
});

describe("migrateDatabase", () => {
  it("brings every registered set up to date in order, each in its own bookkeeping, and applies nothing twice", async () => {
    const db = open("two-sets");
    const first = await migrateDatabase(db.kysely, [eventStoreMigrations, notes(["0001-a", "0002-b"])]);
    expect(first).toEqual([
      { owner: "event_store", applied: ["0001-events", "0002-checkpoints", "0003-verified-heads", "0004-tree-nodes", "0005-key-history"] },
      { owner: "notes", applied: ["0001-a", "0002-b"] },
    ]);
    expect(tables(db)).toEqual(
      expect.arrayContaining(["events", "checkpoints", "node_keys", "tree_nodes", "notes_0001", "notes_0002", "event_store_migration", "notes_migration"]),
    );
    expect(await migrateDatabase(db.kysely, [eventStoreMigrations, notes(["0001-a", "0002-b"])])).toEqual([
      { owner: "event_store", applied: [] },
      { owner: "notes", applied: [] },
    ]);
    // A later version adds a step: only it runs.
    expect(await migrateDatabase(db.kysely, [notes(["0001-a", "0002-b", "0003-c"])])).toEqual([{ owner: "notes", applied: ["0003-c"] }]);
    await db.kysely.destroy();
  });

  it("refuses a file that records a step this code does not know, naming the set and the step, and changes nothing", async () => {
    const db = open("newer");
    await migrateDatabase(db.kysely, [notes(["0001-a", "0002-b"])]);
    const before = tables(db);
    const error = await migrateDatabase(db.kysely, [notes(["0001-a"])]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailed);
    expect((error as MigrationFailed).owner).toBe("notes");
    expect((error as MigrationFailed).step).toBe("0002-b");
    expect((error as Error).message).toMatch(/^базу даних записала новіша версія Plan Ledger: крок 0002-b набору notes цій версії невідомий .* \/ the database was written by a newer version/);
    expect(tables(db)).toEqual(before);
    await db.kysely.destroy();
  });

  it("names the step that failed, keeps the steps before it, and stops before the sets after it", async () => {
    const db = open("failing");
    const broken: MigrationSet = {
      owner: "broken",
      steps: {
        "0001-ok": { up: async (k) => void (await k.schema.createTable("broken_ok").addColumn("id", "integer").execute()) },
        "0002-bad": { up: async (k) => void (await k.schema.createTable("broken_ok").addColumn("id", "integer").execute()) },
      },
    };
    const error = await migrateDatabase(db.kysely, [broken, notes(["0001-a"])]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailed);
    expect((error as MigrationFailed).step).toBe("0002-bad");
    expect((error as Error).message).toContain("already exists");
    expect(tables(db)).toContain("broken_ok");
    expect(tables(db)).not.toContain("notes_0001");
    await db.kysely.destroy();
  });

  it("refuses an owner that is not a plain SQL name before touching the file", async () => {
    const db = open("owner");
    await expect(migrateDatabase(db.kysely, [{ owner: "x; DROP TABLE events", steps: {} }])).rejects.toThrow(/lower-case SQL name/);
    expect(tables(db)).toEqual([]);
    await db.kysely.destroy();
  });
});
