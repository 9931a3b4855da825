/**
 * @module Quarter arithmetic for the reporting calendar, and the one rule the domain's term schedule leaves to
 * the reporting chain: the day a quarterly report is due. Whether a term asks for a report in a quarter and
 * whether it is overdue come from the domain (`isReportDue`, `isOverdue`). Quarters are counted as
 * `year * 4 + quarter - 1` so that spans are plain integer ranges.
 */
import type { Term } from "@planledger/domain";

/** A quarter as one integer: `year * 4 + (quarter - 1)`. */
export type QuarterIndex = number;

export const quarterIndex = (year: number, quarter: number): QuarterIndex => year * 4 + quarter - 1;
export const yearOfIndex = (q: QuarterIndex): number => Math.floor(q / 4);
export const quarterOfIndex = (q: QuarterIndex): number => (q % 4) + 1;

/** The quarter an ISO date (or timestamp) falls in. */
export const indexOfDate = (iso: string): QuarterIndex =>
  quarterIndex(Number(iso.slice(0, 4)), Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1);

const pad2 = (n: number): string => String(n).padStart(2, "0");
const LAST_DAY = ["03-31", "06-30", "09-30", "12-31"] as const;

/** The last day of a quarter, e.g. 2019 Q2 → "2019-06-30". */
export const quarterEndDate = (q: QuarterIndex): string => `${yearOfIndex(q)}-${LAST_DAY[q % 4]}`;

/** The first day of a quarter, e.g. 2018 Q4 → "2018-10-01". */
export const quarterStartDate = (q: QuarterIndex): string => `${yearOfIndex(q)}-${pad2((q % 4) * 3 + 1)}-01`;

const ROMAN = ["I", "II", "III", "IV"] as const;

/** How a quarter is printed: "II кв. 2019". */
export const quarterLabel = (q: QuarterIndex): string => `${ROMAN[q % 4]} кв. ${yearOfIndex(q)}`;

/**
 * The day a quarterly report is due at the parent: the 5th of the month after the quarter, as the seed orders
 * set it for district → oblast (executors report to the district by the 1st, so the 5th is the last that counts).
 *
 * @example reportDueDate(quarterIndex(2019, 4)) // "2020-01-05"
 */
export const reportDueDate = (q: QuarterIndex): string => {
  const next = q + 1;
  return `${yearOfIndex(next)}-${pad2((next % 4) * 3 + 1)}-05`;
};

/** Whether "done" once reported stays done: true for a one-off result, false for work that recurs. */
export const doneIsFinal = (term: Term): boolean =>
  term.kind === "deadline" || term.kind === "interval" || term.kind === "quarterRange";
