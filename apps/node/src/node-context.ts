/**
 * @module What the routes of one node share: who the node is, its store runtime, tokens, read model, clock.
 */
import type { CommandMeta, PlanDocument } from "@planledger/domain";
import { Instant, NodeId } from "@planledger/domain";
import type { EventStore } from "@planledger/event-store";
import type { Projections } from "@planledger/projections";
import type { Effect, ManagedRuntime } from "effect";
import type { CosignedCheckpointOf } from "./audit/origin-audit.js";
import type { AccountStore } from "./auth/account-store.js";
import type { Principal, TokenStore } from "./auth/token-store.js";
import { runEffect } from "./http/run-effect.js";
import type { NodeIdentity } from "./node-config.js";
import { type CurrentViews, currentViews } from "./views/current-views.js";
import type { LogClock } from "./views/log-clock.js";
import type { FederationFacts } from "./web/node-web-source.js";
import type { SignInLimit } from "./web/node-people.js";

/** The services a node's routes run their effects with: the log and the read models over it. */
export type NodeServices = EventStore | Projections;

export interface NodeDeps {
  readonly identity: NodeIdentity;
  readonly runtime: ManagedRuntime.ManagedRuntime<NodeServices, unknown>;
  readonly tokens: TokenStore;
  /** Reads a plan document in one of the seed layouts (the importer's parser). */
  readonly parsePlanText: (text: string) => PlanDocument;
  /** Largest accepted request body, bytes; 1 MiB unless given (the largest seed document is ~200 KB). */
  readonly maxBodyBytes?: number;
  readonly now?: () => Date;
  /** When this node last completed a sync with its parent (federation), for `/health`; null before any. */
  readonly lastSync?: () => string | null;
  /**
   * Moves after every write through the runtime's store (see `withLogClock`); cached current views are then
   * served without catching the projections up on each read. Without it every current read catches up first.
   */
  readonly logClock?: LogClock;
  /**
   * The node's cached current views; given when something besides the app reads them (the node's listener,
   * `cachedViewListener`), built from `runtime`, `logClock` and `now` otherwise.
   */
  readonly views?: CurrentViews;
  /** The node database file, for the audit page's read-only check; absent for a node without one (tests). */
  readonly dbPath?: string;
  /** The node's key file, when not `<dbPath>.key` (a node on PostgreSQL names it). */
  readonly keyPath?: string;
  /** Parent and children as federation knows them, for the pages; read lazily (federation starts after the app). */
  readonly federationFacts?: () => Effect.Effect<FederationFacts | null>;
  /**
   * A C2SP checkpoint note of `origin` at `size` (root in hex) with the cosignature lines federation keeps for it
   * (the parent's, other witnesses'); read lazily (federation starts after the app). The note as it is without it.
   */
  readonly cosignedNote?: (origin: string, size: number, root: string, note: string) => Effect.Effect<string>;
  /**
   * An origin's C2SP checkpoint note with every cosignature line federation keeps for it — this node's own log at
   * `size`, another origin's largest note held — or null; read lazily. Without it only the own log's note is known.
   */
  readonly cosignedCheckpoint?: CosignedCheckpointOf;
  /** Days after which a silent child is flagged on the pages; 7 unless given. */
  readonly silentDays?: number;
  /** People's accounts and sessions for the pages; without it nobody can sign in. */
  readonly accounts?: AccountStore;
  /** Session cookies marked `Secure`: the node sits behind TLS (`PLANLEDGER_BEHIND_TLS=1`). */
  readonly secureCookies?: boolean;
  /**
   * Failed sign-ins on the pages counted per source, in the count `authFailureGuard` keeps for bearer tokens
   * (`startNode` shares one); without it sign-ins are limited per account only.
   */
  readonly signInLimit?: SignInLimit;
}

export interface NodeContext extends NodeDeps {
  readonly views: CurrentViews;
  readonly now: () => Date;
  readonly run: <A, E>(effect: Effect.Effect<A, E, NodeServices>) => Promise<A>;
  /** The meta every command carries: the caller as actor, this node, the node's clock. */
  readonly metaOf: (principal: Pick<Principal, "actor">) => CommandMeta;
}

/**
 * @example
 * const ctx = nodeContext(deps); await ctx.run(store.head())
 */
export const nodeContext = (deps: NodeDeps): NodeContext => {
  const now = deps.now ?? (() => new Date());
  const run: NodeContext["run"] = (effect) => runEffect(deps.runtime, effect);
  return {
    ...deps,
    now,
    run,
    views: deps.views ?? currentViews({ run, now: deps.now, logClock: deps.logClock }),
    metaOf: (principal) => ({
      actor: principal.actor,
      node: NodeId.make(deps.identity.nodeId),
      at: Instant.make(now().toISOString()),
    }),
  };
};
