/**
 * @module The OpenAPI 3.1 description every node serves at `/api/v1/openapi.json`, generated — never written by
 * hand — from the routes' own `effect/Schema` values (`operations.ts` for the node's API, `federationEndpoints`
 * for federation's), the problem catalogues (which status each refusal code is answered with) and the problem
 * body's schema. The route tests validate every answer they receive against it (`testing/openapi-check.ts`).
 */
import { FEDERATION_CODINGS, FEDERATION_PREFIX, type FederationEndpoint, federationEndpoints, federationProblems } from "@planledger/federation";
import { codesAnswering, PROBLEM_CONTENT_TYPE, type ProblemCatalogue, ProblemBody } from "@planledger/problem";
import { JSONSchema, Schema as S } from "effect";
import { nodeProblems } from "../http/problem.js";
import { suggestionProblems } from "../routes/link-suggestions.routes.js";
import { type ApiOperation, apiOperations, type Catalogue, PLAN_FILE_TYPES } from "./operations.js";

type Json = Record<string, unknown>;

/** A refusal code and the catalogue that answers it. */
interface Refusal {
  readonly code: string;
  readonly catalogue: ProblemCatalogue;
}

const catalogues: Record<Catalogue, ProblemCatalogue> = { api: nodeProblems, suggestions: suggestionProblems };

/**
 * What the node answers in front of every route, from its own catalogue: a source over the failed-authentication
 * limit (any request that carries a credential), and what Node's HTTP parser refuses.
 */
const edgeRefusals: ReadonlyArray<Refusal> = ["TooManyFailedAttempts", "HeaderTooLarge", "MalformedRequest"].map((code) => ({
  code,
  catalogue: nodeProblems,
}));

const statusOf = ({ code, catalogue }: Refusal): number => (catalogue.byTag[code] ?? catalogue.otherTag).status;
const titleOf = ({ code, catalogue }: Refusal): string => (catalogue.byTag[code] ?? catalogue.otherTag).title;

/** Every code the node API's operation can refuse with, from what it decodes and asks for and what it lists. */
const apiRefusals = (op: ApiOperation): ReadonlyArray<Refusal> => {
  const catalogue = catalogues[op.catalogue ?? "api"];
  const codes = new Set<string>(op.codes ?? []);
  if (op.permission !== null) for (const code of ["Unauthenticated", "Forbidden"]) codes.add(code);
  if (op.body !== undefined) for (const code of ["MalformedJson", "InvalidInput", "UnsupportedMediaType"]) codes.add(code);
  if (op.documents !== undefined) codes.add("UnsupportedMediaType");
  // The API refuses a body over its limit on every method that may carry one, read or not.
  if (op.method !== "get" && op.path.startsWith("/api/")) codes.add("PayloadTooLarge");
  const validated = Object.values(op.pathParams ?? {}).some((schema) => schema.ast._tag !== "StringKeyword");
  if ((validated || op.query !== undefined) && catalogue === nodeProblems) codes.add("InvalidInput");
  if (op.ifMatch) for (const code of ["PreconditionFailed", "PreconditionRequired"]) codes.add(code);
  return [...[...codes].map((code) => ({ code, catalogue })), ...edgeRefusals];
};

/** Every code a federation endpoint can refuse with: its own refusals, the node's edge, and the sync's interval. */
const federationRefusals = (endpoint: FederationEndpoint): ReadonlyArray<Refusal> => [
  ...endpoint.refusals.map((code) => ({ code, catalogue: federationProblems })),
  ...edgeRefusals,
  ...(endpoint.path === "/sync" ? [{ code: "SyncTooSoon", catalogue: nodeProblems }] : []),
];

/** effect's markers of "any value" carry an `$id` per occurrence, which JSON Schema reads as a new resource. */
const withoutMarkerIds = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutMarkerIds);
  if (value === null || typeof value !== "object") return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "$id" && typeof inner === "string" && inner.startsWith("/schemas/")) continue;
    out[key] = withoutMarkerIds(inner);
  }
  return out;
};

/**
 * Builds the OpenAPI document.
 *
 * @example
 * openApiDocument({ nodeId: "luhanska", displayName: "Луганська ОДА" }).paths["/api/v1/plans"]
 */
export const openApiDocument = (node: { readonly nodeId: string; readonly displayName: string }) => {
  const schemas: Record<string, JSONSchema.JsonSchema7> = {};
  const render = (schema: S.Schema.All): Json =>
    JSONSchema.fromAST(schema.ast, { definitions: schemas, definitionPath: "#/components/schemas/", target: "openApi3.1" }) as unknown as Json;
  const resolved = (schema: Json): Json => {
    const ref = schema.$ref;
    return typeof ref === "string" ? ((schemas[ref.replace("#/components/schemas/", "")] as unknown as Json | undefined) ?? schema) : schema;
  };
  const problemRef = render(ProblemBody);

  /** The parameters `in` a place, one per field of a struct schema, as the route decodes them. */
  const parametersOf = (where: "path" | "query", fields: S.Struct.Fields): Json[] => {
    const { properties = {}, required = [] } = resolved(render(S.Struct(fields))) as {
      properties?: Record<string, Json>;
      required?: string[];
    };
    return Object.entries(properties).map(([name, schema]) => ({
      name,
      in: where,
      required: where === "path" || required.includes(name),
      ...(typeof schema.description === "string" ? { description: schema.description } : {}),
      schema,
    }));
  };

  /** One response per status the refusals are answered with; each problem's `code` limited to those codes. */
  const problemResponses = (refusals: ReadonlyArray<Refusal>, domainRules: boolean): Record<string, Json> => {
    const byStatus = new Map<number, Refusal[]>();
    for (const refusal of refusals) byStatus.set(statusOf(refusal), [...(byStatus.get(statusOf(refusal)) ?? []), refusal]);
    if (domainRules && !byStatus.has(nodeProblems.otherTag.status)) byStatus.set(nodeProblems.otherTag.status, []);
    const responses: Record<string, Json> = {};
    for (const [status, listed] of [...byStatus].sort(([a], [b]) => a - b)) {
      const codes = [...new Set(listed.map((r) => r.code))].sort();
      // A decider's rule that the catalogue does not list is answered with the default status, under its own code.
      const open = domainRules && status === nodeProblems.otherTag.status && codesAnswering(nodeProblems, status) === null;
      const said = [...new Map(listed.map((r) => [r.code, `\`${r.code}\` (${titleOf(r)})`])).values()].sort();
      const description = [...said, ...(open ? ["any other broken domain rule, under its own code"] : [])].join("; ");
      const headers: Json = {};
      if (status === 401) headers["WWW-Authenticate"] = { schema: { type: "string" }, description: 'Bearer realm="planledger"' };
      if (status === 429) headers["Retry-After"] = { schema: { type: "integer", minimum: 1 }, description: "seconds until this source may try again (also `retryAfter`)" };
      responses[String(status)] = {
        description,
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: {
              allOf: [
                problemRef,
                {
                  type: "object",
                  properties: {
                    status: { const: status },
                    ...(open ? {} : { code: { enum: codes } }),
                    ...(status === 429 ? { retryAfter: { type: "integer", minimum: 1, description: "seconds, as Retry-After says" } } : {}),
                  },
                  ...(status === 429 ? { required: ["retryAfter"] } : {}),
                },
              ],
            },
          },
        },
      };
    }
    return responses;
  };

  const answerHeaders = (answer: ApiOperation["answer"]): Json | undefined => {
    const headers: Json = {};
    if (answer.etag) headers.ETag = { schema: { type: "string" }, description: 'the stream version, strong: `"24"`' };
    if (answer.location) headers.Location = { schema: { type: "string" }, description: "where what was made is read" };
    if (answer.gzip) headers["Content-Encoding"] = { schema: { const: "gzip" }, description: "when the request accepts gzip" };
    return Object.keys(headers).length === 0 ? undefined : headers;
  };

  const paths: Record<string, Record<string, Json>> = {};
  const add = (path: string, method: string, operation: Json) => {
    const item = paths[path] ?? {};
    item[method] = operation;
    paths[path] = item;
  };

  for (const op of apiOperations) {
    const content: Json = {};
    if (op.body !== undefined) content["application/json"] = { schema: render(op.body) };
    if (op.documents !== undefined) {
      content["text/plain"] = { schema: { type: "string", description: "a plan document in one of the seed layouts, or web text" } };
      for (const type of PLAN_FILE_TYPES) content[type] = { schema: { description: "a plan file: Word, Excel, PDF or RTF" } };
    }
    const parameters = [
      ...(op.pathParams === undefined ? [] : parametersOf("path", op.pathParams)),
      ...(op.query === undefined ? [] : parametersOf("query", op.query.fields)),
      ...(op.ifMatch
        ? [{ name: "If-Match", in: "header", required: true, schema: { type: "string" }, description: 'the stream version the caller saw: `"24"`, `W/"24"` or `24`' }]
        : []),
    ];
    const headers = answerHeaders(op.answer);
    add(op.path, op.method, {
      operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[/.-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: op.summary,
      ...(op.permission === null ? { security: [] } : { security: [{ bearer: [] }], "x-permission": op.permission }),
      parameters,
      ...(Object.keys(content).length === 0 ? {} : { requestBody: { required: true, content } }),
      responses: {
        [String(op.answer.status)]: {
          description: op.answer.description,
          ...(headers === undefined ? {} : { headers }),
          content: { [op.answer.mediaType ?? "application/json"]: { schema: render(op.answer.schema) } },
        },
        ...problemResponses(apiRefusals(op), op.domainRules === true),
      },
    });
  }

  const credentials: Record<FederationEndpoint["credential"], ReadonlyArray<Json>> = {
    none: [],
    admin: [{ bearer: [] }],
    child: [{ federationChild: [] }],
    adminOrChild: [{ bearer: [] }, { federationChild: [] }],
  };
  for (const endpoint of federationEndpoints) {
    const path = `${FEDERATION_PREFIX}${endpoint.path}`;
    add(path, endpoint.method.toLowerCase(), {
      operationId: `federation${endpoint.path.replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: endpoint.summary,
      security: credentials[endpoint.credential],
      ...(endpoint.credential === "admin" || endpoint.credential === "adminOrChild" ? { "x-permission": "admin" } : {}),
      parameters: [
        ...(endpoint.query === undefined ? [] : parametersOf("query", endpoint.query.fields)),
        ...(endpoint.encodedBody
          ? [{ name: "Content-Encoding", in: "header", required: false, schema: { type: "string" }, description: `the body's coding, one of: ${FEDERATION_CODINGS}` }]
          : []),
      ],
      ...(endpoint.body === undefined ? {} : { requestBody: { required: true, content: { "application/json": { schema: render(endpoint.body) } } } }),
      responses: {
        [String(endpoint.answer.status)]: {
          description: endpoint.answer.description,
          ...(endpoint.answer.encoded
            ? { headers: { "Content-Encoding": { schema: { type: "string" }, description: `when the request accepts one of: ${FEDERATION_CODINGS}` } } }
            : {}),
          content: { "application/json": { schema: render(endpoint.answer.schema) } },
        },
        ...problemResponses(federationRefusals(endpoint), false),
      },
    });
  }

  return withoutMarkerIds({
    openapi: "3.1.0",
    info: {
      title: `Plan Ledger node ${node.nodeId}`,
      description: `${node.displayName}. Помилки — application/problem+json (RFC 9457) / errors are RFC 9457 problems; \`code\` names the reason.`,
      version: "1",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "an API token of this node, `pl_<node>_<secret>` (stored as SHA-256); its role grants `x-permission`" },
        federationChild: {
          type: "http",
          scheme: "bearer",
          description: "an enrolled child node's credential: the token its parent's admin invited it with (`POST /federation/v1/invitations`)",
        },
      },
      schemas,
    },
    paths,
  }) as OpenApiDocument;
};

export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly components: { readonly schemas: Record<string, Json> };
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly [member: string]: unknown;
}

export interface OpenApiOperation {
  readonly operationId: string;
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly in: string; readonly required: boolean; readonly schema: Json }>;
  readonly responses: Record<string, { readonly description: string; readonly content?: Record<string, { readonly schema: Json }> }>;
  readonly [member: string]: unknown;
}
