/**
 * @module The quarterly report's writes — draft, record a measure's progress, submit — as one set of functions
 * that the API routes and the pages both call, so a report filled in a browser is the same events, under the
 * person's name, as one sent by a token.
 */
import {
  AcceptReport,
  DraftReport,
  ReturnReport,
  NodeId,
  ReopenReport,
  reviewStream,
  UnknownReport,
  makeReportId,
  type PlanId,
  planFacts,
  planStream,
  type Quarter,
  RecordProgress,
  type ReportId,
  reportStream,
  SubmitReport,
} from "@planledger/domain";
import { EventStore } from "@planledger/event-store";
import { loadRegister, successorOf } from "@planledger/projections";
import { Effect } from "effect";
import { ReportNotReturned, ReportNotSubmitted, SubmissionChanged } from "../http/http.errors.js";
import type { RecordProgressBody } from "../api/request-bodies.js";
import type { NodeContext } from "../node-context.js";
import { type Executed, executeCommand, planHandler, reportHandler, reviewHandler } from "./execute-command.js";

/** Whoever writes: a token's principal or a signed-in person, recorded as `actor`. */
export interface Acting {
  readonly actor: string;
}

/** The plan's facts as the report decider needs them, from the plan handler's state of the plan stream held here. */
export const planFactsOf = (planId: PlanId) =>
  Effect.flatMap(planHandler.state(planStream(planId)), ({ state }) => {
    const facts = planFacts(state);
    if (facts === null) return Effect.succeed(facts);
    // A successor named for the plan's owner (SuccessorNamed, held here) reports on it from then on.
    return Effect.map(loadRegister, (register) => {
      const successor = successorOf(register, facts.ownerNode);
      return successor === null ? facts : { ...facts, continuedBy: NodeId.make(successor) };
    });
  });

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
    const done = await ctx.run(executeCommand(reportHandler, reportStream(planId, year, quarter), "noStream", who.actor, command));
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
    return ctx.run(executeCommand(reportHandler, address.stream, version, who.actor, command));
  },
  submit: (who: Acting, address: { readonly reportId: ReportId; readonly stream: string }, version: number): Promise<Executed> =>
    ctx.run(executeCommand(reportHandler, address.stream, version, who.actor, new SubmitReport({ meta: ctx.metaOf(who), reportId: address.reportId }))),
  /**
   * Takes back the latest submission after `reviewer` returned it: the return must name exactly that
   * submission (origin, seq, hash), as the parent's review stream held here records it.
   */
  reopen: async (who: Acting, address: { readonly reportId: ReportId; readonly stream: string }, version: number, reviewer: NodeId): Promise<Executed> => {
    const latest = await submissionOf(ctx, address.reportId, address.stream);
    // The parent's review stream reaches this node by federation (children pull their ancestors' logs).
    const verdicts = await ctx.run(Effect.flatMap(EventStore, (store) => store.readStream(reviewStream(reviewer, address.reportId))));
    const verdict = verdicts.at(-1);
    const ref = (verdict?.data as { reportRef?: { origin: string; seq: number; hash: string } } | undefined)?.reportRef;
    if (verdict?.type !== "ReportReturned" || ref?.seq !== latest.seq || ref.hash !== latest.hash || ref.origin !== latest.origin) {
      throw new ReportNotReturned({ reportId: address.reportId, reviewer });
    }
    const { reason } = verdict.data as { reason: string };
    const command = new ReopenReport({ meta: ctx.metaOf(who), reportId: address.reportId, returnedBy: reviewer, reportRef: latest, reason });
    return ctx.run(executeCommand(reportHandler, address.stream, version, who.actor, command));
  },
  /**
   * This node's verdict on the latest submission of a report it holds (its own staff's or a child's replica).
   * With `expected`, the verdict is refused (`SubmissionChanged`) unless that is still the latest submission:
   * a reviewer judges exactly the version they saw.
   */
  review: async (
    who: Acting,
    address: { readonly reportId: ReportId; readonly stream: string },
    verdict: { readonly outcome: "accepted" } | { readonly outcome: "returned"; readonly reason: string },
    expected?: SubmissionRef,
  ): Promise<Executed & { reportRef: SubmissionRef }> => {
    const reportRef = await submissionOf(ctx, address.reportId, address.stream);
    if (expected !== undefined && (expected.origin !== reportRef.origin || expected.seq !== reportRef.seq || expected.hash !== reportRef.hash))
      throw new SubmissionChanged({ reportId: address.reportId, expectedSeq: expected.seq, actualSeq: reportRef.seq });
    const meta = ctx.metaOf(who);
    const command =
      verdict.outcome === "accepted"
        ? new AcceptReport({ meta, reportId: address.reportId, reportRef })
        : new ReturnReport({ meta, reportId: address.reportId, reportRef, reason: verdict.reason });
    const reviewed = reviewStream(NodeId.make(ctx.identity.nodeId), address.reportId);
    // A resubmitted report is reviewed again on the same stream; the decider says whether that is allowed. A
    // verdict carries no If-Match: it is decided on the review stream as found, again if another lands first.
    const done = await ctx.run(executeCommand(reviewHandler, reviewed, "current", who.actor, command));
    return { ...done, reportRef };
  },
});

/** Which submission of a report a verdict is about: where it sits in its origin's log. */
export interface SubmissionRef {
  readonly origin: NodeId;
  readonly seq: number;
  readonly hash: string;
}

/** The submission a verdict is about: the last `ReportSubmitted` of the report stream held here. */
export const submissionOf = async (ctx: NodeContext, reportId: ReportId, stream: string) => {
  const events = await ctx.run(Effect.flatMap(EventStore, (store) => store.readStream(stream)));
  if (events.length === 0) throw new UnknownReport({ reportId });
  const submitted = events.findLast((e) => e.type === "ReportSubmitted");
  if (submitted === undefined) throw new ReportNotSubmitted({ reportId });
  return { origin: NodeId.make(submitted.origin), seq: submitted.seq, hash: submitted.hash };
};
