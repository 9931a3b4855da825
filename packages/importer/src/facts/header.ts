/**
 * @module Document facts read from the text before the table: issuer, adoption order (number, date),
 * title, period and the parent order it implements ("на виконання …"). A fact the document lacks is null
 * with an anomaly, never invented.
 */
import type { IsoDate, PlanHeader } from "@planledger/domain";
import { sentenceCase, squash, stripMarkup } from "../text/clean.js";
import { type Anomalies, where } from "./anomalies.js";

const months = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"];
const monthAlt = months.join("|");
const wordDate = new RegExp(`(\\d{1,2})\\s+(${monthAlt})\\s+(\\d{4})`, "u");
const numericDate = /(\d{1,2})\.(\d{1,2})\.(\d{4})/u;

const iso = (y: string, m: number, d: string): IsoDate =>
  `${y}-${String(m).padStart(2, "0")}-${d.padStart(2, "0")}` as IsoDate;

/**
 * A date printed as "08 грудня 2020 р." or "09.08.2017", as ISO.
 *
 * @example readDate("16 жовтня 2019р.") // "2019-10-16"
 */
export const readDate = (text: string): IsoDate | null => {
  const w = wordDate.exec(text);
  if (w !== null) return iso(w[3] ?? "", months.indexOf(w[2] ?? "") + 1, w[1] ?? "");
  const n = numericDate.exec(text);
  if (n !== null) return iso(n[3] ?? "", Number(n[2]), n[1] ?? "");
  return null;
};

const numberIn = (text: string): string | null => /№\s*([0-9][\p{L}\p{N}\-–/]*)/u.exec(text)?.[1] ?? null;

/**
 * A period printed in a title: "на 2018-2026 роки" → 2018..2026, "на 2021 рік" → 2021..2021.
 *
 * @example readPeriod("… на 2019 – 2026 роки") // { from: 2019, to: 2026 }
 */
export const readPeriod = (text: string): { from: number | null; to: number | null } => {
  const range = /(\d{4})\s*[-–—]\s*(\d{4})\s*(?:рок|рр)/u.exec(text);
  if (range !== null) return { from: Number(range[1]), to: Number(range[2]) };
  const single = /на\s+(\d{4})\s+рік/u.exec(text);
  if (single !== null) return { from: Number(single[1]), to: Number(single[1]) };
  // "на I півріччя 2025 року", "у 2025 році": one year named once.
  const years = [...text.matchAll(/(?<!\d)((?:19|20)\d{2})\s*(?:рік|року|році|р\.)/gu)].map((m) => Number(m[1]));
  if (years.length > 0 && years.every((y) => y === years[0])) return { from: years[0] ?? null, to: years[0] ?? null };
  return { from: null, to: null };
};

/** Lines of the document before its table, as printed, with their 1-based line numbers. */
export interface PreambleLine {
  readonly text: string;
  readonly line: number;
}

/** A line with Latin letters and no Cyrillic one: a translation printed under the Ukrainian, not the document's own words. */
const isTranslation = (text: string): boolean => /\p{Script=Latin}/u.test(text) && !/\p{Script=Cyrillic}/u.test(text);

/**
 * Reads the document facts from the preamble.
 *
 * @example readHeader([{ text: "№ 852", line: 17 }], anomalies).order.number // "852"
 */
export const readHeader = (
  preamble: ReadonlyArray<PreambleLine>,
  anomalies: Anomalies,
  /** A period the table itself states (the year columns of a budget), used when the text names none. */
  tablePeriod?: { from: number; to: number },
): PlanHeader => {
  const lines = preamble.map((l) => ({ text: stripMarkup(l.text), line: l.line })).filter((l) => l.text !== "");
  const at = (pattern: RegExp, from = 0) => lines.findIndex((l, i) => i >= from && pattern.test(l.text));

  let issuer: string | null = null;
  const issuerAt = lines.findIndex((l) => /АДМІНІСТРАЦІЯ/u.test(l.text) && l.text === l.text.toUpperCase());
  const orderAt = at(/^РОЗПОРЯДЖЕННЯ$/u);
  if (issuerAt >= 0 && (orderAt < 0 || issuerAt < orderAt)) {
    issuer = lines[issuerAt]?.text ?? null;
    const next = lines[issuerAt + 1];
    // "НОВОПСКОВСЬКА РАЙОННА ДЕРЖАВНА АДМІНІСТРАЦІЯ / ЛУГАНСЬКОЇ ОБЛАСТІ": the second line qualifies the first.
    if (next !== undefined && next.text === next.text.toUpperCase() && !/АДМІНІСТРАЦІЯ|РОЗПОРЯДЖЕННЯ/u.test(next.text) && /\p{L}/u.test(next.text)) {
      issuer = `${issuer} ${next.text}`;
    }
  }

  // Other issuers than a state administration: a council, its executive committee, a ministry, a department.
  if (issuer === null) {
    const other = lines.findIndex(
      (l, i) =>
        i < 6 && l.text === l.text.toUpperCase() && /\p{Lu}{3}/u.test(l.text) && /(РАДА|КОМІТЕТ|МІНІСТЕРСТВО|ДЕПАРТАМЕНТ|УПРАВЛІННЯ|АДМІНІСТРАЦІЯ)(\s|$)/u.test(l.text),
    );
    if (other >= 0) issuer = lines[other]?.text ?? null;
  }

  const stampAt = at(/^ЗАТВЕРДЖЕНО/u);
  const headEnd = stampAt >= 0 ? stampAt : lines.length;
  let number: string | null = null;
  let date: IsoDate | null = null;
  let headLine: number | undefined;
  if (orderAt >= 0) {
    for (let i = orderAt + 1; i < headEnd; i++) {
      const l = lines[i];
      if (l === undefined) break;
      if (/^Про\s/u.test(l.text)) break;
      if (date === null && /^\d{1,2}[\s.]/u.test(l.text)) {
        date = readDate(l.text);
        headLine = l.line;
      }
      if (number === null && /^№/u.test(l.text)) number = numberIn(l.text);
    }
  }
  let stampNumber: string | null = null;
  let stampDate: IsoDate | null = null;
  let stampLine: number | undefined;
  if (stampAt >= 0) {
    // The stamp's own line may carry the decision («ЗАТВЕРДЖЕНО рішенням … від 19.03.2026 № 1174», a cell of one line).
    for (let i = stampAt; i < Math.min(lines.length, stampAt + 8); i++) {
      const l = lines[i];
      if (l === undefined) break;
      const d = readDate(l.text);
      if (d !== null) {
        stampDate = d;
        stampNumber = numberIn(l.text);
        stampLine = l.line;
        break;
      }
    }
  }
  if (date !== null && stampDate !== null && date !== stampDate) {
    anomalies.add(
      "conflicting-fact",
      where(["дата розпорядження"], stampLine),
      `Дата в розпорядженні ${date} (рядок ${headLine}), у грифі «ЗАТВЕРДЖЕНО» ${stampDate}; узято першу / the order says ${date}, the approval stamp ${stampDate}; the first is kept`,
    );
  }
  if (number !== null && stampNumber !== null && number !== stampNumber) {
    anomalies.add(
      "conflicting-fact",
      where(["номер розпорядження"], stampLine),
      `Номер у розпорядженні ${number}, у грифі ${stampNumber} / the order says № ${number}, the stamp № ${stampNumber}`,
    );
  }
  number ??= stampNumber;
  date ??= stampDate;
  // "від 12.02.2025 № 41-р" on one line, under a РІШЕННЯ, НАКАЗ or РОЗПОРЯДЖЕННЯ printed another way.
  if (number === null && date === null) {
    const dated = lines.find((l) => /№\s*\d/u.test(l.text) && readDate(l.text) !== null && l.text.length < 80);
    if (dated !== undefined) {
      number = numberIn(dated.text);
      date = readDate(dated.text);
    }
  }

  // The plan's own heading follows the approval stamp; without one, the order's "Про затвердження …".
  let title: string | null = null;
  if (stampAt >= 0) {
    let start = lines.findIndex((l, i) => i > stampAt && l.line > (stampLine ?? 0));
    // An annex's caption under the stamp («Додаток 2» / «до Програми») names where the plan stands, not the plan.
    if (start >= 0 && /^додаток\s*(?:№\s*)?\d{0,2}\s*$/iu.test(lines[start]?.text ?? "")) {
      start++;
      if (/^до\s/iu.test(lines[start]?.text ?? "") && start < lines.length - 1) start++;
    }
    if (start >= 0 && start < lines.length) {
      // A title printed again in English under the Ukrainian one (a plan kept with international partners) is not the title.
      const parts = lines
        .slice(start)
        .filter((l) => !isTranslation(l.text))
        .map((l, i) => (i === 0 ? sentenceCase(l.text) : l.text));
      title = squash(parts.join(" ")) || null;
    }
  }
  if (title === null) {
    const about = at(/^Про\s+затвердження\s/u);
    if (about >= 0) {
      const parts: string[] = [];
      for (let i = about; i < lines.length; i++) {
        const l = lines[i];
        if (l === undefined) break;
        parts.push(l.text);
        if (/рок\p{L}*\s*$|рік\s*$/u.test(l.text)) break;
      }
      const t = squash(parts.join(" ")).replace(/^Про\s+затвердження\s+/u, "");
      title = t.charAt(0).toUpperCase() + t.slice(1);
    }
  }

  // A plan's own heading without a stamp or an order: "План заходів …", "ПРОГРАМА …", "Перелік заходів …".
  if (title === null) {
    // "до Програми …" under «Додаток 2» names the programme an annex belongs to, not the plan's heading.
    const heading = lines.findIndex(
      (l) =>
        !/^до\s/iu.test(l.text) &&
        /^(план\s+заход|план\s+дій|план\s+робот|(\p{L}+\s+)?програм[аи]\s|перелік\s+заход|заходи\s+(?:щодо|(?:\p{L}+\s+){0,3}програм)|напрям\p{L}*\s+діяльності\s+(?:та|і|й)\s+заходи|комплексн\p{L}*\s+план)/iu.test(l.text),
    );
    if (heading >= 0) {
      const parts: string[] = [];
      for (let i = heading; i < Math.min(lines.length, heading + 4); i++) {
        const text = lines[i]?.text ?? "";
        parts.push(text === text.toUpperCase() ? sentenceCase(text) : text);
        if (/\d{4}\s*(рок|рік|р\.)|рік\s*$|рок\p{L}*\s*$/u.test(text)) break;
      }
      title = squash(parts.join(" ")) || null;
    }
  }

  const printed = readPeriod(title ?? "");
  const period = printed.from === null && tablePeriod !== undefined ? tablePeriod : printed;

  let implementsOrder: PlanHeader["implements"] = null;
  const body = lines.map((l) => l.text).join(" ");
  const mandate = body.search(/на\s+виконання/u);
  if (mandate >= 0) {
    const clause = body.slice(mandate, body.indexOf("зобов", mandate) > 0 ? body.indexOf("зобов", mandate) : undefined);
    const refs = [
      ...clause.matchAll(
        new RegExp(`від\\s+((?:\\d{1,2}\\s+(?:${monthAlt})\\s+\\d{4})|(?:\\d{1,2}\\.\\d{1,2}\\.\\d{4}))\\s*(?:року|р\\.)?\\s*№\\s*([0-9][\\p{L}\\p{N}\\-–]*)\\s*(?:«([^»]*)»)?`, "gu"),
      ),
    ];
    const last = refs[refs.length - 1];
    if (last !== undefined) {
      implementsOrder = { number: last[2] ?? null, date: readDate(last[1] ?? ""), title: last[3] ?? null };
    }
  }

  const missing = (fact: string, en: string) =>
    anomalies.add("missing-fact", where([fact]), `У документі немає: ${fact}; залишено порожнім / the document does not state the ${en}; left null`);
  if (issuer === null) missing("видавець", "issuer");
  if (number === null) missing("номер розпорядження", "order number");
  if (date === null) missing("дата розпорядження", "order date");
  if (title === null) missing("назва", "title");
  if (period.from === null) missing("період", "period");

  return { title, issuer, order: { number, date }, period, implements: implementsOrder };
};
