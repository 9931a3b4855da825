/**
 * @module The pages' `PeoplePort` over this node's accounts: sessions checked against the node's database,
 * permissions from the same role table the API's tokens use.
 */
import type { PeoplePort, Viewer } from "@planledger/web";
import type { AccountStore, Person } from "../auth/account-store.js";
import { allows, type Permission } from "../auth/role.js";

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
});
