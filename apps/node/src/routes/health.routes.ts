/**
 * @module `/health`: who this node is, how much it holds, and when it last synced with its parent.
 */
import { EventStore } from "@planledger/event-store";
import { Effect } from "effect";
import { Hono } from "hono";
import type { NodeContext } from "../node-context.js";
import type { HealthBody } from "../api/response-bodies.js";

/**
 * @example
 * app.route("/health", healthRoutes(ctx)) // { node: "luhanska", level: "oblast", parent: null, events: 1804, lastSync: null, verification: { state: "verified", … } }
 */
export const healthRoutes = (ctx: NodeContext) =>
  new Hono().get("/", async (c) => {
    const { head, verification } = await ctx.run(
      Effect.flatMap(EventStore, (store) => Effect.map(store.head(), (head) => ({ head, verification: store.verification() }))),
    );
    return c.json({
      node: ctx.identity.nodeId,
      level: ctx.identity.level,
      displayName: ctx.identity.displayName,
      parent: ctx.identity.parentUrl,
      events: head.lastPosition,
      ownSeq: head.seq,
      lastSync: ctx.lastSync?.() ?? null,
      verification: {
        state: verification.state,
        checked: verification.checked,
        total: verification.total,
        broken: verification.broken === null ? null : { origin: verification.broken.origin, seq: verification.broken.seq, reason: verification.broken.reason },
      },
    } satisfies typeof HealthBody.Type);
  });
