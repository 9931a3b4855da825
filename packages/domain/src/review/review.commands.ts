/**
 * @module Commands of a parent node reviewing a child's submitted quarterly report.
 */
import { Schema as S } from "effect";
import { fieldsOf } from "../shared/by-tag.js";
import { CommandMeta } from "../shared/command-meta.js";
import { ReportAccepted, ReportReturned } from "./review.events.js";

export class AcceptReport extends S.TaggedClass<AcceptReport>()("AcceptReport", {
  meta: CommandMeta,
  ...fieldsOf(ReportAccepted.fields),
}) {}

/** Sends the report back to its node with the reason (e.g. figures that do not add up). */
export class ReturnReport extends S.TaggedClass<ReturnReport>()("ReturnReport", {
  meta: CommandMeta,
  ...fieldsOf(ReportReturned.fields),
}) {}

export const ReviewCommand = S.Union(AcceptReport, ReturnReport);
export type ReviewCommand = typeof ReviewCommand.Type;
