/**
 * @module `startNode()`: opens a node's database, builds its app and listens — the only place that does.
 */
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import {
  EventStore,
  EventStoreDatabase,
  eventStoreMigrations,
  isPostgresUrl,
  loadOrCreateNodeKey,
  migrateDatabase,
  type OpenVerification,
  PostgresDatabase,
} from "@planledger/event-store";
import { federationMigrations, pushListener, startFederation } from "@planledger/federation";
import { problemAnswer } from "@planledger/problem";
import { Projections, projectionsMigrations } from "@planledger/projections";
import { Effect, Either, Fiber, Layer, ManagedRuntime } from "effect";
import { createApp } from "./app.js";
import type { CosignedCheckpointOf } from "./audit/origin-audit.js";
import { sqliteTokenBackend } from "./auth/sqlite-token-backend.js";
import { allows } from "./auth/role.js";
import { makeTokenStore, type Principal, type TokenStore } from "./auth/token-store.js";
import { makeAccountStore } from "./auth/account-store.js";
import { sqliteAccountBackend } from "./auth/sqlite-account-backend.js";
import { postgresAccountBackend } from "./auth/postgres-account-backend.js";
import { postgresTokenBackend } from "./auth/postgres-token-backend.js";
import { nodeMigrations } from "./migrations/index.js";
import { LINK_SUGGESTIONS_PREFIX, linkSuggestionsRoutes } from "./routes/link-suggestions.routes.js";
import { DEFAULT_LIMITS, type NodeConfig } from "./node-config.js";
import { authFailureGuard } from "./http/auth-failure-guard.js";
import { contextSource, incomingSource, unmapped } from "./http/source-address.js";
import { syncLimit } from "./http/sync-limit.js";
import { windowLimiter } from "./http/window-limiter.js";
import { runEffect } from "./http/run-effect.js";
import { toNodeProblem } from "./http/problem.js";
import { parsePlanText } from "./parse-plan-text.js";
import type { FederationFacts } from "./web/node-web-source.js";
import { backgroundFold } from "./views/background-fold.js";
import { cachedViewListener } from "./views/cached-view-listener.js";
import { pageListener } from "./views/page-listener.js";
import { currentViews } from "./views/current-views.js";
import { logClock as makeLogClock, withLogClock } from "./views/log-clock.js";

export interface RunningNode {
  readonly url: string;
  readonly port: number;
  /** True when this start issued the first admin token (written to the admin token file). */
  readonly issuedAdminToken: boolean;
  readonly close: () => Promise<void>;
}

/**
 * A node with no live admin token, or whose admin token file is gone, issues one on start; its secret goes only
 * to `file` (mode 0600), which the operator (or the demo) reads. Whoever can delete that file can also read the
 * database, so re-issuing on a missing file gives nothing away and keeps an operator from being locked out.
 */
/** The read model folds what the log gained once the log has stood still for two seconds (or kept moving for 30). */
const FOLD = { everyMs: 250, quietMs: 2000, atMostMs: 30_000 } as const;

const ensureAdminToken = async (tokens: TokenStore, file: string): Promise<boolean> => {
  const live = (await tokens.list()).some((t) => t.role === "admin" && t.revokedAt === null);
  if (live && existsSync(file)) return false;
  const { token } = await tokens.issue("admin", "admin");
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return true;
};

/**
 * One line on stderr when the node walks a large tail of its logs behind itself (it serves meanwhile), and one when
 * that walk ends: intact, or broken — then every write is refused, as the node would have refused to start.
 */
const reportVerification =
  (nodeId: string) =>
  (state: OpenVerification): void => {
    const line =
      state.state === "verifying"
        ? `перевіряю ${state.total} подій журналів, уже обслуговуючи запити / verifying ${state.total} events of the logs while serving`
        : state.state === "verified"
          ? `журнали перевірено: ${state.checked} подій / logs verified: ${state.checked} events`
          : `ЖУРНАЛ ПОШКОДЖЕНО, запис зупинено / LOG BROKEN, writes refused: ${state.broken?.origin} seq ${state.broken?.seq ?? "—"}: ${state.broken?.reason}`;
    process.stderr.write(`[${nodeId}] ${line}\n`);
  };

/**
 * Opens `config.dbPath`, catches the read model up with the log, and listens on `config.host:config.port`
 * (port 0 picks a free one).
 *
 * @example
 * const node = await startNode({ nodeId: "luhanska", level: "oblast", displayName: "Луганська ОВА",
 *   parentUrl: null, dbPath: "data/luhanska.db", port: 8701, host: "127.0.0.1" }, { adminTokenFile: "data/luhanska.token" });
 * await node.close();
 */
export const startNode = async (
  config: NodeConfig,
  options: {
    readonly adminTokenFile: string;
    /** The clock of the per-source limits, ms since the epoch (`Date.now` unless given; tests move their own). */
    readonly now?: () => number;
  },
): Promise<RunningNode> => {
  // Every write of this process (routes and federation alike) goes through the one tracked store.
  const logClock = makeLogClock();
  // The engine the database names: a SQLite file (its key beside it unless named), or a PostgreSQL URL (the key named).
  const keyPath = config.keyPath ?? `${config.dbPath}.key`;
  const { runtime, database, backends } = isPostgresUrl(config.dbPath)
    ? await (async () => {
        const store = withLogClock(EventStore.postgres({ url: config.dbPath, nodeId: config.nodeId, key: keyPath, onVerification: reportVerification(config.nodeId) }), logClock);
        const runtime = ManagedRuntime.make(Layer.provideMerge(Projections.postgres(), store));
        const database = await runtime.runPromise(PostgresDatabase).catch(async (error: unknown) => {
          await runtime.dispose();
          throw error;
        });
        return { runtime, database, backends: () => ({ tokens: postgresTokenBackend(database), accounts: postgresAccountBackend(database) }) };
      })()
    : await (async () => {
        const store = withLogClock(EventStore.sqlite({ path: config.dbPath, nodeId: config.nodeId, onVerification: reportVerification(config.nodeId) }), logClock);
        const runtime = ManagedRuntime.make(Layer.provideMerge(Projections.sqlite(), store));
        const database = await runtime.runPromise(EventStoreDatabase).catch(async (error: unknown) => {
          await runtime.dispose();
          throw error;
        });
        return { runtime, database, backends: () => ({ tokens: sqliteTokenBackend(database), accounts: sqliteAccountBackend(database) }) };
      })();
  // Every package's tables, brought up to date at start-up by the database's one runner (the store's and the
  // projections' own sets already ran as their layers opened; here they are no-ops, listed so the schema is whole).
  await migrateDatabase(database.kysely, [eventStoreMigrations, projectionsMigrations, federationMigrations, nodeMigrations]);
  // Prepared once the tables exist (SQLite prepares its statements at once).
  const backend = backends();
  const tokens = makeTokenStore(config.nodeId, backend.tokens);
  const accounts = makeAccountStore(config.nodeId, backend.accounts);
  const issuedAdminToken = await ensureAdminToken(tokens, options.adminTokenFile);
  // Per-source limits (docs/api.md, "Limits per source"): one count of failed authentications, bearer tokens and sign-ins alike.
  const limits = config.limits ?? DEFAULT_LIMITS;
  const trustedProxies = new Set(limits.trustedProxies.map(unmapped));
  const failures = windowLimiter({ limit: limits.authFailures, windowMs: limits.authWindowS * 1000, maxKeys: limits.maxSources, now: options.now });
  const syncStarts =
    limits.syncMinIntervalS > 0 ? windowLimiter({ limit: 1, windowMs: limits.syncMinIntervalS * 1000, maxKeys: limits.maxSources, now: options.now }) : null;
  // /health reads the federation's last sync lazily: the app exists before federation starts.
  let lastSync: () => string | null = () => null;
  let federationFacts: () => Effect.Effect<FederationFacts | null> = () => Effect.succeed(null);
  let cosignedNote: (origin: string, size: number, root: string, note: string) => Effect.Effect<string> = (_o, _s, _r, note) => Effect.succeed(note);
  let cosignedCheckpoint: CosignedCheckpointOf = () => Effect.succeed(null);
  // The app's routes and the listener below share the cached current views.
  const views = currentViews({ run: (effect) => runEffect(runtime, effect), logClock });
  const app = createApp({
    identity: config,
    runtime,
    tokens,
    parsePlanText,
    logClock,
    views,
    lastSync: () => lastSync(),
    dbPath: config.dbPath,
    keyPath,
    federationFacts: () => federationFacts(),
    cosignedNote: (origin, size, root, note) => cosignedNote(origin, size, root, note),
    cosignedCheckpoint: (origin, size) => cosignedCheckpoint(origin, size),
    silentDays: Number(process.env.PLANLEDGER_SILENT_DAYS ?? 7),
    accounts,
    secureCookies: process.env.PLANLEDGER_BEHIND_TLS === "1",
    signInLimit: { failures, sourceOf: contextSource(trustedProxies) },
  });
  /** Whose API token an Authorization header carries, if it is a live token of this node. */
  const principalOf = async (authorization: string | null | undefined): Promise<Principal | null> => {
    const secret = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    const verdict = secret === undefined ? null : await tokens.verify(secret);
    return verdict === null || "refused" in verdict ? null : verdict;
  };
  const isAdmin = async (request: Request): Promise<boolean> => (await principalOf(request.headers.get("authorization")))?.role === "admin";
  // Federation (packages/federation): its endpoints under /federation/v1 and the scheduled sync with the parent.
  const federation = await startFederation({
    self: { nodeId: config.nodeId, level: config.level },
    store: await runtime.runPromise(EventStore),
    database,
    key: loadOrCreateNodeKey(keyPath),
    isAdmin,
    syncIntervalMs: Number(process.env.PLANLEDGER_SYNC_INTERVAL_MS ?? 30_000),
  });
  // Link suggestions share the federation's prefix but are planning (packages/matching), which federation does not
  // import: answered here, before the federation handler, which takes every other path under the prefix.
  app.route(
    LINK_SUGGESTIONS_PREFIX,
    linkSuggestionsRoutes({
      planTree: (planId) =>
        runtime.runPromise(Effect.flatMap(Projections, (p) => p.planTree(planId)).pipe(Effect.orElseSucceed(() => null))),
      mayEdit: async (authorization) => {
        const principal = await principalOf(authorization);
        return principal === null ? "unauthenticated" : allows(principal.role, "plan:write") ? "yes" : "forbidden";
      },
    }),
  );
  // An admin's on-demand sync: one per source per `syncMinIntervalS`, checked before the handler runs the round.
  if (syncStarts !== null) app.post("/federation/v1/sync", syncLimit({ isAdmin, starts: syncStarts, sourceOf: contextSource(trustedProxies) }));
  app.mount("/federation/v1", federation.handler);
  lastSync = federation.lastSync;
  cosignedNote = federation.node.witness.cosignedNote;
  cosignedCheckpoint = federation.node.witness.cosignedCheckpoint;
  federationFacts = () =>
    Effect.map(federation.node.status(), (status) => ({
      parent: status.parent === null ? null : status.parent,
      children: status.children.map((c) => ({ ...c, lastCheckpoint: c.lastCheckpoint })),
    }));

  // What `serve()` of @hono/node-server does, with cached current views answered before the adapter.
  // Pushed batches are read straight off Node's request as well (packages/federation, push-listener.ts).
  // Outermost, the failed-authentication limit: a source over it is refused before any of these reads a body.
  /** Whether an Authorization value is any live credential here: an API token of any role, or an enrolled child's. */
  const knows = async (authorization: string): Promise<boolean> =>
    (await principalOf(authorization)) !== null ||
    Either.isRight(await Effect.runPromise(Effect.either(federation.node.authenticate(/^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1] ?? null))));
  const server = createServer(
    authFailureGuard(
      { failures, sourceOf: incomingSource(trustedProxies), knows },
      pushListener(
        federation.node,
        cachedViewListener(views, pageListener(app.peekPage, getRequestListener(app.fetch, { hostname: config.host }))),
      ),
    ),
  );
  // What Node's parser refuses (a 100 KB URL, headers over its limit, garbage) still gets a problem answer,
  // not a reset connection.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const overflow = error.code === "HPE_HEADER_OVERFLOW";
    // No path to name: the request line itself may be what was refused.
    const { status, contentType, body } = problemAnswer(toNodeProblem({ _tag: overflow ? "HeaderTooLarge" : "MalformedRequest" }, undefined));
    socket.end(
      `HTTP/1.1 ${status} ${overflow ? "Request Header Fields Too Large" : "Bad Request"}\r\ncontent-type: ${contentType}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve((server.address() as AddressInfo).port));
  }).catch(async (error: unknown) => {
    // Not listening (the port taken, the address not ours): stop what already started — the sync timer, the
    // database — so that the process ends with its one-line reason instead of lingering half-started.
    federation.stop();
    await runtime.dispose();
    throw error;
  });
  // What the log gains (pushes received, relays, own writes) is folded into the read model once the log stands still,
  // not at the next read: a restart then has little to fold before it answers.
  // Once it stands still, what the logs gained is also walked again from the database behind the serving node and
  // marked (`verifyGained`), so that the next start has no tail to walk; the walk is interrupted when the node stops.
  let walk: Fiber.RuntimeFiber<unknown, unknown> | null = null;
  const folding = backgroundFold({
    ...FOLD,
    clock: logClock,
    fold: async (quiet) => {
      await runtime.runPromise(Effect.flatMap(Projections, (p) => p.catchUp()));
      if (quiet && walk === null) {
        const started = runtime.runFork(Effect.flatMap(EventStore, (store) => store.verifyGained()));
        walk = started;
        started.addObserver(() => {
          if (walk === started) walk = null;
        });
      }
    },
  });
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    issuedAdminToken,
    close: async () => {
      federation.stop();
      await folding.stop();
      if (walk !== null) await runtime.runPromise(Fiber.interrupt(walk)).catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // A node stopped right after a relay folds it now, so that its next start need not (a failure waits for that start).
      await runtime.runPromise(Effect.flatMap(Projections, (p) => p.catchUp())).catch(() => undefined);
      await runtime.dispose();
    },
  };
};
