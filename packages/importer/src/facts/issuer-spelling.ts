/**
 * @module Misspellings of the issuing administration's own name ("Новопокровський", "Новопокковський"
 * for "Новопсковський"): words whose stem is a near miss of the issuer's stem.
 */
import { levenshtein } from "../text/levenshtein.js";
import { type Anomalies, where } from "./anomalies.js";

// The adjectival stem of a place name: "НОВОПСКОВСЬКА" → "новопсков", "Луганської" → "луган".
const stemOf = (word: string): string | null => {
  const m = /^(\p{L}[\p{L}'’-]*?)с?ьк/u.exec(word.toLowerCase());
  return m?.[1] ?? null;
};

/**
 * Reports each distinct near-miss spelling of the issuer's name stem, with the lines it occurs on.
 *
 * @example checkIssuerSpelling("НОВОПСКОВСЬКА РАЙОННА ДЕРЖАВНА АДМІНІСТРАЦІЯ", lines, anomalies)
 */
export const checkIssuerSpelling = (issuer: string | null, lines: ReadonlyArray<string>, anomalies: Anomalies): void => {
  const own = stemOf(issuer?.split(/\s+/)[0] ?? "");
  // Short stems ("луган") are too close to other place names to judge by distance.
  if (own === null || own.length < 6) return;
  const seen = new Map<string, number[]>();
  lines.forEach((text, i) => {
    for (const word of text.match(/\p{L}[\p{L}'’-]*/gu) ?? []) {
      const stem = stemOf(word);
      if (stem === null || stem === own || stem.length < own.length - 2) continue;
      if (stem[0] !== own[0] || levenshtein(stem, own) > 2) continue;
      const lineNos = seen.get(word) ?? [];
      if (!lineNos.includes(i + 1)) lineNos.push(i + 1);
      seen.set(word, lineNos);
    }
  });
  for (const [word, lineNos] of seen) {
    anomalies.add(
      "misspelled-issuer",
      where([word], lineNos[0]),
      `«${word}» замість назви видавця (${own}…), рядки ${lineNos.join(", ")} / misspelling of the issuer's own name`,
    );
  }
};
