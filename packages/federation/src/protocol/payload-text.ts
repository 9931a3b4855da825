/**
 * @module What a replicated event's `data` may not hold even when it is well-formed JSON: what the node's own API
 * refuses at its door (issue #15) — a number that parses to ±Infinity (`1e400`), NUL, a lone surrogate. A child
 * holding its key can sign such an event; the receiver refuses it rather than store it and hand it on, to its
 * parent and to every child that pulls.
 */

const isHexDigit = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexAt = (text: string, i: number): number =>
  isHexDigit(text.charCodeAt(i)) && isHexDigit(text.charCodeAt(i + 1)) && isHexDigit(text.charCodeAt(i + 2)) && isHexDigit(text.charCodeAt(i + 3))
    ? Number.parseInt(text.slice(i, i + 4), 16)
    : -1;
const isHigh = (u: number): boolean => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number): boolean => u >= 0xdc00 && u <= 0xdfff;

const NOT_FINITE = "число поза межами (має бути скінченним) / a number out of range (must be finite)";
const NUL = "текст містить NUL / a text holds NUL";
const LONE = "текст містить пошкоджений символ (сурогат без пари) / a text holds a broken character (lone surrogate)";

/**
 * Why the JSON text `text` (already known to be well-formed) may not be stored as an event's data, or null.
 * One pass over the text: inside strings, `\u0000` and surrogates without their pair (escaped or raw); outside,
 * number literals that do not parse to a finite number (only those with an exponent or of 300 characters and more
 * can fail, so only they are parsed).
 *
 * @example
 * payloadFault('{"value":1e400}') // "число поза межами … / a number out of range (must be finite)"
 * payloadFault('{"narrative":"a\\u0000b"}') // "текст містить NUL / a text holds NUL"
 * payloadFault('{"value":3}') // null
 */
export const payloadFault = (text: string): string | null => {
  const n = text.length;
  let inString = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 34) inString = false;
      else if (c === 92) {
        if (text.charCodeAt(i + 1) !== 117) {
          i++;
          continue;
        }
        const unit = hexAt(text, i + 2);
        if (unit === 0) return NUL;
        if (isLow(unit)) return LONE;
        if (isHigh(unit)) {
          if (!(text.charCodeAt(i + 6) === 92 && text.charCodeAt(i + 7) === 117 && isLow(hexAt(text, i + 8)))) return LONE;
          i += 11;
        } else i += 5;
      } else if (isLow(c)) return LONE;
      else if (isHigh(c)) {
        if (!isLow(text.charCodeAt(i + 1))) return LONE;
        i++;
      }
    } else if (c === 34) inString = true;
    else if (c === 45 || (c >= 48 && c <= 57)) {
      let k = i + 1;
      let exponent = false;
      for (; k < n; k++) {
        const d = text.charCodeAt(k);
        if (d === 101 || d === 69) exponent = true;
        else if (!((d >= 48 && d <= 57) || d === 46 || d === 43 || d === 45)) break;
      }
      if ((exponent || k - i >= 300) && !Number.isFinite(Number(text.slice(i, k)))) return NOT_FINITE;
      i = k - 1;
    }
  }
  return null;
};
