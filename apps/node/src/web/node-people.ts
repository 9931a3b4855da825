/**
 * @module The pages' `PeoplePort` over this node's accounts: sessions checked against the node's database,
 * permissions from the same role table the API's tokens use.
 */
import type { PeoplePort, Viewer } from "@planledger/web";
import { Schema as S } from "effect";
import { AccountError, type AccountStore, type Person } from "../auth/account-store.js";
import { allows, type Permission, Role } from "../auth/role.js";

const viewerOf = (person: Person): Viewer => ({
  login: person.login,
  name: person.name,
  role: person.role,
  csrf: person.csrf,
  can: (permission) => allows(person.role, permission as Permission),
});

/**
 * @example webPages({ source, people: nodePeople(accounts, false) })
 */
export const nodePeople = (accounts: AccountStore, secureCookies: boolean): PeoplePort => ({
  viewer: (sessionId) => {
    const person = accounts.session(sessionId);
    return person === null ? null : viewerOf(person);
  },
  signIn: async (login, password) => {
    const outcome = await accounts.signIn(login, password);
    return outcome.ok ? { ok: true, sessionId: outcome.sessionId, viewer: viewerOf(outcome.person) } : outcome;
  },
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
