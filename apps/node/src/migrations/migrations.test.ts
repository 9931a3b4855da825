import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openSqlite } from "@planledger/event-store";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteTokenBackend } from "../auth/sqlite-token-backend.js";
import { makeTokenStore } from "../auth/token-store.js";
import { NODE_MIGRATION_TABLE, nodeMigrations } from "./index.js";

const migrateNode = async (db: { kysely: Parameters<typeof migrateDatabase>[0] }) =>
  (await migrateDatabase(db.kysely, [nodeMigrations]))[0]?.applied;

const dir = mkdtempSync(join(tmpdir(), "planledger-node-migrations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open = (name: string) => ({ path: join(dir, `${name}.db`), ...openSqlite(join(dir, `${name}.db`)) });

describe("node migrations", () => {
  it("create the token, account and session tables on a fresh database, record themselves in their own table, and run once", async () => {
    const db = open("fresh");
    expect(await migrateNode(db)).toEqual(["0001-node-tokens", "0002-node-accounts", "0003-node-sessions"]);
    expect(await migrateNode(db)).toEqual([]);
    expect(db.sqlite.prepare(`SELECT name FROM ${NODE_MIGRATION_TABLE}`).pluck().all()).toEqual(["0001-node-tokens", "0002-node-accounts", "0003-node-sessions"]);
    const tokens = makeTokenStore("luhanska", sqliteTokenBackend(db));
    const { token } = await tokens.issue("olena", "editor");
    expect(await tokens.verify(token)).toMatchObject({ name: "olena", role: "editor" });
    await db.kysely.destroy();
  });

  it("adopt the token table a node created on start before the migration existed, keeping its tokens", async () => {
    const db = open("older");
    db.sqlite.exec(
      "CREATE TABLE node_tokens (id text primary key, name text not null, role text not null, hash text not null unique, created_at text not null, revoked_at text)",
    );
    db.sqlite
      .prepare("INSERT INTO node_tokens VALUES (?, ?, ?, ?, ?, NULL)")
      .run("t1", "admin", "admin", "0".repeat(64), "2026-11-01T00:00:00.000Z");
    expect(await migrateNode(db)).toEqual(["0001-node-tokens", "0002-node-accounts", "0003-node-sessions"]);
    expect((await makeTokenStore("luhanska", sqliteTokenBackend(db)).list()).map((t) => t.id)).toEqual(["t1"]);
    await db.kysely.destroy();
  });

  it("take over a database the node's earlier runner migrated (its own node_migration rows, no lock table)", async () => {
    const db = open("earlier-runner");
    db.sqlite.exec("CREATE TABLE node_migration (name text primary key not null, timestamp text not null)");
    for (const [name, up] of Object.entries(nodeMigrations.steps)) {
      await up.up(db.kysely);
      db.sqlite.prepare("INSERT INTO node_migration (name, timestamp) VALUES (?, ?)").run(name, "2026-12-01T08:00:00.000Z");
    }
    expect(await migrateNode(db)).toEqual([]);
    expect(db.sqlite.prepare("SELECT count(*) FROM node_migration").pluck().get()).toBe(3);
    await db.kysely.destroy();
  });

  it("refuse a database migrated by a newer node, naming the step, and change nothing", async () => {
    const db = open("newer");
    await migrateNode(db);
    db.sqlite.prepare(`INSERT INTO ${NODE_MIGRATION_TABLE} VALUES ('0099-from-the-future', '2027-01-01')`).run();
    const before = db.sqlite.prepare("SELECT name FROM sqlite_master ORDER BY name").pluck().all();
    await expect(migrateNode(db)).rejects.toThrow(/^базу даних записала новіша версія Plan Ledger: крок 0099-from-the-future набору node цій версії невідомий/);
    expect(db.sqlite.prepare("SELECT name FROM sqlite_master ORDER BY name").pluck().all()).toEqual(before);
    await db.kysely.destroy();
  });
});
