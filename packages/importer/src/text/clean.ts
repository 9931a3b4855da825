/**
 * @module Text clean-up shared by every layout: the dumps carry HTML/Markdown markup, odd spaces and words
 * hyphenated across page breaks.
 */

/**
 * Collapses runs of whitespace (including no-break spaces and newlines) to one space and trims.
 *
 * @example squash("a \u00a0 b\n c ") // "a b c"
 */
export const squash = (text: string): string => text.replace(/[\s\u00a0]+/g, " ").trim();

/**
 * Removes the inline markup the dumps carry (`<b>`, `<p>`, `**`) and squashes whitespace.
 *
 * @example stripMarkup("<b>I. Координація</b>") // "I. Координація"
 */
export const stripMarkup = (text: string): string =>
  squash(text.replace(/<\/?(?:b|p|i|strong|em|br)\s*\/?>/gi, " ").replace(/\*\*/g, ""));

/**
 * A cell's text without the footnote marker printed after it («480 000,0*», «2026–2027 роки**»): one to three asterisks
 * right after a digit, a letter or a closing bracket at the end of the text, which point to a footnote under the table
 * («* Обсяг фінансування уточнюється щороку …»). The caller keeps the result only where it reads as an amount or a term;
 * the marker is never part of either.
 *
 * @example withoutFootnoteMark("480 000,0*") // "480 000,0"
 * @example withoutFootnoteMark("2026–2027 роки**") // "2026–2027 роки"
 * @example withoutFootnoteMark("**") // "**"
 */
export const withoutFootnoteMark = (text: string): string => text.replace(/(?<=[\p{L}\d.)])\s?\*{1,3}$/u, "");

/**
 * Joins the two halves of a cell split across a page break. A word broken with a hyphen at the end of the
 * first half ("ро-" + "бочому") is glued back; otherwise the halves are separated by one space.
 *
 * @example joinSplit("на ро-", "бочому місці") // "на робочому місці"
 */
export const joinSplit = (head: string, tail: string): string => {
  const a = head.trim();
  const b = tail.trim();
  if (a === "") return b;
  if (b === "") return a;
  // Only a letter-hyphen at the very end is a wrap; "інформаційно- роз’яснювальних" keeps its space-hyphen.
  if (/\p{L}-$/u.test(a) && /^\p{Ll}/u.test(b)) return `${a.slice(0, -1)}${b}`;
  return `${a} ${b}`;
};

/** The case of letters is all that tells a heading from text: "ПЛАН" → "План". */
export const sentenceCase = (text: string): string => {
  const t = squash(text);
  if (t !== t.toUpperCase()) return t;
  const lower = t.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
};
