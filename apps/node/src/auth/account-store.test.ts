import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openSqlite } from "@planledger/event-store";
import { afterAll, describe, expect, it } from "vitest";
import { nodeMigrations } from "../migrations/index.js";
import { type AccountBackend, AccountError, inMemoryAccountBackend, LOCK_MS, makeAccountStore, MAX_FAILURES, SESSION_IDLE_MS } from "./account-store.js";
import { sqliteAccountBackend } from "./sqlite-account-backend.js";

const dir = mkdtempSync(join(tmpdir(), "planledger-accounts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Migrated once; each SQLite case starts from a copy of it.
const template = join(dir, "template.db");
{
  const db = openSqlite(template);
  await migrateDatabase(db.kysely, [nodeMigrations]);
  await db.kysely.destroy();
}

const engines: ReadonlyArray<readonly [string, () => AccountBackend]> = [
  ["in memory", inMemoryAccountBackend],
  [
    "SQLite",
    () => {
      const path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
      copyFileSync(template, path);
      const db = { path, ...openSqlite(path) };
      return sqliteAccountBackend(db);
    },
  ],
];

describe.each(engines)("accounts (%s)", (_name, backend) => {
  const setUp = () => {
    let clock = new Date("2026-12-04T09:00:00.000Z");
    const store = makeAccountStore("novopskovskyi", backend(), () => clock);
    return { store, tick: (ms: number) => (clock = new Date(clock.getTime() + ms)) };
  };

  it("signs a person in with the right password only, and records them as login@node", async () => {
    const { store } = setUp();
    await store.add("o.petrenko", "Олена Петренко", "reporter", "довгий пароль 2026");
    expect(store.list()[0]).not.toHaveProperty("passwordHash");
    const wrong = await store.signIn("o.petrenko", "не той пароль");
    expect(wrong).toMatchObject({ ok: false, reason: "wrong", delayMs: 250 });
    const good = await store.signIn("O.Petrenko", "довгий пароль 2026");
    if (!good.ok) throw new Error("refused");
    expect(good.person).toMatchObject({ login: "o.petrenko", role: "reporter", actor: "o.petrenko@novopskovskyi" });
    expect(store.session(good.sessionId)?.csrf).toBe(good.person.csrf);
    expect(store.session("forged")).toBeNull();
    store.signOut(good.sessionId);
    expect(store.session(good.sessionId)).toBeNull();
  });

  it("refuses bad logins, taken logins and short passwords", async () => {
    const { store } = setUp();
    await expect(store.add("Олена", "x", "reporter", "довгий пароль 2026")).rejects.toBeInstanceOf(AccountError);
    await expect(store.add("olena", "x", "reporter", "короткий")).rejects.toThrow(/10/);
    await store.add("olena", "x", "reporter", "довгий пароль 2026");
    await expect(store.add("olena", "y", "viewer", "довгий пароль 2027")).rejects.toThrow(/зайнято/);
  });

  it("slows repeated wrong passwords down, then locks the account for a while, even against the right one", async () => {
    const { store, tick } = setUp();
    await store.add("olena", "Олена", "reviewer", "довгий пароль 2026");
    const delays: number[] = [];
    for (let i = 0; i < MAX_FAILURES; i++) {
      const r = await store.signIn("olena", `вгадую ${i}`);
      if (r.ok) throw new Error("signed in");
      delays.push(r.delayMs);
    }
    expect(delays).toEqual([250, 500, 1000, 2000, 2000]);
    expect(await store.signIn("olena", "довгий пароль 2026")).toMatchObject({ ok: false, reason: "locked", retryAfterS: LOCK_MS / 1000 });
    tick(LOCK_MS + 1000);
    expect((await store.signIn("olena", "довгий пароль 2026")).ok).toBe(true);
  });

  it("ends a session idle too long, and every session of a disabled account or a reset password", async () => {
    const { store, tick } = setUp();
    await store.add("olena", "Олена", "auditor", "довгий пароль 2026");
    const first = await store.signIn("olena", "довгий пароль 2026");
    if (!first.ok) throw new Error("refused");
    tick(SESSION_IDLE_MS + 1);
    expect(store.session(first.sessionId)).toBeNull();
    const second = await store.signIn("olena", "довгий пароль 2026");
    if (!second.ok) throw new Error("refused");
    await store.reset("olena", "новий довгий пароль");
    expect(store.session(second.sessionId)).toBeNull();
    const third = await store.signIn("olena", "новий довгий пароль");
    if (!third.ok) throw new Error("refused");
    store.disable("olena");
    expect(store.session(third.sessionId)).toBeNull();
    expect(await store.signIn("olena", "новий довгий пароль")).toMatchObject({ ok: false, reason: "disabled" });
  });
});
