/**
 * @module Who is using the pages: the port through which the pages sign people in and out and learn who holds
 * a session. The node implements it over its accounts; the pages never see a password hash or a table.
 */
import type { Context } from "hono";

/** A signed-in person as the pages need them. */
export interface Viewer {
  readonly login: string;
  readonly name: string;
  readonly role: string;
  /** The session's CSRF token: every form a signed-in person posts carries it. */
  readonly csrf: string;
  /** Whether the person's role grants a permission (`history:read`, `report:write`, …). */
  readonly can: (permission: string) => boolean;
}

export type SignInOutcome =
  | { readonly ok: true; readonly sessionId: string; readonly viewer: Viewer }
  | {
      readonly ok: false;
      /** `locked`: this account, after wrong passwords; `throttled`: this source, after failed sign-ins. */
      readonly reason: "unknown" | "wrong" | "locked" | "disabled" | "throttled";
      readonly delayMs: number;
      readonly retryAfterS: number | null;
    };

/** An account as the administrator's page lists it (never its password hash). */
export interface AccountSummary {
  readonly login: string;
  readonly name: string;
  readonly role: string;
  readonly createdAt: string;
  readonly disabledAt: string | null;
  readonly lockedUntil: string | null;
}

/**
 * The administrator's account management. Refusals throw an error whose `message` reads "українською / in
 * English" (a taken login, a short password, an unknown account).
 */
export interface AccountAdmin {
  readonly roles: ReadonlyArray<string>;
  readonly list: () => Promise<ReadonlyArray<AccountSummary>>;
  readonly add: (login: string, name: string, role: string, password: string) => Promise<void>;
  readonly reset: (login: string, password: string) => Promise<void>;
  readonly setRole: (login: string, role: string) => Promise<void>;
  readonly disable: (login: string) => Promise<void>;
}

/** Asynchronous throughout: the node keeps accounts and sessions in its database, SQLite or PostgreSQL. */
export interface PeoplePort {
  readonly viewer: (sessionId: string | undefined) => Promise<Viewer | null>;
  readonly admin?: AccountAdmin;
  /** `source`: where the attempt comes from, as `sourceOf` names it; failed sign-ins are limited per source. */
  readonly signIn: (login: string, password: string, source?: string) => Promise<SignInOutcome>;
  /**
   * The source of a request (the client's address as the node counts its limits), for `signIn`; absent, sign-ins
   * are limited per account only.
   */
  readonly sourceOf?: (c: Context) => string;
  readonly signOut: (sessionId: string | undefined) => Promise<void>;
  /** Mark session cookies `Secure`: the node sits behind TLS. */
  readonly secureCookies: boolean;
}

export const SESSION_COOKIE = "pl_session";
/** Before sign-in there is no session: the sign-in form's CSRF token is a cookie the form repeats. */
export const PRESESSION_COOKIE = "pl_csrf";
