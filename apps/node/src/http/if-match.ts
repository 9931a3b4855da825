/**
 * @module Optimistic concurrency over HTTP: `If-Match` carries the stream version a write expects,
 * `ETag` returns the version it produced.
 */
import type { Context } from "hono";
import { InvalidInput } from "./http.errors.js";

/** The ETag of a stream version, a strong quoted entity tag: version 3 → `"3"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The stream version named by `If-Match`, or `undefined` when the header is absent. Accepts `"3"`, `W/"3"` and a
 * bare `3`, since scripts often send the number alone.
 *
 * @example
 * ifMatchVersion(c) // 3 for `If-Match: "3"`
 */
export const ifMatchVersion = (c: Context): number | undefined => {
  const header = c.req.header("if-match");
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (match?.[1] === undefined) {
    throw new InvalidInput({
      message: "If-Match: expected a stream version such as \"3\"",
      issues: [{ path: "header.If-Match", message: `expected a stream version such as "3", got ${JSON.stringify(header)}` }],
    });
  }
  return Number(match[1]);
};
