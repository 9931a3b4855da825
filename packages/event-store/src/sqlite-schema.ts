/**
 * @module Kysely's view of the event store's tables, for typed queries by this and other packages.
 */
import type { Generated } from "kysely";

export interface EventsTable {
  position: Generated<number>;
  event_id: string;
  origin: string;
  seq: number;
  stream: string;
  stream_version: number;
  type: string;
  /** Canonical JSON of the event's data: the exact text the hash covers. */
  data: string;
  actor: string;
  recorded_at: string;
  causation_id: string | null;
  correlation_id: string | null;
  prev_hash: string;
  hash: string;
  received_at: string;
}

export interface CheckpointsTable {
  origin: string;
  seq: number;
  hash: string;
  signed_at: string;
  signature: string;
  witness_node: string | null;
  witness_signed_at: string | null;
  witness_signature: string | null;
}

export interface NodeKeysTable {
  origin: string;
  public_key: string;
  is_self: Generated<number>;
}

export interface VerifiedHeadsTable {
  origin: string;
  seq: number;
  hash: string;
  verified_at: string;
  signature: string;
}

/** One stored node (level ≥ 1) of an origin's Merkle tree, at its post-order position (`merkle/node-position.ts`). */
export interface TreeNodesTable {
  origin: string;
  position: number;
  /** The node's 32-byte SHA-256. */
  hash: Uint8Array;
}

/** One key of one origin from `from_seq` (`key-history.ts`). */
export interface NodeKeyHistoryTable {
  origin: string;
  from_seq: number;
  public_key: string;
  authority: string;
  authorised_by: string | null;
  signature: string | null;
  event_id: string | null;
  recorded_at: string;
  revoked_from_seq: number | null;
  revoked_reason: string | null;
  revoked_by: string | null;
}

export interface EventStoreTables {
  events: EventsTable;
  checkpoints: CheckpointsTable;
  node_keys: NodeKeysTable;
  verified_heads: VerifiedHeadsTable;
  tree_nodes: TreeNodesTable;
  node_key_history: NodeKeyHistoryTable;
}
