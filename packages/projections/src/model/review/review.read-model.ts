/**
 * @module A parent's verdict on a report as the read model keeps it: on the report it judges (the domain's
 * review state is the reviewer's stream alone), with the reviewing node and the time, so a report page can say
 * who returned it and when. The reference to the reviewed submission is the domain's `ReportRef`.
 */
import type { ReportRef } from "@planledger/domain";

export type ReviewOutcome = "accepted" | "returned";

export interface Review {
  readonly reviewerNode: string;
  readonly outcome: ReviewOutcome;
  readonly reason: string | null;
  /** `null` only in cached rows written before every review named its submission. */
  readonly reportRef: ReportRef | null;
  readonly recordedAt: string;
}
