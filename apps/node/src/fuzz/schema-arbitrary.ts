/**
 * @module The fuzzer's values from JSON Schemas (the OpenAPI document's, 2020-12): a "valid-ish" arbitrary that
 * follows a schema (types, enums, patterns, bounds, required and optional members, `$ref`s into the document's
 * components) and mutations of it — a wrong type, a huge or hostile string (lone surrogates, NUL, RTL, emoji), a
 * number JSON.stringify cannot write (`1e400`), deep nesting, a missing required member, an unknown one.
 * Values are serialised by `toJsonText`, which writes the raw fragments (`RawJson`) as they are.
 */
import fc from "fast-check";

export type JsonSchema = Readonly<Record<string, unknown>>;

/** A piece of JSON text written as it is: what `JSON.stringify` would refuse or change (`1e400`, deep nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

const deep = (n: number, open: string, close: string, inner = "0"): RawJson => new RawJson(open.repeat(n) + inner + close.repeat(n));

/** Strings a parser or a validator may trip on. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfffy",
    "\ud83d",
    "\u202eabc",
    "😀".repeat(50),
    "Ї".repeat(300),
    "../../etc/passwd",
    "%00",
    "<script>alert(1)</script>",
    "'; DROP TABLE events; --",
    "__proto__",
    "constructor",
    "NaN",
    "1e400",
    "-0",
    "9999-99-99",
    "2024-02-30",
    "0000-01-01T00:00:00Z",
    "+275760-09-13T00:00:00.000Z",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer({ min: 1_000, max: 70_000 }).map((n) => "x".repeat(n)),
);

/** Values of any JSON type (and raw numbers and nestings JSON.stringify cannot write). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    2 ** 53,
    -(2 ** 31),
    1.5,
    [],
    {},
    [null],
    { "": "" },
    new RawJson("1e400"),
    new RawJson("-1e400"),
    new RawJson("1e-400"),
    new RawJson("123456789012345678901234567890"),
    new RawJson("-0"),
    new RawJson("0.1e1"),
  ),
  fc.integer({ min: 10, max: 20_000 }).map((n) => deep(n, "[", "]")),
  fc.integer({ min: 10, max: 5_000 }).map((n) => deep(n, '{"a":', "}")),
  fc.double(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
);

/** JSON text of a value, raw fragments written as they are. */
export const toJsonText = (value: unknown): string => {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
};

/** The schema a `$ref` names, with the referring schema's own keywords (effect's `{ $ref: Int, minimum }`) over it. */
const resolve = (schema: JsonSchema, components: Readonly<Record<string, JsonSchema>>): JsonSchema => {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const target = components[ref.replace("#/components/schemas/", "")] ?? {};
  const { $ref: _, ...rest } = schema;
  return resolve({ ...target, ...rest }, components);
};

const patternString = (pattern: string): fc.Arbitrary<string> => {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return fc.string();
  }
};

const stringOf = (schema: JsonSchema): fc.Arbitrary<string> => {
  if (typeof schema.pattern === "string") return patternString(schema.pattern);
  if (schema.format === "date") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : Math.max(minLength, 24);
  return fc.string({ minLength, maxLength, unit: "grapheme-ascii" });
};

const numberOf = (schema: JsonSchema, integer: boolean): fc.Arbitrary<number> => {
  const min = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + 1 : -1_000;
  const max = typeof schema.maximum === "number" ? schema.maximum : typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - 1 : 1_000_000;
  return integer ? fc.integer({ min, max }) : fc.oneof(fc.integer({ min, max }), fc.double({ min, max, noNaN: true }));
};

/**
 * A value following `schema` (as far as an arbitrary cheaply can: patterns by `stringMatching`, bounds by range).
 *
 * @example
 * fc.sample(validArbitrary({ type: "object", required: ["a"], properties: { a: { type: "integer" } } }, {}), 1)
 */
export const validArbitrary = (schema: JsonSchema, components: Readonly<Record<string, JsonSchema>>, depth = 0): fc.Arbitrary<unknown> => {
  const s = resolve(schema, components);
  if (depth > 8) return fc.constant(null);
  if ("const" in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.anyOf ?? s.oneOf) as ReadonlyArray<JsonSchema> | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) return fc.oneof(...alternatives.map((a) => validArbitrary(a, components, depth + 1)));
  const type = Array.isArray(s.type) ? (s.type[0] as string) : (s.type as string | undefined);
  switch (type) {
    case "string":
      return stringOf(s);
    case "integer":
      return numberOf(s, true);
    case "number":
      return numberOf(s, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const items = (s.items as JsonSchema | undefined) ?? {};
      const minLength = typeof s.minItems === "number" ? s.minItems : 0;
      return fc.array(validArbitrary(items, components, depth + 1), { minLength, maxLength: Math.max(minLength, 3) });
    }
    case "object": {
      const properties = (s.properties ?? {}) as Readonly<Record<string, JsonSchema>>;
      const required = (s.required ?? []) as ReadonlyArray<string>;
      const record = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, validArbitrary(v, components, depth + 1)]));
      if (Object.keys(record).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
      return fc.record(record, { requiredKeys: required.filter((k) => k in record) });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null));
  }
};

/** A valid-ish value with one thing wrong: the whole replaced, a member removed, added or replaced. */
export const mutatedArbitrary = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    hostileValue,
    fc.tuple(valid, fc.nat(), hostileValue, fc.constantFrom("drop", "replace", "extra", "proto") as fc.Arbitrary<string>).map(([value, pick, bad, how]) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return bad;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(out);
      const key = keys.length === 0 ? "extra" : (keys[pick % keys.length] as string);
      if (how === "drop") delete out[key];
      else if (how === "replace") out[key] = bad;
      else if (how === "extra") out[`x-${pick % 7}`] = bad;
      else Object.defineProperty(out, "__proto__", { value: { polluted: true }, enumerable: true });
      return out;
    }),
  );
