/**
 * @module Whether a string is one JSON text (RFC 8259), checked without building the value: a replicated
 * event's `data` arrives as text and is stored as it is, so only its well-formedness is needed, and parsing
 * it would allocate a whole object tree per event only to throw it away.
 */

/** Nesting deeper than this is refused (as a parser's stack would be exhausted long before). */
const MAX_DEPTH = 512;

// What the scanner expects next.
const VALUE = 0; // any value
const KEY_OR_END = 1; // after `{`: a key or `}`
const KEY = 2; // after `,` in an object: a key
const VALUE_OR_END = 3; // after `[`: a value or `]`
const AFTER = 4; // after a value: `,` or the closing bracket of the container, or the end of the text

const isHexDigit = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** The index just past the string whose opening quote is at `i`, or -1 when it is not a JSON string. */
const skipString = (text: string, i: number, n: number): number => {
  for (let k = i + 1; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === 34) return k + 1;
    if (c < 32) return -1;
    if (c === 92) {
      const e = text.charCodeAt(k + 1);
      if (e === 117) {
        if (!(isHexDigit(text.charCodeAt(k + 2)) && isHexDigit(text.charCodeAt(k + 3)) && isHexDigit(text.charCodeAt(k + 4)) && isHexDigit(text.charCodeAt(k + 5))))
          return -1;
        k += 5;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) k += 1;
      else return -1;
    }
  }
  return -1;
};

const skipDigits = (text: string, i: number, n: number): number => {
  let k = i;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) break;
    k++;
  }
  return k;
};

/** The index just past the number that starts at `i`, or -1 when it is not a JSON number. */
const skipNumber = (text: string, i: number, n: number): number => {
  let k = i;
  if (text.charCodeAt(k) === 45) k++;
  const first = text.charCodeAt(k);
  if (first === 48) k++;
  else if (first >= 49 && first <= 57) k = skipDigits(text, k, n);
  else return -1;
  if (text.charCodeAt(k) === 46) {
    const end = skipDigits(text, k + 1, n);
    if (end === k + 1) return -1;
    k = end;
  }
  const e = text.charCodeAt(k);
  if (e === 101 || e === 69) {
    k++;
    const sign = text.charCodeAt(k);
    if (sign === 43 || sign === 45) k++;
    const end = skipDigits(text, k, n);
    if (end === k) return -1;
    k = end;
  }
  return k;
};

const skipWord = (text: string, i: number, word: string): number => (text.startsWith(word, i) ? i + word.length : -1);

/**
 * True when `text` is exactly one JSON value with optional surrounding whitespace — what `JSON.parse` accepts.
 *
 * @example
 * isJsonText('{"measureId":"m1","actuals":[]}') // true
 * isJsonText('{"measureId":') // false
 */
export const isJsonText = (text: string): boolean => {
  const n = text.length;
  // Open containers, innermost last: 123 for an object, 91 for an array.
  const open: number[] = [];
  let expect = VALUE;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    switch (expect) {
      case KEY_OR_END:
      case KEY:
        if (c === 125 && expect === KEY_OR_END) {
          open.pop();
          i++;
          expect = AFTER;
          break;
        }
        if (c !== 34) return false;
        i = skipString(text, i, n);
        if (i < 0) return false;
        while (i < n) {
          const w = text.charCodeAt(i);
          if (w !== 32 && w !== 10 && w !== 13 && w !== 9) break;
          i++;
        }
        if (text.charCodeAt(i) !== 58) return false;
        i++;
        expect = VALUE;
        break;
      case VALUE:
      case VALUE_OR_END:
        if (c === 93 && expect === VALUE_OR_END) {
          open.pop();
          i++;
          expect = AFTER;
          break;
        }
        if (c === 123 || c === 91) {
          if (open.length >= MAX_DEPTH) return false;
          open.push(c);
          i++;
          expect = c === 123 ? KEY_OR_END : VALUE_OR_END;
          break;
        }
        i =
          c === 34
            ? skipString(text, i, n)
            : c === 116
              ? skipWord(text, i, "true")
              : c === 102
                ? skipWord(text, i, "false")
                : c === 110
                  ? skipWord(text, i, "null")
                  : skipNumber(text, i, n);
        if (i < 0) return false;
        expect = AFTER;
        break;
      default: {
        // AFTER
        const container = open[open.length - 1];
        if (container === undefined) return false;
        if (c === 44) expect = container === 123 ? KEY : VALUE;
        else if (c === (container === 123 ? 125 : 93)) open.pop();
        else return false;
        i++;
      }
    }
  }
  return expect === AFTER && open.length === 0;
};
