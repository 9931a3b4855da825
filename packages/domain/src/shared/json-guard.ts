/**
 * @module Limits a JSON body must keep before anything reads it further: how deeply it nests (a body of
 * 100,000 `[` would exhaust the stack of whatever walks it next) and that every number is finite (`1e400` parses
 * to Infinity, which no field may hold and no encoder can write back).
 */

/** Deeper than any body this product takes (a plan document nests about 8 levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * The first place the text nests deeper than `maxDepth`, or null. Strings are skipped; the text need not be
 * valid JSON (the parser says so after).
 *
 * @example jsonTooDeep("[[[1]]]", 2) // 2 (the offset of the third "[")
 */
export const jsonTooDeep = (text: string, maxDepth = MAX_JSON_DEPTH): number | null => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \\ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      depth++;
      if (depth > maxDepth) return i;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth--;
  }
  return null;
};

/**
 * The path of the first number that is not finite in a parsed value, or null.
 *
 * @example nonFiniteAt({ actuals: [{ value: Infinity }] }) // "actuals.0.value"
 */
export const nonFiniteAt = (value: unknown, path = ""): string | null => {
  if (typeof value === "number") return Number.isFinite(value) ? null : path === "" ? "(body)" : path;
  if (value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFiniteAt(item, path === "" ? key : `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
};
