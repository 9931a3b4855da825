/**
 * @module When a measure's term asks for a quarterly report, and when the measure is overdue.
 * The rules are stated here and in docs/terms.md; the two must agree.
 */
import {
  addMonths,
  daysInMonth,
  endOfMonth,
  isoDate,
  quarterEnd,
  quarterOf,
  quarterStart,
} from "./term.calendar.js";
import type { IsoDate, RecurringTerm, Term, YearQuarter } from "./term.model.js";

/** The span a term covers; `null` where the term sets no bound. */
export type TermWindow = { readonly from: IsoDate | null; readonly to: IsoDate | null };

/**
 * The span of time a term covers: a deadline has only an end, "постійно" neither bound, milestones run from
 * the first listed year to the last, an unparsed term has no known bounds.
 *
 * @example termWindow(parseTerm("II-IV кв. 2019 року")) // { from: "2019-04-01", to: "2019-12-31" }
 */
export const termWindow = (term: Term): TermWindow => {
  switch (term.kind) {
    case "deadline":
      return { from: null, to: term.date };
    case "interval":
      return { from: term.from, to: term.to };
    case "quarterRange":
      return { from: quarterStart(term.from), to: quarterEnd(term.to) };
    case "milestones": {
      const first = term.years[0];
      const last = term.years[term.years.length - 1];
      return {
        from: first === undefined ? null : isoDate(first, 1, 1),
        to: last === undefined ? null : isoDate(last, 12, 31),
      };
    }
    case "recurring":
    case "openEnded":
    case "onDemand":
      return { from: term.from ?? null, to: "to" in term ? (term.to ?? null) : null };
    case "unparsed":
      return { from: null, to: null };
    default: {
      const _: never = term;
      return _;
    }
  }
};

const overlaps = (window: TermWindow, from: IsoDate, to: IsoDate): boolean =>
  (window.from === null || to >= window.from) && (window.to === null || from <= window.to);

/**
 * Whether the quarterly report for `at` (a quarter, or the quarter a date falls in) must say something
 * about a measure with this term:
 * - `deadline`: every quarter up to and including the deadline's quarter (the work leads up to it; the
 *   plan's own period bounds the start);
 * - `interval`, `quarterRange`, `openEnded`: every quarter that overlaps the term's window;
 * - `recurring`: every quarter inside its window that closes one of its periods — every quarter for
 *   `month` and `quarter`, II and IV for `halfYear`, IV for `year` ("щороку (до 10 січня)": the year's
 *   result belongs to the IV quarter's report even though it is due in January); a yearly term with its
 *   `months` ("щороку, вересень") in the quarters those months fall in;
 * - `milestones`: every quarter of each listed year;
 * - `onDemand`: never (a report is welcome, its absence is not "not reported");
 * - `unparsed`: every quarter, so that an unreadable term never silently exempts a measure.
 *
 * @example isReportDue(parseTerm("до 01.06.2021"), { year: 2021, quarter: 3 }) // false
 */
export const isReportDue = (term: Term, at: YearQuarter | IsoDate): boolean => {
  const q = typeof at === "string" ? quarterOf(at) : at;
  const start = quarterStart(q);
  const end = quarterEnd(q);
  switch (term.kind) {
    case "deadline":
      return start <= term.date;
    case "interval":
    case "quarterRange":
    case "openEnded":
      return overlaps(termWindow(term), start, end);
    case "recurring":
      // A yearly term done in some months of each year ("щороку, вересень") is reported in the quarters they fall in.
      if (term.months !== undefined) return overlaps(termWindow(term), start, end) && term.months.from <= q.quarter * 3 && term.months.to >= q.quarter * 3 - 2;
      return overlaps(termWindow(term), start, end) && closesPeriod(term.every, q);
    case "milestones":
      return term.years.includes(q.year);
    case "onDemand":
      return false;
    case "unparsed":
      return true;
    default: {
      const _: never = term;
      return _;
    }
  }
};

type Every = RecurringTerm["every"];

const MONTHS_IN: Readonly<Record<Every, number>> = { month: 1, quarter: 3, halfYear: 6, year: 12 };

const closesPeriod = (every: Every, q: YearQuarter): boolean => (q.quarter * 3) % MONTHS_IN[every] === 0;

/** One period of a recurring term, by its first month. */
type PeriodStart = readonly [year: number, month: number];

const periodContaining = (every: Every, date: IsoDate): PeriodStart => {
  const size = MONTHS_IN[every];
  const month = Number(date.slice(5, 7));
  return [Number(date.slice(0, 4)), Math.floor((month - 1) / size) * size + 1];
};

const periodBounds = (every: Every, [year, month]: PeriodStart): { start: IsoDate; end: IsoDate } => {
  const [endYear, endMonth] = addMonths(year, month, MONTHS_IN[every] - 1);
  return { start: isoDate(year, month, 1), end: endOfMonth(endYear, endMonth) };
};

/** When a period's result is due: its `due` day counted in the following period, else the period's last day. */
const periodDeadline = (term: RecurringTerm, period: PeriodStart): IsoDate => {
  // "щороку, квітень – жовтень": each year's work is due by the end of the last of its months.
  if (term.due === undefined && term.months !== undefined) return endOfMonth(period[0], term.months.to);
  const { end } = periodBounds(term.every, period);
  if (term.due === undefined) return end;
  const [y, m] = addMonths(Number(end.slice(0, 4)), Number(end.slice(5, 7)), term.due.month ?? 1);
  return isoDate(y, m, Math.min(term.due.day, daysInMonth(y, m)));
};

/** The latest period of a recurring term whose deadline is before `asOf`, if any lies inside its window. */
const lastClosedPeriod = (term: RecurringTerm, asOf: IsoDate): PeriodStart | undefined => {
  const latest = term.to !== undefined && term.to < asOf ? term.to : asOf;
  let period = periodContaining(term.every, latest);
  // A due day lies at most a year after its period ends, so a few steps back always suffice.
  for (let step = 0; step < 24 && periodDeadline(term, period) >= asOf; step++) {
    period = addMonths(period[0], period[1], -MONTHS_IN[term.every]);
  }
  if (periodDeadline(term, period) >= asOf) return undefined;
  const { end } = periodBounds(term.every, period);
  return term.from !== undefined && end < term.from ? undefined : period;
};

/**
 * The deadline a measure has missed, or `null` when it is not overdue. `lastDoneOn` is the date of the latest
 * "done" reported for the measure (the end of the reported quarter), `null` if it was never reported done.
 * Deadlines are inclusive: on the deadline day itself nothing is overdue yet.
 * - `deadline`, `interval`, `quarterRange`: overdue after the term's end unless ever reported done;
 * - `milestones`: overdue after the end of the latest listed year that has passed, unless done in or after
 *   that year ("2021, 2024, 2026 роки" done in 2021 is overdue again from 01.01.2025 until done in 2024 or later);
 * - `recurring`: overdue after the deadline of the latest period that has closed (its `due` day, else the last
 *   day of its `months`, else its last day) unless done in or after that period;
 * - `openEnded`, `onDemand`: never overdue; `unparsed`: never, because its end is unknown.
 *
 * @example overdueSince(parseTerm("до 31.12.2021"), IsoDate.make("2022-01-01"), null) // "2021-12-31"
 */
export const overdueSince = (term: Term, asOf: IsoDate, lastDoneOn: IsoDate | null): IsoDate | null => {
  switch (term.kind) {
    case "deadline":
    case "interval":
    case "quarterRange": {
      const end = termWindow(term).to;
      return end !== null && asOf > end && lastDoneOn === null ? end : null;
    }
    case "milestones": {
      const passed = term.years.filter((year) => isoDate(year, 12, 31) < asOf);
      const last = passed[passed.length - 1];
      if (last === undefined) return null;
      return lastDoneOn === null || lastDoneOn < isoDate(last, 1, 1) ? isoDate(last, 12, 31) : null;
    }
    case "recurring": {
      const period = lastClosedPeriod(term, asOf);
      if (period === undefined) return null;
      const { start } = periodBounds(term.every, period);
      return lastDoneOn === null || lastDoneOn < start ? periodDeadline(term, period) : null;
    }
    case "openEnded":
    case "onDemand":
    case "unparsed":
      return null;
    default: {
      const _: never = term;
      return _;
    }
  }
};

/**
 * Whether a measure is overdue on `asOf`: its term has passed without "done" (see `overdueSince`).
 *
 * @example isOverdue(parseTerm("за потреби"), IsoDate.make("2030-01-01"), null) // false
 */
export const isOverdue = (term: Term, asOf: IsoDate, lastDoneOn: IsoDate | null): boolean =>
  overdueSince(term, asOf, lastDoneOn) !== null;
