import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqlite } from "@planledger/event-store";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteTokenBackend } from "../auth/sqlite-token-backend.js";
import { makeTokenStore } from "../auth/token-store.js";
import { migrateNode, NODE_MIGRATION_TABLE } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "planledger-node-migrations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open = (name: string) => ({ path: join(dir, `${name}.db`), ...openSqlite(join(dir, `${name}.db`)) });

describe("node migrations", () => {
  it("create the token, account and session tables on a fresh database, record themselves in their own table, and run once", () => {
    const db = open("fresh");
    expect(migrateNode(db)).toEqual(["0001-node-tokens", "0002-node-accounts", "0003-node-sessions"]);
    expect(migrateNode(db)).toEqual([]);
    expect(db.sqlite.prepare(`SELECT name FROM ${NODE_MIGRATION_TABLE}`).pluck().all()).toEqual(["0001-node-tokens", "0002-node-accounts", "0003-node-sessions"]);
    const tokens = makeTokenStore("luhanska", sqliteTokenBackend(db));
    const { token } = tokens.issue("olena", "editor");
    expect(tokens.verify(token)).toMatchObject({ name: "olena", role: "editor" });
    db.sqlite.close();
  });

  it("adopt the token table a node created on start before the migration existed, keeping its tokens", () => {
    const db = open("older");
    db.sqlite.exec(
      "CREATE TABLE node_tokens (id text primary key, name text not null, role text not null, hash text not null unique, created_at text not null, revoked_at text)",
    );
    db.sqlite
      .prepare("INSERT INTO node_tokens VALUES (?, ?, ?, ?, ?, NULL)")
      .run("t1", "admin", "admin", "0".repeat(64), "2026-11-01T00:00:00.000Z");
    expect(migrateNode(db)).toEqual(["0001-node-tokens", "0002-node-accounts", "0003-node-sessions"]);
    expect(makeTokenStore("luhanska", sqliteTokenBackend(db)).list().map((t) => t.id)).toEqual(["t1"]);
    db.sqlite.close();
  });

  it("refuse a database migrated by a newer node", () => {
    const db = open("newer");
    migrateNode(db);
    db.sqlite.prepare(`INSERT INTO ${NODE_MIGRATION_TABLE} VALUES ('0099-from-the-future', '2027-01-01')`).run();
    expect(() => migrateNode(db)).toThrow(/0099-from-the-future/);
    db.sqlite.close();
  });
});
