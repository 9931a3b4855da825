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
  const item = resolve(value);
  if (item === undefined) throw new TypeError("canonicalJson: the top-level value is not JSON");
  // All pieces go into one array joined once: a single flat string, and pieces that die young. Building
  // nested strings by concatenation left long-lived ropes behind and doubled the GC time of large appends.
  const out: Array<string> = [];
  write(item, out);
  return out.join("");
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON must escape
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A JSON string literal, exactly as `JSON.stringify(text)` writes it (the common case without anything to
 * escape skips the call).
 *
 * @example
 * jsonString("Розділ I") // '"Розділ I"'
 */
export const jsonString = (text: string): string => (needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`);

// Event payloads repeat the same few dozen keys; their `"key":` and `,"key":` tokens are made once.
const keyTokens = new Map<string, readonly [first: string, next: string]>();
const keyToken = (key: string, first: boolean): string => {
  let tokens = keyTokens.get(key);
  if (tokens === undefined) {
    if (keyTokens.size > 10_000) keyTokens.clear();
    const token = `${jsonString(key)}:`;
    tokens = [token, `,${token}`];
    keyTokens.set(key, tokens);
  }
  return first ? tokens[0] : tokens[1];
};

const isSorted = (keys: ReadonlyArray<string>): boolean => {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
};

/** What JSON.stringify would serialise in place of `value`: the result of `toJSON` when it has one. */
const resolve = (value: unknown): unknown => {
  if (typeof value === "object" && value !== null) {
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === "function") return withJson.toJSON();
  }
  return value;
};

const write = (value: unknown, out: Array<string>): void => {
  switch (typeof value) {
    case "string":
      // Three pieces rather than a new quoted string: join copies them once anyway.
      if (needsEscape.test(value)) out.push(JSON.stringify(value));
      else out.push('"', value, '"');
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      out.push(`${value}`);
      return;
    case "object": {
      if (value === null) {
        out.push("null");
        return;
      }
      if (Array.isArray(value)) {
        out.push("[");
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(",");
          const item = resolve(value[i]);
          if (item === undefined) out.push("null");
          else write(item, out);
        }
        out.push("]");
        return;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (!isSorted(keys)) keys.sort();
      out.push("{");
      let first = true;
      for (const key of keys) {
        const item = resolve(record[key]);
        if (item === undefined) continue;
        out.push(keyToken(key, first));
        first = false;
        write(item, out);
      }
      out.push("}");
      return;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
};
