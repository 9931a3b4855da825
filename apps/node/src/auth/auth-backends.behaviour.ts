/**
 * @module One suite for the token and account stores over every backend (in memory, SQLite, PostgreSQL): the
 * engine's test file says how to open a fresh database, the cases here say what every engine must do.
 */
import { describe, expect, it } from "vitest";
import { type AccountBackend, AccountError, LOCK_MS, MAX_FAILURES, makeAccountStore, SESSION_IDLE_MS } from "./account-store.js";
import { makeTokenStore, type TokenBackend } from "./token-store.js";

/** A fresh, migrated node database of one engine. */
export interface AuthDatabase {
  /** A token backend on a connection of its own (another process, as far as the engine can tell). */
  readonly tokens: () => TokenBackend | Promise<TokenBackend>;
  /** An account backend on a connection of its own. */
  readonly accounts: () => AccountBackend | Promise<AccountBackend>;
  /** Closes every connection it opened. */
  readonly close: () => Promise<void>;
}

/**
 * Registers the cases under `engine`'s name; `fresh` gives an empty database per case.
 *
 * @example
 * authBackendsBehaviour("in memory", async () => { const t = inMemoryTokenBackend(), a = inMemoryAccountBackend();
 *   return { tokens: () => t, accounts: () => a, close: async () => {} }; });
 */
export const authBackendsBehaviour = (engine: string, fresh: () => Promise<AuthDatabase>): void => {
  /** Runs `body` on a fresh database, closed afterwards whatever happens. */
  const onFresh = async (body: (db: AuthDatabase) => Promise<void>): Promise<void> => {
    const db = await fresh();
    try {
      await body(db);
    } finally {
      await db.close();
    }
  };

  describe(`tokens (${engine})`, () => {
    it("issue, list, verify and revoke", () =>
      onFresh(async (db) => {
        const tokens = makeTokenStore("luhanska", await db.tokens(), () => new Date("2026-11-22T10:00:00Z"));
        const olena = await tokens.issue("olena", "editor");
        const script = await tokens.issue("script", "reporter");
        expect(await tokens.verify(olena.token)).toMatchObject({ tokenId: olena.record.id, name: "olena", role: "editor", actor: "olena@luhanska" });
        expect(await tokens.verify(script.token)).toMatchObject({ name: "script", role: "reporter" });
        expect(await tokens.verify(`${olena.token}x`)).toEqual({ refused: expect.stringContaining("unknown token") });
        expect((await tokens.list()).map((t) => [t.name, t.revokedAt])).toEqual([
          ["olena", null],
          ["script", null],
        ]);
        expect((await tokens.list())[0]).not.toHaveProperty("hash");
        expect(await tokens.revoke(olena.record.id)).toBe(true);
        expect(await tokens.revoke(olena.record.id)).toBe(false);
        expect(await tokens.revoke("no-such-token")).toBe(false);
        expect(await tokens.verify(olena.token)).toEqual({ refused: expect.stringContaining("revoked") });
        expect(await tokens.verify(script.token)).toMatchObject({ name: "script" });
        expect((await tokens.list()).find((t) => t.name === "olena")?.revokedAt).toBe("2026-11-22T10:00:00.000Z");
      }));

    it("refuses a token at once when another connection revokes it, and knows one it issued: nothing is cached", () =>
      onFresh(async (db) => {
        const node = makeTokenStore("luhanska", await db.tokens());
        const { token, record } = await node.issue("olena", "editor");
        expect(await node.verify(token)).toMatchObject({ name: "olena" });
        // e.g. an operator's tool on the same database
        const operator = makeTokenStore("luhanska", await db.tokens());
        const script = await operator.issue("script", "reporter");
        expect(await node.verify(script.token)).toMatchObject({ name: "script" });
        expect(await operator.revoke(record.id)).toBe(true);
        expect(await node.verify(token)).toEqual({ refused: expect.stringContaining("revoked") });
      }));
  });

  describe(`accounts (${engine})`, () => {
    /** An account store on a connection of its own, on a clock the case moves. */
    const storeOn = async (db: AuthDatabase) => {
      let clock = new Date("2026-12-04T09:00:00.000Z");
      const store = makeAccountStore("novopskovskyi", await db.accounts(), () => clock);
      return { store, tick: (ms: number) => (clock = new Date(clock.getTime() + ms)) };
    };

    it("signs a person in with the right password only, and records them as login@node", () =>
      onFresh(async (db) => {
        const { store } = await storeOn(db);
        await store.add("o.petrenko", "Олена Петренко", "reporter", "довгий пароль 2026");
        expect((await store.list())[0]).toMatchObject({ login: "o.petrenko", name: "Олена Петренко", role: "reporter", failures: 0 });
        expect((await store.list())[0]).not.toHaveProperty("passwordHash");
        const wrong = await store.signIn("o.petrenko", "не той пароль");
        expect(wrong).toMatchObject({ ok: false, reason: "wrong", delayMs: 250 });
        const good = await store.signIn("O.Petrenko", "довгий пароль 2026");
        if (!good.ok) throw new Error("refused");
        expect(good.person).toMatchObject({ login: "o.petrenko", role: "reporter", actor: "o.petrenko@novopskovskyi" });
        expect((await store.session(good.sessionId))?.csrf).toBe(good.person.csrf);
        expect(await store.session("forged")).toBeNull();
        expect(await store.session(undefined)).toBeNull();
        await store.signOut(good.sessionId);
        expect(await store.session(good.sessionId)).toBeNull();
      }));

    it("refuses bad logins, taken logins and short passwords", () =>
      onFresh(async (db) => {
        const { store } = await storeOn(db);
        await expect(store.add("Олена", "x", "reporter", "довгий пароль 2026")).rejects.toBeInstanceOf(AccountError);
        await expect(store.add("olena", "x", "reporter", "короткий")).rejects.toThrow(/10/);
        await store.add("olena", "x", "reporter", "довгий пароль 2026");
        await expect(store.add("olena", "y", "viewer", "довгий пароль 2027")).rejects.toThrow(/зайнято/);
        await expect(store.disable("nobody")).rejects.toThrow(/no account "nobody"/);
        expect((await store.list()).map((a) => [a.login, a.role])).toEqual([["olena", "reporter"]]);
      }));

    it("slows repeated wrong passwords down, then locks the account for a while, even against the right one", () =>
      onFresh(async (db) => {
        const { store, tick } = await storeOn(db);
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
      }));

    it("ends a session idle too long, and every session of a disabled account or a reset password", () =>
      onFresh(async (db) => {
        const { store, tick } = await storeOn(db);
        await store.add("olena", "Олена", "auditor", "довгий пароль 2026");
        const first = await store.signIn("olena", "довгий пароль 2026");
        if (!first.ok) throw new Error("refused");
        tick(SESSION_IDLE_MS - 1000);
        // Seen again before the idle limit: the session's clock starts over.
        expect(await store.session(first.sessionId)).not.toBeNull();
        tick(SESSION_IDLE_MS - 1000);
        expect(await store.session(first.sessionId)).not.toBeNull();
        tick(SESSION_IDLE_MS + 1);
        expect(await store.session(first.sessionId)).toBeNull();
        const second = await store.signIn("olena", "довгий пароль 2026");
        if (!second.ok) throw new Error("refused");
        await store.reset("olena", "новий довгий пароль");
        expect(await store.session(second.sessionId)).toBeNull();
        const third = await store.signIn("olena", "новий довгий пароль");
        if (!third.ok) throw new Error("refused");
        await store.setRole("olena", "reviewer");
        expect((await store.session(third.sessionId))?.role).toBe("reviewer");
        await store.disable("olena");
        expect(await store.session(third.sessionId)).toBeNull();
        expect(await store.signIn("olena", "новий довгий пароль")).toMatchObject({ ok: false, reason: "disabled" });
      }));

    it("sees at once an account another connection adds or disables (the CLI's `users` on the node's database)", () =>
      onFresh(async (db) => {
        const { store: node } = await storeOn(db);
        const { store: cli } = await storeOn(db);
        await cli.add("olena", "Олена", "editor", "довгий пароль 2026");
        const signedIn = await node.signIn("olena", "довгий пароль 2026");
        if (!signedIn.ok) throw new Error("refused");
        expect(await cli.session(signedIn.sessionId)).toMatchObject({ login: "olena", role: "editor" });
        await cli.disable("olena");
        expect(await node.session(signedIn.sessionId)).toBeNull();
        expect(await node.signIn("olena", "довгий пароль 2026")).toMatchObject({ ok: false, reason: "disabled" });
      }));
  });
};
