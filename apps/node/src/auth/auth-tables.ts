/**
 * @module The rows of the node's auth tables (migrations `0001-node-tokens`, `0002-node-accounts`,
 * `0003-node-sessions`) and the records they stand for: one mapping for the SQLite and the PostgreSQL backends.
 */
import type { AccountRecord, SessionRecord } from "./account-store.js";
import type { Role } from "./role.js";
import type { TokenRecord } from "./token-store.js";

export interface TokenRow {
  id: string;
  name: string;
  role: string;
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface AccountRow {
  login: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
  failures: number;
  locked_until: string | null;
}

export interface SessionRow {
  id_hash: string;
  login: string;
  csrf: string;
  created_at: string;
  last_seen_at: string;
}

/** The tables, for `kysely.withTables<AuthTables>()` (a type, not an interface: Kysely wants an index signature). */
export type AuthTables = {
  node_tokens: TokenRow;
  node_accounts: AccountRow;
  node_sessions: SessionRow;
};

/** @example tokenOf(row).revokedAt // null while the token is live */
export const tokenOf = (row: TokenRow): TokenRecord => ({
  id: row.id,
  name: row.name,
  role: row.role as Role,
  hash: row.hash,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/** @example accountOf(row).lockedUntil // ISO time, or null */
export const accountOf = (r: AccountRow): AccountRecord => ({
  login: r.login,
  name: r.name,
  role: r.role as Role,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
  failures: r.failures,
  lockedUntil: r.locked_until,
});

/** @example sessionOf(row).login */
export const sessionOf = (r: SessionRow): SessionRecord => ({
  idHash: r.id_hash,
  login: r.login,
  csrf: r.csrf,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
});
