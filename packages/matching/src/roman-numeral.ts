/**
 * @module Section numbers as printed (Roman, with the dumps' Cyrillic look-alikes) to integers.
 */

const lookAlikes: Record<string, string> = { І: "I", У: "V", Х: "X", і: "I", х: "X", Ⅰ: "I", Ⅴ: "V" };
const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };

/**
 * The number a section label prints, reading Cyrillic "І", "У", "Х" as Latin (the dumps' OCR slips:
 * "ІУ" is IV, "У" is V). Null when the label has no Roman numeral.
 *
 * @example
 * romanValue("ІУ.") // 4
 */
export const romanValue = (label: string): number | null => {
  const match = /^\s*([IVXLІУХіхⅠⅤ]+)\s*\.?/u.exec(label);
  if (match === null) return null;
  const letters = [...(match[1] as string)].map((c) => lookAlikes[c] ?? c.toUpperCase());
  let total = 0;
  for (let i = 0; i < letters.length; i++) {
    const v = values[letters[i] as string] ?? 0;
    const next = values[letters[i + 1] as string] ?? 0;
    total += v < next ? -v : v;
  }
  return total > 0 ? total : null;
};
