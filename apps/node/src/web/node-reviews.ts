/**
 * @module The pages' `ReviewWrites` over this node: the same review command as the API's accept and return,
 * naming the exact submission the reviewer saw, the signed-in person recorded as the actor.
 */
import { makeReportId, NodeId, PlanId, type Quarter, reportStream } from "@planledger/domain";
import type { QuarterAddress, ReviewWrites, SubmissionRef, Viewer } from "@planledger/web";
import { reportCommands } from "../command/report-commands.js";
import type { NodeContext } from "../node-context.js";
import { actingAs } from "./acting.js";

/**
 * @example webPages({ source, people, reviews: nodeReviews(ctx) })
 */
export const nodeReviews = (ctx: NodeContext): ReviewWrites => {
  const commands = reportCommands(ctx);
  const acting = (who: Viewer) => actingAs(ctx, who);
  const address = (at: QuarterAddress) => {
    const planId = PlanId.make(at.planId);
    return { reportId: makeReportId(planId, at.year, at.quarter as Quarter), stream: reportStream(planId, at.year, at.quarter as Quarter) };
  };
  const expected = (ref: SubmissionRef) => ({ origin: NodeId.make(ref.origin), seq: ref.seq, hash: ref.hash });
  return {
    accept: async (who, at, ref) => {
      await commands.review(acting(who), address(at), { outcome: "accepted" }, expected(ref));
    },
    return: async (who, at, ref, reason) => {
      await commands.review(acting(who), address(at), { outcome: "returned", reason }, expected(ref));
    },
  };
};
