/**
 * @module The structured form of a term of execution (термін виконання), always keeping the printed text.
 */
import { Schema as S } from "effect";

/** An ISO calendar date, `YYYY-MM-DD`. */
export const IsoDate = S.String.pipe(S.pattern(/^\d{4}-\d{2}-\d{2}$/), S.brand("IsoDate"));
export type IsoDate = typeof IsoDate.Type;

export const Quarter = S.Literal(1, 2, 3, 4);
export type Quarter = typeof Quarter.Type;

/** A quarter of a year, e.g. `{ year: 2019, quarter: 2 }` for "II кв. 2019". */
export const YearQuarter = S.Struct({ year: S.Int, quarter: Quarter });
export type YearQuarter = typeof YearQuarter.Type;

/** How finely the printed text named a date: "до 31.12.2021" is a day, "До 2026" only a year. */
export const DatePrecision = S.Literal("day", "month", "quarter", "year");
export type DatePrecision = typeof DatePrecision.Type;

/**
 * "до 31.12.2021", "до кінця II кварталу 2019 року", "До 2026": done by `date` (inclusive). A coarse text
 * resolves to the last day it names ("До 2026" → 2026-12-31) and says so in `precision`.
 */
export const DeadlineTerm = S.Struct({
  kind: S.Literal("deadline"),
  text: S.String,
  date: IsoDate,
  precision: S.optional(DatePrecision),
});
/**
 * "січень– грудень 2021 року", "грудень 2021 року", "2019-2026 роки", "2019 рік": carried out over [from, to]
 * (inclusive). `ongoing` keeps a "постійно" printed beside the period ("2019-2026 роки постійно").
 */
export const IntervalTerm = S.Struct({
  kind: S.Literal("interval"),
  text: S.String,
  from: IsoDate,
  to: IsoDate,
  ongoing: S.optional(S.Boolean),
});
/** "II-IV кв. 2019 року", "I квартал 2019 року": over whole quarters. */
export const QuarterRangeTerm = S.Struct({
  kind: S.Literal("quarterRange"),
  text: S.String,
  from: YearQuarter,
  to: YearQuarter,
});
/**
 * "щокварталу", "щороку (до 10 січня)", "щомісяця", "щороку, вересень": repeats every period, optionally only within [from, to]
 * when a period is printed beside it ("2019-2026 роки щокварталу"). `due` is when each period's result is
 * due, counted in the period that follows it: `month` is 1-based within that next period (for `year` it is
 * the calendar month, "до 10 січня" → `{ month: 1, day: 10 }`), absent means its first month.
 */
export const RecurringTerm = S.Struct({
  kind: S.Literal("recurring"),
  text: S.String,
  every: S.Literal("month", "quarter", "halfYear", "year"),
  due: S.optional(S.Struct({ month: S.optional(S.Int), day: S.Int })),
  /**
   * For `year` only: the months of each year the work is done in, `from` ≤ `to` (1–12): "щороку, вересень" → 9..9,
   * "щороку, квітень – жовтень" → 4..10, "щороку, II квартал" → 4..6. Each year's result is due by the last of them.
   */
  months: S.optional(S.Struct({ from: S.Int.pipe(S.between(1, 12)), to: S.Int.pipe(S.between(1, 12)) })),
  from: S.optional(IsoDate),
  to: S.optional(IsoDate),
});
/** "2021, 2024, 2026 роки": something is due in each listed year (by its end). */
export const MilestonesTerm = S.Struct({ kind: S.Literal("milestones"), text: S.String, years: S.Array(S.Int) });
/** "постійно", "починаючи з IV кварталу 2018 року": ongoing, optionally from a date, no end. */
export const OpenEndedTerm = S.Struct({ kind: S.Literal("openEnded"), text: S.String, from: S.optional(IsoDate) });
/** "за потреби": only when needed; never overdue. A period printed beside it bounds it to [from, to]. */
export const OnDemandTerm = S.Struct({
  kind: S.Literal("onDemand"),
  text: S.String,
  from: S.optional(IsoDate),
  to: S.optional(IsoDate),
});
/** A term the parser could not read: the text is kept and flagged, never guessed. */
export const UnparsedTerm = S.Struct({ kind: S.Literal("unparsed"), text: S.String, reason: S.String });

export const Term = S.Union(
  DeadlineTerm,
  IntervalTerm,
  QuarterRangeTerm,
  RecurringTerm,
  MilestonesTerm,
  OpenEndedTerm,
  OnDemandTerm,
  UnparsedTerm,
);
export type Term = typeof Term.Type;
export type DeadlineTerm = typeof DeadlineTerm.Type;
export type IntervalTerm = typeof IntervalTerm.Type;
export type QuarterRangeTerm = typeof QuarterRangeTerm.Type;
export type RecurringTerm = typeof RecurringTerm.Type;
export type MilestonesTerm = typeof MilestonesTerm.Type;
export type OpenEndedTerm = typeof OpenEndedTerm.Type;
export type OnDemandTerm = typeof OnDemandTerm.Type;
export type UnparsedTerm = typeof UnparsedTerm.Type;
export type TermKind = Term["kind"];
