/**
 * @module API tokens of one node. Only the SHA-256 of a token is kept; the token itself is shown once, on issue.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Role } from "./role.js";

/** Who is calling: the token's name and role on this node, and the actor string events record. */
export interface Principal {
  readonly tokenId: string;
  readonly name: string;
  readonly role: Role;
  readonly node: string;
  readonly actor: string;
}

export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly hash: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/**
 * Where token records live: the node database in production (SQLite or PostgreSQL), a Map in tests. Asynchronous
 * because on PostgreSQL every call is a round trip; the SQLite backend answers with settled promises.
 */
export interface TokenBackend {
  readonly insert: (record: TokenRecord) => Promise<void>;
  readonly findByHash: (hash: string) => Promise<TokenRecord | undefined>;
  readonly list: () => Promise<ReadonlyArray<TokenRecord>>;
  /** False when there is no such token or it was already revoked. */
  readonly revoke: (id: string, at: string) => Promise<boolean>;
}

export interface TokenStore {
  /** Issues a token; the returned secret is never stored and cannot be recovered. */
  readonly issue: (name: string, role: Role) => Promise<{ readonly token: string; readonly record: TokenRecord }>;
  /** The principal a bearer token stands for, or a reason it is refused. */
  readonly verify: (token: string) => Promise<Principal | { readonly refused: string }>;
  readonly list: () => Promise<ReadonlyArray<Omit<TokenRecord, "hash">>>;
  readonly revoke: (id: string) => Promise<boolean>;
}

/** The SHA-256 of a token, hex: what the node stores and compares. */
export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Tokens carry their node id (`pl_<node>_<secret>`), so a credential presented to the wrong node is refused with
 * a reason, not merely "unknown".
 */
const prefixOf = (nodeId: string): string => `pl_${nodeId}_`;

/**
 * A new token of `nodeId` and the record that stands for it, stored nowhere yet: what `issue` stores, and what a
 * test node seeds its in-memory backend with before anything can await.
 *
 * @example
 * const { token, record } = newToken("luhanska", "olena", "editor", new Date()); // token "pl_luhanska_…"
 */
export const newToken = (nodeId: string, name: string, role: Role, at: Date): { readonly token: string; readonly record: TokenRecord } => {
  const token = `${prefixOf(nodeId)}${randomBytes(24).toString("base64url")}`;
  return { token, record: { id: randomUUID(), name, role, hash: hashToken(token), createdAt: at.toISOString(), revokedAt: null } };
};

/**
 * A token store for one node over a backend.
 *
 * @example
 * const store = makeTokenStore("luhanska", inMemoryTokenBackend())
 * const { token } = await store.issue("olena", "editor")
 * await store.verify(token) // { name: "olena", role: "editor", actor: "olena@luhanska", ... }
 */
export const makeTokenStore = (nodeId: string, backend: TokenBackend, now: () => Date = () => new Date()): TokenStore => ({
  issue: async (name, role) => {
    const issued = newToken(nodeId, name, role, now());
    await backend.insert(issued.record);
    return issued;
  },
  verify: async (token) => {
    // Node ids never contain "_", the secret (base64url) may: the node is up to the first "_" after the prefix.
    const other = /^pl_([a-z0-9-]+)_/.exec(token);
    if (other?.[1] !== undefined && other[1] !== nodeId) {
      return { refused: `токен іншого вузла «${other[1]}» / token of another node "${other[1]}"` };
    }
    const record = await backend.findByHash(hashToken(token));
    if (record === undefined) return { refused: "невідомий токен / unknown token" };
    if (record.revokedAt !== null) return { refused: "токен відкликано / token revoked" };
    return { tokenId: record.id, name: record.name, role: record.role, node: nodeId, actor: `${record.name}@${nodeId}` };
  },
  list: async () => (await backend.list()).map(({ hash: _hash, ...rest }) => rest),
  revoke: (id) => backend.revoke(id, now().toISOString()),
});

/**
 * Tokens in memory, for tests and throwaway nodes; `initial` are there from the start (see `newToken`).
 *
 * @example
 * const { token, record } = newToken("luhanska", "admin-1", "admin", new Date());
 * const tokens = makeTokenStore("luhanska", inMemoryTokenBackend([record])); // `token` verifies at once
 */
export const inMemoryTokenBackend = (initial: ReadonlyArray<TokenRecord> = []): TokenBackend => {
  const byId = new Map<string, TokenRecord>(initial.map((r) => [r.id, r]));
  return {
    insert: async (record) => void byId.set(record.id, record),
    findByHash: async (hash) => [...byId.values()].find((r) => r.hash === hash),
    list: async () => [...byId.values()],
    revoke: async (id, at) => {
      const record = byId.get(id);
      if (record === undefined || record.revokedAt !== null) return false;
      byId.set(id, { ...record, revokedAt: at });
      return true;
    },
  };
};
