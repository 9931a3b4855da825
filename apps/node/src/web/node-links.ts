/**
 * @module The links page's ports over this node: suggestions from the measure matcher (packages/matching) over
 * the two plan trees held here, and the link writes under the signed-in person's name.
 */
import { linkableFromTree, suggestLinks } from "@planledger/matching";
import { Projections } from "@planledger/projections";
import type { LinkSuggestionsView, LinkWrites, Viewer } from "@planledger/web";
import { Effect } from "effect";
import { linkCommands } from "../command/link-commands.js";
import type { NodeContext } from "../node-context.js";
import { actingAs } from "./acting.js";

/** Suggestions for a plan that names a parent plan held here; null otherwise. */
export const linkSuggestions = async (ctx: NodeContext, planId: string): Promise<LinkSuggestionsView | null> => {
  const tree = await ctx.run(Effect.flatMap(Projections, (p) => p.planTree(planId)));
  if (tree.parentPlanId === null) return null;
  const parentPlanId = tree.parentPlanId;
  const parent = await ctx.run(Effect.flatMap(Projections, (p) => p.planTree(parentPlanId)).pipe(Effect.orElseSucceed(() => null)));
  if (parent === null) return null;
  const byMeasure = new Map(
    suggestLinks(linkableFromTree(tree), linkableFromTree(parent)).map((s) => [
      s.measureId,
      [s.best, ...s.runnersUp].filter((c) => c !== null).slice(0, 3).map((c) => ({ measureId: c.measureId, label: c.label, title: c.title, sectionLabel: c.sectionLabel, score: c.score })),
    ]),
  );
  return {
    parent: { node: parent.owner, planId: parent.id, title: parent.title },
    byMeasure,
    parentMeasures: parent.sections.flatMap((s) =>
      s.tasks.flatMap((t) => t.measures.filter((m) => m.cancelled === null).map((m) => ({ measureId: m.measureId, label: m.label, title: m.title, section: `${s.label} ${t.label}`.trim() }))),
    ),
  };
};

/**
 * @example webPages({ source, people, links: nodeLinks(ctx) })
 */
export const nodeLinks = (ctx: NodeContext): LinkWrites => {
  const commands = linkCommands(ctx);
  const acting = (who: Viewer) => actingAs(ctx, who);
  return {
    link: async (who, planId, measureId, parent, version) => (await commands.link(acting(who), planId, measureId, parent, version)).version,
    unlink: async (who, planId, measureId, reason, version) => (await commands.unlink(acting(who), planId, measureId, reason, version)).version,
  };
};
