/**
 * @module Numeric targets read from an indicator's text: "створення 115 прийомних сімей" → 115
 * "прийомних сімей"; "20 свят для 40 000 осіб" → two targets.
 */
import type { Target } from "@planledger/domain";

// A unit ends at a preposition or conjunction: "20 свят для 40 000 осіб" has the unit "свят", not "свят для".
const stopWords = new Set([
  "для", "у", "в", "з", "із", "зі", "щодо", "на", "по", "та", "і", "й", "або", "від", "до", "при", "які", "що",
  "шляхом", "згідно", "відповідно", "за", "через", "серед", "к", "а", "як",
]);
const yearWords = /^(рік|року|роки|років|р\.?|рр\.?)$/u;
const maxUnitWords = 4;

const numberPattern = /(?<![\p{L}\d№.,-])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:[.,]\d+)?)(?:\s*[-–]\s*\d+)?(?![\d\p{L}])/gu;

/**
 * Every number in the text that is followed by a unit (words or "%"). Years, resolution numbers and
 * numbers without a unit are left out; "10-15 центрів" counts its lower bound, 10.
 *
 * @example readTargets("створення 115 прийомних сімей") // [{ value: 115, unit: "прийомних сімей" }]
 */
export const readTargets = (raw: string): ReadonlyArray<Target> => {
  const out: Target[] = [];
  // "інформаційно - роз’яснювальних": a compound word broken by the dump, not a dash.
  const text = raw.replace(/(\p{Ll})\s*-\s+(\p{Ll})/gu, "$1-$2").replace(/(\p{Ll})\s+-\s*(\p{Ll})/gu, "$1-$2");
  for (const match of text.matchAll(numberPattern)) {
    const digits = match[1] ?? "";
    const value = Number(digits.replace(/[ \u00a0]/g, "").replace(",", "."));
    if (!Number.isFinite(value)) continue;
    const before = text.slice(0, match.index ?? 0);
    const after = text.slice((match.index ?? 0) + match[0].length);
    // "на період до 2025 року", "резолюції … 1325 «Жінки…»", "№ 2": numbers that are not targets.
    if (/(№|резолюці\p{L}*|пункт\p{L}*|ст\.|статт\p{L}*)\s*$/u.test(before)) continue;
    if (/^\s*%/.test(after)) {
      out.push({ value, unit: "%" });
      continue;
    }
    const words: string[] = [];
    for (const token of after.split(/\s+/).filter((t) => t !== "")) {
      // A quoted name after a number ("1325 «Жінки, мир, безпека»") is a title, not a unit.
      if (/^[«"(]/u.test(token)) break;
      const word = token.replace(/[«»"()]/g, "");
      const stop = /[.,;:!?)]$/.test(token);
      const clean = word.replace(/[.,;:!?]+$/, "");
      if (words.length === 0 && (yearWords.test(clean) || !/^\p{L}/u.test(clean))) break;
      if (stopWords.has(clean.toLowerCase()) || !/^\p{L}/u.test(clean)) break;
      words.push(clean);
      if (stop || words.length >= maxUnitWords) break;
    }
    if (words.length === 0) continue;
    if (value >= 1900 && value <= 2100 && Number.isInteger(value) && /^(рік|року|роки|років)/u.test(words[0] ?? "")) continue;
    out.push({ value, unit: words.join(" ") });
  }
  return out;
};
