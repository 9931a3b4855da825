/**
 * @module Calendar arithmetic on ISO dates and quarters, shared by the term parser and the schedule.
 */
import { IsoDate, type Quarter, type YearQuarter } from "./term.model.js";

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/**
 * The ISO date of a calendar day; the caller has checked that the day exists.
 *
 * @example isoDate(2021, 12, 31) // "2021-12-31"
 */
export const isoDate = (year: number, month: number, day: number): IsoDate =>
  IsoDate.make(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);

/**
 * Days in a month of the Gregorian calendar.
 *
 * @example daysInMonth(2024, 2) // 29
 */
export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether year/month/day name a real calendar day (31.02 does not). */
export const isCalendarDay = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);

/** The last day of a month, e.g. `endOfMonth(2021, 2)` → "2021-02-28". */
export const endOfMonth = (year: number, month: number): IsoDate => isoDate(year, month, daysInMonth(year, month));

/** The first day of a quarter, e.g. `{ year: 2018, quarter: 4 }` → "2018-10-01". */
export const quarterStart = (q: YearQuarter): IsoDate => isoDate(q.year, (q.quarter - 1) * 3 + 1, 1);

/** The last day of a quarter, e.g. `{ year: 2019, quarter: 2 }` → "2019-06-30". */
export const quarterEnd = (q: YearQuarter): IsoDate => endOfMonth(q.year, q.quarter * 3);

/**
 * The quarter a date falls in.
 *
 * @example quarterOf(IsoDate.make("2021-05-17")) // { year: 2021, quarter: 2 }
 */
export const quarterOf = (date: IsoDate): YearQuarter => {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return { year, quarter: (Math.floor((month - 1) / 3) + 1) as Quarter };
};

/** Orders quarters in time: negative when `a` is earlier than `b`. */
export const compareQuarters = (a: YearQuarter, b: YearQuarter): number => a.year * 4 + a.quarter - (b.year * 4 + b.quarter);

/** The month `count` months after year/month (count may be negative), as `[year, month]`. */
export const addMonths = (year: number, month: number, count: number): readonly [number, number] => {
  const index = year * 12 + (month - 1) + count;
  return [Math.floor(index / 12), (index % 12) + 1];
};
