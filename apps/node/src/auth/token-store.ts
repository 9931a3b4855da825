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

/** Where token records live; the node database in production, a Map in tests. */
export interface TokenBackend {
  readonly insert: (record: TokenRecord) => void;
  readonly findByHash: (hash: string) => TokenRecord | undefined;
  readonly list: () => ReadonlyArray<TokenRecord>;
  readonly revoke: (id: string, at: string) => boolean;
}

export interface TokenStore {
  /** Issues a token; the returned secret is never stored and cannot be recovered. */
  readonly issue: (name: string, role: Role) => { readonly token: string; readonly record: TokenRecord };
  /** The principal a bearer token stands for, or a reason it is refused. */
  readonly verify: (token: string) => Principal | { readonly refused: string };
  readonly list: () => ReadonlyArray<Omit<TokenRecord, "hash">>;
  readonly revoke: (id: string) => boolean;
}

/** The SHA-256 of a token, hex: what the node stores and compares. */
export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Tokens carry their node id (`pl_<node>_<secret>`), so a credential presented to the wrong node is refused with
 * a reason, not merely "unknown".
 */
const prefixOf = (nodeId: string): string => `pl_${nodeId}_`;

/**
 * A token store for one node over a backend.
 *
 * @example
 * const store = makeTokenStore("luhanska", inMemoryTokenBackend())
 * const { token } = store.issue("olena", "editor")
 * store.verify(token) // { name: "olena", role: "editor", actor: "olena@luhanska", ... }
 */
export const makeTokenStore = (nodeId: string, backend: TokenBackend, now: () => Date = () => new Date()): TokenStore => ({
  issue: (name, role) => {
    const token = `${prefixOf(nodeId)}${randomBytes(24).toString("base64url")}`;
    const record: TokenRecord = {
      id: randomUUID(),
      name,
      role,
      hash: hashToken(token),
      createdAt: now().toISOString(),
      revokedAt: null,
    };
    backend.insert(record);
    return { token, record };
  },
  verify: (token) => {
    // Node ids never contain "_", the secret (base64url) may: the node is up to the first "_" after the prefix.
    const other = /^pl_([a-z0-9-]+)_/.exec(token);
    if (other?.[1] !== undefined && other[1] !== nodeId) {
      return { refused: `токен іншого вузла «${other[1]}» / token of another node "${other[1]}"` };
    }
    const record = backend.findByHash(hashToken(token));
    if (record === undefined) return { refused: "невідомий токен / unknown token" };
    if (record.revokedAt !== null) return { refused: "токен відкликано / token revoked" };
    return { tokenId: record.id, name: record.name, role: record.role, node: nodeId, actor: `${record.name}@${nodeId}` };
  },
  list: () => backend.list().map(({ hash: _hash, ...rest }) => rest),
  revoke: (id) => backend.revoke(id, now().toISOString()),
});

/** Tokens in memory, for tests and throwaway nodes. */
export const inMemoryTokenBackend = (): TokenBackend => {
  const byId = new Map<string, TokenRecord>();
  return {
    insert: (record) => void byId.set(record.id, record),
    findByHash: (hash) => [...byId.values()].find((r) => r.hash === hash),
    list: () => [...byId.values()],
    revoke: (id, at) => {
      const record = byId.get(id);
      if (record === undefined || record.revokedAt !== null) return false;
      byId.set(id, { ...record, revokedAt: at });
      return true;
    },
  };
};
