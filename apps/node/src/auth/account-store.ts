/**
 * @module People's accounts and their sessions, beside the machines' bearer tokens: scrypt password hashes,
 * sessions kept in the node's database (only a SHA-256 of each session id), a CSRF token per session, and
 * repeated wrong passwords slowed down and then locked out for a while.
 */
import { createHash, randomBytes } from "node:crypto";
import { hashPassword, verifyPassword, weakPassword } from "./password.js";
import type { Role } from "./role.js";

export interface AccountRecord {
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly disabledAt: string | null;
  /** Wrong passwords in a row since the last good one. */
  readonly failures: number;
  readonly lockedUntil: string | null;
}

export interface SessionRecord {
  readonly idHash: string;
  readonly login: string;
  readonly csrf: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
}

/**
 * Where accounts and sessions live: the node database (SQLite or PostgreSQL), or Maps in tests. Asynchronous
 * because on PostgreSQL every call is a round trip; the SQLite backend answers with settled promises.
 */
export interface AccountBackend {
  readonly insertAccount: (record: AccountRecord) => Promise<void>;
  readonly findAccount: (login: string) => Promise<AccountRecord | undefined>;
  readonly listAccounts: () => Promise<ReadonlyArray<AccountRecord>>;
  readonly updateAccount: (record: AccountRecord) => Promise<void>;
  readonly insertSession: (record: SessionRecord) => Promise<void>;
  readonly findSession: (idHash: string) => Promise<SessionRecord | undefined>;
  readonly touchSession: (idHash: string, lastSeenAt: string) => Promise<void>;
  readonly deleteSession: (idHash: string) => Promise<void>;
  readonly deleteSessionsOf: (login: string) => Promise<void>;
}

/** A person signed in on this node: who, in which role, and the session's CSRF token. */
export interface Person {
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  /** As the log records the author of a write: `login@node`. */
  readonly actor: string;
  readonly csrf: string;
}

export type SignIn =
  | { readonly ok: true; readonly sessionId: string; readonly person: Person }
  | {
      readonly ok: false;
      readonly reason: "unknown" | "wrong" | "locked" | "disabled";
      /** How long to wait before the answer, for a wrong password (slows guessing down). */
      readonly delayMs: number;
      /** When locked: seconds until it may be tried again. */
      readonly retryAfterS: number | null;
    };

export class AccountError extends Error {
  readonly _tag = "AccountError";
}

export const SESSION_IDLE_MS = 2 * 3600_000;
export const SESSION_MAX_MS = 12 * 3600_000;
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

const LOGIN = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

export interface AccountStore {
  readonly add: (login: string, name: string, role: Role, password: string) => Promise<AccountRecord>;
  readonly list: () => Promise<ReadonlyArray<Omit<AccountRecord, "passwordHash">>>;
  /** A new password: ends the person's sessions and lifts a lockout. */
  readonly reset: (login: string, password: string) => Promise<void>;
  readonly disable: (login: string) => Promise<void>;
  readonly setRole: (login: string, role: Role) => Promise<void>;
  readonly signIn: (login: string, password: string) => Promise<SignIn>;
  /** The person a session cookie stands for, or null (unknown, expired, or the account disabled since). */
  readonly session: (sessionId: string | undefined) => Promise<Person | null>;
  readonly signOut: (sessionId: string | undefined) => Promise<void>;
}

/**
 * @example
 * const accounts = makeAccountStore("luhanska", sqliteAccountBackend(db)); // or postgresAccountBackend(database)
 * await accounts.add("o.petrenko", "Олена Петренко", "reporter", "довгий пароль 2026");
 */
export const makeAccountStore = (nodeId: string, backend: AccountBackend, now: () => Date = () => new Date()): AccountStore => {
  const find = async (login: string): Promise<AccountRecord> => {
    const record = await backend.findAccount(login);
    if (record === undefined) throw new AccountError(`облікового запису «${login}» немає / no account "${login}"`);
    return record;
  };
  const personOf = (a: AccountRecord, csrf: string): Person => ({ login: a.login, name: a.name, role: a.role, actor: `${a.login}@${nodeId}`, csrf });
  return {
    add: async (login, name, role, password) => {
      if (!LOGIN.test(login))
        throw new AccountError(`логін «${login}»: малі латинські літери, цифри, . _ @ -, 2–64 символи / login: a–z, 0–9, . _ @ -, 2–64 characters`);
      if ((await backend.findAccount(login)) !== undefined) throw new AccountError(`логін «${login}» уже зайнято / login "${login}" is taken`);
      const weak = weakPassword(password);
      if (weak !== null) throw new AccountError(weak);
      const record: AccountRecord = {
        login,
        name: name.trim() === "" ? login : name.trim().normalize("NFC"),
        role,
        passwordHash: await hashPassword(password),
        createdAt: now().toISOString(),
        disabledAt: null,
        failures: 0,
        lockedUntil: null,
      };
      await backend.insertAccount(record);
      return record;
    },
    list: async () => (await backend.listAccounts()).map(({ passwordHash: _hash, ...rest }) => rest),
    reset: async (login, password) => {
      const record = await find(login);
      const weak = weakPassword(password);
      if (weak !== null) throw new AccountError(weak);
      await backend.updateAccount({ ...record, passwordHash: await hashPassword(password), failures: 0, lockedUntil: null, disabledAt: null });
      await backend.deleteSessionsOf(login);
    },
    disable: async (login) => {
      const record = await find(login);
      await backend.updateAccount({ ...record, disabledAt: record.disabledAt ?? now().toISOString() });
      await backend.deleteSessionsOf(login);
    },
    setRole: async (login, role) => backend.updateAccount({ ...(await find(login)), role }),
    signIn: async (login, password) => {
      const at = now();
      const record = await backend.findAccount(login.trim().toLowerCase());
      if (record === undefined) {
        // Spend the same time as a real check, so an unknown login cannot be told from a wrong password.
        await verifyPassword(password, "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        return { ok: false, reason: "unknown", delayMs: 0, retryAfterS: null };
      }
      if (record.disabledAt !== null) return { ok: false, reason: "disabled", delayMs: 0, retryAfterS: null };
      if (record.lockedUntil !== null && record.lockedUntil > at.toISOString()) {
        const retryAfterS = Math.ceil((Date.parse(record.lockedUntil) - at.getTime()) / 1000);
        return { ok: false, reason: "locked", delayMs: 0, retryAfterS };
      }
      if (!(await verifyPassword(password, record.passwordHash))) {
        const failures = record.failures + 1;
        const locked = failures >= MAX_FAILURES;
        await backend.updateAccount({
          ...record,
          failures: locked ? 0 : failures,
          lockedUntil: locked ? new Date(at.getTime() + LOCK_MS).toISOString() : null,
        });
        return {
          ok: false,
          reason: locked ? "locked" : "wrong",
          // 0.25 s, 0.5 s, 1 s, 2 s: guessing slows down before the lock.
          delayMs: Math.min(2000, 250 * 2 ** (failures - 1)),
          retryAfterS: locked ? LOCK_MS / 1000 : null,
        };
      }
      if (record.failures > 0 || record.lockedUntil !== null) await backend.updateAccount({ ...record, failures: 0, lockedUntil: null });
      const sessionId = randomBytes(32).toString("base64url");
      const csrf = randomBytes(24).toString("base64url");
      const iso = at.toISOString();
      await backend.insertSession({ idHash: sha256(sessionId), login: record.login, csrf, createdAt: iso, lastSeenAt: iso });
      return { ok: true, sessionId, person: personOf(record, csrf) };
    },
    session: async (sessionId) => {
      if (sessionId === undefined || sessionId === "") return null;
      const idHash = sha256(sessionId);
      const session = await backend.findSession(idHash);
      if (session === undefined) return null;
      const at = now().getTime();
      if (at - Date.parse(session.lastSeenAt) > SESSION_IDLE_MS || at - Date.parse(session.createdAt) > SESSION_MAX_MS) {
        await backend.deleteSession(idHash);
        return null;
      }
      const account = await backend.findAccount(session.login);
      if (account === undefined || account.disabledAt !== null) {
        await backend.deleteSession(idHash);
        return null;
      }
      // Written at most once a minute: a page view is a read.
      if (at - Date.parse(session.lastSeenAt) > 60_000) await backend.touchSession(idHash, new Date(at).toISOString());
      return personOf(account, session.csrf);
    },
    signOut: async (sessionId) => {
      if (sessionId !== undefined && sessionId !== "") await backend.deleteSession(sha256(sessionId));
    },
  };
};

/** For tests and tools: accounts in memory. */
export const inMemoryAccountBackend = (): AccountBackend => {
  const accounts = new Map<string, AccountRecord>();
  const sessions = new Map<string, SessionRecord>();
  return {
    insertAccount: async (r) => void accounts.set(r.login, r),
    findAccount: async (login) => accounts.get(login),
    listAccounts: async () => [...accounts.values()].sort((a, b) => a.login.localeCompare(b.login)),
    updateAccount: async (r) => void accounts.set(r.login, r),
    insertSession: async (r) => void sessions.set(r.idHash, r),
    findSession: async (idHash) => sessions.get(idHash),
    touchSession: async (idHash, lastSeenAt) => {
      const s = sessions.get(idHash);
      if (s !== undefined) sessions.set(idHash, { ...s, lastSeenAt });
    },
    deleteSession: async (idHash) => void sessions.delete(idHash),
    deleteSessionsOf: async (login) => {
      for (const [k, s] of sessions) if (s.login === login) sessions.delete(k);
    },
  };
};
