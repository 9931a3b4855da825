/**
 * @module Executors (виконавці) read from a printed cell: organisations, each with its "(за згодою)" flag,
 * and groups such as "департаменти облдержадміністрації: освіти і науки, охорони здоров'я" spread into one
 * executor per department.
 */
import type { Executor } from "@planledger/domain";
import { squash } from "../text/clean.js";

interface Segment {
  readonly text: string;
  /** The separator printed before this segment. */
  readonly sep: "start" | "," | ";" | "." | "\n";
}

/**
 * The result of reading one executors cell; `strayConsent` marks a "(за згодою)" with no organisation before it;
 * `persons` the officials named in brackets after a body or position («Відділ освіти (Коваленко О.М.)»), each
 * with the executor it was printed beside.
 */
export interface ExecutorsRead {
  readonly executors: ReadonlyArray<Executor>;
  readonly strayConsent: boolean;
  readonly persons: ReadonlyArray<{ readonly executor: string; readonly person: string }>;
  /** Remarks printed in brackets after a name that name no body («(у межах бюджетних призначень)»), with their executor. */
  readonly remarks: ReadonlyArray<{ readonly executor: string; readonly remark: string }>;
}

// First words that open the name of a body; a segment starting otherwise continues the previous name
// ("…центр соціальних служб для сім'ї, дітей та молоді" is one body, not two).
const bodyWords = new Set([
  "департамент", "департаменти", "управління", "служба", "служби", "відділ", "відділи", "центр", "центри",
  "обласний", "обласна", "обласне", "обласні", "районний", "районна", "районні", "міський", "міська", "міські",
  "селищна", "селищні", "сільська", "сільські", "органи", "орган", "райдержадміністрації", "райдержадміністрація",
  "облдержадміністрація", "об'єднані", "об’єднані", "територіальні", "заклади", "установи", "неурядові",
  "громадські", "громадська", "керівник", "члени", "структурні", "виконавчі", "навчальні", "заклад", "установа",
  "старости", "староста", "головні", "головний", "головне", "розпорядники", "розпорядник", "сектор", "сектори",
  "редакція",
  // «Виконавчий апарат районної ради», «Виконавчий комітет …», «Апарат облдержадміністрації»: genitives «виконавчого», «апарату».
  "виконавчий", "виконавча", "апарат",
]);

// Positions (посади) a hromada's plan names as its executors, printed in lower case as a sentence goes on:
// "начальник відділу …", "директор КП …", "головний спеціаліст – інспектор …". Such a word opens another
// executor after a comma or a paragraph, never inside a name ("заступник селищного голови" keeps "голови").
const positionWords = new Set([
  "начальник", "начальники", "директор", "директори", "заступник", "заступники", "керівник", "керівники",
  "завідувач", "завідувачі", "керуючий", "керуюча", "секретар", "спеціаліст", "спеціалісти", "інспектор",
  "інспектори", "уповноважений", "уповноважена", "уповноважені", "старости", "староста",
  // «голови територіальних громад району (за згодою)» on a paragraph of its own; inside a name («заступник селищного
  // голови») the word never opens a segment.
  "голова", "голови",
  // The same positions abbreviated, as a raion administration's plan prints them: «нач. відділу …», «заст. начальника РВА»,
  // «в.о. нач. …», «дир. КНП «…»», «кер. апарату», «гол. спеціаліст …».
  "нач.", "заст.", "в.о.", "т.в.о.", "дир.", "кер.", "зав.", "гол.",
]);

// Words that name people in office, who are executors as often as bodies are ("Керівники закладів освіти",
// "Класні керівники", "Практичні психологи закладів освіти").
const officeWords = new Set([
  "керівники", "заступник", "заступники", "директор", "директори", "начальник", "начальники", "голова", "голови",
  "класні", "практичні", "соціальні", "педагогічні", "медичні", "фахівці", "працівники", "посадові", "уповноважені",
  "комунальний", "комунальна", "комунальне", "комунальні", "державний", "державна", "державне", "державні",
  "національна", "національний", "регіональний", "регіональна", "військові", "територіальний", "територіальна",
  "громадське", "громадські", "товариство", "асоціація", "фонд", "рада", "адміністрація", "підприємство",
]);

/**
 * A word that opens the name of a body or office, capitalised as a paragraph of an executors cell starts:
 * "Управління …", "Керівники …", "Громадська організація …", a place adjective in the nominative
 * ("Білоцерківський міський центр …"). A form that only continues a name ("Білоцерківської", "Головного",
 * "України") does not.
 *
 * @example opensBodyName("Заступники") // true
 * @example opensBodyName("Білоцерківської") // false
 */
export const opensBodyName = (word: string): boolean => {
  if (!/^\p{Lu}\p{Ll}/u.test(word)) return false;
  const w = word.toLowerCase().replace(/[:,;.]$/, "");
  return bodyWords.has(w) || officeWords.has(w) || /(?:[сцз]ьк)(?:ий|а|е|і)$/u.test(w);
};

// A text that ends on one of these leaves its phrase open: "Національної поліції в" / "Київській області".
const openEnd = /(?:^|\s)(?:в|у|з|із|зі|та|і|й|до|для|на|при|щодо|від|за|по|а|або|чи|міст|м\.)$/iu;

/**
 * Whether `next` starts another body after `before` when the line break between them is all that separates
 * them (a PDF keeps lines, not paragraphs): `next` opens the name of a body or office and `before` leaves
 * nothing open — no separator, preposition or conjunction at its end, no unclosed quote or bracket.
 *
 * @example opensNextBody("Керівники закладів освіти", "Заступники директорів") // true
 * @example opensNextBody("Служба у справах дітей", "Білоцерківської міської ради") // false
 */
export const opensNextBody = (before: string, next: string): boolean => {
  const b = before.trim();
  if (b === "" || /[,;:«("“-]$/u.test(b) || openEnd.test(b)) return false;
  const open = (a: string, c: string): boolean => b.split(a).length > b.split(c).length;
  if (open("«", "»") || open("(", ")") || open("“", "”")) return false;
  const first = next.trim().split(/\s/)[0] ?? "";
  // A lower-case head after an adjective is that adjective's noun («Новопсковський районний» / «центр …»).
  // «КНП «…»», «ТОВ «…»», «ДУ «…»»: a legal form's abbreviation before a quoted name opens a body — after a line that
  // ends in a word in lower case (or a closed quote or bracket), not after an abbreviation it may go on from («ЛОВ МБО» / «БФ «…»»).
  // A name ending in its number («Кам’янобрідський ліцей № 1») is closed as well.
  // Not after a part of a body whose name goes on with the body it belongs to («Горбівське відділення» / «КНП «…»»).
  const partOf = /(?:^|\s)(?:відділення|філія|філії|підрозділ|представництво|осередок)$/iu.test(b);
  // So is a term ending in its year («жовтень – грудень 2026 р.»), printed above the bodies in one cell.
  const legalForm = /^\p{Lu}{2,5}\s*[«"“]/u.test(next.trim()) && (/[\p{Ll}»)”]$/u.test(b) || /№\s*\d+$/u.test(b) || /\d{4}\s*р(?:оку|\.)$/u.test(b)) && !partOf;
  // «(за згодою)» closes the name it follows: a capital after it opens the next body, whatever its first word
  // («… у Львівській області (за згодою)» / «Басейнове управління водних ресурсів …»).
  const afterConsent = /\(\s*за\s+згодою\s*\)$/iu.test(b) && /^[\p{Lu}«"“]/u.test(next.trim());
  // A capitalised adjective in the nominative before the noun that heads a body: «Басейнове управління водних ресурсів …».
  const second = (next.trim().split(/\s+/)[1] ?? "").replace(/[:,;.]$/, "");
  const namedHead = /^\p{Lu}/u.test(first) && adjective.test(first) && /(?:ий|ій|а|е|і)$/u.test(first) && headNouns.test(second);
  // A body known by abbreviations, after a line that ends in a word in lower case: «… облдержадміністрації» / «ГУ ДСНС у …».
  const abbreviated = /^\p{Lu}{2,6}\s+\p{Lu}{2,}/u.test(next.trim()) && /\p{Ll}$/u.test(b);
  return opensBodyName(first) || legalForm || afterConsent || namedHead || abbreviated || (lowerOpeners.has(first.replace(/[:,;.]$/, "")) && !endsInAdjective(b));
};

// Lower-case words that open a body or an office and can only be its nominative head — never a complement of
// the line above, which would be in the genitive («органів», «начальника», «департаменту»): an executors
// cell printed in lower case one body a paragraph («… військова адміністрація» / «органи місцевого
// самоврядування (за згодою)»). Forms shared with the genitive («управління», «служби», «старости») are left out.
const lowerOpeners = new Set([
  "органи", "департамент", "відділ", "сектор", "центр", "заклади", "структурні", "територіальні", "виконавчі",
  "районні", "обласні", "міські", "сільські", "селищні", "громадські", "начальник", "директор", "заступник",
  "керівники", "керівник", "завідувач", "спеціаліст", "головний", "провідний", "інспектор", "секретар", "уповноважені",
  // A newspaper's editorial office («редакція газети «Соснівські вісті» (за згодою)»); its genitive is «редакції».
  "редакція",
]);

// Nouns that head the name of a body: "головні розпорядники коштів", "місцеві органи влади" open a body
// even in lower case, when one adjective comes before the noun.
const headNouns =
  /^(?:департамент\p{L}*|управління|служб[аи]|відділ[иу]?|центр[иу]?|орган[иу]?|заклад[иу]?|установ[аи]|розпорядник[иу]?|адміністрація|комісі[яї]|інспекці[яї]|ради|рада|підприємства?|організаці[яї]|громад[аи])$/iu;
// Plural nouns naming those who do something, in the nominative: «перевізники», «власники», «роботодавці».
const agentPlural = /^\p{Ll}{3,}(?:ники|ачі|вці)$/u;
// An adjective by its ending, in the forms a body's name takes: "обласні", "Київська", "Звенигородської", "міських".
const adjective = /(?:[сцз]ьк|[^аеєиіїоуюяь'’\s]н|ов|ев|єв)(?:ий|ій|а|е|і|ої|ого|их)$/iu;
// A name that ends in an adjective has not reached its noun yet: "Виконавчі органи Звенигородської,
// Катеринопільської … громад", "обласні, Київська міська військові адміністрації" — adjectives sharing one
// noun printed after the last of them.
const endsInAdjective = (name: string): boolean => adjective.test(name.replace(consentPattern, "").trim().split(/\s+/).pop() ?? "");

// Plural heads of a group and the singular each member takes.
const groupHeads: Readonly<Record<string, string>> = {
  департаменти: "Департамент",
  управління: "Управління",
  служби: "Служба",
  відділи: "Відділ",
  центри: "Центр",
};

const adjectivesOnly = /^[\p{L}'’-]+(?:ий|ій|а|е|і)\s+(?:та|і|й)\s+[\p{L}'’-]+(?:ий|ій|а|е|і)$/iu;

const consentPattern = /\(\s*за\s+згодою\s*\)/giu;

// Another person next: whitespace, then a surname and initials («… Гуменюк Т.В.»).
const personAhead = /^\s+\p{Lu}[\p{Ll}'’ʼ]+(?:-\p{Lu}[\p{Ll}'’ʼ]+)?\s+\p{Lu}\.\s?\p{Lu}\./u;

const splitTopLevel = (text: string): Segment[] => {
  const out: Segment[] = [];
  let depthQuote = 0;
  let depthParen = 0;
  let current = "";
  let sep: Segment["sep"] = "start";
  const push = (next: Segment["sep"]) => {
    if (current.trim() !== "") out.push({ text: current.trim(), sep });
    current = "";
    sep = next;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (ch === "«") depthQuote++;
    // Nested quotes are often closed once ("КУ «Центр «Відродження»"), so a closing mark closes them all.
    else if (ch === "»") depthQuote = 0;
    else if (ch === "(") depthParen++;
    else if (ch === ")") depthParen = Math.max(0, depthParen - 1);
    const top = depthQuote === 0 && depthParen === 0;
    if (top && (ch === "," || ch === ";" || ch === "\n")) {
      push(ch);
      continue;
    }
    // "райдержадміністрації. Новопсковський …": a full stop before a capital also ends a body.
    // After an initial the full stop is the person's name's («Бойко Л.М.»): it ends the executor only before another
    // person («Романюк С.І. Гуменюк Т.В.», a PDF's lines run together), and stays with the name.
    const afterInitial = /(?:^|[\s.])\p{Lu}$/u.test(current);
    if (top && ch === "." && afterInitial && personAhead.test(text.slice(i + 1))) {
      current += ch;
      push(".");
      continue;
    }
    // Nor after an abbreviation that goes on into the name («дир. КНП «…»», «нач. Сухоярського РУ …», «вул. Шевченка»).
    const abbreviated = /(?:^|[\s.])(?:нач|заст|в\.о|дир|кер|зав|гол|спец|пров|вул|просп|обл|ім)$/iu.test(current);
    if (top && ch === "." && /^\s+[А-ЯІЇЄҐA-Z«]/u.test(text.slice(i + 1)) && !/(^|\s)\p{L}$/u.test(current) && !afterInitial && !abbreviated) {
      push(".");
      continue;
    }
    current += ch;
  }
  push("start");
  return out;
};

const opensBody = (text: string): boolean => {
  const t = text.replace(consentPattern, "").trim();
  if (t === "") return false;
  if (/^[«"А-ЯІЇЄҐA-Z]/u.test(t)) return true;
  // A unit known by its number: «14 державна пожежно-рятувальна частина», «3 окремий батальйон».
  if (/^\d{1,4}(?:-?(?:й|а|ий|ша|га|тя))?\s+\p{Ll}/u.test(t)) return true;
  const words = t.split(/\s+/);
  const first = (words[0] ?? "").toLowerCase().replace(/[:,]$/, "");
  const second = (words[1] ?? "").toLowerCase().replace(/[:,]$/, "");
  if (bodyWords.has(first) || positionWords.has(first)) return true;
  // Those who act, named by a plural agent noun in the nominative heading the segment («балансоутримувачі захисних
  // споруд», «власники закладів …»); the genitive («балансоутримувачів») goes on from the name before it.
  if (agentPlural.test(first)) return true;
  // "головний спеціаліст …", "провідний інспектор …": a rank before the position.
  if (/(?:ий|а|і)$/u.test(first) && positionWords.has(second)) return true;
  const head = (words[1] ?? "").replace(/[:,]$/, "");
  // A plural agent noun in the nominative («автомобільні перевізники», «сільськогосподарські виробники») heads a body
  // of its own: its genitive would be «перевізників».
  return (adjective.test(first) || /ьн(?:ий|а|е|і)$/u.test(first)) && (headNouns.test(head) || agentPlural.test(head));
};

/**
 * The mark a footnote explains as «за згодою»: «* За згодою.», «** за згодою», «* Залучаються за згодою»; null for any
 * other line. Plans mark the bodies that act by consent so and explain the mark once under the table.
 *
 * @example consentFootnote("* За згодою.") // "*"
 */
export const consentFootnote = (text: string): string | null =>
  /^\s*(\*{1,3}|¹|\(\*\))\s*[-–—]?\s*(?:[^.*]{0,80}\s)?за\s+(?:їх\s+|їхньою\s+)?згодою\s*\.?\s*$/iu.exec(text)?.[1] ?? null;

/**
 * An executors cell with the consent mark after names turned into «(за згодою)», as if printed so:
 * "Громадська організація «Пласт»*" → "Громадська організація «Пласт» (за згодою)". A longer run of stars
 * («**», another footnote) is left alone.
 *
 * @example withConsentMarks("Відділ освіти\nГО «Пласт»*", "*") // "Відділ освіти\nГО «Пласт» (за згодою)"
 */
export const withConsentMarks = (text: string, mark: string): string => {
  const escaped = mark.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`([^\\s*])\\s?${escaped}(?![*])(?=\\s|[,;.]|$)`, "gu"), "$1 (за згодою)");
};

/**
 * A cell that marks a body by consent with «, за згодою» after its name — at the end of the name's paragraph (or line),
 * before «;», or at the end of the cell — written as if printed «(за згодою)»: «ТОВ «Агрофірма», за згодою» reads as
 * «ТОВ «Агрофірма» (за згодою)». The words inside a sentence («діють, за згодою сторін») are left alone.
 *
 * So is «за згодою» without brackets on a paragraph of its own under the name («ТОВ «Агро»» / «за згодою»).
 *
 * @example commaConsentAsBracket("Відділ освіти\nТОВ «Агро», за згодою") // "Відділ освіти\nТОВ «Агро» (за згодою)"
 * @example commaConsentAsBracket("ТОВ «Агро»\nза згодою\nВідділ освіти") // "ТОВ «Агро» (за згодою)\nВідділ освіти"
 */
export const commaConsentAsBracket = (text: string): string =>
  text
    .replace(/\s*,\s*за\s+згодою\s*\.?(?=\s*(?:\n|;|,|$))/gu, " (за згодою)")
    // «за згодою» unbracketed on a paragraph of its own, under the body it marks.
    .replace(/\s*\n\s*за\s+згодою\s*\.?\s*(?=\n|$)/giu, " (за згодою)");

// Other words for consent that plans print in the same place: «(за погодженням)», «(за узгодженням)», «(за їх згодою)»,
// «/за згодою/» between slashes.
const consentSynonym = /\(\s*за\s+(?:погодженням|узгодженням|(?:їх|їхньою)\s+згодою)\s*\)|\/\s*за\s+(?:згодою|погодженням)\s*\//giu;
// The role a cell gives the bodies under it, on a line of its own or before them: «Відповідальний виконавець:»,
// «Співвиконавці:», «Головний виконавець:», «Залучаються:». A role names no body.
const roleLabel =
  /(^|\n)[ \t]*(?:(?:відповідальн(?:ий|і)|головн(?:ий|і)|основн(?:ий|і))\s+виконав(?:ець|ці)|співвиконав(?:ець|ці)|виконав(?:ець|ці)|учасники|залучаються|залучені)[ \t]*:[ \t]*/giu;
// A list dash or number before each body, one a paragraph or line: «– сектор з питань цивільного захисту …;», «1) відділ …;».
const listDash = /(^|\n)[ \t]*(?:[-–—•]|\d{1,2}\))[ \t]+(?=\S)/gu;

/**
 * An executors cell with what only frames its names taken away: consent spelled another way becomes «(за згодою)», the
 * role lines («Відповідальний виконавець:», «Співвиконавці:») and the list dashes before each body go.
 *
 * @example asPrintedPlainly("Відповідальний виконавець:\n– відділ освіти;\n– КНП «Лікарня» (за погодженням).") // "\nвідділ освіти;\nКНП «Лікарня» (за згодою)."
 */
export const asPrintedPlainly = (cell: string): string =>
  consentBelow(cell.replace(consentSynonym, "(за згодою)").replace(roleLabel, "$1").replace(listDash, "$1"));

// «за згодою:» on a line of its own, before the bodies it marks (a ministry's plan lists its own bodies, then those
// acting by consent under this line).
const consentLine = /^\s*\(?\s*за\s+(?:згодою|погодженням)\s*\)?\s*:\s*$/iu;

/**
 * A cell whose line «за згодою:» marks the bodies under it: each of them written as if printed «(за згодою)», the line
 * gone. A name broken over two lines (no next body at the break) is marked once, at its end.
 *
 * @example consentBelow("Державний центр зайнятості\nза згодою:\nФедерація роботодавців України") // "Державний центр зайнятості\nФедерація роботодавців України (за згодою)"
 */
export const consentBelow = (cell: string): string => {
  const lines = cell.split("\n");
  const at = lines.findIndex((l) => consentLine.test(l));
  if (at < 0) return cell;
  const below = lines.slice(at + 1);
  const marked = below.map((line, i) => {
    const next = below.slice(i + 1).find((l) => l.trim() !== "");
    const ends = line.trim() !== "" && !/\(\s*за\s+згодою\s*\)\s*[.;,]?\s*$/iu.test(line) && (next === undefined || opensNextBody(line, next) || /[;,]\s*$/u.test(line) || (/^[\p{Lu}«]/u.test(next.trim()) && !openEnd.test(line.trim())));
    return ends ? line.replace(/\s*([.;,]?)\s*$/u, " (за згодою)$1") : line;
  });
  return [...lines.slice(0, at), ...marked].join("\n");
};

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

// A person as plans print the official answerable: "Коваленко О.М.", "О.М. Коваленко", "Коваленко О. М.".
const surname = String.raw`\p{Lu}[\p{Ll}'’ʼ]+(?:-\p{Lu}[\p{Ll}'’ʼ]+)?`;
const initials = String.raw`\p{Lu}\.\s?(?:\p{Lu}\.)?`;
const person = String.raw`(?:${surname}\s+${initials}|${initials}\s?${surname})`;
const bracketedPersons = new RegExp(String.raw`\s*\(\s*(${person}(?:\s*[,;]\s*${person})*)\s*\)`, "gu");

/**
 * An executor's name without the persons printed in brackets beside it, and those persons. A plan names the
 * official answerable within a body so — «Відділ освіти … ради (Коваленко О.М.)», «Заступник селищного голови
 * (Мороз В.І.)»: the executor is the body or position; the person is no executor of their own.
 *
 * @example withoutPersons("Фінансовий відділ (Бойко Т.А.) (за згодою)") // { name: "Фінансовий відділ (за згодою)", persons: ["Бойко Т.А."] }
 */
export const withoutPersons = (name: string): { name: string; persons: string[] } => {
  const persons: string[] = [];
  const rest = name.replace(bracketedPersons, (_, who: string) => {
    persons.push(squash(who));
    return "";
  });
  // A bracket that is the whole name is no body: keep it as printed.
  return persons.length === 0 || squash(rest.replace(consentPattern, "")) === "" ? { name, persons: [] } : { name: rest, persons };
};

/** True when `at` in `text` stands outside every quote and bracket. */
const atTopLevel = (text: string, at: number): boolean => {
  const before = text.slice(0, at);
  const count = (c: string): number => before.split(c).length - 1;
  // Nested quotes are often closed once («КУ «Центр «Відродження»»), so a closing mark closes them all.
  const quoteOpen = before.lastIndexOf("«") > before.lastIndexOf("»");
  return !quoteOpen && count("(") <= count(")") && count("“") <= count("”");
};

// «… спільно з …», «… спільно із …», «… спільно зі …»: two bodies doing the work together, printed as one phrase.
const jointly = /\s+спільно\s+(?:з|із|зі)\s+(?=\S)/giu;

/**
 * A name that joins two bodies with «спільно з» — «Департамент економічного розвитку … облдержадміністрації спільно з
 * Кіровоградським обласним центром зайнятості (за згодою)» — split into the bodies, in the order printed; the second is
 * named as printed (in the instrumental case the phrase puts it in), and «(за згодою)» after it is its own. A «спільно з»
 * inside quotes or brackets stays.
 *
 * @example splitJointly("Держлісагентство спільно з Держгеокадастром") // ["Держлісагентство", "Держгеокадастром"]
 */
export const splitJointly = (name: string): string[] => {
  const out: string[] = [];
  let from = 0;
  for (const m of name.matchAll(jointly)) {
    const at = m.index ?? 0;
    if (!atTopLevel(name, at) || squash(name.slice(from, at)) === "") continue;
    out.push(name.slice(from, at).trim());
    from = at + m[0].length;
  }
  out.push(name.slice(from).trim());
  return out.filter((n) => n !== "");
};

// A remark on how a body acts, printed in brackets after its name: «(у межах бюджетних призначень)», «(в межах
// повноважень)», «(за потреби)», «(у частині …)», «(відповідно до …)». It names no body and is no part of the name.
const remarkInBrackets = /^(?:(?:у|в)\s+межах|(?:у|в)\s+частині|(?:у|в)\s+разі|за\s+(?:потреби|наявності|рахунок)|відповідно\s+до|у\s+тому\s+числі|в\s+т\.\s*ч\.)(?!\p{L})/iu;
// A body named in brackets after another: a legal form's abbreviation before a quoted name («КП «…»», «ТОВ «…»»), or
// a capitalised word that opens a body's name («Управління …», «Центр …»).
const bodyInBrackets = (inside: string): boolean =>
  /^\p{Lu}{2,6}\s*[«"“]/u.test(inside) || (opensBodyName(inside.split(/\s+/)[0] ?? "") && inside.split(/\s+/).length >= 2);

/**
 * The brackets closing a name, read apart: a body named in brackets after a department — the enterprise that does the
 * work, «Управління житлово-комунального господарства міської ради (КП «Долинабудсервіс»)» — is an executor of its own,
 * after it; a remark naming no body — «Фінансове управління міської ради (у межах бюджетних призначень)» — is dropped
 * from the name and returned apart. Other brackets («(швидкої)», «(ЦНАП)», «(секретар)») stay in the name.
 *
 * @example bracketsApart("Управління ЖКГ міської ради (КП «Долинабудсервіс»)") // { names: ["Управління ЖКГ міської ради", "КП «Долинабудсервіс»"], remarks: [] }
 * @example bracketsApart("Фінансове управління (у межах бюджетних призначень)") // { names: ["Фінансове управління"], remarks: ["у межах бюджетних призначень"] }
 */
export const bracketsApart = (name: string): { names: string[]; remarks: string[] } => {
  const consent = /\s*\(\s*за\s+згодою\s*\)\s*$/iu.exec(name)?.[0] ?? "";
  let head = name.slice(0, name.length - consent.length).trimEnd();
  const bodies: string[] = [];
  const remarks: string[] = [];
  for (;;) {
    const m = /\s*\(([^()]+)\)$/u.exec(head);
    if (m === null || m.index === 0 || !atTopLevel(head, m.index)) break;
    const inside = squash(m[1] ?? "");
    if (remarkInBrackets.test(inside)) remarks.unshift(inside);
    else if (bodyInBrackets(inside)) bodies.unshift(inside);
    else break;
    head = head.slice(0, m.index).trimEnd();
  }
  if (bodies.length === 0 && remarks.length === 0) return { names: [name], remarks: [] };
  // «(за згодою)» printed after the brackets belongs to the last body named.
  const names = [head, ...bodies];
  names[names.length - 1] = `${names[names.length - 1]}${consent}`;
  return { names, remarks };
};

const finish = (printed: string): { executor: Executor; persons: string[] } | null => {
  const { name, persons } = withoutPersons(printed);
  const byConsent = consentPattern.test(name);
  consentPattern.lastIndex = 0;
  const squashed = squash(name.replace(consentPattern, " "));
  // An official's initials end the name of an executor printed as a position and a person («… РВА Петренко О.В.»):
  // their full stop is part of the name, not punctuation after it.
  const clean = /(?:^|[\s.])\p{Lu}\.$/u.test(squashed) ? squashed : squashed.replace(/[,.;:]+$/, "").trim();
  consentPattern.lastIndex = 0;
  return clean === "" ? null : { executor: { name: capitalise(clean), byConsent }, persons };
};

/**
 * Reads an executors cell into organisations.
 *
 * @example
 * readExecutors("департаменти облдержадміністрації: освіти і науки, охорони здоров'я; ГУНП в Луганській області (за згодою)")
 * // executors: Департамент освіти і науки облдержадміністрації, Департамент охорони здоров'я облдержадміністрації,
 * //            ГУНП в Луганській області (byConsent)
 */
export const readExecutors = (cell: string): ExecutorsRead => {
  // A budget classification code before a body's name («0610000 Відділ освіти …») is neither the name nor an amount: it
  // goes, and where it stood inside the cell (a PDF's line run on) another body begins.
  const uncoded = asPrintedPlainly(cell.replace(/\r/g, "")).replace(/(^|\s+)\d{7}\s+(?=[\p{Lu}«"])/gu, (_, before: string) => (before === "" ? "" : "\n"));
  // «(за згодою)» closes the name it marks: words run on after it (a PDF's wrapped line, «… (за згодою) балансоутримувачі
  // захисних споруд (за згодою)») begin the next body.
  let text = commaConsentAsBracket(uncoded.trim()).replace(/(\(\s*за\s+згодою\s*\))[ \t]+(?!(?:та|і|й|або|а також)\s)(?=[\p{L}«"])/gu, "$1\n");
  let strayConsent = false;
  if (/^\(\s*за\s+згодою\s*\)/u.test(text)) {
    strayConsent = true;
    text = text.replace(/^\(\s*за\s+згодою\s*\)\s*/u, "");
  }
  const segments = splitTopLevel(text);
  const names: string[] = [];
  let group: { head: string; qualifier: string; itemSep: Segment["sep"] | null; items: string[] } | null = null;
  const closeGroup = () => {
    if (group === null) return;
    for (const item of group.items) names.push(`${group.head} ${item.trim()}${group.qualifier === "" ? "" : ` ${group.qualifier}`}`);
    group = null;
  };
  for (const seg of segments) {
    const colon = seg.text.indexOf(":");
    const headWords = colon > 0 ? seg.text.slice(0, colon).trim().split(/\s+/) : [];
    const singular = groupHeads[(headWords[0] ?? "").toLowerCase()];
    if (colon > 0 && singular !== undefined && (seg.sep === "start" || opensBody(seg.text))) {
      closeGroup();
      group = { head: singular, qualifier: headWords.slice(1).join(" "), itemSep: null, items: [seg.text.slice(colon + 1)] };
      continue;
    }
    if (group !== null) {
      const soft = seg.sep === "," || seg.sep === "\n";
      if (group.itemSep === null && !opensBody(seg.text) && (seg.sep === "," || seg.sep === ";")) {
        group.itemSep = seg.sep;
        group.items.push(seg.text);
        continue;
      }
      if (seg.sep === group.itemSep && !opensBody(seg.text)) {
        group.items.push(seg.text);
        continue;
      }
      // "управління …: молоді та спорту; культури, національностей, релігій та туризму": a lower-case
      // comma segment inside a semicolon-separated group continues the current member.
      if (group.itemSep === ";" && soft && !opensBody(seg.text) && group.items.length > 0) {
        group.items[group.items.length - 1] = `${group.items[group.items.length - 1]}, ${seg.text}`;
        continue;
      }
      closeGroup();
    }
    const previous = names[names.length - 1] ?? "";
    // "обласний та районні, міські центри …": a list of adjectives waits for the noun of the next segment.
    const modifiersOnly = seg.sep === "," && (adjectivesOnly.test(previous) || endsInAdjective(previous));
    const closed = /\(\s*за\s+згодою\s*\)\s*$/u.test(previous);
    // «Відділ з питань будівництва, ЖКГ та комунальної власності»: after a comma the list of what a body is «з питань» of
    // goes on with a topic named by its abbreviation and joined by «та» to the next (no body opens so).
    const topics = seg.sep === "," && /(?:^|\s)з\s+питань\s/iu.test(previous) && /^\p{Lu}{2,6}\s+(?:та|і|й)\s+\p{Ll}/u.test(seg.text);
    const continues = (((seg.sep === "," || seg.sep === "\n") && !opensBody(seg.text) && names.length > 0) || modifiersOnly || topics) && !closed;
    if (continues) {
      const joiner = seg.sep === "," ? ", " : " ";
      names[names.length - 1] = `${names[names.length - 1]}${joiner}${seg.text}`;
    } else {
      names.push(seg.text);
    }
  }
  closeGroup();
  // A group member printed before "(за згодою)" of the whole list keeps its own flag only.
  const remarks: Array<{ executor: string; remark: string }> = [];
  const read = names
    .flatMap(splitJointly)
    .flatMap((n) => {
      const apart = bracketsApart(n);
      const first = finish(apart.names[0] ?? "");
      for (const remark of apart.remarks) remarks.push({ executor: first?.executor.name ?? "", remark });
      return apart.names;
    })
    .map(finish)
    .filter((e) => e !== null);
  const persons = read.flatMap((e) => e.persons.map((person) => ({ executor: e.executor.name, person })));
  return { executors: read.map((e) => e.executor), strayConsent, persons, remarks };
};
