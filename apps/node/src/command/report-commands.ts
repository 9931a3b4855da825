/**
 * @module The quarterly report's writes — draft, record a measure's progress, submit — as one set of functions
 * that the API routes and the pages both call, so a report filled in a browser is the same events, under the
 * person's name, as one sent by a token.
 */
import {
  DraftReport,
  makeReportId,
  type PlanId,
  planDecider,
  planFacts,
  planStream,
  type Quarter,
  RecordProgress,
  type ReportId,
  reportDecider,
  reportStream,
  SubmitReport,
} from "@planledger/domain";
import { Effect } from "effect";
import type { RecordProgressBody } from "../api/request-bodies.js";
import type { NodeContext } from "../node-context.js";
import { type Executed, executeCommand } from "./execute-command.js";
import { foldStream } from "./stream-state.js";

/** Whoever writes: a token's principal or a signed-in person, recorded as `actor`. */
export interface Acting {
  readonly actor: string;
}

/** The plan's facts as the report decider needs them, folded from the plan stream held here. */
export const planFactsOf = (planId: PlanId) =>
  Effect.map(foldStream(planDecider, planStream(planId)), ({ state }) => planFacts(state));

/**
 * @example
 * const reports = reportCommands(ctx);
 * const { reportId } = await reports.draft(principal, planId, 2026, 3);
 */
export const reportCommands = (ctx: NodeContext) => ({
  draft: async (who: Acting, planId: PlanId, year: number, quarter: Quarter): Promise<Executed & { reportId: ReportId }> => {
    const reportId = makeReportId(planId, year, quarter);
    const plan = await ctx.run(planFactsOf(planId));
    const command = new DraftReport({ meta: ctx.metaOf(who), plan, reportId, planId, year, quarter });
    const done = await ctx.run(executeCommand(reportDecider, reportStream(planId, year, quarter), "noStream", who.actor, command));
    return { ...done, reportId };
  },
  record: async (
    who: Acting,
    address: { readonly reportId: ReportId; readonly planId: PlanId; readonly stream: string },
    version: number,
    body: typeof RecordProgressBody.Type,
  ): Promise<Executed> => {
    const plan = await ctx.run(planFactsOf(address.planId));
    const command = new RecordProgress({ meta: ctx.metaOf(who), plan, reportId: address.reportId, ...body });
    return ctx.run(executeCommand(reportDecider, address.stream, version, who.actor, command));
  },
  submit: (who: Acting, address: { readonly reportId: ReportId; readonly stream: string }, version: number): Promise<Executed> =>
    ctx.run(executeCommand(reportDecider, address.stream, version, who.actor, new SubmitReport({ meta: ctx.metaOf(who), reportId: address.reportId }))),
});
