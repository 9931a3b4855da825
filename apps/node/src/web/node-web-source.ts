/**
 * @module The pages' `WebSource` over this node: its projections, its event store, its federation status and
 * a read-only audit of its database file.
 */
import { auditDatabase, auditNodeDatabase, EventStore, isPostgresUrl, openForReading, shownDatabase } from "@planledger/event-store";
import { auditWitnesses, auditWitnessesIn } from "@planledger/federation";
import { Projections, type ProjectionsService, hierarchyView, loadRegister } from "@planledger/projections";
import type { ChildSync, HistoryEvent, IntegrityReport, NodeFacts, WebSource } from "@planledger/web";
import { Effect } from "effect";
import type { NodeContext } from "../node-context.js";
import { linkSuggestions } from "./node-links.js";

/** What the federation says of this node's place: parent and children (absent in tests without federation). */
export interface FederationFacts {
  readonly parent: NodeFacts["parent"];
  readonly children: ReadonlyArray<ChildSync>;
}

const project = <A, E>(ctx: NodeContext, read: (p: ProjectionsService) => Effect.Effect<A, E>): Promise<A> =>
  ctx.run(Effect.flatMap(Projections, read));

/**
 * @example app.route("/", webRoutes({ source: nodeWebSource(ctx) }))
 */
export const nodeWebSource = (ctx: NodeContext): WebSource => ({
  node: async () => {
    const head = await ctx.run(Effect.flatMap(EventStore, (store) => store.head()));
    const federation = ctx.federationFacts === undefined ? null : await ctx.run(ctx.federationFacts());
    return {
      nodeId: ctx.identity.nodeId,
      level: ctx.identity.level,
      displayName: ctx.identity.displayName,
      parent: federation?.parent ?? (ctx.identity.parentUrl === null ? null : { nodeId: "?", url: ctx.identity.parentUrl, lastSyncAt: null, lastError: null }),
      children: federation?.children ?? [],
      events: head.lastPosition,
    };
  },
  plans: (view) => project(ctx, (p) => p.listPlans(view)),
  planTree: (planId, view) => project(ctx, (p) => p.planTree(planId, view)),
  rollup: (planId, view) => project(ctx, (p) => p.rollup(planId, view)),
  hierarchy: async (on) => hierarchyView(await ctx.run(loadRegister), on),
  reports: (planId, view) => project(ctx, (p) => p.reports(planId, view)),
  report: (reportId, view) => project(ctx, (p) => p.report(reportId, view)),
  history: async (stream) => {
    const events = await ctx.run(Effect.flatMap(EventStore, (store) => store.readStream(stream, 1)));
    return events.map(
      (e): HistoryEvent => ({
        position: e.position,
        version: e.streamVersion,
        type: e.type,
        actor: e.actor,
        origin: e.origin,
        seq: e.seq,
        recordedAt: e.recordedAt,
        receivedAt: e.receivedAt ?? null,
        eventId: e.eventId,
        causationId: e.causationId ?? null,
        hash: e.hash,
        data: e.data as Record<string, unknown>,
      }),
    );
  },
  linkSuggestions: (planId) => linkSuggestions(ctx, planId),
  integrity: async (): Promise<IntegrityReport> => {
    const checkedAt = ctx.now().toISOString();
    const empty = { checked: 0, findings: [], coverage: [] };
    if (ctx.dbPath === undefined)
      return { checkedAt, origins: [], witnesses: empty, error: "вузол працює без файлу бази / the node runs without a database file" };
    if (isPostgresUrl(ctx.dbPath)) {
      // The walk of `audit verify` over the server's database, then its federation tables (countersignatures,
      // cosignatures, k of n, split views) read on a connection of their own, as `audit verify --db postgres://` does.
      const audit = await auditNodeDatabase(ctx.dbPath);
      if (audit._tag !== "Checked") return { checkedAt, origins: [], witnesses: empty, error: "reason" in audit ? audit.reason : shownDatabase(ctx.dbPath) };
      const opened = await openForReading(ctx.dbPath);
      if ("_tag" in opened) return { checkedAt, origins: audit.origins, witnesses: empty, error: "reason" in opened ? opened.reason : shownDatabase(ctx.dbPath) };
      try {
        return { checkedAt, origins: audit.origins, witnesses: await auditWitnessesIn(opened.kysely, opened.backend.reader, true), error: null };
      } finally {
        await opened.close();
      }
    }
    const outcome = auditDatabase(ctx.dbPath, auditWitnesses);
    if (outcome._tag === "Missing") return { checkedAt, origins: [], witnesses: empty, error: `no such file ${ctx.dbPath}` };
    if (outcome._tag === "NotAStore") return { checkedAt, origins: [], witnesses: empty, error: outcome.reason };
    return { checkedAt, origins: outcome.origins, witnesses: outcome.also, error: null };
  },
  // With a log clock the version is known without I/O, so kept pages can be answered off the raw request.
  version: () => {
    // The parent's last sync shows in every page's header, and moves without a write to the log.
    if (ctx.logClock !== undefined) return `t${ctx.logClock.tick()}|${ctx.lastSync?.() ?? ""}`;
    return project(ctx, (p) => p.position()).then((position) => `p${position}`);
  },
});
