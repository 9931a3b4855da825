/**
 * @module What every command carries besides its payload: who acts, on which node, and when. Deciders
 * read the clock and the acting node only from here, which keeps them pure.
 */
import { Schema as S } from "effect";
import { NodeId } from "./ids.js";

/** An ISO-8601 UTC instant, e.g. `2026-04-05T09:30:00.000Z`. */
export const Instant = S.String.pipe(S.pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/), S.brand("Instant"));
export type Instant = typeof Instant.Type;

export const CommandMeta = S.Struct({
  /** The person or process acting, e.g. `importer` or a staff login. */
  actor: S.String.pipe(S.minLength(1)),
  /** The node the command is executed on; only a stream's owner node may write it. */
  node: NodeId,
  at: Instant,
});
export type CommandMeta = typeof CommandMeta.Type;
