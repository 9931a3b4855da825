/**
 * @module Canonical JSON: the byte-exact text that hashes and signatures are computed over.
 */

/**
 * Serialises a JSON value with object keys sorted by UTF-16 code units at every depth, no whitespace, and
 * numbers and strings exactly as `JSON.stringify` writes them (which is also what RFC 8785 prescribes).
 * Properties whose value is `undefined` are left out, as `JSON.stringify` does; values with a `toJSON`
 * method (dates) are serialised through it. Non-finite numbers, bigints and functions are refused because
 * they would not survive a round trip through the database.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null, "x"] }) // '{"a":[true,null,"x"],"b":1}'
 */
export const canonicalJson = (value: unknown): string => {
  const text = encode(value);
  if (text === undefined) throw new TypeError("canonicalJson: the top-level value is not JSON");
  return text;
};

const encode = (value: unknown): string | undefined => {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case "undefined":
      return undefined;
    case "object": {
      if (value === null) return "null";
      const withJson = value as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === "function") return encode(withJson.toJSON());
      if (Array.isArray(value)) return `[${value.map((item) => encode(item) ?? "null").join(",")}]`;
      const record = value as Record<string, unknown>;
      const parts: Array<string> = [];
      for (const key of Object.keys(record).sort()) {
        const item = encode(record[key]);
        if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
};
