/**
 * @module Decodes a JSON request body with `effect/Schema`, rejecting unknown fields.
 */
import { jsonTooDeep, MAX_JSON_DEPTH, nonFiniteAt } from "@planledger/domain";
import { Either, ParseResult, Schema as S } from "effect";
import type { Context } from "hono";
import { type InputIssue, InvalidInput, MalformedJson, UnsupportedMediaType } from "./http.errors.js";

/** JSON media types, in UTF-8 (RFC 8259 §8.1): a body declared in another charset is not read as JSON. */
const isJson = (contentType: string | undefined): boolean => {
  if (contentType === undefined || !/^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim())) return false;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
};

/**
 * One issue per field: a union reports each member it tried (`Expected "planned", actual "x"`, then
 * `Expected "done", …`), which reads better as `Expected "planned" | "done", actual "x"`.
 */
const mergeByPath = (issues: ReadonlyArray<InputIssue>): InputIssue[] => {
  const byPath = new Map<string, string[]>();
  for (const issue of issues) byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue.message]);
  return [...byPath].map(([path, messages]) => {
    const parts = messages.map((m) => /^Expected (.+), actual (.+)$/s.exec(m));
    const actual = parts[0]?.[2];
    const sameActual = parts.every((p) => p !== null && p[2] === actual);
    const message = messages.length > 1 && sameActual ? `Expected ${parts.map((p) => p?.[1]).join(" | ")}, actual ${actual}` : messages.join("; ");
    return { path, message };
  });
};

// Building a decoder walks the schema; routes decode the same few schemas on every request.
const decoders = new WeakMap<object, (input: unknown) => Either.Either<unknown, ParseResult.ParseError>>();
const decoderOf = <A, I>(schema: S.Schema<A, I, never>) => {
  let decode = decoders.get(schema);
  if (decode === undefined) {
    decode = S.decodeUnknownEither(schema, { onExcessProperty: "error", errors: "all" });
    decoders.set(schema, decode);
  }
  return decode as (input: unknown) => Either.Either<A, ParseResult.ParseError>;
};

/**
 * Decodes a value the way every boundary does: all issues at once, unknown fields are an error.
 *
 * @example
 * decodeInput(S.Struct({ reason: S.String }), { reason: "дубль" }) // { reason: "дубль" }
 */
export const decodeInput = <A, I>(schema: S.Schema<A, I, never>, input: unknown): A => {
  const result = decoderOf(schema)(input);
  if (Either.isRight(result)) return result.right;
  const issues = mergeByPath(
    ParseResult.ArrayFormatter.formatErrorSync(result.left).map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    })),
  );
  const first = issues[0];
  throw new InvalidInput({
    message: first === undefined ? "invalid input" : `${first.path === "" ? "(body)" : first.path}: ${first.message}`,
    issues,
  });
};

/**
 * Parses the request body as JSON and decodes it; throws `MalformedJson`, `InvalidInput` or
 * `UnsupportedMediaType`, which `onError` turns into problems.
 *
 * @example
 * const body = await readJson(c, S.Struct({ reason: S.String }))
 */
export const readJson = async <A, I>(c: Context, schema: S.Schema<A, I, never>): Promise<A> => {
  const contentType = c.req.header("content-type");
  if (!isJson(contentType)) throw new UnsupportedMediaType({ contentType: contentType ?? "" });
  return decodeInput(schema, parseJsonText(await c.req.text()));
};

/** `JSON.parse` that fails with `MalformedJson` naming where the text broke. */
export const parseJsonText = (text: string): unknown => {
  const deep = jsonTooDeep(text);
  if (deep !== null)
    throw new MalformedJson({
      message: `вкладеність глибша за ${MAX_JSON_DEPTH} рівні (позиція ${deep}) / nested deeper than ${MAX_JSON_DEPTH} levels (offset ${deep})`,
    });
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new MalformedJson({ message: cause instanceof Error ? cause.message : "not JSON" });
  }
  const infinite = nonFiniteAt(value);
  if (infinite !== null)
    throw new InvalidInput({
      message: `${infinite}: число поза межами (має бути скінченним) / number out of range (must be finite)`,
      issues: [{ path: infinite, message: "число поза межами / number out of range" }],
    });
  return value;
};

export { isJson };
