/**
 * @module Printed labels ("10)", "2.1.", "ІУ.") read as numbers. OCR slips are read through, never
 * silently: the caller gets the look-alike that was replaced and reports it.
 */

/** A printed label read as a number; `ocr` names the look-alike characters that had to be read through. */
export interface LabelValue {
  readonly value: number | null;
  readonly ocr: string | null;
}

// Cyrillic letters that OCR produces for digits and Roman numerals.
const digitLookAlikes: Readonly<Record<string, string>> = { б: "6", Б: "6", з: "3", З: "3", о: "0", О: "0", і: "1", І: "1", l: "1" };
const romanLookAlikes: Readonly<Record<string, string>> = { І: "I", і: "I", У: "V", у: "V", Х: "X", х: "X", v: "V", i: "I", x: "X" };
const romanValues: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10, L: 50 };

/**
 * The last number of an Arabic label: "10)" → 10, "2.1." → 1, "б)" → 6 with `ocr` "б→6".
 *
 * @example readArabic("б)") // { value: 6, ocr: "б→6" }
 */
export const readArabic = (label: string): LabelValue => {
  const core = label.trim().replace(/[.)]+$/, "");
  const last = core.split(".").pop() ?? "";
  if (/^\d+$/.test(last)) return { value: Number(last), ocr: null };
  const replaced = [...last].map((ch) => digitLookAlikes[ch] ?? ch).join("");
  if (last !== "" && /^\d+$/.test(replaced)) return { value: Number(replaced), ocr: `${last}→${replaced}` };
  return { value: null, ocr: null };
};

/**
 * A Roman numeral label: "IV." → 4, "ІУ." (Cyrillic) → 4 with `ocr` "ІУ→IV".
 *
 * @example readRoman("У.") // { value: 5, ocr: "У→V" }
 */
export const readRoman = (label: string): LabelValue => {
  const core = label.trim().replace(/[.)]+$/, "");
  const latin = [...core].map((ch) => romanLookAlikes[ch] ?? ch).join("");
  if (!/^[IVXL]+$/.test(latin)) return readArabic(label);
  let total = 0;
  for (let i = 0; i < latin.length; i++) {
    const v = romanValues[latin[i] ?? ""] ?? 0;
    const n = romanValues[latin[i + 1] ?? ""] ?? 0;
    total += v < n ? -v : v;
  }
  return { value: total, ocr: latin === core ? null : `${core}→${latin}` };
};

/** Roman numeral for section ordinals in messages: 4 → "IV". */
export const toRoman = (n: number): string => {
  const parts: Array<[number, string]> = [[40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let rest = n;
  let out = "";
  for (const [v, s] of parts) {
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  }
  return out;
};
