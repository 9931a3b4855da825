/**
 * @module How numbers, money, dates and quarters read to an official: `дд.мм.рррр`, тис. грн with a thin space
 * between thousands, quarters as `I кв. 2026` (`Q1 2026` in English).
 */
import type { Lang } from "./lang.js";

/** U+2009 THIN SPACE: the separator of thousands in Ukrainian typesetting. */
const THIN = "\u2009";
const ROMAN = ["I", "II", "III", "IV"] as const;
const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * A number with thin-spaced thousands and a decimal comma (a point in English); at most `digits` decimals.
 *
 * @example formatNumber(1234567.5, "uk") // "1 234 567,5" (thin spaces)
 */
export const formatNumber = (n: number, lang: Lang, digits = 3): string => {
  if (!Number.isFinite(n)) return String(n);
  const rounded = (Math.round(n * 10 ** digits) / 10 ** digits).toFixed(digits);
  // Trailing zeros of the fraction only: with no decimal point (digits 0) "100" must stay "100".
  const fixed = rounded.includes(".") ? rounded.replace(/\.?0+$/, "") : rounded;
  const [whole = "0", fraction] = fixed.split(".");
  const sign = whole.startsWith("-") ? "−" : "";
  const digitsOnly = whole.replace("-", "");
  const grouped = digitsOnly.replace(/\B(?=(\d{3})+(?!\d))/g, lang === "uk" ? THIN : ",");
  return `${sign}${grouped}${fraction === undefined ? "" : (lang === "uk" ? "," : ".") + fraction}`;
};

/**
 * Money in thousands of hryvnias, always with its unit.
 *
 * @example formatMoney(12500.25, "uk") // "12 500,25 тис. грн"
 */
export const formatMoney = (amount: number, lang: Lang): string =>
  `${formatNumber(amount, lang)}${lang === "uk" ? "\u00a0тис.\u00a0грн" : "\u00a0thous.\u00a0UAH"}`;

/**
 * `дд.мм.рррр` from an ISO date or instant (the calendar day in UTC); the input unchanged when it is no date.
 *
 * @example formatDate("2019-10-16") // "16.10.2019"
 */
export const formatDate = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined || iso === "") return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m === null ? iso : `${m[3]}.${m[2]}.${m[1]}`;
};

/**
 * `дд.мм.рррр гг:хх` (UTC) from an ISO instant.
 *
 * @example formatDateTime("2026-12-04T15:04:00.000Z") // "04.12.2026 15:04 UTC"
 */
export const formatDateTime = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined || iso === "") return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
};

/**
 * An as-of moment as given: a date as `дд.мм.рррр`, an instant with its time.
 *
 * @example formatMoment("2024-04-05") // "05.04.2024"
 */
export const formatMoment = (value: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : formatDateTime(value));

/**
 * @example formatQuarter(2026, 1, "uk") // "I кв. 2026"; formatQuarter(2026, 1, "en") // "Q1 2026"
 */
export const formatQuarter = (year: number, quarter: number, lang: Lang): string =>
  lang === "uk" ? `${ROMAN[quarter - 1] ?? quarter} кв. ${year}` : `Q${quarter} ${year}`;

/** A ratio as a whole percentage: 0.456 → "46 %". */
export const formatPercent = (ratio: number | null, lang: Lang): string =>
  ratio === null ? "—" : `${formatNumber(Math.round(ratio * 100), lang, 0)}\u00a0%`;

/** Whole days between two instants (b − a), rounded down. */
export const daysBetween = (a: string, b: Date): number => Math.floor((b.getTime() - new Date(a).getTime()) / 86_400_000);
