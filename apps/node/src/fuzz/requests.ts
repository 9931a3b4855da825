/**
 * @module The fuzzer's requests, generated from the node's OpenAPI document: for each operation its path
 * parameters (ids the node holds, ids from the schema, hostile segments), its query (documented parameters
 * present, absent, hostile; unknown and repeated ones), its headers (`If-Match`, `Content-Encoding`), its body
 * (valid-ish against the schema, mutated, not JSON, gzipped or not, under a wrong or missing content type) and a
 * credential (none, a malformed one, a wrong token, or a real token of a role). A few requests use a method the
 * path does not document.
 */
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { hostileString, type JsonSchema, mutatedArbitrary, toJsonText, validArbitrary } from "./schema-arbitrary.js";

/** The credentials the fuzzer sends: none, malformed, wrong, and real ones of a few roles. */
export type Credential = "none" | "malformed" | "wrong" | "admin" | "viewer" | "reporter" | "federationChild";

export interface FuzzRequest {
  /** The documented operation this request was generated for (`post /api/v1/plans`). */
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly credential: Credential;
  readonly body: Uint8Array | null;
}

/** Values the node under test holds, so that some requests reach past "not found". */
export interface FuzzPools {
  readonly planId: ReadonlyArray<string>;
  readonly measureId: ReadonlyArray<string>;
  readonly reportId: ReadonlyArray<string>;
  readonly stream: ReadonlyArray<string>;
  readonly tokenId: ReadonlyArray<string>;
  readonly origin: ReadonlyArray<string>;
  /** Stream versions the node's plan and report are at (for `If-Match`). */
  readonly versions: ReadonlyArray<number>;
  /** The text of a plan document the node can parse. */
  readonly planText: string;
  /** A URL a `join` may be pointed at without leaving the machine (a closed loopback port). */
  readonly deadParentUrl: string;
}

interface Parameter {
  readonly in: "path" | "query" | "header";
  readonly name: string;
  readonly required?: boolean;
  readonly schema?: JsonSchema;
}

interface Operation {
  readonly parameters?: ReadonlyArray<Parameter>;
  readonly requestBody?: { readonly required?: boolean; readonly content: Readonly<Record<string, { readonly schema?: JsonSchema }>> };
}

export interface OpenApiLike {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> };
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** A path segment as it goes on the wire: percent-encoded, a lone surrogate as the UTF-8 bytes of one. */
const segment = (value: string): string => {
  try {
    const encoded = encodeURIComponent(value);
    // "." and ".." are dot-segments every client and URL parser resolves away: not a value a route can receive.
    return encoded === "." || encoded === ".." ? `${encoded}x` : encoded;
  } catch {
    return "%ED%A0%80";
  }
};

const queryValue = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80";
  }
};

const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  hostileString.filter((s) => s !== "").map(segment),
  fc.constantFrom("%00", "%ZZ", "%", "%ED%A0%80", "%C0%AF", "%2F", "a%2Fb", "%25", "%E2%80%AE"),
);

/** An ASCII header value (what an HTTP client can send), hostile or not. */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")),
  fc.integer({ min: 100, max: 7_000 }).map((n) => "a".repeat(n)),
);

const ifMatchOf = (pools: FuzzPools): fc.Arbitrary<string | undefined> => fc.oneof(
  { arbitrary: fc.constantFrom(...pools.versions, 1).map((n) => `"${n}"`), weight: 4 },
  fc.constant(undefined),
  fc.nat({ max: 40 }).map((n) => `"${n}"`),
  fc.nat({ max: 40 }).map(String),
  fc.constantFrom("*", 'W/"1"', '"-1"', '"1e400"', '""', '"1", "2"', '"99999999999999999999999"'),
  headerValue,
);

const credential: fc.Arbitrary<Credential> = fc.constantFrom("none", "malformed", "wrong", "admin", "admin", "viewer", "reporter", "federationChild");

/** A value for a path parameter: an id the node holds (most often), one the schema allows, or a hostile segment. */
const pathValue = (name: string, schema: JsonSchema, pools: FuzzPools, components: Readonly<Record<string, JsonSchema>>): fc.Arbitrary<string> => {
  const known: ReadonlyArray<string> =
    (pools as unknown as Record<string, ReadonlyArray<string> | undefined>)[name] ?? (name === "stream" ? pools.stream : []);
  const fromSchema = validArbitrary(schema, components).map((v) => segment(String(v)));
  return known.length === 0
    ? fc.oneof({ arbitrary: fromSchema, weight: 3 }, { arbitrary: hostileSegment, weight: 1 })
    : fc.oneof({ arbitrary: fc.constantFrom(...known).map(segment), weight: 4 }, { arbitrary: fromSchema, weight: 2 }, { arbitrary: hostileSegment, weight: 1 });
};

/** A value for a query parameter, before encoding. */
const queryRaw = (param: Parameter, pools: FuzzPools, components: Readonly<Record<string, JsonSchema>>): fc.Arbitrary<string> => {
  const special: Record<string, fc.Arbitrary<string>> = {
    asOf: fc.oneof(
      fc.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    ),
    plan: pools.planId.length > 0 ? fc.constantFrom(...pools.planId) : fc.string(),
    parent: pools.planId.length > 0 ? fc.constantFrom(...pools.planId) : fc.string(),
    origin: pools.origin.length > 0 ? fc.constantFrom(...pools.origin) : fc.string(),
    fromVersion: fc.nat({ max: 50 }).map(String),
  };
  const valid = special[param.name] ?? validArbitrary(param.schema ?? { type: "string" }, components).map(String);
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: hostileString, weight: 1 }, { arbitrary: fc.constantFrom("-1", "1e400", "0x10", "99999999999999999999", "true"), weight: 1 });
};

const queryOf = (params: ReadonlyArray<Parameter>, pools: FuzzPools, components: Readonly<Record<string, JsonSchema>>): fc.Arbitrary<string> => {
  const parts = params.map((p) =>
    fc.oneof(
      { arbitrary: queryRaw(p, pools, components).map((v) => `${p.name}=${queryValue(v)}`), weight: p.required ? 6 : 3 },
      { arbitrary: fc.constant(""), weight: 2 },
      { arbitrary: fc.tuple(queryRaw(p, pools, components), queryRaw(p, pools, components)).map(([a, b]) => `${p.name}=${queryValue(a)}&${p.name}=${queryValue(b)}`), weight: 1 },
    ),
  );
  const extra = fc.oneof(
    { arbitrary: fc.constant(""), weight: 5 },
    { arbitrary: fc.constantFrom("unknown=1", "%ZZ=1", "a", "=", "&&", "asOf=%00", "__proto__=x"), weight: 1 },
  );
  return fc.tuple(fc.tuple(...parts), extra).map(([ps, x]) => [...ps, x].filter((s) => s !== "").join("&"));
};

const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "utf8"));

interface BodyChoice {
  readonly contentType: string | undefined;
  readonly body: Uint8Array | null;
}

/** A request body for an operation: per documented media type, valid-ish or mutated, and a few wrong ones. */
const bodyOf = (op: Operation, pools: FuzzPools, components: Readonly<Record<string, JsonSchema>>, fixups: (v: unknown) => unknown): fc.Arbitrary<BodyChoice> => {
  const content = op.requestBody?.content ?? {};
  const choices: Array<fc.WeightedArbitrary<BodyChoice>> = [];
  for (const [media, { schema }] of Object.entries(content)) {
    if (media === "application/json") {
      const valid = validArbitrary(schema ?? {}, components).map(fixups);
      choices.push({ arbitrary: valid.map((v) => ({ contentType: "application/json", body: utf8(toJsonText(v)) })), weight: 6 });
      choices.push({ arbitrary: mutatedArbitrary(valid).map((v) => ({ contentType: "application/json", body: utf8(toJsonText(v)) })), weight: 4 });
      choices.push({
        arbitrary: fc
          .tuple(valid, fc.constantFrom("text/plain", "application/xml", "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/JSON"))
          .map(([v, type]) => ({ contentType: type, body: utf8(toJsonText(v)) })),
        weight: 1,
      });
      choices.push({
        arbitrary: fc
          .oneof(fc.constantFrom("", "{", "[1,", '{"a":1,}', "nul", "\u0000", "{}{}", '"\\ud800"', '{"a":"\\u0000"}'), fc.string({ unit: "binary", maxLength: 60 }))
          .map((t) => ({ contentType: "application/json", body: utf8(t) })),
        weight: 1,
      });
    } else if (media === "text/plain") {
      choices.push({ arbitrary: fc.constant({ contentType: "text/plain; charset=utf-8", body: utf8(pools.planText) }), weight: 1 });
      choices.push({ arbitrary: fc.oneof(hostileString, fc.lorem({ maxCount: 40 })).map((t) => ({ contentType: "text/plain", body: utf8(t) })), weight: 2 });
    } else {
      choices.push({ arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => ({ contentType: media, body: b })), weight: 1 });
    }
  }
  // A body where none is documented, or none where one is; a missing content type.
  choices.push({ arbitrary: fc.constant({ contentType: undefined, body: null }), weight: 1 });
  choices.push({ arbitrary: fc.string({ maxLength: 30 }).map((t) => ({ contentType: undefined, body: utf8(t) })), weight: 1 });
  if (op.requestBody === undefined) choices.push({ arbitrary: fc.constant({ contentType: undefined, body: null }), weight: 6 });
  return fc.oneof(...choices);
};

/** Per operation, what keeps a valid request on this machine (a `join` to a closed loopback port, not the internet). */
const fixupsOf = (path: string, pools: FuzzPools): ((v: unknown) => unknown) => {
  if (path.endsWith("/join"))
    return (v) => (v !== null && typeof v === "object" && "parentUrl" in v ? { ...v, parentUrl: pools.deadParentUrl } : v);
  return (v) => v;
};

/**
 * One arbitrary of requests over all the document's operations (each operation equally likely).
 *
 * @example
 * fc.sample(requestArbitrary(openApiDocument(node), pools), 3)
 */
export const requestArbitrary = (document: OpenApiLike, pools: FuzzPools): fc.Arbitrary<FuzzRequest> => {
  const components = document.components.schemas;
  const perOperation: Array<fc.Arbitrary<FuzzRequest>> = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === "path");
      const queryParams = params.filter((p) => p.in === "query");
      const hasIfMatch = params.some((p) => p.in === "header" && p.name === "If-Match");
      const hasEncoding = params.some((p) => p.in === "header" && p.name === "Content-Encoding");
      const undocumented = METHODS.filter((m) => operations[m] === undefined);
      perOperation.push(
        fc
          .record({
            path: fc.tuple(...pathParams.map((p) => pathValue(p.name, p.schema ?? { type: "string" }, pools, components))),
            query: queryOf(queryParams, pools, components),
            ifMatch: hasIfMatch ? ifMatchOf(pools) : fc.constant(undefined),
            gzip: hasEncoding ? fc.constantFrom("no", "no", "gzip", "gzip-lie", "br") : fc.constant("no"),
            body: bodyOf(op, pools, components, fixupsOf(template, pools)),
            credential,
            wrongMethod: undocumented.length > 0 ? fc.oneof({ arbitrary: fc.constant(undefined), weight: 15 }, { arbitrary: fc.constantFrom(...undocumented), weight: 1 }) : fc.constant(undefined),
          })
          .map(({ path, query, ifMatch: match, gzip, body, credential: cred, wrongMethod }) => {
            let i = 0;
            const filled = template.replace(/\{\w+\}/g, () => path[i++] ?? "x");
            const headers: Record<string, string> = {};
            if (body.contentType !== undefined) headers["content-type"] = body.contentType;
            if (match !== undefined) headers["if-match"] = match;
            let bytes = body.body;
            if (gzip === "gzip" && bytes !== null) {
              bytes = new Uint8Array(gzipSync(bytes));
              headers["content-encoding"] = "gzip";
            } else if (gzip === "gzip-lie") headers["content-encoding"] = "gzip";
            else if (gzip === "br") headers["content-encoding"] = "br";
            return {
              operation: `${method} ${template}`,
              method: (wrongMethod ?? method).toUpperCase(),
              path: query === "" ? filled : `${filled}?${query}`,
              headers,
              credential: cred,
              body: bytes,
            };
          }),
      );
    }
  }
  return fc.oneof(...perOperation);
};

/** A request as a reader wants it in a failure report (the body as text, cut). */
export const describeRequest = (r: FuzzRequest): string => {
  const body = r.body === null ? "(no body)" : `${r.body.length} bytes: ${JSON.stringify(Buffer.from(r.body).toString("utf8").slice(0, 600))}`;
  return `${r.method} ${r.path.slice(0, 600)}\n  operation: ${r.operation}\n  credential: ${r.credential}\n  headers: ${JSON.stringify(r.headers).slice(0, 400)}\n  body: ${body}`;
};
