import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openSqlite } from "@planledger/event-store";
import { afterAll } from "vitest";
import { nodeMigrations } from "../migrations/index.js";
import { authBackendsBehaviour } from "./auth-backends.behaviour.js";
import { sqliteAccountBackend } from "./sqlite-account-backend.js";
import { sqliteTokenBackend } from "./sqlite-token-backend.js";

const dir = mkdtempSync(join(tmpdir(), "planledger-node-auth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Migrated once; each case starts from a copy of it.
const template = join(dir, "template.db");
{
  const db = openSqlite(template);
  await migrateDatabase(db.kysely, [nodeMigrations]);
  await db.kysely.destroy();
}

authBackendsBehaviour("SQLite", async () => {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(template, path);
  // Each backend on a connection of its own to the one file, as the node and an operator's tool would be.
  const opened: Array<ReturnType<typeof openSqlite>> = [];
  const connection = () => {
    const db = { path, ...openSqlite(path) };
    opened.push(db);
    return db;
  };
  return {
    tokens: () => sqliteTokenBackend(connection()),
    accounts: () => sqliteAccountBackend(connection()),
    close: async () => {
      for (const db of opened) db.sqlite.close();
    },
  };
});
