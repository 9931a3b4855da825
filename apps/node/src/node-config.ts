/**
 * @module Who a node is: id, level in the hierarchy, display name and parent.
 */
import { Schema as S } from "effect";

export const NodeLevel = S.Literal("national", "oblast", "district", "hromada");
export type NodeLevel = typeof NodeLevel.Type;

/** Node ids are stable slugs (`luhanska`, `novopskovskyi`): they name streams and tokens, so they never change. */
export const NodeId = S.String.pipe(S.pattern(/^[a-z][a-z0-9-]{0,62}$/));

export const NodeIdentity = S.Struct({
  nodeId: NodeId,
  level: NodeLevel,
  displayName: S.String,
  parentUrl: S.NullOr(S.String),
});
export type NodeIdentity = typeof NodeIdentity.Type;

/** What `planledger serve` needs beyond identity. */
export const NodeConfig = S.Struct({
  ...NodeIdentity.fields,
  dbPath: S.String,
  port: S.Int.pipe(S.between(0, 65535)),
  host: S.String,
});
export type NodeConfig = typeof NodeConfig.Type;
