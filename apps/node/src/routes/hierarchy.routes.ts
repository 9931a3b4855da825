/**
 * @module The administrative tree over time (issue #18): the register's changes (`POST /api/v1/hierarchy/changes`,
 * stream `hierarchy:<this node>`), the tree and a unit's territory as of a date, a succession
 * (`POST /api/v1/successions`, stream `succession:<predecessor>`), and the roll-up of a plan by territory
 * (`GET /api/v1/plans/{id}/rollup?territory=…&on=…`). Rules: docs/federation.md "The hierarchy over time".
 */
import {
  CreateNode,
  hierarchyDecider,
  hierarchyStream,
  IsoDate,
  LegalBasis,
  MergeNode,
  MoveNode,
  NameSuccessor,
  NodeCreated,
  NodeId,
  NodeMerged,
  NodeMoved,
  NodeRenamed,
  NodeSplit,
  PlanId,
  RenameNode,
  SplitNode,
  successionDecider,
  successionStream,
  UnknownNode,
} from "@planledger/domain";
import { commandHandler } from "@planledger/event-store";
import { hierarchyView, kyivDay, loadRegister, registerEvents, territoryView } from "@planledger/projections";
import { Schema as S } from "effect";
import { type Context, Hono } from "hono";
import { type AuthEnv, authorize } from "../auth/authorize.js";
import { executeCommand } from "../command/execute-command.js";
import { InvalidInput, ResourceNotFound } from "../http/http.errors.js";
import { decodeInput, readJson } from "../http/read-json.js";
import type { NodeContext } from "../node-context.js";
import { project, RollupPageQuery, rollupPageOf, ViewQuery, written } from "./plan.routes.js";

export const hierarchyHandler = commandHandler(hierarchyDecider);
export const successionHandler = commandHandler(successionDecider);

const without = <F extends { readonly _tag: unknown }>(fields: F) => {
  const { _tag: _, ...rest } = fields;
  return rest;
};

/** A change of the register: the command's `_tag` and the event's fields. */
export const HierarchyChangeBody = S.Union(
  S.TaggedStruct("CreateNode", without(NodeCreated.fields)),
  S.TaggedStruct("RenameNode", without(NodeRenamed.fields)),
  S.TaggedStruct("MoveNode", without(NodeMoved.fields)),
  S.TaggedStruct("MergeNode", without(NodeMerged.fields)),
  S.TaggedStruct("SplitNode", without(NodeSplit.fields)),
).annotations({ identifier: "HierarchyChange" });

export const SuccessionBody = S.Struct({ predecessor: NodeId, successor: NodeId, basis: LegalBasis, effective: IsoDate }).annotations({
  identifier: "Succession",
});

/** The roll-up's query with a territory: the view's own parameters, the unit, and the day its territory is taken on. */
// Built on first use: plan.routes.ts imports this module, so its ViewQuery is not there yet when this one loads.
let territoryQuery: ReturnType<typeof buildTerritoryQuery> | undefined;
const buildTerritoryQuery = () =>
  S.Struct({
    ...ViewQuery.fields,
    ...RollupPageQuery.fields,
    territory: NodeId.annotations({ description: "a unit of the register: only the logs of its territory on `on` count" }),
    on: S.optional(S.String.annotations({ description: "the day the territory is taken on, DD.MM.YYYY or YYYY-MM-DD; today when absent" })),
  });
export const TerritoryRollupQuery = () => (territoryQuery ??= buildTerritoryQuery());

/** `дд.мм.рррр` or `рррр-мм-дд` → `рррр-мм-дд`; today (Kyiv time) when absent. */
export const dayOf = (text: string | undefined, name = "on"): string => {
  if (text === undefined || text === "") return kyivDay(new Date());
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const iso = dotted ? `${dotted[3]}-${dotted[2]}-${dotted[1]}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(Date.parse(`${iso}T00:00:00Z`)))
    throw new InvalidInput({
      message: `${name}: дата дд.мм.рррр або рррр-мм-дд / a date as dd.mm.yyyy or yyyy-mm-dd: ${text}`,
      issues: [{ path: name, message: "дд.мм.рррр / dd.mm.yyyy" }],
    });
  return iso;
};

/** The territory a request names, or a 404 saying the unit is not in the tree that day. */
const territoryOf = async (ctx: NodeContext, nodeId: string, on: string) => {
  const register = await ctx.run(loadRegister);
  const territory = territoryView(register, nodeId, on);
  if (territory.unit === null) throw new ResourceNotFound({ resource: "unit", id: `${nodeId} @ ${on}` });
  return territory;
};

/**
 * The roll-up of a plan counting only the logs of a territory on a date (`?territory=starobilskyi&on=05.12.2026`),
 * with `territory` stating what was counted. `asOf` works as on every view.
 *
 * @example routes.get("/:planId/rollup", (c) => (c.req.query("territory") ? territoryRollup(ctx, c) : serve(…)))
 */
export const territoryRollup = async (ctx: NodeContext, c: Context) => {
  const planId = decodeInput(PlanId, c.req.param("planId"));
  const query = decodeInput(TerritoryRollupQuery(), c.req.query());
  const territory = await territoryOf(ctx, query.territory, dayOf(query.on));
  const view = { asOf: query.asOf, byReceipt: query.byReceipt === undefined ? undefined : query.byReceipt === "true" };
  const page = rollupPageOf(query);
  const body = await project(ctx, (p) => p.rollup(planId, { ...view, territory: new Set(territory.origins), page }));
  return c.json({ ...body, territory });
};

/**
 * @example app.route("/api/v1", hierarchyRoutes(ctx)) // GET /api/v1/hierarchy?on=01.07.2020
 */
export const hierarchyRoutes = (ctx: NodeContext) => {
  const routes = new Hono<AuthEnv>();
  const admin = authorize(ctx.tokens, "token:manage");

  routes.get("/hierarchy", async (c) => {
    const register = await ctx.run(loadRegister);
    return c.json(hierarchyView(register, dayOf(c.req.query("on"))));
  });

  routes.get("/hierarchy/:nodeId/territory", async (c) => {
    const nodeId = decodeInput(NodeId, c.req.param("nodeId"));
    return c.json(await territoryOf(ctx, nodeId, dayOf(c.req.query("on"))));
  });

  routes.post("/hierarchy/changes", admin, async (c) => {
    const body = await readJson(c, HierarchyChangeBody);
    const meta = ctx.metaOf(c.get("principal"));
    const command = (() => {
      const { _tag, ...fields } = body;
      switch (_tag) {
        case "CreateNode":
          return new CreateNode({ meta, ...(fields as typeof NodeCreated.Type) });
        case "RenameNode":
          return new RenameNode({ meta, ...(fields as typeof NodeRenamed.Type) });
        case "MoveNode":
          return new MoveNode({ meta, ...(fields as typeof NodeMoved.Type) });
        case "MergeNode":
          return new MergeNode({ meta, ...(fields as typeof NodeMerged.Type) });
        case "SplitNode":
          return new SplitNode({ meta, ...(fields as typeof NodeSplit.Type) });
        default: {
          const _: never = _tag;
          return _;
        }
      }
    })();
    const stream = hierarchyStream(ctx.identity.nodeId);
    const done = await ctx.run(executeCommand(hierarchyHandler, stream, "current", c.get("principal").actor, command));
    return written(c, done, { nodeId: body.nodeId }, 201);
  });

  routes.post("/successions", admin, async (c) => {
    const body = await readJson(c, SuccessionBody);
    const register = registerEvents(await ctx.run(loadRegister));
    if (register.length === 0) throw new UnknownNode({ nodeId: body.predecessor, role: "predecessor" });
    const command = new NameSuccessor({ meta: ctx.metaOf(c.get("principal")), ...body, register });
    const done = await ctx.run(executeCommand(successionHandler, successionStream(body.predecessor), "current", c.get("principal").actor, command));
    return written(c, done, { predecessor: body.predecessor, successor: body.successor }, 201);
  });

  return routes;
};
