/**
 * @module Ukrainian text to comparable tokens: lower case, one apostrophe, no function words, prefix stems.
 */

/** Function words and words every measure of a social-services plan repeats, which tell measures apart poorly. */
const stopwords = new Set([
  "та", "і", "й", "в", "у", "з", "із", "зі", "до", "на", "по", "для", "від", "що", "щодо", "як", "які", "який",
  "яка", "яке", "або", "а", "при", "це", "цього", "цієї", "їх", "його", "її", "за", "під", "над", "між", "через",
  "про", "не", "так", "також", "тому", "числі", "том", "всіх", "усіх", "всі", "усі", "кожн", "разі",
  "року", "роки", "рік", "років",
]);

const stemLength = 6;

/**
 * Prefix stem: Ukrainian inflects at the end, so the first letters of a word survive its cases
 * ("послуги", "послуг", "послугу" → "послуг"). Short words are kept whole.
 *
 * @example
 * stem("соціального") // "соціал"
 */
export const stem = (word: string): string => (word.length <= stemLength ? word : word.slice(0, stemLength));

/**
 * The stems of a text's content words, in order (repeats kept, so counts can weigh them).
 *
 * @example
 * tokens("створення інклюзивних ресурсних кімнат у навчальних закладах")
 * // ["створе", "інклюз", "ресурс", "кімнат", "навчал", "заклад"]
 */
export const tokens = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[’ʼ`']/g, "")
    .replace(/(\p{L})-\s+(\p{L})/gu, "$1$2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 && !stopwords.has(w) && !/^\d+$/.test(w))
    .map(stem);
