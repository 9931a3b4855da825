/**
 * @module Reads the free-text term of execution (термін виконання) printed in plan documents into a `Term`.
 */
import { endOfMonth, isCalendarDay, isoDate, quarterEnd, quarterStart } from "./term.calendar.js";
import type { DatePrecision, IsoDate, Quarter, RecurringTerm, Term, YearQuarter } from "./term.model.js";

type Every = RecurringTerm["every"];
type Due = NonNullable<RecurringTerm["due"]>;

/** What the period part of a term (everything but recurrence and qualifiers) says. */
type Period =
  | { readonly kind: "deadline"; readonly date: IsoDate; readonly precision: DatePrecision }
  | { readonly kind: "interval"; readonly from: IsoDate; readonly to: IsoDate }
  | { readonly kind: "quarterRange"; readonly from: YearQuarter; readonly to: YearQuarter }
  | { readonly kind: "milestones"; readonly years: ReadonlyArray<number> }
  | { readonly kind: "since"; readonly from: IsoDate };

/** A reading that failed, with the reason to keep in the `unparsed` term. */
type Failure = { readonly kind: "failure"; readonly reason: string };

const fail = (uk: string, en: string): Failure => ({ kind: "failure", reason: `${uk} / ${en}` });

// Lower-case patterns: the text is lower-cased before matching, so Roman numerals are matched as
// lower-case letters, Latin or their Cyrillic lookalikes (і, х, у) that OCR puts in their place.
const YEAR = String.raw`((?:19|20)\d{2})`;
const QUARTER = "([ivxіху]{1,4}|[1-4])";
const QUARTER_WORD = String.raw`(?:кв\.?|квартал\p{L}*)`;
const MONTH = String.raw`(січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд)\p{L}*`;
const DATE = String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4})`;

const MONTH_STEMS = ["січ", "лют", "берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт", "листопад", "груд"];
const ROMAN: Readonly<Record<string, Quarter>> = { i: 1, ii: 2, iii: 3, iv: 4, "1": 1, "2": 2, "3": 3, "4": 4 };

const re = (source: string): RegExp => new RegExp(`^${source}$`, "u");

const monthOf = (stem: string): number => MONTH_STEMS.indexOf(stem) + 1;

const quarterOfNumeral = (numeral: string): Quarter | undefined =>
  ROMAN[numeral.replace(/і/g, "i").replace(/х/g, "x").replace(/у/g, "v")];

/** Cleans what a table dump leaves in a cell: markup, odd spaces and dashes, line breaks, OCR'd zeros. */
const normalize = (text: string): string =>
  text
    .replace(/<[^>]*>/g, " ")
    .replace(/\*+/g, " ")
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/[\u2010-\u2015\u2043\u2212\ufe58\ufe63\uff0d]/g, "-")
    .toLowerCase()
    .replace(/(?<=\d[оo]*)[оo](?=[оo]*\d)/g, "0")
    .replace(/\s+/g, " ")
    .trim();

/** Words that only say "year(s)" or introduce the period; they carry no information of their own. */
const stripFiller = (text: string): string =>
  text
    .replace(/(?<!\p{L})(?:роки|року|рік|років|рр|р)(?!\p{L})\.?/gu, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s,;:.]+|[\s,;:]+$/g, "")
    .replace(/(?<=\d)\.$/, "")
    // "і"/"у" before a quarter word are the numerals I/V misread, not the words "and"/"in".
    .replace(/^(?:протягом|впродовж|на|у|в|та|і|й|а також) (?!кв|півріч)(?=\S)/u, "")
    .replace(/(?:,|;)? (?:та|і|й|а також)$/u, "")
    .trim();

const RECURRENCE: ReadonlyArray<readonly [RegExp, Every]> = [
  [/щоквартал\p{L}*|щокв\.?|раз на квартал/gu, "quarter"],
  [/щомісяц\p{L}*|щомісячно|раз на місяць/gu, "month"],
  [/щопівроку|щопіврічно|раз на півроку|раз на півріччя/gu, "halfYear"],
  [/щороку|щорічно|раз на рік/gu, "year"],
];
const ONGOING = /(?<!\p{L})постійно(?!\p{L})/gu;
const ON_DEMAND = /(?<!\p{L})(?:за|у разі|в разі|при) потреб\p{L}*/gu;
const DUE = new RegExp(
  String.raw`\(?\s*(?<!\p{L})(?:не пізніше|до)\s*(\d{1,2})(?![\d.])\s*(?:-?го\s*)?(?:числа\s*)?(?:${MONTH}|наступного (?:місяця|кварталу|періоду|року))?\s*\)?`,
  "u",
);

const yearNumber = (year: string): number => Number(year);

const readDay = (d: string, m: string, y: string): IsoDate | Failure => {
  const [day, month, year] = [Number(d), Number(m), Number(y)];
  return isCalendarDay(year, month, day) ? isoDate(year, month, day) : fail(`немає такої дати ${d}.${m}.${y}`, `no such date ${d}.${m}.${y}`);
};

const readQuarter = (numeral: string, year: string): YearQuarter | Failure => {
  const quarter = quarterOfNumeral(numeral);
  return quarter === undefined
    ? fail(`немає кварталу «${numeral}»`, `no quarter "${numeral}"`)
    : { year: yearNumber(year), quarter };
};

const isFailure = (value: unknown): value is Failure =>
  typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "failure";

const interval = (from: IsoDate, to: IsoDate): Period | Failure =>
  from <= to ? { kind: "interval", from, to } : fail("початок пізніше кінця", "the start is after the end");

const quarterRange = (from: YearQuarter | Failure, to: YearQuarter | Failure): Period | Failure => {
  if (isFailure(from)) return from;
  if (isFailure(to)) return to;
  return quarterStart(from) <= quarterStart(to)
    ? { kind: "quarterRange", from, to }
    : fail("початок пізніше кінця", "the start is after the end");
};

/** One way of printing a period: a pattern and how its match becomes a `Period`. */
type Form = readonly [RegExp, (m: ReadonlyArray<string>) => Period | Failure];

const g = (m: ReadonlyArray<string>, i: number): string => m[i] ?? "";

/** The first date a "починаючи з …" / "з …" start names. */
const SINCE_FORMS: ReadonlyArray<Form> = [
  [re(`${QUARTER} ?${QUARTER_WORD} ?${YEAR}`), (m) => {
    const q = readQuarter(g(m, 1), g(m, 2));
    return isFailure(q) ? q : { kind: "since", from: quarterStart(q) };
  }],
  [re(`${MONTH} ?${YEAR}`), (m) => ({ kind: "since", from: isoDate(yearNumber(g(m, 2)), monthOf(g(m, 1)), 1) })],
  [re(DATE), (m) => {
    const d = readDay(g(m, 1), g(m, 2), g(m, 3));
    return isFailure(d) ? d : { kind: "since", from: d };
  }],
  [re(YEAR), (m) => ({ kind: "since", from: isoDate(yearNumber(g(m, 1)), 1, 1) })],
];

const PERIOD_FORMS: ReadonlyArray<Form> = [
  [re(`(?:до|не пізніше|по) ?${DATE}`), (m) => {
    const d = readDay(g(m, 1), g(m, 2), g(m, 3));
    return isFailure(d) ? d : { kind: "deadline", date: d, precision: "day" };
  }],
  [re(DATE), (m) => {
    const d = readDay(g(m, 1), g(m, 2), g(m, 3));
    return isFailure(d) ? d : { kind: "deadline", date: d, precision: "day" };
  }],
  [re(`(?:з |із )?${DATE} ?(?:-|по|до) ?${DATE}`), (m) => {
    const from = readDay(g(m, 1), g(m, 2), g(m, 3));
    const to = readDay(g(m, 4), g(m, 5), g(m, 6));
    if (isFailure(from)) return from;
    return isFailure(to) ? to : interval(from, to);
  }],
  [re(`до кінця ${QUARTER} ?${QUARTER_WORD} ?${YEAR}`), (m) => {
    const q = readQuarter(g(m, 1), g(m, 2));
    return isFailure(q) ? q : { kind: "deadline", date: quarterEnd(q), precision: "quarter" };
  }],
  [re(`до кінця ${MONTH} ?${YEAR}`), (m) => ({
    kind: "deadline",
    date: endOfMonth(yearNumber(g(m, 2)), monthOf(g(m, 1))),
    precision: "month",
  })],
  // "До 2026" in a plan for 2019–2026 means "by its last year": the year is included (see docs/terms.md).
  [re(`(?:до кінця|до|не пізніше) ${YEAR}`), (m) => ({
    kind: "deadline",
    date: isoDate(yearNumber(g(m, 1)), 12, 31),
    precision: "year",
  })],
  [re(`(?:з |із )?${MONTH} ?(?:-|по|до) ?${MONTH} ${YEAR}`), (m) => {
    const year = yearNumber(g(m, 3));
    return interval(isoDate(year, monthOf(g(m, 1)), 1), endOfMonth(year, monthOf(g(m, 2))));
  }],
  [re(`${MONTH} ${YEAR}`), (m) => {
    const year = yearNumber(g(m, 2));
    const month = monthOf(g(m, 1));
    return interval(isoDate(year, month, 1), endOfMonth(year, month));
  }],
  [re(`${QUARTER} ?- ?${QUARTER} ?${QUARTER_WORD} ?${YEAR}`), (m) =>
    quarterRange(readQuarter(g(m, 1), g(m, 3)), readQuarter(g(m, 2), g(m, 3)))],
  [re(`(?:з |із )?${QUARTER} ?${QUARTER_WORD} ?${YEAR} ?(?:-|по|до) ?${QUARTER} ?${QUARTER_WORD} ?${YEAR}`), (m) =>
    quarterRange(readQuarter(g(m, 1), g(m, 2)), readQuarter(g(m, 3), g(m, 4)))],
  [re(`${QUARTER} ?${QUARTER_WORD} ?${YEAR}`), (m) => {
    const q = readQuarter(g(m, 1), g(m, 2));
    return quarterRange(q, q);
  }],
  [re(`([iі1]{1,2}) ?півріч\\p{L}* ?${YEAR}`), (m) => {
    const half = g(m, 1).replace(/[і1]/g, "i");
    const year = g(m, 2);
    return half === "i" ? quarterRange(readQuarter("1", year), readQuarter("2", year))
      : half === "ii" ? quarterRange(readQuarter("3", year), readQuarter("4", year))
      : fail(`немає півріччя «${g(m, 1)}»`, `no half-year "${g(m, 1)}"`);
  }],
  [re(`(?:з |із )?${YEAR} ?(?:-|по|до) ?${YEAR}`), (m) =>
    interval(isoDate(yearNumber(g(m, 1)), 1, 1), isoDate(yearNumber(g(m, 2)), 12, 31))],
  [re(YEAR), (m) => interval(isoDate(yearNumber(g(m, 1)), 1, 1), isoDate(yearNumber(g(m, 1)), 12, 31))],
  [re(`${YEAR}(?: ?(?:,|та|і|й) ?${YEAR})+`), (m) => {
    const years = (g(m, 0).match(/\d{4}/g) ?? []).map(Number);
    return years.every((y, i) => i === 0 || y > (years[i - 1] ?? y))
      ? { kind: "milestones", years }
      : fail("роки не за зростанням", "the years are not increasing");
  }],
  [/^(?:починаючи |почин\. )?(?:з|із|від) (.+)$/u, (m) =>
    readWith(SINCE_FORMS, g(m, 1)) ?? fail(`не розпізнано початок «${g(m, 1)}»`, `start not recognised: "${g(m, 1)}"`)],
];

const readWith = (forms: ReadonlyArray<Form>, text: string): Period | Failure | undefined => {
  for (const [pattern, build] of forms) {
    const m = pattern.exec(text);
    if (m) return build(m);
  }
  return undefined;
};

/** Recurrence and qualifiers found in a term, with the text that is left once they are taken out. */
type Qualifiers = {
  readonly every: ReadonlyArray<Every>;
  readonly due: Due | Failure | undefined;
  readonly ongoing: boolean;
  readonly onDemand: boolean;
  readonly rest: string;
};

const takeQualifiers = (text: string): Qualifiers => {
  let rest = text;
  const every: Array<Every> = [];
  for (const [pattern, kind] of RECURRENCE) {
    rest = rest.replace(pattern, () => {
      every.push(kind);
      return " ";
    });
  }
  let ongoing = false;
  rest = rest.replace(ONGOING, () => {
    ongoing = true;
    return " ";
  });
  let onDemand = false;
  rest = rest.replace(ON_DEMAND, () => {
    onDemand = true;
    return " ";
  });
  let due: Due | Failure | undefined;
  // A bare "до 10 січня" has no year: it is a due day only when the term repeats.
  if (every.length > 0) {
    rest = rest.replace(DUE, (_all, day: string, stem: string | undefined) => {
      const d = Number(day);
      const month = stem === undefined ? undefined : monthOf(stem);
      // A calendar month only makes sense for a yearly term: "щокварталу до 31 березня" is not read.
      due = month === undefined
        ? d >= 1 && d <= 31 ? { day: d } : fail(`немає дня ${day}`, `no day ${day}`)
        : every.some((kind) => kind !== "year")
          ? fail("назва місяця в нещорічному терміні", "a month name in a term that is not yearly")
          : isCalendarDay(2000, month, d) ? { month, day: d } : fail(`немає дня ${day}`, `no day ${day}`);
      return " ";
    });
  }
  return { every, due, ongoing, onDemand, rest: stripFiller(rest.replace(/\(\s*\)/g, " ").replace(/\s+/g, " ")) };
};

const windowOf = (p: Period): { from?: IsoDate; to?: IsoDate } | undefined => {
  switch (p.kind) {
    case "deadline":
      return { to: p.date };
    case "interval":
      return { from: p.from, to: p.to };
    case "quarterRange":
      return { from: quarterStart(p.from), to: quarterEnd(p.to) };
    case "since":
      return { from: p.from };
    case "milestones":
      return undefined;
    default: {
      const _: never = p;
      return _;
    }
  }
};

const plainTerm = (text: string, p: Period): Term => {
  switch (p.kind) {
    case "deadline":
      return { kind: "deadline", text, date: p.date, precision: p.precision };
    case "interval":
      return { kind: "interval", text, from: p.from, to: p.to };
    case "quarterRange":
      return { kind: "quarterRange", text, from: p.from, to: p.to };
    case "milestones":
      return { kind: "milestones", text, years: p.years };
    case "since":
      return { kind: "openEnded", text, from: p.from };
    default: {
      const _: never = p;
      return _;
    }
  }
};

const unparsed = (text: string, reason: string): Term => ({ kind: "unparsed", text, reason });

/** Combines the qualifiers with the period printed beside them ("2019-2026 роки постійно"). */
const combine = (text: string, q: Qualifiers, period: Period | undefined): Term => {
  const conflict = (what: string): Term =>
    unparsed(text, `суперечливий термін: ${what} / conflicting term: ${what}`);
  if (q.every.length > 1) return conflict(q.every.join(" + "));
  const every = q.every[0];
  if (isFailure(q.due)) return unparsed(text, q.due.reason);
  const window = period === undefined ? {} : windowOf(period);
  if (window === undefined && (every !== undefined || q.onDemand || q.ongoing)) {
    return conflict("milestones + recurrence");
  }
  if (every !== undefined) {
    if (q.onDemand) return conflict("recurring + onDemand");
    return { kind: "recurring", text, every, ...(q.due ? { due: q.due } : {}), ...window };
  }
  if (q.onDemand) return { kind: "onDemand", text, ...window };
  if (period === undefined) {
    return q.ongoing ? { kind: "openEnded", text } : unparsed(text, "порожній термін / empty term");
  }
  if (!q.ongoing) return plainTerm(text, period);
  switch (period.kind) {
    case "since":
      return { kind: "openEnded", text, from: period.from };
    case "interval":
    case "quarterRange": {
      const w = windowOf(period);
      return w?.from && w.to ? { kind: "interval", text, from: w.from, to: w.to, ongoing: true } : conflict("постійно");
    }
    default:
      return conflict(`постійно + ${period.kind}`);
  }
};

/**
 * Reads a printed term of execution. The result always keeps `text` exactly as given; a term that cannot be
 * read with certainty becomes `{ kind: "unparsed", text, reason }` rather than a guess.
 *
 * @example
 * parseTerm("до 31.12.2021")          // { kind: "deadline", text, date: "2021-12-31", precision: "day" }
 * parseTerm("II-IV кв. 2019 року")     // { kind: "quarterRange", text, from: { year: 2019, quarter: 2 }, to: { year: 2019, quarter: 4 } }
 * parseTerm("щороку (до 10 січня)")    // { kind: "recurring", text, every: "year", due: { month: 1, day: 10 } }
 * parseTerm("2019-2026 роки постійно") // { kind: "interval", text, from: "2019-01-01", to: "2026-12-31", ongoing: true }
 */
export const parseTerm = (text: string): Term => {
  const q = takeQualifiers(normalize(text));
  const period = q.rest === "" ? undefined : readWith(PERIOD_FORMS, q.rest);
  if (q.rest !== "" && period === undefined) {
    return unparsed(text, `не розпізнано «${q.rest}» / not recognised: "${q.rest}"`);
  }
  return isFailure(period) ? unparsed(text, period.reason) : combine(text, q, period);
};
