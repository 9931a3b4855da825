/**
 * @module Stream names of the event catalog; a stream is written only by the node that owns it.
 */
import type { Quarter } from "../term/term.model.js";
import type { NodeId, PlanId, ReportId } from "./ids.js";

/** @example planStream(planId) // "plan:luhanska.1003.2018-12-12" */
export const planStream = (planId: PlanId): string => `plan:${planId}`;

/** @example reportStream(planId, 2019, 2) // "report:novopskovskyi.328.2019-10-16:2019-Q2" */
export const reportStream = (planId: PlanId, year: number, quarter: Quarter): string =>
  `report:${planId}:${year}-Q${quarter}`;

/** @example reviewStream(luhanska, reportId) // "review:luhanska:novopskovskyi.328.2019-10-16.2019-q2" */
export const reviewStream = (reviewerNode: NodeId, reportId: ReportId): string => `review:${reviewerNode}:${reportId}`;

export type StreamKind = "plan" | "report" | "review";

/**
 * Which aggregate a stream name belongs to, or null for a name outside the catalog.
 *
 * @example streamKind("plan:luhanska.852.2021-03-01") // "plan"
 */
export const streamKind = (stream: string): StreamKind | null => {
  if (/^plan:[^:]+$/.test(stream)) return "plan";
  if (/^report:[^:]+:\d{4}-Q[1-4]$/.test(stream)) return "report";
  if (/^review:[^:]+:[^:]+$/.test(stream)) return "review";
  return null;
};
