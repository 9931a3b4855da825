/**
 * @module The report writes the pages make, as a port: the node carries them out through the same command path
 * as its API, with the signed-in person as the actor.
 */
import type { Viewer } from "./people.js";

export type ProgressStatus = "planned" | "inProgress" | "done" | "notDone";

export interface ProgressInput {
  readonly measureId: string;
  readonly status: ProgressStatus;
  readonly actuals: ReadonlyArray<{ readonly value: number; readonly unit: string }>;
  readonly spent: ReadonlyArray<{ readonly source: string; readonly amount: number }>;
  readonly narrative: string;
}

export interface QuarterAddress {
  readonly planId: string;
  readonly year: number;
  readonly quarter: 1 | 2 | 3 | 4;
}

/**
 * Each write answers the report stream's new version. Failures are the node's tagged errors: `PreconditionFailed`
 * when the report moved since `version`, the report decider's own (`ReportAlreadySubmitted`, …) otherwise.
 */
export interface ReportWrites {
  readonly draft: (who: Viewer, at: QuarterAddress) => Promise<number>;
  readonly record: (who: Viewer, at: QuarterAddress, version: number, input: ProgressInput) => Promise<number>;
  readonly submit: (who: Viewer, at: QuarterAddress, version: number) => Promise<number>;
  /** Takes back a report that `reviewer` returned, so that it can be fixed and submitted again. */
  readonly reopen: (who: Viewer, at: QuarterAddress, version: number, reviewer: string) => Promise<number>;
}

/** The submission a reviewer judges: where its `ReportSubmitted` sits in its origin's log. */
export interface SubmissionRef {
  readonly origin: string;
  readonly seq: number;
  readonly hash: string;
}

/**
 * A reviewer's verdicts. Each names the submission the reviewer saw; the node refuses it (`SubmissionChanged`)
 * when a newer one has arrived since.
 */
export interface ReviewWrites {
  readonly accept: (who: Viewer, at: QuarterAddress, ref: SubmissionRef) => Promise<void>;
  readonly return: (who: Viewer, at: QuarterAddress, ref: SubmissionRef, reason: string) => Promise<void>;
}

