/**
 * @module Quarterly reports (draft, record a measure's progress, submit) on the plan's owner node, and reviews
 * (accept, return) of a child's submitted report on the reviewing node's own stream.
 */
import {
  PlanId,
  type Quarter,
  ReportId,
  reportStream,
  UnknownReport,
} from "@planledger/domain";
import { EventStore } from "@planledger/event-store";
import { Effect } from "effect";
import { type Context, Hono } from "hono";
import { DraftReportBody, ReasonBody, RecordProgressBody, ReopenReportBody } from "../api/request-bodies.js";
import { type AuthEnv, authorize } from "../auth/authorize.js";
import { reportCommands, submissionOf } from "../command/report-commands.js";
import { streamVersion } from "../command/stream-version.js";
import { ResourceNotFound } from "../http/http.errors.js";
import { etagOf } from "../http/if-match.js";
import { decodeInput, readJson } from "../http/read-json.js";
import type { NodeContext } from "../node-context.js";
import { project, requiredVersion, viewOf, written } from "./plan.routes.js";

/** A report id names its plan and quarter: `<planId>.<YYYY>-q<q>`. */
const reportAddress = (c: Context) => {
  const reportId = decodeInput(ReportId, c.req.param("reportId"));
  const match = /^(.+)\.(\d{4})-q([1-4])$/.exec(reportId);
  if (match?.[1] === undefined) throw new ResourceNotFound({ resource: "report", id: reportId });
  const planId = decodeInput(PlanId, match[1]);
  const year = Number(match[2]);
  const quarter = Number(match[3]) as Quarter;
  return { reportId, planId, year, quarter, stream: reportStream(planId, year, quarter) };
};


/**
 * @example
 * app.route("/api/v1", reportRoutes(ctx)) // POST /api/v1/plans/{planId}/reports, /api/v1/reports/{reportId}/...
 */
export const reportRoutes = (ctx: NodeContext) => {
  const routes = new Hono<AuthEnv>();
  const reporter = authorize(ctx.tokens, "report:write");
  const reviewer = authorize(ctx.tokens, "review:write");
  const reader = authorize(ctx.tokens, "read");
  const reports = reportCommands(ctx);

  routes.get("/plans/:planId/reports", reader, async (c) => {
    const planId = decodeInput(PlanId, c.req.param("planId"));
    const view = viewOf(c);
    return c.json(await project(ctx, (p) => p.reports(planId, view)));
  });

  routes.post("/plans/:planId/reports", reporter, async (c) => {
    const planId = decodeInput(PlanId, c.req.param("planId"));
    const { year, quarter } = await readJson(c, DraftReportBody);
    const { reportId, ...done } = await reports.draft(c.get("principal"), planId, year, quarter);
    c.header("Location", `/api/v1/reports/${reportId}`);
    return written(c, done, { reportId }, 201);
  });

  routes.get("/reports/:reportId", reader, async (c) => {
    const { reportId, planId, year, quarter, stream } = reportAddress(c);
    // The ledger keeps each measure's latest recording (recording again replaces the earlier entry); its
    // envelope's actor is read back by position, and the stream's version is the ETag as on every write.
    const held = await project(ctx, (p) => p.report(reportId));
    if (held === null) throw new UnknownReport({ reportId });
    const calendar = await project(ctx, (p) => p.reports(planId, viewOf(c)));
    const entry = calendar.periods.find((p) => p.year === year && p.quarter === quarter) ?? null;
    const envelopes = await ctx.run(Effect.flatMap(EventStore, (store) => store.reader.entriesAt(held.progress.map((r) => r.position))));
    const actorAt = new Map(envelopes.map((e) => [e.position, e.actor]));
    const version = await ctx.run(streamVersion(stream));
    c.header("ETag", etagOf(version));
    return c.json({
      reportId,
      planId,
      year,
      quarter,
      origin: held.origin,
      version,
      state: entry?.state ?? (held.submitted ? "submitted" : "drafted"),
      entry,
      progress: held.progress.map((r) => ({ ...(JSON.parse(r.dataJson) as object), recordedAt: r.recordedAt, actor: actorAt.get(r.position) })),
    });
  });

  routes.post("/reports/:reportId/progress", reporter, async (c) => {
    const address = reportAddress(c);
    const body = await readJson(c, RecordProgressBody);
    const version = requiredVersion(c, address.stream);
    const done = await reports.record(c.get("principal"), address, version, body);
    return written(c, done, { reportId: address.reportId, measureId: body.measureId }, 200);
  });

  routes.post("/reports/:reportId/submit", reporter, async (c) => {
    const address = reportAddress(c);
    const version = requiredVersion(c, address.stream);
    const done = await reports.submit(c.get("principal"), address, version);
    return written(c, done, { reportId: address.reportId }, 200);
  });

  const submission = (reportId: ReportId, stream: string) => submissionOf(ctx, reportId, stream);

  routes.post("/reports/:reportId/accept", reviewer, async (c) => {
    const address = reportAddress(c);
    const { reportRef, ...done } = await reports.review(c.get("principal"), address, { outcome: "accepted" });
    return written(c, done, { reportId: address.reportId, reportRef }, 201);
  });

  routes.post("/reports/:reportId/return", reviewer, async (c) => {
    const address = reportAddress(c);
    const { reason } = await readJson(c, ReasonBody);
    const { reportRef, ...done } = await reports.review(c.get("principal"), address, { outcome: "returned", reason });
    return written(c, done, { reportId: address.reportId, reportRef }, 201);
  });

  routes.post("/reports/:reportId/reopen", reporter, async (c) => {
    const address = reportAddress(c);
    const { reviewer } = await readJson(c, ReopenReportBody);
    const version = requiredVersion(c, address.stream);
    const done = await reports.reopen(c.get("principal"), address, version, reviewer);
    const reportRef = await submission(address.reportId, address.stream);
    return written(c, done, { reportId: address.reportId, reportRef }, 200);
  });

  return routes;
};
