/**
 * @module The state of a quarterly report and `evolveReport`.
 */
import type { MeasureId, PlanId, ReportId } from "../shared/ids.js";
import type { Quarter } from "../term/term.model.js";
import type { ProgressRecorded, ReportEvent } from "./report.events.js";

export interface DraftedReport {
  readonly status: "draft" | "submitted";
  readonly reportId: ReportId;
  readonly planId: PlanId;
  readonly year: number;
  readonly quarter: Quarter;
  /** The latest progress recorded per measure. */
  readonly progress: Readonly<Record<MeasureId, ProgressRecorded>>;
  /** How many times it was submitted; a reopened report is submitted again. */
  readonly submissions: number;
}

export type ReportState = { readonly status: "none" } | DraftedReport;

export const initialReportState: ReportState = { status: "none" };

/**
 * Folds one report event into the state; events that do not fit leave it unchanged.
 *
 * @example [drafted, recorded].reduce(evolveReport, initialReportState).progress[measureId]?.status // "done"
 */
export const evolveReport = (state: ReportState, event: ReportEvent): ReportState => {
  switch (event._tag) {
    case "ReportDrafted": {
      if (state.status !== "none") return state;
      const { _tag, ...report } = event;
      return { status: "draft", ...report, progress: {}, submissions: 0 };
    }
    case "ProgressRecorded":
      return state.status === "draft"
        ? { ...state, progress: { ...state.progress, [event.measureId]: event } }
        : state;
    case "ReportSubmitted":
      return state.status === "draft" ? { ...state, status: "submitted", submissions: state.submissions + 1 } : state;
    case "ReportReopened":
      return state.status === "submitted" ? { ...state, status: "draft" } : state;
    default: {
      const _: never = event;
      return state;
    }
  }
};
