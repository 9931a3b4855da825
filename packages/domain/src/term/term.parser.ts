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
  | { readonly kind: "since"; readonly from: IsoDate }
  // "протягом року" in a plan of several years, or of unknown length: the work repeats each year.
  | { readonly kind: "everyYear"; readonly from?: IsoDate; readonly to?: IsoDate };

/** A reading that failed, with the reason to keep in the `unparsed` term. */
type Failure = { readonly kind: "failure"; readonly reason: string };

const fail = (uk: string, en: string): Failure => ({ kind: "failure", reason: `${uk} / ${en}` });

/**
 * What the caller knows about the document the term is printed in. `period` is the plan's span in whole
 * years, inclusive (`{ from: 2025, to: 2025 }` for "План заходів на 2025 рік").
 */
export type TermContext = { readonly period?: { readonly from: number; readonly to: number } };

type PlanYears = { readonly from: number; readonly to: number };
/** The plan's period as the forms see it: unknown (`undefined`), usable, or given but unusable. */
type Plan = PlanYears | Failure | undefined;

const planOf = (context: TermContext | undefined): Plan => {
  const period = context?.period;
  if (period === undefined) return undefined;
  const { from, to } = period;
  const isYear = (y: number): boolean => Number.isInteger(y) && y >= 1000 && y <= 9999;
  return isYear(from) && isYear(to) && from <= to
    ? { from, to }
    : fail(`неправильний період плану ${from}–${to}`, `invalid plan period ${from}–${to}`);
};

// Lower-case patterns: the text is lower-cased before matching, so Roman numerals are matched as
// lower-case letters, Latin or their Cyrillic lookalikes (і, х, у) that OCR puts in their place.
const YEAR = String.raw`((?:19|20)\d{2})`;
const QUARTER = "([ivxіху]{1,4}|[1-4])";
const QUARTER_WORD = String.raw`(?:кв\.?|квартал\p{L}*)`;
const MONTH = String.raw`(січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд)\p{L}*`;
const DATE = String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4})`;
// The year of a quarter, half-year or month may be left out when the plan has only one year ("I кв.").
const OPT_YEAR = `(?: ?${YEAR})?`;
// "I півріччя", "1-е півріччя", "друге півріччя"; `1` and `11` are OCR'd `I` and `II`.
const HALF = String.raw`([iі1]{1,2}|2|перш\p{L}*|друг\p{L}*)(?:-?(?:е|ге|ше))?`;
const HALF_WORD = String.raw`півріч\p{L}*`;
const THROUGHOUT = "(?:протягом|впродовж|упродовж|на протязі)";

const MONTH_STEMS = ["січ", "лют", "берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт", "листопад", "груд"];
const ROMAN: Readonly<Record<string, Quarter>> = { i: 1, ii: 2, iii: 3, iv: 4, "1": 1, "2": 2, "3": 3, "4": 4 };

const re = (source: string): RegExp => new RegExp(`^${source}$`, "u");

const monthOf = (stem: string): number => MONTH_STEMS.indexOf(stem) + 1;

/** 1 or 2 for the first or second half-year, `undefined` when the numeral names neither. */
const halfOf = (numeral: string): 1 | 2 | undefined => {
  if (numeral.startsWith("перш")) return 1;
  if (numeral.startsWith("друг") || numeral === "2") return 2;
  const roman = numeral.replace(/[і1]/g, "i");
  return roman === "i" ? 1 : roman === "ii" ? 2 : undefined;
};

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
    // Only after a year: "протягом року", "до кінця року" keep their "року", which is what they say.
    .replace(/(?<=\d\s?)(?:роки|року|рік|років|роках|році|рр|р)(?!\p{L})\.?/gu, " ")
    // A stage named beside its year ("2026 р. (І етап), 2027 р. (ІІ етап)"): the years are what is due.
    .replace(/\(\s*(?:[ivxі]{1,4}|\d|перш\p{L}*|друг\p{L}*|трет\p{L}*)\s+етап\p{L}*\s*\)/gu, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s,;:.]+|[\s,;:]+$/g, "")
    .replace(/(?<=\d)\.$/, "")
    // "і"/"у" before a quarter word are the numerals I/V misread, not the words "and"/"in".
    .replace(/^(?:протягом|впродовж|упродовж|на|у|в|та|і|й|а також) (?!кв|півріч|року)(?=\S)/u, "")
    .replace(/(?:,|;)? (?:та|і|й|а також)$/u, "")
    .trim();

const RECURRENCE: ReadonlyArray<readonly [RegExp, Every]> = [
  [/щоквартал\p{L}*|щокв\.?|раз на квартал/gu, "quarter"],
  [/щомісяц\p{L}*|щомісячно|раз на місяць/gu, "month"],
  [/щопівроку|щопіврічно|раз на півроку|раз на півріччя/gu, "halfYear"],
  [/щороку|щорічно|раз на рік/gu, "year"],
];
const ONGOING = /(?<!\p{L})постійно(?!\p{L})/gu;
const ON_DEMAND = /(?<!\p{L})(?:за|у разі|в разі|при) (?:потреб|необхідн)\p{L}*/gu;
// The dates live in another document: the term itself says nothing about time.
const SEPARATE_PLAN = /(?<!\p{L})(?:за|згідно (?:з|із)|відповідно до) окрем\p{L}* (?:план\p{L}*|графік\p{L}*)/gu;
// "до 10 числа наступного за звітним місяця", "до 10 числа місяця, наступного за звітним періодом".
const DUE_TAIL = `(?:${MONTH}|наступного(?: за звітним)? (?:місяця|кварталу|періоду|року)|місяця,? (?:що (?:настає|йде|слідує) |наступного )за звітним(?: (?:періодом|кварталом|місяцем|роком))?)`;
const DUE = new RegExp(
  String.raw`\(?\s*(?<!\p{L})(?:не пізніше|до)\s*(\d{1,2})(?![\d.])\s*(?:-?го\s*)?(?:числа\s*)?${DUE_TAIL}?\s*\)?`,
  "u",
);

const yearNumber = (year: string): number => Number(year);

const readDay = (d: string, m: string, y: string): IsoDate | Failure => {
  const [day, month, year] = [Number(d), Number(m), Number(y)];
  return isCalendarDay(year, month, day) ? isoDate(year, month, day) : fail(`немає такої дати ${d}.${m}.${y}`, `no such date ${d}.${m}.${y}`);
};

const readQuarter = (numeral: string, year: number | Failure): YearQuarter | Failure => {
  if (isFailure(year)) return year;
  const quarter = quarterOfNumeral(numeral);
  return quarter === undefined
    ? fail(`немає кварталу «${numeral}»`, `no quarter "${numeral}"`)
    : { year, quarter };
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

const halfYear = (numeral: string, year: number | Failure): Period | Failure => {
  const half = halfOf(numeral);
  if (half === undefined) return fail(`немає півріччя «${numeral}»`, `no half-year "${numeral}"`);
  return half === 1
    ? quarterRange(readQuarter("1", year), readQuarter("2", year))
    : quarterRange(readQuarter("3", year), readQuarter("4", year));
};

/**
 * The year a form printed — the first of `printed` that is not empty, so that one year serves both ends of
 * "I кв. – III кв. 2025" — or, when it printed none, the plan's year if the plan has exactly one. A plan of
 * several years has no one year to give, and an unknown plan none at all: the term is not guessed.
 */
const yearOf = (plan: Plan, text: string, ...printed: ReadonlyArray<string>): number | Failure => {
  const year = printed.find((y) => y !== "");
  if (year !== undefined) return yearNumber(year);
  if (plan === undefined) {
    return fail(`не розпізнано «${text}» без року: період плану невідомий`, `"${text}" not read without a year: the plan's period is not known`);
  }
  if (isFailure(plan)) return plan;
  return plan.from === plan.to
    ? plan.from
    : fail(
        `не розпізнано «${text}» без року: план на ${plan.from}–${plan.to} роки, одного року не вибрати`,
        `"${text}" not read without a year: the plan spans ${plan.from}–${plan.to}, no single year to choose`,
      );
};

const monthInterval = (year: number | Failure, fromMonth: number, toMonth: number): Period | Failure =>
  isFailure(year) ? year : interval(isoDate(year, fromMonth, 1), endOfMonth(year, toMonth));

/** The whole span of the plan ("упродовж дії програми"), which only the caller can know. */
const planInterval = (plan: Plan, text: string): Period | Failure => {
  if (plan === undefined) {
    return fail(`не розпізнано «${text}»: період плану невідомий`, `"${text}" not read: the plan's period is not known`);
  }
  return isFailure(plan) ? plan : interval(isoDate(plan.from, 1, 1), isoDate(plan.to, 12, 31));
};

/** One way of printing a period: a pattern and how its match becomes a `Period`, given the plan's period. */
type Form = readonly [RegExp, (m: ReadonlyArray<string>, plan: Plan) => Period | Failure];

const g = (m: ReadonlyArray<string>, i: number): string => m[i] ?? "";

/** The first date a "починаючи з …" / "з …" start names. */
const SINCE_FORMS: ReadonlyArray<Form> = [
  [re(`${QUARTER} ?${QUARTER_WORD}${OPT_YEAR}`), (m, plan) => {
    const q = readQuarter(g(m, 1), yearOf(plan, g(m, 0), g(m, 2)));
    return isFailure(q) ? q : { kind: "since", from: quarterStart(q) };
  }],
  [re(`${MONTH}${OPT_YEAR}`), (m, plan) => {
    const year = yearOf(plan, g(m, 0), g(m, 2));
    return isFailure(year) ? year : { kind: "since", from: isoDate(year, monthOf(g(m, 1)), 1) };
  }],
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
  // "до 1 липня 2025 р."; "до 1 липня" alone takes the plan's year (beside a recurrence it is a due day).
  [re(String.raw`(?:(?:до|не пізніше|по) ?)?(\d{1,2}) ?${MONTH}${OPT_YEAR}`), (m, plan) => {
    const year = yearOf(plan, g(m, 0), g(m, 3));
    if (isFailure(year)) return year;
    const d = readDay(g(m, 1), String(monthOf(g(m, 2))).padStart(2, "0"), String(year));
    return isFailure(d) ? d : { kind: "deadline", date: d, precision: "day" };
  }],
  [re(`до кінця ${QUARTER} ?${QUARTER_WORD}${OPT_YEAR}`), (m, plan) => {
    const q = readQuarter(g(m, 1), yearOf(plan, g(m, 0), g(m, 2)));
    return isFailure(q) ? q : { kind: "deadline", date: quarterEnd(q), precision: "quarter" };
  }],
  [re(`до кінця ${MONTH}${OPT_YEAR}`), (m, plan) => {
    const year = yearOf(plan, g(m, 0), g(m, 2));
    return isFailure(year) ? year : { kind: "deadline", date: endOfMonth(year, monthOf(g(m, 1))), precision: "month" };
  }],
  [re("до кінця (?:поточного )?року"), (m, plan) => {
    const year = yearOf(plan, g(m, 0));
    return isFailure(year) ? year : { kind: "deadline", date: isoDate(year, 12, 31), precision: "year" };
  }],
  // "До 2026" in a plan for 2019–2026 means "by its last year": the year is included (see docs/terms.md).
  [re(`(?:до кінця|до|не пізніше) ${YEAR}`), (m) => ({
    kind: "deadline",
    date: isoDate(yearNumber(g(m, 1)), 12, 31),
    precision: "year",
  })],
  // "травень 2026 р. – березень 2027 р.": a run of months over the turn of a year, each month with its year.
  [re(`(?:з |із )?${MONTH} ?${YEAR} ?(?:-|по|до) ?${MONTH} ?${YEAR}`), (m) => {
    const [fromYear, toYear] = [yearNumber(g(m, 2)), yearNumber(g(m, 4))];
    const from = isoDate(fromYear, monthOf(g(m, 1)), 1);
    return interval(from, endOfMonth(toYear, monthOf(g(m, 3))));
  }],
  [re(`(?:з |із )?${MONTH} ?(?:-|по|до) ?${MONTH}${OPT_YEAR}`), (m, plan) =>
    monthInterval(yearOf(plan, g(m, 0), g(m, 3)), monthOf(g(m, 1)), monthOf(g(m, 2)))],
  [re(`${MONTH}${OPT_YEAR}`), (m, plan) =>
    monthInterval(yearOf(plan, g(m, 0), g(m, 2)), monthOf(g(m, 1)), monthOf(g(m, 1)))],
  [re(`${QUARTER} ?- ?${QUARTER} ?${QUARTER_WORD}${OPT_YEAR}`), (m, plan) => {
    const year = yearOf(plan, g(m, 0), g(m, 3));
    return quarterRange(readQuarter(g(m, 1), year), readQuarter(g(m, 2), year));
  }],
  [re(`(?:з |із )?${QUARTER} ?${QUARTER_WORD}${OPT_YEAR} ?(?:-|по|до) ?${QUARTER} ?${QUARTER_WORD}${OPT_YEAR}`), (m, plan) =>
    quarterRange(
      readQuarter(g(m, 1), yearOf(plan, g(m, 0), g(m, 2), g(m, 4))),
      readQuarter(g(m, 3), yearOf(plan, g(m, 0), g(m, 4), g(m, 2))),
    )],
  [re(`${QUARTER} ?${QUARTER_WORD}${OPT_YEAR}`), (m, plan) => {
    const q = readQuarter(g(m, 1), yearOf(plan, g(m, 0), g(m, 2)));
    return quarterRange(q, q);
  }],
  [re(`${HALF} ?${HALF_WORD}${OPT_YEAR}`), (m, plan) => halfYear(g(m, 1), yearOf(plan, g(m, 0), g(m, 2)))],
  [re(`(?:з |із )?${YEAR} ?(?:-|по|до) ?${YEAR}`), (m) =>
    interval(isoDate(yearNumber(g(m, 1)), 1, 1), isoDate(yearNumber(g(m, 2)), 12, 31))],
  [re(YEAR), (m) => interval(isoDate(yearNumber(g(m, 1)), 1, 1), isoDate(yearNumber(g(m, 1)), 12, 31))],
  [re(`${YEAR}(?: ?(?:,|та|і|й) ?${YEAR})+`), (m) => {
    const years = (g(m, 0).match(/\d{4}/g) ?? []).map(Number);
    return years.every((y, i) => i === 0 || y > (years[i - 1] ?? y))
      ? { kind: "milestones", years }
      : fail("роки не за зростанням", "the years are not increasing");
  }],
  // "протягом року": the plan's year when it has one; otherwise every year (of the plan, when known).
  [re(`${THROUGHOUT} року`), (_m, plan) => {
    if (plan === undefined) return { kind: "everyYear" };
    if (isFailure(plan)) return plan;
    return plan.from === plan.to
      ? interval(isoDate(plan.from, 1, 1), isoDate(plan.to, 12, 31))
      : { kind: "everyYear", from: isoDate(plan.from, 1, 1), to: isoDate(plan.to, 12, 31) };
  }],
  [
    re(String.raw`(?:${THROUGHOUT} |на |у |в )?(?:(?:всього|усього|весь) )?(?:(?:терміну|строку|періоду|термін|строк|період|час\p{L}*) )?(?:дії|реалізації|виконання) (?:програми|плану|стратегії)`),
    (m, plan) => planInterval(plan, g(m, 0)),
  ],
  [/^(?:починаючи |почин\. )?(?:з|із|від) (.+)$/u, (m, plan) =>
    readWith(SINCE_FORMS, g(m, 1), plan) ?? fail(`не розпізнано початок «${g(m, 1)}»`, `start not recognised: "${g(m, 1)}"`)],
];

const readWith = (forms: ReadonlyArray<Form>, text: string, plan: Plan): Period | Failure | undefined => {
  for (const [pattern, build] of forms) {
    const m = pattern.exec(text);
    if (m) return build(m, plan);
  }
  return undefined;
};

/** Recurrence and qualifiers found in a term, with the text that is left once they are taken out. */
type Qualifiers = {
  readonly every: ReadonlyArray<Every>;
  readonly due: Due | Failure | undefined;
  readonly months: Months | undefined;
  readonly ongoing: boolean;
  readonly onDemand: boolean;
  readonly separatePlan: boolean;
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
  let separatePlan = false;
  rest = rest.replace(SEPARATE_PLAN, () => {
    separatePlan = true;
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
  let cleaned = stripFiller(rest.replace(/\(\s*\)/g, " ").replace(/\s+/g, " "));
  // "щороку, вересень", "щороку, квітень – жовтень", "щороку, II квартал", "щороку, I півріччя": the months of each year.
  let months: Months | undefined;
  if (every.length === 1 && every[0] === "year" && due === undefined) {
    months = monthsOfYear(cleaned);
    if (months !== undefined) cleaned = "";
  }
  // "2026 рік, далі — щороку": the first year, then every year after it — from that year on.
  const thenOn = /^(\d{4}) ?,? ?далі ?-?$/u.exec(cleaned);
  if (every.length === 1 && thenOn !== null) cleaned = `з ${thenOn[1]}`;
  return { every, due, months, ongoing, onDemand, separatePlan, rest: cleaned };
};

type Months = { readonly from: number; readonly to: number };

/** A part of a year printed with no year of its own — a month, a run of months, a quarter or quarters, a half — as months. */
const monthsOfYear = (text: string): Months | undefined => {
  const ordered = (from: number, to: number): Months | undefined => (from >= 1 && from <= to && to <= 12 ? { from, to } : undefined);
  let m = re(MONTH).exec(text);
  if (m) return ordered(monthOf(g(m, 1)), monthOf(g(m, 1)));
  m = re(`(?:з |із )?${MONTH} ?(?:-|по|до) ?${MONTH}`).exec(text);
  if (m) return ordered(monthOf(g(m, 1)), monthOf(g(m, 2)));
  m = re(`${QUARTER} ?${QUARTER_WORD}`).exec(text);
  if (m) {
    const q = quarterOfNumeral(g(m, 1));
    return q === undefined ? undefined : ordered(q * 3 - 2, q * 3);
  }
  m = re(`${QUARTER} ?- ?${QUARTER} ?${QUARTER_WORD}`).exec(text);
  if (m) {
    const [a, b] = [quarterOfNumeral(g(m, 1)), quarterOfNumeral(g(m, 2))];
    return a === undefined || b === undefined ? undefined : ordered(a * 3 - 2, b * 3);
  }
  m = re(`${HALF} ?${HALF_WORD}`).exec(text);
  if (m) {
    const h = halfOf(g(m, 1));
    return h === undefined ? undefined : ordered(h * 6 - 5, h * 6);
  }
  return undefined;
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
    case "everyYear":
      return { ...(p.from === undefined ? {} : { from: p.from }), ...(p.to === undefined ? {} : { to: p.to }) };
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
    case "everyYear":
      return { kind: "recurring", text, every: "year", ...windowOf(p) };
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
    return { kind: "recurring", text, every, ...(q.due ? { due: q.due } : {}), ...(q.months ? { months: q.months } : {}), ...window };
  }
  if (q.onDemand) return { kind: "onDemand", text, ...window };
  if (period === undefined) {
    // "за окремим планом" names no time of its own: like "постійно", the measure is reported on every
    // quarter and never overdue, because its dates are in a document we do not have.
    return q.ongoing || q.separatePlan ? { kind: "openEnded", text } : unparsed(text, "порожній термін / empty term");
  }
  if (!q.ongoing) return plainTerm(text, period);
  switch (period.kind) {
    case "since":
      return { kind: "openEnded", text, from: period.from };
    case "interval":
    case "quarterRange":
    case "everyYear": {
      const w = windowOf(period);
      if (w?.from && w.to) return { kind: "interval", text, from: w.from, to: w.to, ongoing: true };
      // "постійно протягом року" with no plan known: constantly, year after year — nothing bounds it.
      return period.kind === "everyYear" ? { kind: "openEnded", text } : conflict("постійно");
    }
    case "deadline":
    case "milestones":
      return conflict(`постійно + ${period.kind}`);
    default: {
      const _: never = period;
      return _;
    }
  }
};

/**
 * Reads a printed term of execution. The result always keeps `text` exactly as given; a term that cannot be
 * read with certainty becomes `{ kind: "unparsed", text, reason }` rather than a guess.
 *
 * `context.period` is the plan's span in years. It is read only where the text names no year of its own,
 * and never overrides one that is printed:
 * - "I кв.", "III-IV кв.", "I півріччя", "березень", "травень-червень", "до 1 липня", "до кінця року" take
 *   the plan's year when the plan has exactly one; in a plan of several years (or with no context) there is
 *   no one year to choose, so they are `unparsed` with that reason;
 * - "протягом року" is that year in a one-year plan, `recurring` every year over the period in a longer one,
 *   and `recurring` every year without bounds with no context;
 * - "упродовж дії програми", "протягом терміну дії Програми" is the whole period; `unparsed` with no context;
 * - a recurrence or "за потреби" printed with no period of its own ("щокварталу") runs within the plan's
 *   period; with no context it stays unbounded, as before;
 * - "постійно" and "за окремим планом" stay `openEnded` without bounds: a period would give them an end, and
 *   with it an overdue date, that the text does not state.
 * A period that is not a pair of whole years with `from <= to` makes every term that needs it `unparsed`.
 *
 * @example
 * parseTerm("до 31.12.2021")          // { kind: "deadline", text, date: "2021-12-31", precision: "day" }
 * parseTerm("II-IV кв. 2019 року")     // { kind: "quarterRange", text, from: { year: 2019, quarter: 2 }, to: { year: 2019, quarter: 4 } }
 * parseTerm("щороку (до 10 січня)")    // { kind: "recurring", text, every: "year", due: { month: 1, day: 10 } }
 * parseTerm("щороку, вересень")        // { kind: "recurring", text, every: "year", months: { from: 9, to: 9 } }
 * parseTerm("2019-2026 роки постійно") // { kind: "interval", text, from: "2019-01-01", to: "2026-12-31", ongoing: true }
 * parseTerm("I кв.", { period: { from: 2025, to: 2025 } })        // { kind: "quarterRange", text, from: { year: 2025, quarter: 1 }, to: { year: 2025, quarter: 1 } }
 * parseTerm("протягом року", { period: { from: 2025, to: 2027 } }) // { kind: "recurring", text, every: "year", from: "2025-01-01", to: "2027-12-31" }
 * parseTerm("I кв.")                                              // { kind: "unparsed", text, reason: "не розпізнано «i кв.» без року: період плану невідомий / …" }
 */
export const parseTerm = (text: string, context?: TermContext): Term => {
  const plan = planOf(context);
  const q = takeQualifiers(normalize(text));
  const printed = q.rest === "" ? undefined : readWith(PERIOD_FORMS, q.rest, plan);
  if (q.rest !== "" && printed === undefined) {
    return unparsed(text, `не розпізнано «${q.rest}» / not recognised: "${q.rest}"`);
  }
  // A plan's measure that repeats or is done on demand does so within the plan, when the plan is known.
  const period = printed === undefined && plan !== undefined && (q.every.length > 0 || q.onDemand)
    ? planInterval(plan, q.rest)
    : printed;
  return isFailure(period) ? unparsed(text, period.reason) : combine(text, q, period);
};
