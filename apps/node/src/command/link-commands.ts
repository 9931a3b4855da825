/**
 * @module Linking a plan's measures to the measures of another plan they implement (and unlinking), as the
 * plan routes and the links page both do it: the plan decider at the caller's version, the caller as actor.
 */
import { LinkMeasure, MeasureId, NodeId, PlanId, planStream, UnlinkMeasure } from "@planledger/domain";
import type { NodeContext } from "../node-context.js";
import { type Executed, executeCommand, planHandler } from "./execute-command.js";
import type { Acting } from "./report-commands.js";

/**
 * @example await linkCommands(ctx).link(person, planId, measureId, { node: "luhanska", planId: parent, measureId: m }, 12)
 */
export const linkCommands = (ctx: NodeContext) => ({
  link: (
    who: Acting,
    planId: string,
    measureId: string,
    parent: { readonly node: string; readonly planId: string; readonly measureId: string },
    version: number,
  ): Promise<Executed> =>
    ctx.run(
      executeCommand(
        planHandler,
        planStream(PlanId.make(planId)),
        version,
        who.actor,
        new LinkMeasure({
          meta: ctx.metaOf(who),
          planId: PlanId.make(planId),
          measureId: MeasureId.make(measureId),
          parent: { node: NodeId.make(parent.node), planId: PlanId.make(parent.planId), measureId: MeasureId.make(parent.measureId) },
        }),
      ),
    ),
  unlink: (who: Acting, planId: string, measureId: string, reason: string, version: number): Promise<Executed> =>
    ctx.run(
      executeCommand(
        planHandler,
        planStream(PlanId.make(planId)),
        version,
        who.actor,
        new UnlinkMeasure({ meta: ctx.metaOf(who), planId: PlanId.make(planId), measureId: MeasureId.make(measureId), reason }),
      ),
    ),
});
