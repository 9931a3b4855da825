/**
 * @module The pages' `ReportWrites` over this node: the same report commands as the API, the signed-in person
 * recorded as the actor (`login@node`).
 */
import { MeasureId, makeReportId, NodeId, PlanId, type Quarter, reportStream } from "@planledger/domain";
import type { QuarterAddress, ReportWrites, Viewer } from "@planledger/web";
import { reportCommands } from "../command/report-commands.js";
import type { NodeContext } from "../node-context.js";
import { actingAs } from "./acting.js";

/**
 * @example webPages({ source, people, reports: nodeReports(ctx) })
 */
export const nodeReports = (ctx: NodeContext): ReportWrites => {
  const commands = reportCommands(ctx);
  const acting = (who: Viewer) => actingAs(ctx, who);
  const address = (at: QuarterAddress) => {
    const planId = PlanId.make(at.planId);
    return { planId, reportId: makeReportId(planId, at.year, at.quarter as Quarter), stream: reportStream(planId, at.year, at.quarter as Quarter) };
  };
  return {
    draft: async (who, at) => (await commands.draft(acting(who), PlanId.make(at.planId), at.year, at.quarter as Quarter)).version,
    record: async (who, at, version, input) =>
      (
        await commands.record(acting(who), address(at), version, {
          measureId: MeasureId.make(input.measureId),
          status: input.status,
          actuals: input.actuals,
          spent: input.spent,
          narrative: input.narrative,
        })
      ).version,
    submit: async (who, at, version) => (await commands.submit(acting(who), address(at), version)).version,
    reopen: async (who, at, version, reviewer) => (await commands.reopen(acting(who), address(at), version, NodeId.make(reviewer))).version,
  };
};
