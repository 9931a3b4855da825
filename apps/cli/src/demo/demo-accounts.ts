/**
 * @module The demo's people: on each node one account per role (admin, editor, reporter, reviewer, auditor),
 * made once with a generated password that is written only to `<dir>/<node>.accounts` (mode 0600), so that
 * whoever runs the demo can sign in and nobody else learns a password from the repository.
 */
import { randomBytes } from "node:crypto";
import { migrateDatabase, openSqlite } from "@planledger/event-store";
import { makeAccountStore, nodeMigrations, type Role, sqliteAccountBackend } from "@planledger/node";
import { type DemoAccount, readDemoAccounts, writeDemoAccounts } from "@planledger/testing";

const PEOPLE: ReadonlyArray<readonly [login: string, role: Role, name: string]> = [
  ["admin", "admin", "Адміністратор вузла"],
  ["editor", "editor", "Редактор планів"],
  ["reporter", "reporter", "Звітувач"],
  ["reviewer", "reviewer", "Перевіряльник звітів"],
  ["auditor", "auditor", "Аудитор"],
];

/**
 * Makes the demo's accounts in a node database that a running node may have open (SQLite takes the second
 * writer), keeping those the file already lists.
 *
 * @example await ensureDemoAccounts("data/demo/luhanska.db", "luhanska", "data/demo/luhanska.accounts")
 */
export const ensureDemoAccounts = async (dbPath: string, nodeId: string, file: string): Promise<void> => {
  const known = new Map(readDemoAccounts(file).map((a) => [a.login, a]));
  const database = { path: dbPath, ...openSqlite(dbPath) };
  try {
    await migrateDatabase(database.kysely, [nodeMigrations]);
    const accounts = makeAccountStore(nodeId, sqliteAccountBackend(database));
    const existing = new Set((await accounts.list()).map((a) => a.login));
    const written: DemoAccount[] = [];
    for (const [login, role, name] of PEOPLE) {
      let password = known.get(login)?.password;
      if (password === undefined || !existing.has(login)) {
        password ??= randomBytes(9).toString("base64url");
        if (existing.has(login)) await accounts.reset(login, password);
        else await accounts.add(login, name, role, password);
      }
      written.push({ login, password, role });
    }
    writeDemoAccounts(file, written);
  } finally {
    database.sqlite.close();
  }
};
