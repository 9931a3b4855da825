/**
 * @module The words administrations print in the headers of a measures table, and the shapes of the values
 * under them. Both the table reader (headers → columns) and the web-text reader (paragraphs → rows) ask
 * here, so a new synonym is added once.
 */
import { parseTerm } from "@planledger/domain";
import { squash } from "../text/clean.js";
import type { Field } from "./grid.js";

/** A header read as a field: `strength` 2 is a name only this field uses, 1 a word that usually means it. */
export interface HeaderMatch {
  readonly field: Field;
  readonly year?: number;
  readonly strength: 1 | 2;
}

const budgetCodeHeader = /код\p{L}*\s+(?:програмної|бюджетної|економічної|типової)\s+(?:програмної\s+)?класифікації|^(?:ктпквк|кпквк|кекв|кфкв)(?:мб)?(?!\p{L})/iu;

/**
 * True when a header names a column of budget classification codes («Код програмної класифікації видатків (КПКВК)»,
 * «КПКВК», «КЕКВ»): seven-digit codes that look like amounts but are no money.
 *
 * @example isBudgetCodeHeader("Код програмної класифікації видатків (КПКВК)") // true
 * @example isBudgetCodeHeader("Обсяг фінансування, тис. грн") // false
 */
export const isBudgetCodeHeader = (text: string): boolean => budgetCodeHeader.test(squash(text));

// Order matters: the first pattern that matches wins, so the specific comes before the general
// ("Найменування завдання" before "Найменування").
const headerPatterns: ReadonlyArray<{ readonly field: Field; readonly strength: 1 | 2; readonly pattern: RegExp }> = [
  { field: "label", strength: 2, pattern: /^(№|n|no\.?)\s*(з\/п|п\/п|з\.п\.?|пп)?\.?$/iu },
  { field: "label", strength: 1, pattern: /^(№|номер)(?!\p{L})/iu },
  // One column for both levels ("Найменування завдання, заходу", "Завдання та заходи", "Зміст завдань і заходів"):
  // the task rows are headings in it, so it is the measures' column.
  // The singular «захід» counts as «заходи» does: «Завдання (захід)» names the measure a task is carried out by.
  { field: "title", strength: 2, pattern: /(?:завдан|напрям)\p{L}*(?:\s+діяльності)?\s*(?:[,/(]|та|і|й|або)\s*(?:\p{L}+\s+)?зах[оі]д|зах[оі]д\p{L}*\s*(?:[,/(]|та|і|й|або)\s*(?:\p{L}+\s+)?(?:завдан|напрям)/iu },
  { field: "task", strength: 2, pattern: /(найменування|назва|зміст)\s+(завдан|напрям|пріоритет|ціл)|^завдання$|^(пріоритетні\s+)?напрям(и|ок)?(?!\p{L})/iu },
  { field: "title", strength: 2, pattern: /(найменування|назва|зміст|перелік)\s+(заход|дій)|^заходи?$|^захід$|^(назва|зміст)\s+заходу/iu },
  // A recovery plan lists projects as its measures: «Назва проєкту (заходу)», «Найменування проєкту» (also spelt «проект»).
  { field: "title", strength: 2, pattern: /^(найменування|назва)\s+проє?е?кт\p{L}*(?:\s*[(,/]\s*|\s+(?:та|і|або)\s+)?(?:заход\p{L}*)?\)?$/iu },
  { field: "executors", strength: 2, pattern: /виконав|відповідальн|головн\p{L}*\s+розпорядник|розпорядник\p{L}*\s+коштів|співвиконав/iu },
  // A plan written for residents names its columns as questions: «Що зробити», «Хто відповідає», «До коли», «Як зрозуміємо,
  // що зроблено».
  { field: "title", strength: 2, pattern: /^що\s+(?:(?:треба|потрібно|необхідно)\s+)?зробити(?!\p{L})/iu },
  { field: "executors", strength: 2, pattern: /^хто\s+(?:відповідає|виконує|робить|зробить)/iu },
  { field: "term", strength: 2, pattern: /^до\s+коли\s*\??$/iu },
  { field: "indicator", strength: 2, pattern: /^як\s+(?:зрозуміємо|дізнаємося|перевіримо|виміряємо)/iu },
  // A column tying each measure to another plan («Зв’язок з Планом Ukraine Facility (реформа, індикатор)») names that plan's
  // indicator, not the measure's.
  { field: "ignore", strength: 2, pattern: /^зв['’ʼ]?язок\s+(?:з|із|зі)\s+/iu },
  // «Строк окупності, років» (the years an energy measure pays back in) is no term of the plan.
  { field: "ignore", strength: 2, pattern: /^(?:строк|термін)\p{L}*\s+окупн/iu },
  { field: "term", strength: 2, pattern: /(строк|термін)\p{L}*\s*(виконання|реалізації|проведення)?|^строки?$|^терміни?$|період\s+виконання/iu },
  { field: "source", strength: 2, pattern: /джерел\p{L}*\s+фінансування|^джерела$/iu },
  // A budget classification code column («Код програмної класифікації видатків (КПКВК)», «КЕКВ») holds codes, not money.
  { field: "ignore", strength: 2, pattern: budgetCodeHeader },
  // The quantity and the unit price a cost is worked out from («Кількість», «Ціна за одиницю, тис. грн»): no money of the plan.
  { field: "ignore", strength: 2, pattern: /^кількість(?!\p{L})|^ціна\s+(?:за\s+)?одиниц|^вартість\s+одиниці/iu },
  // Money already spent before the plan («Освоєно станом на 01.01.2026, тис. грн», «Профінансовано у 2025 році») is no
  // money of the plan, though printed in the same unit beside it.
  { field: "ignore", strength: 2, pattern: /^(?:фактично\s+)?(?:освоєно|профінансовано|використано)(?!\p{L})|^залишок\s+(?:кошторисної\s+)?вартост/iu },
  {
    field: "total",
    strength: 1,
    // «Орієнтовна вартість», «Вартість заходу»: the cost with its unit in each cell («850 тис. грн», «1,2 млн грн»).
    pattern:
      /(обсяг|обсяги|вартість|потреба)\p{L}*\s.*(фінансуван|коштів|тис)|^(всього|усього|разом)(?!\p{L})|тис\.?\s*грн|^сума(?!\p{L})|^(?:(?:орієнтовн|прогнозн|загальн|кошторисн)\p{L}*\s+)*вартість(?:\s+(?:заходу|проє?е?кту|робіт))?$/iu,
  },
  {
    field: "indicator",
    strength: 2,
    // An indicator printed in columns: its name, «Одиниця виміру», «Цільове значення» (or «Базове значення»).
    pattern: /очікуван\p{L}*\s+результат|індикатор|показник|(найменування|значення)\s+показник|результативн|результат\s+виконання|очікуваний\s+ефект|^результати?$|^одиниц\p{L}*\s+виміру$|^(цільов|базов|планов|прогнозн)\p{L}*\s+значенн/iu,
  },
  // A calendar plan's place column («Місце проведення») is no field of the plan: set aside, not guessed from its content.
  // «Ризики реалізації» (what may keep a measure from being done) is no field of the plan either.
  { field: "ignore", strength: 1, pattern: /примітк|стан\s+виконання|інформація\s+про\s+виконання|^місце\s+(проведення|виконання)$|^ризик\p{L}*(?:\s+(?:реалізації|виконання))?$/iu },
  // Weaker words, tried only when none of the names above matched: a bare "Найменування" is usually the
  // measure, "Завдання програми" or "Мета" the task, "Роки виконання" the term.
  { field: "task", strength: 1, pattern: /^(пріоритетн\p{L}*\s+)?завдання(?!\p{L})|^(стратегічн|операційн)\p{L}*\s+ціл|^мета(?!\p{L})/iu },
  // A list of works names its objects («Найменування об’єкта, вид робіт»): each object's works are a measure.
  { field: "title", strength: 1, pattern: /^(найменування|назва|зміст)$|^заходи?(?!\p{L})|^дії$|^(найменування|назва)\s+об['’ʼ]?єкт/iu },
  // A calendar plan prints the date of each event as its term: «Дата проведення», «Дата, час проведення», «Дата і час».
  {
    field: "term",
    strength: 1,
    // «Час виконання» in a calendar plan of an evacuation: the hour counted from the alert («Ч+0.15»).
    pattern: /^(роки|рік|дата|період)\s+(виконання|реалізації)|^дата\s+виконання|^дата(?:\s*(?:,|і|та|й)\s*час)?(?:\s+проведення)?$|^час\s+(?:виконання|проведення)$/iu,
  },
];

// "2025", "2025 рік", "у 2025 році"; also with the unit after it ("2026 рік, тис. грн"), as a header of money by year prints.
// Also with what the year's figure is, in brackets: «2026 рік (план)», «2027 рік (прогноз)».
// An export prints «у т.ч. 2026 рік, грн»: the year of a total, with its unit.
const yearHeader =
  /^(?:(?:у|в)\s*т\.\s*ч\.\s*:?\s*|(?:у|в)\s+тому\s+числі\s*:?\s*)?(?:у\s+|в\s+)?((?:19|20)\d{2})(?:\s*(?:р\.?|рік|року|роки|році))?\.?(?:\s*\((?:план|прогноз|очікуване|оцінка|факт)\p{L}*\))?(?:\s*[,(]?\s*(?:тис\.?\s*|млн\.?\s*)?(?:грн|гривень)\.?\)?)?$/iu;

const estimateHeader = /кошторисн\p{L}*\s+вартіст/iu;

/**
 * True when a money header names the whole estimated cost of an object («Загальна кошторисна вартість, тис. грн»): the
 * plan's money when it is the only amount printed, but not beside a column of the plan's own financing.
 *
 * @example isEstimateHeader("Загальна кошторисна вартість, тис. грн") // true
 */
export const isEstimateHeader = (text: string): boolean => estimateHeader.test(squash(text));

// The words of a header, which a narrow column's header cuts short with a full stop («Найменув. заходу», «Відпов. викон.»,
// «Обсяг фінанс., тис. грн», «Очік. результат»): a cut word is read as the first of these it begins.
const headerWords = [
  "найменування", "відповідальні", "виконання", "виконавці", "співвиконавці", "фінансування", "очікуваний", "результат",
  "результативності", "джерела", "показника", "показник", "індикатор", "значення", "реалізації", "проведення", "заходу",
];

/**
 * A header's words cut short with a full stop, written out (`headerWords`); «тис.», «грн.» and other words stay as printed.
 *
 * @example unabbreviated("Відпов. викон.") // "Відповідальні виконання"
 */
export const unabbreviated = (text: string): string =>
  text.replace(/(?<!\p{L})(\p{L}{3,})\.(?=\s|,|$)/gu, (whole, cut: string) => {
    const low = cut.toLowerCase();
    const full = headerWords.find((w) => w.startsWith(low) && w.length > low.length + 1);
    return full === undefined ? whole : cut[0] === cut[0]?.toUpperCase() ? full[0]?.toUpperCase() + full.slice(1) : full;
  });

/**
 * The field a header cell names, or null. A bare year ("2025", "2025 рік") is a money column.
 *
 * @example matchHeader("Відповідальні за виконання") // { field: "executors", strength: 2 }
 * @example matchHeader("2026 р.") // { field: "year", year: 2026, strength: 2 }
 */
export const matchHeader = (text: string): HeaderMatch | null => {
  // A header word hyphenated by hand to fit a narrow column («Відпові- / дальні ви- / конавці», «фінан- сування») is one word.
  const t = unabbreviated(squash(text.replace(/[«»"“”]/g, "")).replace(/(\p{L})[-\u2010\u00ad]\s+(\p{Ll})/gu, "$1$2"));
  if (t === "") return null;
  const year = yearHeader.exec(t);
  if (year !== null) return { field: "year", year: Number(year[1]), strength: 2 };
  for (const p of headerPatterns) if (p.pattern.test(t)) return { field: p.field, strength: p.strength };
  return null;
};

/**
 * A column whose header is the year alone («Рік», «Роки», «Рік виконання», «Рік реалізації»): in a table whose money
 * columns are its funding sources, each row of a measure holds one year's amounts, the year in this column.
 *
 * @example isYearRowHeader("Рік") // true
 * @example isYearRowHeader("Строк виконання") // false
 */
export const isYearRowHeader = (header: string): boolean =>
  /^(?:рік|роки|рік\s+(?:виконання|реалізації|фінансування)|роки\s+(?:виконання|реалізації|фінансування))$/iu.test(squash(header));

/**
 * The one year a money column's header names («Обсяг фінансування у 2026 році, тис. грн», «Вартість на 2027 рік»), or
 * null when it names none or more than one («2026–2027 роки»): an annex kept one sheet per year prints one money column.
 *
 * @example yearNamedIn("Обсяг фінансування у 2026 році, тис. грн") // 2026
 * @example yearNamedIn("Обсяг фінансування на 2026–2027 роки") // null
 */
export const yearNamedIn = (header: string): number | null => {
  const t = squash(header);
  const all = t.match(/(?<!\d)(?:19|20)\d{2}(?!\d)/gu) ?? [];
  const m = /(?:^|\s)(?:у|в|на)\s+((?:19|20)\d{2})\s*(?:році|рік|р\.)/iu.exec(t);
  return m !== null && all.length === 1 ? Number(m[1]) : null;
};

// Where money comes from, as a header names it over (or under) an amount column: «бюджет громади», «інші джерела»,
// «державний бюджет», «кошти міжнародної технічної допомоги». A header about the money itself (its volume, the
// sources' column) is not one.
const fundingSourceWords = /бюджет|кошт(?:и|ів)?(?!\p{L})|джерел|позабюджетн|грант|інвестиц|спонсор|благодійн/iu;
const aboutMoney = /фінансуван|обсяг|вартіст|потреб|тис\.?\s*грн|^(?:всього|усього|разом)(?!\p{L})/iu;

/**
 * True when a header cell names a funding source: a column of money from that source, in a table whose money is
 * split by year and by source in its header (no «Джерела фінансування» column).
 *
 * @example isFundingSourceHeader("бюджет громади") // true
 * @example isFundingSourceHeader("Джерела фінансування") // false
 */
export const isFundingSourceHeader = (text: string): boolean => {
  const t = squash(text);
  return t.length <= 100 && fundingSourceWords.test(t) && !aboutMoney.test(t) && matchHeader(t) === null;
};

/**
 * The column-number row printed under a header: "1 2 3 4 …" in consecutive cells — the columns under a group sub-numbered
 * after the group's own number where the table numbers them so («6 | 6.1 | 6.2 | 6.3 | 7»).
 *
 * @example isColumnNumbering(["1", "2", "3", "3.2"]) // false: 3.2 before 3.1
 * @example isColumnNumbering(["1", "2", "3", "3.1", "3.2", "4"]) // true
 */
export const isColumnNumbering = (cells: ReadonlyArray<string>): boolean => {
  const filled = cells.map((c) => squash(c)).filter((c) => c !== "");
  if (filled.length < 3) return false;
  let whole = 0;
  let part = 0;
  for (const c of filled) {
    const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(c);
    if (m === null) return false;
    const n = Number(m[1]);
    if (m[2] === undefined) {
      if (n !== whole + 1) return false;
      whole = n;
      part = 0;
    } else {
      if (n !== whole || Number(m[2]) !== part + 1) return false;
      part += 1;
    }
  }
  return true;
};

/**
 * A page's continuation mark printed over the table's next part («Продовження додатка», «Продовження таблиці 2»,
 * «Закінчення додатка 1», «(продовження)»): no row of the plan.
 *
 * @example isContinuationMark("Продовження додатка") // true
 * @example isContinuationMark("Продовження роботи консультаційних пунктів") // false
 */
export const isContinuationMark = (text: string): boolean =>
  /^\(?\s*(?:продовження|закінчення)(?:\s+(?:додатка|додатку|таблиці|плану|програми|переліку))?(?:\s+(?:№\s*)?\d{1,2})?\s*\.?\s*\)?$/iu.test(squash(text));

/** What a value looks like, for placing a cell whose column is not known. */
export type ValueShape = "label" | "term" | "amount" | "executors" | "ditto" | "note" | "total" | "text" | "empty";

// A point inserted by an amendment keeps its place with a suffix: "8-1.", "8¹.", "12-2." (legal texts number so).
const inserted = String.raw`(?:-\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})`;
// A measure numbered under its Roman section («I.1.», «ІІ.3»): the first part Roman, the rest digits.
const first = String.raw`(?:\d{1,3}|[IVXLІУХ]{1,6}(?=\.\d))`;
const measureLabel = new RegExp(String.raw`^\s*(${first}(?:\.\d{1,3}){0,3}(?:${inserted}[.)]|[.)]?)|[бзБЗ][.)])\s*$`, "u");
const labelledText = /^\s*(\d{1,3}(?:\.\d{1,3}){0,3})[.)]\s+\S/u;

/**
 * A ditto mark: the cell repeats the one above it ("-“-", "-//-", "те саме", "так само").
 *
 * @example isDitto("-“-") // true
 */
export const isDitto = (text: string): boolean => /^\s*(?:[-–—]\s*["“”„″'»«]{1,2}\s*[-–—]|[-–—]\s*\/\/\s*[-–—]|["“”„″]{1,2}|те\s+саме|так\s+само|теж)\s*\.?\s*$/iu.test(text);

/**
 * An editors' note inserted into a legal text: "{Пункт 3 в редакції Розпорядження … № 12 від …}".
 *
 * @example isEditorsNote("{Пункт 3 виключено на підставі Розпорядження № 5}") // true
 */
export const isEditorsNote = (text: string): boolean => /^\s*\{[\s\S]*\}\s*$/u.test(text);

/** Removes editors' notes from inside a cell's text; the rest of the cell stays. */
export const stripEditorsNotes = (text: string): string => text.replace(/\{[^{}]*(?:редакці|виключен|доповнен|змін|із змінами|згідно)[^{}]*\}/giu, " ").trim();

// «Директорат …» is how a ministry's units are named since its reform («Директорат медичних послуг»), as «Департамент …» is;
// a ministry's plan names its institutes and academies too («Український інститут розвитку освіти», «Національна академія
// педагогічних наук України (за згодою)»).
const agencyWords =
  /(управлін|департамент|директорат|відділ|служб|адміністрац|рада(?!\p{L})|ради(?!\p{L})|центр|міністерств|агентств|інспекц|поліці|комітет|фонд|заклад|установ|громад|виконавч|інститут|академі[яї]|університет|облдерж|райдерж|ОДА|РДА|ЦНАП|ДСНС|ГУНП|(за\s+згодою))/iu;

// The short names central bodies go by in a Cabinet plan: "Мінсоцполітики", "Мін'юст", "Нацсоцслужба",
// "Держстат", and the abbreviations every official knows ("МВС", "МКІП") — one such name (or a few,
// comma-separated) is a cell of executors. Any capitalised abbreviation counts only where a cell cannot be a
// header (a web copy's body, read after its header): "ПІБ", "КПКВК" head columns.
const namedShort = String.raw`Мін[\p{Ll}'’ʼ]{2,}|(?:Нац|Держ|Укр)[\p{Ll}'’ʼ]{3,}|МВС|МОН|МОЗ|МЗС|МКІП|МСП|ДСНС|СБУ|ДМС|ДПС|НСЗУ|ПФУ|НАЗК|ОДА|РДА|ОВА|РВА|ЦНАП|ГУНП`;
const shortNames = (short: string): RegExp =>
  new RegExp(String.raw`^(?:${short})(?:\s*\(за\s+згодою\))?(?:\s*[,;]\s*(?:${short})(?:\s*\(за\s+згодою\))?)*$`, "u");
const knownShortNames = shortNames(namedShort);
const anyShortNames = shortNames(String.raw`${namedShort}|[А-ЯІЇЄҐ]{2,6}`);

/**
 * True when the text is nothing but the short names of bodies; `anyAbbreviation` takes any capitalised
 * abbreviation for one.
 *
 * @example isAgencyShortName("Мінсоцполітики, МВС") // true
 */
export const isAgencyShortName = (text: string, anyAbbreviation = false): boolean => (anyAbbreviation ? anyShortNames : knownShortNames).test(squash(text));

// A year-less form ("I кв.", "протягом року") is a term too: it reads once a plan's year is known.
const ANY_YEAR = { period: { from: 2001, to: 2001 } } as const;

/**
 * True when the text reads as a term, with or without the plan's year.
 *
 * @example isTermText("II кв.") // true
 */
export const isTermText = (text: string): boolean => parseTerm(text).kind !== "unparsed" || parseTerm(text, ANY_YEAR).kind !== "unparsed";

// Terms counted from an event rather than a date, which the term parser keeps as text: «до кінця воєнного стану»,
// «протягом шести місяців після припинення або скасування воєнного стану», «у тримісячний строк після …».
const relativeTerm = new RegExp(
  [
    String.raw`^(?:протягом|впродовж|упродовж|не\s+пізніше\s+ніж\s+через)\s+(?:\p{L}+\s+)?(?:дн|тиж|місяц|рок|кварт)\p{L}*(?:\s+(?:після|з\s+дня|з\s+моменту|від\s+дня|від)\s.+)?$`,
    String.raw`^(?:у|в)\s+(?:\p{L}+\s+)?(?:денний|тижневий|місячний|двомісячний|тримісячний|шестимісячний|річний)\s+строк(?:\s.+)?$`,
    String.raw`^(?:до|після)\s+(?:кінця|завершення|закінчення|припинення|скасування)(?:\s+(?:або|чи)\s+(?:припинення|скасування))?\s+(?:дії\s+)?(?:воєнного|надзвичайного)\s+стану(?:\s.+)?$`,
    // A commemorative day as the term: «до Дня захисників і захисниць України (1 жовтня)», «напередодні Дня пам’яті …»,
    // «14 березня — День українського добровольця», «щодня о 9 годині; …».
    String.raw`^(?:до|напередодні|у|в|з\s+нагоди)\s+Дн(?:я|і|ю)\s+\p{Lu}.*$`,
    String.raw`^\d{1,2}\s+(?:січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня)\s+[—–-]\s+Ден[ьі]\s.*$`,
    String.raw`^щодня(?!\p{L}).*$`,
  ].join("|"),
  "iu",
);

/**
 * True when the text is a term counted from an event (the end of martial law, an order's adoption) — kept as text by
 * the term parser, but shaped as a term where a row is rebuilt from its cells.
 *
 * @example isRelativeTerm("до кінця воєнного стану") // true
 * @example isRelativeTerm("протягом року проведено 5 заходів") // false
 */
export const isRelativeTerm = (text: string): boolean => relativeTerm.test(squash(text));

/**
 * A measure's title opens with what is to be done: a verb ("Провести", "Забезпечити") or a noun of action
 * ("Проведення", "Створення") — never how a list of bodies opens, even when it names one ("…громади").
 *
 * @example opensLikeAMeasure("Провести огляд-конкурс колективів громади") // true
 * @example opensLikeAMeasure("Управління соціального захисту населення") // false
 */
export const opensLikeAMeasure = (text: string): boolean => {
  const first = (/^\p{L}[\p{L}'’ʼ-]*/u.exec(text.trim())?.[0] ?? "").toLowerCase();
  if (/(?:ти|тися|тись)$/u.test(first)) return true;
  return /(?:ння|ття)$/u.test(first) && !/^(управління|об['’ʼ]?єднання|товариство)$/u.test(first);
};

// A legal form's abbreviation before a quoted name: «ДП «…»», «КП «…»», «ТОВ «…»», «ПрАТ «…»».
const legalFormName = /^(?:\p{Lu}{2,5}|ПрАТ|ТзОВ)\s*[«"“]/u;

/**
 * The shape of a cell's text, from its content alone.
 *
 * @example shapeOf("II кв. 2025 р.") // "term"
 * @example shapeOf("1 250,5") // "amount"
 */
export const shapeOf = (text: string): ValueShape => {
  const t = squash(text);
  if (t === "") return "empty";
  if (isDitto(t)) return "ditto";
  if (isEditorsNote(t)) return "note";
  if (/^(всього|усього|разом)(?!\p{L})/iu.test(t)) return "total";
  if (measureLabel.test(t)) return "label";
  if (/^[-–—хxХX]$/u.test(t) || /^-?\d{1,3}(?:[\s\u00a0]?\d{3})*(?:[.,]\d+)?$/.test(t)) return "amount";
  if (t.length <= 80 && isTermText(t)) return "term";
  if (t.length <= 120 && isRelativeTerm(t)) return "term";
  if (agencyWords.test(t) && t.length <= 400 && !labelledText.test(t) && !opensLikeAMeasure(t)) return "executors";
  if (isAgencyShortName(t)) return "executors";
  // A legal form's abbreviation before a quoted name names a body: «ДП «Ліси України»», «КП «Долинабудсервіс»», «ТОВ «…»».
  if (legalFormName.test(t) && t.length <= 200) return "executors";
  return "text";
};

const leading = new RegExp(String.raw`^\s*((\d{1,3}(?:\.\d{1,3}){0,3})(?:${inserted}[.)]|[.)]?)|[бзБЗ][.)])(?:\s+|$)`, "u");

/**
 * The printed label at the start of a cell ("1)", "2.", "1.1", "1.1."), and the text after it.
 *
 * @example leadingLabel("1.2. Забезпечити …") // { label: "1.2.", rest: "Забезпечити …", depth: 2 }
 */
export const leadingLabel = (text: string): { label: string; rest: string; depth: number } | null => {
  const m = leading.exec(text);
  if (m === null) return null;
  const label = (m[1] ?? "").trim();
  const core = m[2] ?? label;
  return { label, rest: text.slice(m[0].length).trim(), depth: core.split(".").filter((p) => p !== "").length };
};

/**
 * A section heading: "I. Назва", "Розділ 2. Назва", "1. Назва" when spanning the row.
 *
 * @example sectionHeading("ІІ. Кадрове забезпечення") // { label: "ІІ.", title: "Кадрове забезпечення" }
 */
export const sectionHeading = (text: string): { label: string; title: string } | null => {
  const t = squash(text);
  // Not a measure numbered under its section («I.1. …»).
  const roman = /^([IVXLІУХ]{1,6})\.(?!\d)\s*(\S.*)$/u.exec(t);
  if (roman !== null) return { label: `${roman[1]}.`, title: roman[2] ?? "" };
  // A strategy's goals are its sections: "Стратегічна ціль 2. …" over the tasks "1. …" and measures "1) …".
  const named = /^(?:розділ|напрям(?:ок)?|пріоритет|(?:стратегічн\p{L}*\s+)?ціль)\s+([\dIVXLІУХ]{1,6})\.?\s*[:.–—-]?\s*(\S.*)$/iu.exec(t);
  if (named !== null) return { label: `${named[1]}.`, title: named[2] ?? "" };
  return null;
};

/**
 * Words that only sit in a header row without naming a field: "у тому числі за роками", "в т. ч.".
 *
 * @example isHeaderPhrase("у тому числі за роками") // true
 */
export const isHeaderPhrase = (text: string): boolean =>
  /^(?:у|в)\s+(?:тому\s+числі|т\.\s*ч\.?)|^за\s+роками|^зокрема|^(?:у\s+)?тому\s+числі|^(?:станом\s+)?на\s+\d{1,2}\.\d{1,2}\.\d{4}(?:\s*(?:р\.?|року))?$/iu.test(squash(text));

/**
 * The editors' notes inside a cell, each as printed, and the text without them.
 *
 * @example editorsNotes("Провести форум {Пункт 3 в редакції Розпорядження № 12}") // { notes: ["{Пункт 3 в редакції Розпорядження № 12}"], rest: "Провести форум" }
 */
export const editorsNotes = (text: string): { notes: string[]; rest: string } => {
  if (isEditorsNote(text)) return { notes: [text.trim()], rest: "" };
  const notes = [...text.matchAll(/\{[^{}]*(?:редакці|виключен|доповнен|змін|згідно)[^{}]*\}/giu)].map((m) => m[0]);
  return notes.length === 0 ? { notes, rest: text } : { notes, rest: stripEditorsNotes(text) };
};

const printed = new RegExp(String.raw`^\s*((${first}(?:\.\d{1,3}){0,3})(?:${inserted})?([.)])|(${first}(?:\.\d{1,3}){1,3})|([бзБЗ])\))(?=\s|$)`, "u");

/**
 * A strict measure or heading label at the start of a cell: "1)", "2.", "1.1", "1.1.1." — a bare number
 * followed by a space is not one ("20 свят …" starts with an amount, not a label).
 *
 * @example printedLabel("1.2. Забезпечити …") // { label: "1.2.", rest: "Забезпечити …", depth: 2, closing: "." }
 */
export const printedLabel = (text: string): { label: string; rest: string; depth: number; closing: "." | ")" | "" } | null => {
  const m = printed.exec(text);
  if (m === null) return null;
  const core = m[2] ?? m[4] ?? "6";
  const closing = (m[3] ?? (m[5] !== undefined ? ")" : "")) as "." | ")" | "";
  return { label: (m[1] ?? "").trim(), rest: text.slice(m[0].length).trim(), depth: core.split(".").filter((p) => p !== "").length, closing };
};

/**
 * A mark in a year's cell of a term printed as year columns («Строк виконання» over «2026», «2027», «2028»): «+», «✓»,
 * «так» — the measure is done in that year.
 *
 * @example isYearMark("+") // true
 * @example isYearMark("IV квартал") // false
 */
export const isYearMark = (text: string): boolean => /^\s*(?:\+|✓|✔|☑|•|●|так)\s*$/iu.test(text);

/** A row that states a total of money rather than a measure: "Всього", "Усього за програмою", "Разом". */
/**
 * A cell printed in two languages, Ukrainian with its English under it in the same cell («Захід» / «Activity», «2026
 * рік» / «2026»), as plans kept with international partners print their headers: the Ukrainian lines. A line with no
 * Cyrillic goes when it has Latin letters or only repeats a number the Ukrainian lines print; a cell with no Ukrainian
 * line is kept as printed.
 *
 * @example withoutTranslation("Строк виконання\nTimeline") // "Строк виконання"
 * @example withoutTranslation("2026 рік\n2026") // "2026 рік"
 * @example withoutTranslation("Обсяг фінансування,\nтис. грн") // "Обсяг фінансування,\nтис. грн"
 */
export const withoutTranslation = (text: string): string => {
  const lines = text.split("\n");
  const cyrillic = (l: string): boolean => /\p{Script=Cyrillic}/u.test(l);
  if (lines.length < 2 || !cyrillic(lines[0] ?? "")) return text;
  const numbers = new Set(lines.filter(cyrillic).flatMap((l) => l.match(/\d+/g) ?? []));
  const translation = (l: string): boolean =>
    !cyrillic(l) && (/\p{Script=Latin}/u.test(l) || ((l.match(/\d+/g) ?? []).length > 0 && (l.match(/\d+/g) ?? []).every((n) => numbers.has(n)) && !/[^\d\s.,–-]/u.test(l)));
  const kept = lines.filter((l) => !translation(l));
  return kept.length === lines.length ? text : kept.join("\n");
};

export const isTotalLabel = (text: string): boolean => /^\s*(всього|усього|разом)(?!\p{L})/iu.test(text);

/**
 * A position that opens a signature line: "Начальник управління …", "т.в.о. директора …", also after the
 * adjective a council's head carries ("Селищний голова", "Міський голова", "Сільський голова").
 */
export const positions =
  /^(?:\p{L}+(?:ий|ій)\s+)?(?:т\.?\s*в\.?\s*о\.?|в\.?\s*о\.?|перш\p{L}*\s+заступник|заступник|директор|начальник|голова|керівник|керуюч\p{L}*|секретар|завідувач|головн\p{L}*\s+бухгалтер)(?!\p{L})/iu;
/** "(підпис)", "М.П.": the marks of a signature block. */
export const signed = /\(підпис\)|^підпис$|^м\.\s*п\.?$/iu;
// "Олена КОВАЛЬ", "О. Коваль", "О.П. Коваль", "Коваль О.П.", or a position line that ends with the name.
export const personName =
  /(?:^|\s)(?:[А-ЯІЇЄҐ][а-яіїєґ'’]+\s+[А-ЯІЇЄҐ'’-]{2,}|[А-ЯІЇЄҐ]\.\s?(?:[А-ЯІЇЄҐ]\.\s?)?[А-ЯІЇЄҐ][а-яіїєґ'’]+|[А-ЯІЇЄҐ][а-яіїєґ'’]+\s+[А-ЯІЇЄҐ]\.\s?[А-ЯІЇЄҐ]\.?)$/u;

/**
 * A staff position that signs a plan it drafted («Головний спеціаліст з питань … Микола ДАНИЛЮК»), only with the name on
 * the same line: alone, such a position is an executor (and a web copy's table does not end at it).
 */
const staff = /^(?:\p{L}+(?:ий|ій)\s+)?(?:спеціаліст|фахівець|інспектор)(?!\p{L})/iu;

/**
 * A signature line below a table: a position and the person's name on one line ("Начальник управління …
 * Наталія ПРИХОДЬКО", "Головний бухгалтер Лариса ЗАЇКА"). A lone position is not one: it may be an executor.
 *
 * @example isSignatureLine("Головний бухгалтер Лариса ЗАЇКА") // true
 * @example isSignatureLine("Головний спеціаліст з питань запобігання корупції Микола ДАНИЛЮК") // true
 */
export const isSignatureLine = (text: string): boolean => {
  const t = squash(text);
  return t.length <= 250 && (signed.test(t) || ((positions.test(t) || staff.test(t)) && personName.test(t)));
};
