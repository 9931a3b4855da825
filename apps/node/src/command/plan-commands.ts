/**
 * @module Adopting a plan document as a new plan of this node, as `POST /api/v1/plans` and the import page both
 * do it: the id derived from the document's order, the plan decider on a stream that must not exist yet, the
 * caller (a token's principal or a signed-in person) as actor.
 */
import { adoptPlanFromDocument, type DocumentSource, makePlanId, NodeId, type PlanDocument, type PlanId, planStream } from "@planledger/domain";
import type { NodeContext } from "../node-context.js";
import { type Executed, executeCommand, planHandler } from "./execute-command.js";
import type { Acting } from "./report-commands.js";

/**
 * @example
 * const { planId } = await planCommands(ctx).adopt({ actor: "olena@luhanska" }, doc, null) // "luhanska.1003.2018-12-12"
 */
export const planCommands = (ctx: NodeContext) => {
  const ownerNode = NodeId.make(ctx.identity.nodeId);
  /** The id a document adopts as here: this node, the document's order (or, lacking one, a hash of it). */
  const planIdOf = (doc: PlanDocument): PlanId => makePlanId({ ownerNode, order: doc.plan.order, title: doc.plan.title });
  /** The adoption command of a document, as `adopt` decides it (the import page's preview decides it dry). */
  const adoption = (who: Acting, doc: PlanDocument, parentPlanId: PlanId | null, source?: DocumentSource) =>
    adoptPlanFromDocument(doc, { planId: planIdOf(doc), ownerNode, parentPlanId, meta: ctx.metaOf(who), ...(source === undefined ? {} : { source }) });
  return {
    planIdOf,
    adoption,
    /** Adopts the document; a plan already held under its id is the decider's to refuse (`PlanAlreadyAdopted`). */
    adopt: async (who: Acting, doc: PlanDocument, parentPlanId: PlanId | null, source?: DocumentSource): Promise<Executed & { readonly planId: PlanId }> => {
      const command = adoption(who, doc, parentPlanId, source);
      const done = await ctx.run(executeCommand(planHandler, planStream(command.planId), "noStream", who.actor, command));
      return { ...done, planId: command.planId };
    },
  };
};
