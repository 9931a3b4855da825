/**
 * @module The demo's people: on each node one account per role (admin, editor, reporter, reviewer, auditor),
 * made once with a generated password that is written only to `<dir>/<node>.accounts` (mode 0600), so that
 * whoever runs the demo can sign in and nobody else learns a password from the repository.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { openSqlite } from "@planledger/event-store";
import { makeAccountStore } from "../auth/account-store.js";
import type { Role } from "../auth/role.js";
import { sqliteAccountBackend } from "../auth/sqlite-account-backend.js";
import { migrateNode } from "../migrations/index.js";

const PEOPLE: ReadonlyArray<readonly [login: string, role: Role, name: string]> = [
  ["admin", "admin", "Адміністратор вузла"],
  ["editor", "editor", "Редактор планів"],
  ["reporter", "reporter", "Звітувач"],
  ["reviewer", "reviewer", "Перевіряльник звітів"],
  ["auditor", "auditor", "Аудитор"],
];

/** The file's lines: `login password role`. */
export const readDemoAccounts = (file: string): ReadonlyArray<{ login: string; password: string; role: string }> =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.startsWith("#"))
        .map((line) => {
          const [login = "", password = "", role = ""] = line.split(/\s+/);
          return { login, password, role };
        })
    : [];

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
    migrateNode(database);
    const accounts = makeAccountStore(nodeId, sqliteAccountBackend(database));
    const existing = new Set(accounts.list().map((a) => a.login));
    const lines: string[] = ["# демонстраційні облікові записи / demo accounts: login password role"];
    for (const [login, role, name] of PEOPLE) {
      let password = known.get(login)?.password;
      if (password === undefined || !existing.has(login)) {
        password ??= randomBytes(9).toString("base64url");
        if (existing.has(login)) await accounts.reset(login, password);
        else await accounts.add(login, name, role, password);
      }
      lines.push(`${login} ${password} ${role}`);
    }
    writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  } finally {
    database.sqlite.close();
  }
};
