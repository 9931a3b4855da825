/**
 * @module The pages' `PeoplePort` over this node's accounts: sessions checked against the node's database,
 * permissions from the same role table the API's tokens use.
 */
import type { PeoplePort, Viewer } from "@planledger/web";
import { Schema as S } from "effect";
import type { Context } from "hono";
import type { WindowLimiter } from "../http/window-limiter.js";
import { AccountError, type AccountStore, type Person } from "../auth/account-store.js";
import { allows, type Permission, Role } from "../auth/role.js";

const viewerOf = (person: Person): Viewer => ({
  login: person.login,
  name: person.name,
  role: person.role,
  csrf: person.csrf,
  can: (permission) => allows(person.role, permission as Permission),
});

/** Failed sign-ins counted per source, in the same count as failed bearer tokens (`authFailureGuard`). */
export interface SignInLimit {
  readonly failures: WindowLimiter;
  readonly sourceOf: (c: Context) => string;
}

/**
 * Without `limit`, sign-ins are limited per account only (the account store's lockout).
 *
 * @example webPages({ source, people: nodePeople(accounts, false, { failures, sourceOf: contextSource(new Set()) }) })
 */
export const nodePeople = (accounts: AccountStore, secureCookies: boolean, limit?: SignInLimit): PeoplePort => ({
  viewer: async (sessionId) => {
    const person = await accounts.session(sessionId);
    return person === null ? null : viewerOf(person);
  },
  signIn: async (login, password, source) => {
    const counted = limit !== undefined && source !== undefined;
    if (counted) {
      const retryAfterS = limit.failures.retryAfterS(source);
      if (retryAfterS > 0) return { ok: false, reason: "throttled", delayMs: 0, retryAfterS };
      // Counted before the password is checked, and taken back if it was right: concurrent guesses from one source
      // cannot overshoot the limit while their scrypt checks run.
      limit.failures.hit(source);
    }
    const outcome = await accounts.signIn(login, password);
    if (counted && outcome.ok) limit.failures.release(source);
    return outcome.ok ? { ok: true, sessionId: outcome.sessionId, viewer: viewerOf(outcome.person) } : outcome;
  },
  ...(limit === undefined ? {} : { sourceOf: limit.sourceOf }),
  signOut: (sessionId) => accounts.signOut(sessionId),
  secureCookies,
  admin: {
    roles: Role.literals,
    list: () => accounts.list(),
    add: async (login, name, role, password) => {
      await accounts.add(login, name, roleOf(role), password);
    },
    reset: (login, password) => accounts.reset(login, password),
    setRole: (login, role) => accounts.setRole(login, roleOf(role)),
    disable: (login) => accounts.disable(login),
  },
});

const roleOf = (role: string): Role => {
  if (!S.is(Role)(role)) throw new AccountError(`невідома роль «${role}» / unknown role "${role}"`);
  return role;
};
