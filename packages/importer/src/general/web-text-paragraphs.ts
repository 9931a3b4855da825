/**
 * @module The paragraphs of a web copy and what each one looks like. A table copied from a web page
 * (zakon.rada.gov.ua) arrives as one paragraph per cell; this file cleans the copy's noise (no-break
 * spaces, "\r\n", blank lines, soft hyphens) and tells the kinds of paragraph apart that row rebuilding
 * needs: labels, amounts, terms, executors, ditto marks, editors' notes, and the signature block or
 * footnotes that end the table.
 */
import { isAgencyShortName, isDitto, isEditorsNote, isRelativeTerm, isTermText, leadingLabel, personName, positions, shapeOf, signed } from "./vocabulary.js";
import { withoutFootnoteMark } from "../text/clean.js";

/**
 * What a paragraph looks like, finer than `ValueShape` where rows need it: a bare number may be a row's
 * label or an amount ("120"), so it is its own kind, and a label that opens a text ("1) проведення …")
 * is told from plain text.
 */
export type ParagraphKind =
  | "note"
  | "ditto"
  | "label"
  | "integer"
  | "amount"
  | "term"
  | "labelled"
  | "executors"
  | "source"
  | "text";

/** One non-blank line of the copy, cleaned, with its 1-based line number in the original text. */
export interface WebParagraph {
  readonly text: string;
  readonly line: number;
  readonly kind: ParagraphKind;
  /**
   * Set when the paragraph is a field of a tab-separated line after another non-empty field of that line:
   * the number of empty fields between the two. A browser copies a row of an HTML table onto one line, its
   * cells separated by tabs, so such a paragraph is the next cell of the same row, never the rest of a cell.
   */
  readonly fieldGap?: number;
  /** Editors' notes printed inside the same cell right after this paragraph (kept for the reader to report). */
  readonly notes?: ReadonlyArray<string>;
}

/** A cleaned line (or a field of a tab-separated line) before it is classified. */
export interface WebLine {
  readonly text: string;
  readonly line: number;
  readonly fieldGap?: number;
}

const cleanField = (raw: string): string =>
  raw
    .replace(/\u00ad|\u200b|\u200c|\u200d|\u2060|\ufeff/g, "")
    .replace(/[\s\u00a0\u2007\u202f]+/g, " ")
    .trim();

/**
 * The non-blank lines of a web copy, cleaned: "\r\n" and "\r" are line ends, no-break and other odd
 * spaces are spaces, soft hyphens and zero-width characters go; blank lines are dropped (in a web copy
 * they separate paragraphs, they are not empty cells). A line with tabs is a table row as a browser copies
 * one (from an HTML table on an administration's own site): each tab-separated field is a paragraph of its
 * own, an empty field an empty cell, counted in the next field's `fieldGap`.
 *
 * @example webLines("a\r\n\r\n\u00a0b") // [{ text: "a", line: 1 }, { text: "b", line: 3 }]
 * @example webLines("1.\tЗахід\t\tдо 1 липня") // [{ text: "1.", line: 1 }, { text: "Захід", line: 1, fieldGap: 0 }, { text: "до 1 липня", line: 1, fieldGap: 1 }]
 */
export const webLines = (text: string): WebLine[] => {
  const out: WebLine[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    let seen = false;
    let gap = 0;
    for (const field of raw.split("\t")) {
      const t = cleanField(field);
      if (t === "") {
        if (seen) gap++;
        continue;
      }
      out.push(seen ? { text: t, line: i + 1, fieldGap: gap } : { text: t, line: i + 1 });
      seen = true;
      gap = 0;
    }
  });
  return out;
};

// Besides "1.", "1)", "1.1" and a point inserted by an amendment ("8-1.", "8¹."), the look-alikes a scan or a typist leaves in the number column: "б)" for 6,
// "і" for 1, and Roman numbers.
const bareLabel = /^(?:\d{1,3}(?:\.\d{1,3}){0,3}(?:-\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})?[.)]|\d{1,3}(?:\.\d{1,3}){1,3}|[бзБЗ][.)]|[іl][.)]?|[IVXІУХ]{1,5}[.)]?)$/u;
// «х» alone is a money cell's «not applicable» (`notApplicable`, `facts/budget.ts`), printed where an amount would be.
const amount = /^(?:[-–—]|[хx]|-?\d{1,3}(?:[ ]?\d{3})*(?:[.,]\d+)?|-?\d+[.,]\d+)$/iu;
const sourceWords = /бюджет|кошт[иіа]|фінансуван|джерел|не\s+потребу|інвестиц|грант/iu;
// A measure opens with a noun of action («Доповнення інструкцій з підготовки бюджетних запитів …»); a source does not, but for
// «фінансування» itself («Фінансування не потребує»).
const measureAboutMoney = /^(?!фінансуван)\p{L}{4,}(?:ння|ття)\s/iu;
// The head of a body's name, which a source of money never opens with.
const namesBody = /^(?:департамент|директорат|управління|відділ|сектор|служба|апарат|міністерство|агентство|інспекція|комісія)(?!\p{L})/iu;

/**
 * The kind of one paragraph, from its text alone.
 *
 * @example paragraphKind("1.1.") // "label"
 * @example paragraphKind("120") // "integer"
 * @example paragraphKind("обласний бюджет") // "source"
 */
export const paragraphKind = (text: string): ParagraphKind => {
  if (isEditorsNote(text)) return "note";
  if (isDitto(text)) return "ditto";
  if (bareLabel.test(text)) return "label";
  if (/^\d{1,7}$/.test(text)) return "integer";
  if (amount.test(text)) return "amount";
  const labelled = leadingLabel(text);
  // "1 вересня 2027 р." opens with a bare number, not a label: a date is a term.
  const dated = labelled !== null && !/[.)]$/.test(labelled.label) && text.length <= 120 && (isTermText(text) || isRelativeTerm(text));
  if (labelled !== null && labelled.rest !== "" && /^[\p{L}«"(]/u.test(labelled.rest) && !dated) return "labelled";
  if (text.length <= 80 && isTermText(text)) return "term";
  // «протягом шести місяців після припинення або скасування воєнного стану»: counted from an event, kept as text.
  if (text.length <= 120 && isRelativeTerm(text)) return "term";
  // A body whose name says «бюджет» («Департамент бюджетної політики») or a measure about one («Доповнення інструкцій з
  // підготовки бюджетних запитів …») is no source of money.
  if (text.length <= 120 && sourceWords.test(text) && !/[.;]$/.test(text) && !namesBody.test(text) && !measureAboutMoney.test(text))
    return "source";
  // "для працівників центрів …" names bodies but is not a list of them: a cell never opens with a preposition.
  if (/^(?:для|з|із|зі|на|у|в|до|щодо|та|і|й|а|шляхом|з\s+метою|по)\s/iu.test(text)) return "text";
  // «утворено не менше 25 центрів …», «Затверджено положення …»: a result reported opens with a past passive form,
  // however many bodies it names — an indicator, never a list of executors.
  if (/^\p{L}{3,}(?:ено|єно|ано|яно|ито|ято|уто)\s/u.test(text)) return "text";
  return shapeOf(text) === "executors" || bodies(text) >= 3 || isAgencyShortName(text, true) ? "executors" : "text";
};

// A long list of bodies is still an executors cell: "Департамент …, Управління …, … (за згодою)".
const bodyWord = /(?:^|[\s,;«"(])(?:департамент|директорат|управлінн|відділ|служб|адміністрац|райдерж|облдерж|рад[аи]|центр|фонд|громад|ВЦА|ОДА|РДА|\(за\s+згодою\))/giu;
const bodies = (text: string): number => (/^\s*\d/.test(text) ? 0 : (text.match(bodyWord) ?? []).length);

/** Classifies cleaned lines. */
export const toParagraphs = (lines: ReadonlyArray<WebLine>): WebParagraph[] =>
  lines.map((l) => {
    const text = unmarked(l.text);
    return { ...l, text, kind: paragraphKind(text) };
  });

/**
 * A line's text without a footnote marker after an amount or a term («480 000,0*», «2026–2027 роки**», with «* …» under
 * the table): the marker is neither part of the amount nor of the term (`withoutFootnoteMark`, `text/clean.ts`). Any
 * other line keeps its asterisks.
 *
 * @example unmarked("480 000,0*") // "480 000,0"
 * @example unmarked("Примітка*") // "Примітка*"
 */
export const unmarked = (text: string): string => {
  const bare = withoutFootnoteMark(text);
  if (bare === text) return text;
  return amount.test(bare) || (bare.length <= 80 && isTermText(bare)) ? bare : text;
};

// What a website prints around a document it publishes: the breadcrumb, the date of publication, the count of
// views, the share buttons and the print link. None of it belongs to the document; under the table it ends it.
const siteChrome = [
  /^(?:головна(?:\s+сторінка)?|home)\s*[›»>→/|]/iu,
  /^[^›→]{1,60}(?:\s[›→]\s[^›→]{1,80}){2,}$/u,
  /^(?:дата\s+(?:публікації|оновлення|створення|розміщення)|опубліковано|оновлено|розміщено)\s*:?\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s*(?:о\s+)?\d{1,2}:\d{2})?$/iu,
  /^(?:переглядів|перегляди|кількість\s+переглядів)\s*:?\s*\d[\d\s]*$/iu,
  /^(?:поділитися|поширити)(?:\s*:.{0,80})?$/iu,
  /^(?:версія\s+для\s+друку|друкувати|роздрукувати|надрукувати|друк)$/iu,
];

/**
 * A line of the website around a copied document (breadcrumb, «Дата публікації: …», «Переглядів: 412»,
 * «Поділитися: …», «Версія для друку»): not part of the plan.
 *
 * @example isSiteChrome("Головна › Документи › Розпорядження") // true
 * @example isSiteChrome("Переглядів: 412") // true
 */
export const isSiteChrome = (text: string): boolean => text.length <= 200 && siteChrome.some((r) => r.test(text));

// «Додаток 2» over «до наказу …»: the next annex of the same order (a list of indicators, a passport) opens, and the
// plan's table has ended, whatever table follows it.
const annexOpens = (ps: ReadonlyArray<WebParagraph>, i: number): boolean =>
  /^додаток\s*(?:№\s*)?\d{1,2}$/iu.test(ps[i]?.text ?? "") && /^до\s+\p{L}/iu.test(ps[i + 1]?.text ?? "");

const footnote = /^(?:\*{1,3}\s*\S.{6,}|[¹²³⁴⁵]\s*\S.{6,}|примітк[аи]\s*[:.*]|_{3,}$)/iu;

/**
 * Where the table ends: the first paragraph of a signature block ("Директор департаменту …" followed by
 * a name or "(підпис)"), of the footnotes or of the website's own lines under a document ("Переглядів: 412",
 * "Поділитися", "Версія для друку"), at or after `from`; the paragraphs' length when none.
 * A position alone is not enough: "Заступник голови облдержадміністрації" is also an executor.
 *
 * @example tableEnd(paragraphs, 10) // 42
 */
export const tableEnd = (ps: ReadonlyArray<WebParagraph>, from: number): number => {
  for (let i = from; i < ps.length; i++) {
    const p = ps[i];
    if (p === undefined) break;
    if (footnote.test(p.text) || isSiteChrome(p.text)) return i;
    if (signed.test(p.text)) return i;
    if (annexOpens(ps, i)) return i;
    if (!positions.test(p.text) || p.text.length > 250) continue;
    const near = ps.slice(i, i + 5);
    if (near.some((q) => signed.test(q.text) || personName.test(q.text)) || ps.length - i <= 4) return i;
  }
  return ps.length;
};
