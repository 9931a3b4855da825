/**
 * @module Plans: list, tree, roll-up, adoption from a document or interchange JSON, amendment, and the
 * measure changes (add, amend, cancel, link, unlink). Every write goes through the plan decider.
 */
import {
  AddMeasure,
  AmendMeasure,
  AmendPlan,
  adoptPlanFromDocument,
  CancelMeasure,
  LinkMeasure,
  MeasureId,
  makeMeasureId,
  makePlanId,
  NodeId,
  PlanDocument,
  PlanId,
  planDecider,
  planStream,
  UnlinkMeasure,
} from "@planledger/domain";
import { EventStore } from "@planledger/event-store";
import { Effect, Schema as S } from "effect";
import { type Context, Hono } from "hono";
import { AddMeasureBody, AmendMeasureBody, AmendPlanBody, LinkMeasureBody, ReasonBody, UnlinkMeasureBody } from "../api/request-bodies.js";
import { type AuthEnv, authorize } from "../auth/authorize.js";
import { type Executed, executeCommand } from "../command/execute-command.js";
import { streamVersion } from "../command/stream-version.js";
import { PreconditionRequired, ResourceNotFound, UnsupportedMediaType } from "../http/http.errors.js";
import { etagOf, ifMatchVersion } from "../http/if-match.js";
import { decodeInput, isJson, parseJsonText, readJson } from "../http/read-json.js";
import type { NodeContext } from "../node-context.js";

const AsOfQuery = S.Struct({ asOf: S.optional(S.DateFromString) });

/** `?asOf=2024-04-05` or a full instant: the read model as this node saw it then. */
export const asOfOf = (c: Context): string | undefined => {
  const asOf = c.req.query("asOf");
  if (asOf === undefined) return undefined;
  const parsed = decodeInput(AsOfQuery, { asOf }).asOf;
  // A bare date means the end of that day.
  return /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? `${asOf}T23:59:59.999Z` : parsed?.toISOString();
};

/** The `If-Match` version a write to an existing stream must carry. */
export const requiredVersion = (c: Context, stream: string): number => {
  const version = ifMatchVersion(c);
  if (version === undefined) throw new PreconditionRequired({ stream });
  return version;
};

const planIdOf = (c: Context): PlanId => decodeInput(PlanId, c.req.param("planId"));
const measureIdOf = (c: Context): MeasureId => decodeInput(MeasureId, c.req.param("measureId"));

/** The answer to a write: the new stream version as body and ETag. */
export const written = (c: Context, ctx: NodeContext, done: Executed, extra: Record<string, unknown>, status: 200 | 201) =>
  ctx.readModel.catchUp(done.events.at(-1)?.position ?? 0).then(() => {
    c.header("ETag", etagOf(done.version));
    return c.json({ ...extra, stream: done.stream, version: done.version, events: done.events.map((e) => e.type) }, status);
  });

/**
 * @example
 * app.route("/api/v1/plans", planRoutes(ctx))
 */
export const planRoutes = (ctx: NodeContext) => {
  const routes = new Hono<AuthEnv>();
  const editor = authorize(ctx.tokens, "plan:write");

  routes.get("/", async (c) => c.json({ node: ctx.identity.nodeId, plans: await ctx.readModel.plans() }));

  routes.post("/", editor, async (c) => {
    const contentType = c.req.header("content-type");
    const doc = isJson(contentType)
      ? decodeInput(PlanDocument, parseJsonText(await c.req.text()))
      : /^text\/plain\b/i.test(contentType ?? "")
        ? ctx.parsePlanText(await c.req.text())
        : (() => {
            throw new UnsupportedMediaType({ contentType: contentType ?? "" });
          })();
    const parent = c.req.query("parentPlanId");
    const parentPlanId = parent === undefined || parent === "" ? null : decodeInput(PlanId, parent);
    const ownerNode = NodeId.make(ctx.identity.nodeId);
    const planId = makePlanId({ ownerNode, order: doc.plan.order, title: doc.plan.title });
    const principal = c.get("principal");
    const command = adoptPlanFromDocument(doc, { planId, ownerNode, parentPlanId, meta: ctx.metaOf(principal) });
    const done = await ctx.run(
      executeCommand(planDecider, planStream(planId), "noStream", principal.actor, (s) => planDecider.decide(command, s)),
    );
    c.header("Location", `/api/v1/plans/${planId}`);
    return written(c, ctx, done, { planId, anomalies: doc.anomalies }, 201);
  });

  routes.get("/:planId", async (c) => {
    const planId = planIdOf(c);
    const tree = await ctx.readModel.planTree(planId, asOfOf(c));
    if (tree === null) throw new ResourceNotFound({ resource: "plan", id: planId });
    const version = await ctx.run(streamVersion(planStream(planId)));
    c.header("ETag", etagOf(version));
    return c.json(tree);
  });

  routes.get("/:planId/rollup", async (c) => {
    const planId = planIdOf(c);
    const rollup = await ctx.readModel.rollup(planId, asOfOf(c));
    if (rollup === null) throw new ResourceNotFound({ resource: "plan", id: planId });
    return c.json(rollup);
  });

  /** Runs a plan command against the stream at the caller's `If-Match` version. */
  const change = async (c: Context<AuthEnv>, build: (planId: PlanId) => Parameters<typeof planDecider.decide>[0]) => {
    const planId = planIdOf(c);
    const stream = planStream(planId);
    const version = requiredVersion(c, stream);
    const command = build(planId);
    const principal = c.get("principal");
    return ctx.run(executeCommand(planDecider, stream, version, principal.actor, (s) => planDecider.decide(command, s)));
  };

  routes.post("/:planId/amendments", editor, async (c) => {
    const body = await readJson(c, AmendPlanBody);
    const done = await change(c, (planId) => new AmendPlan({ meta: ctx.metaOf(c.get("principal")), planId, ...body, changes: [] }));
    return written(c, ctx, done, {}, 200);
  });

  routes.post("/:planId/measures", editor, async (c) => {
    const body = await readJson(c, AddMeasureBody);
    const { ordinal: given, ...rest } = body;
    const ordinal = given ?? (await nextOrdinal(ctx, planIdOf(c), body.taskId));
    const measureId = makeMeasureId(body.taskId, ordinal);
    const done = await change(
      c,
      (planId) => new AddMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId, ...rest, ordinal }),
    );
    c.header("Location", `/api/v1/plans/${planIdOf(c)}#${measureId}`);
    return written(c, ctx, done, { measureId }, 201);
  });

  routes.patch("/:planId/measures/:measureId", editor, async (c) => {
    const body = await readJson(c, AmendMeasureBody);
    const done = await change(
      c,
      (planId) => new AmendMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId: measureIdOf(c), ...body }),
    );
    return written(c, ctx, done, { measureId: measureIdOf(c) }, 200);
  });

  routes.post("/:planId/measures/:measureId/cancel", editor, async (c) => {
    const body = await readJson(c, ReasonBody);
    const done = await change(
      c,
      (planId) => new CancelMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId: measureIdOf(c), ...body }),
    );
    return written(c, ctx, done, { measureId: measureIdOf(c) }, 200);
  });

  routes.post("/:planId/measures/:measureId/link", editor, async (c) => {
    const body = await readJson(c, LinkMeasureBody);
    const done = await change(
      c,
      (planId) => new LinkMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId: measureIdOf(c), ...body }),
    );
    return written(c, ctx, done, { measureId: measureIdOf(c) }, 200);
  });

  routes.post("/:planId/measures/:measureId/unlink", editor, async (c) => {
    const body = await readJson(c, UnlinkMeasureBody);
    const done = await change(
      c,
      (planId) => new UnlinkMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId: measureIdOf(c), ...body }),
    );
    return written(c, ctx, done, { measureId: measureIdOf(c) }, 200);
  });

  return routes;
};

/** The next free measure ordinal in a task, from the plan stream itself (not the read model, which may lag). */
const nextOrdinal = async (ctx: NodeContext, planId: PlanId, taskId: string): Promise<number> => {
  const events = await ctx.run(Effect.flatMap(EventStore, (store) => store.readStream(planStream(planId))));
  let max = 0;
  for (const e of events) {
    if (e.type !== "MeasureAdded") continue;
    const data = e.data as { taskId?: string; ordinal?: number };
    if (data.taskId === taskId && typeof data.ordinal === "number") max = Math.max(max, data.ordinal);
  }
  return max + 1;
};
