/**
 * @module The history of any stream held here (own or replicated): who changed what, on which node, when.
 */
import { EventStore } from "@planledger/event-store";
import { Effect, Schema as S } from "effect";
import { Hono } from "hono";
import { type AuthEnv, authorize } from "../auth/authorize.js";
import type { HistoryBody } from "../api/response-bodies.js";
import { ResourceNotFound } from "../http/http.errors.js";
import { etagOf } from "../http/if-match.js";
import { decodeInput } from "../http/read-json.js";
import type { NodeContext } from "../node-context.js";

/** `?fromVersion=N`: the events from that stream version on. */
export const HistoryQuery = S.Struct({ fromVersion: S.optional(S.NumberFromString.pipe(S.int(), S.positive())) });

/**
 * @example
 * app.route("/api/v1/streams", historyRoutes(ctx)) // GET /api/v1/streams/plan:luhanska.852.2021-03-01/history
 */
export const historyRoutes = (ctx: NodeContext) => {
  const routes = new Hono<AuthEnv>();

  routes.get("/:stream/history", authorize(ctx.tokens, "history:read"), async (c) => {
    const stream = c.req.param("stream");
    const { fromVersion } = decodeInput(HistoryQuery, c.req.query());
    const events = await ctx.run(Effect.flatMap(EventStore, (store) => store.readStream(stream, fromVersion ?? 1)));
    if (events.length === 0 && fromVersion === undefined) throw new ResourceNotFound({ resource: "stream", id: stream });
    const last = events.at(-1);
    if (last !== undefined) c.header("ETag", etagOf(last.streamVersion));
    return c.json({
      stream,
      events: events.map((e) => ({
        version: e.streamVersion,
        type: e.type,
        actor: e.actor,
        node: e.origin,
        recordedAt: e.recordedAt,
        receivedAt: e.receivedAt,
        seq: e.seq,
        eventId: e.eventId,
        causationId: e.causationId,
        correlationId: e.correlationId,
        origin: e.origin,
        prevHash: e.prevHash,
        hash: e.hash,
        data: e.data,
      })),
    } satisfies typeof HistoryBody.Type);
  });

  return routes;
};
