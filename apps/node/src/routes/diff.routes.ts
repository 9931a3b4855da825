/**
 * @module `GET /api/v1/plans/{planId}/diff?from=&to=`: what changed in a plan between two moments — each change with
 * its actor, the order it was made under and its event — with each event's inclusion proof against the origin's
 * checkpoint (issue #16; `planledger audit diff` gives the same from a database file). For auditors (`history:read`).
 */
import { PlanId, planStream } from "@planledger/domain";
import { EventStore } from "@planledger/event-store";
import { parseDiffMoment, planDiff, provePlanDiff } from "@planledger/projections";
import { Effect, Either, Schema as S } from "effect";
import { Hono } from "hono";
import type { PlanDiffBody } from "../api/response-bodies.js";
import { type AuthEnv, authorize } from "../auth/authorize.js";
import { InvalidInput } from "../http/http.errors.js";
import { decodeInput } from "../http/read-json.js";
import type { NodeContext } from "../node-context.js";

const Moment = S.String.annotations({
  description: "дд.мм.рррр or YYYY-MM-DD (the end of that day, Kyiv time) or an ISO-8601 timestamp (without a zone: Kyiv time)",
});
/** The query: both moments, and whether events count from when they reached this node (as the `asOf` views). */
export const DiffQuery = S.Struct({
  from: Moment,
  to: Moment,
  byReceipt: S.optional(
    S.Literal("true", "false").annotations({ description: "`false` counts events by when they happened at their origin rather than when they reached this node" }),
  ),
});

/** A moment that cannot be read, or `from` after `to`: 400 naming the parameter. */
const refused = (path: string, message: string) => new InvalidInput({ message, issues: [{ path, message }] });

/**
 * @example
 * app.route("/api/v1/plans", diffRoutes(ctx)) // GET /api/v1/plans/novopskovskyi.328.2019-10-16/diff?from=01.03.2024&to=31.03.2024
 */
export const diffRoutes = (ctx: NodeContext) => {
  const routes = new Hono<AuthEnv>();

  routes.get("/:planId/diff", authorize(ctx.tokens, "history:read"), async (c) => {
    const planId = decodeInput(PlanId, c.req.param("planId"));
    const query = decodeInput(DiffQuery, c.req.query());
    const from = parseDiffMoment(query.from, "from");
    if (Either.isLeft(from)) throw refused("from", from.left.message);
    const to = parseDiffMoment(query.to, "to");
    if (Either.isLeft(to)) throw refused("to", to.left.message);
    if (from.right.at > to.right.at)
      throw refused(
        "from",
        `from: ${from.right.given} (${from.right.at}) пізніше за to: ${to.right.given} (${to.right.at}) / from is after to`,
      );
    const proved = await ctx.run(
      Effect.gen(function* () {
        const store = yield* EventStore;
        const events = yield* store.readStream(planStream(planId));
        const diff = planDiff(events, planId, from.right, to.right, query.byReceipt !== "false");
        if (Either.isLeft(diff)) return yield* diff.left;
        return yield* provePlanDiff(store.reader, diff.right, { nodeId: store.nodeId, sign: (size) => Effect.orDie(store.tlogCheckpoint(size)) });
      }),
    );
    return c.json({ node: ctx.identity.nodeId, ...proved } satisfies typeof PlanDiffBody.Type);
  });

  return routes;
};
