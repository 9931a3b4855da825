/**
 * @module The route tests' check of every answer against the node's OpenAPI document: the answer's status must be
 * one the document lists for that route, its media type one it lists for that status, and its JSON body must
 * validate (Ajv, JSON Schema 2020-12, as OpenAPI 3.1 uses) against the schema it gives. A mismatch throws, so the
 * test that received the answer fails. `testNode()` applies it to its app; `installFetchCheck()` (the vitest
 * setup file) to every `fetch` to a node on the loopback; socket-level tests call `checkRawAnswer`.
 */
import type { IncomingMessage } from "node:http";
import { gunzipSync } from "node:zlib";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { type OpenApiOperation, openApiDocument } from "../openapi/openapi.js";

const DOCUMENT_ID = "urn:planledger:openapi";

/** The route an answer belongs to: the documented path template and operation for its method, if any. */
interface Route {
  readonly template: string;
  readonly operation: OpenApiOperation;
}

interface Checker {
  readonly routeOf: (method: string, path: string) => Route | null;
  readonly validatorOf: (template: string, method: string, status: string, mediaType: string) => ValidateFunction;
}

const pointer = (...parts: string[]): string => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

let checker: Checker | null = null;

/** Built once per test file: the document, Ajv with it as one schema resource, and a matcher of its path templates. */
const checkerOf = (): Checker => {
  if (checker !== null) return checker;
  const document = openApiDocument({ nodeId: "openapi-check", displayName: "openapi-check" });
  // strict: schemas Ajv cannot read exactly (unknown keywords, unknown formats) are an error, not a shrug. Only the
  // type check is off: effect writes a refined integer as `{ $ref: Int, minimum: 0 }`, its type behind the `$ref`,
  // which that check cannot see through.
  const ajv = new Ajv2020({ strict: true, allErrors: true, strictTypes: false });
  addFormats.default(ajv);
  // The document's own members, which are not JSON Schema keywords; the schemas inside are reached by pointer.
  ajv.addVocabulary(["openapi", "info", "servers", "security", "components", "paths"]);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
    // A literal segment is a closer match than a parameter (`/plans/parse` before `/plans/{planId}`).
    literals: template.split("/").filter((s) => s !== "" && !s.startsWith("{")).length,
  }));
  const validators = new Map<string, ValidateFunction>();
  checker = {
    routeOf: (method, path) => {
      const found = templates
        .filter((t) => t.pattern.test(path) && document.paths[t.template]?.[method] !== undefined)
        .sort((a, b) => b.literals - a.literals)[0];
      const operation = found === undefined ? undefined : document.paths[found.template]?.[method];
      return found === undefined || operation === undefined ? null : { template: found.template, operation };
    },
    validatorOf: (template, method, status, mediaType) => {
      const key = `${method} ${template} ${status} ${mediaType}`;
      let validate = validators.get(key);
      if (validate === undefined) {
        const ref = `${DOCUMENT_ID}#/${pointer("paths", template, method, "responses", status, "content", mediaType, "schema")}`;
        validate = ajv.compile({ $ref: ref });
        validators.set(key, validate);
      }
      return validate;
    },
  };
  return checker;
};

/** Answers checked in this test file, by route and status (the setup file reports the total). */
export const checkedAnswers = new Map<string, number>();

/** Paths the document answers for as a whole: an unknown route under them is a 404 problem, not a page. */
const API_PATH = /^\/(api|federation)\/|^\/health\/?$/;

export class UndocumentedAnswer extends Error {}

/** The body of a documented answer: one of the status's media types, and valid against its schema. */
const checkBody = (
  route: Route,
  method: string,
  status: number,
  contentType: string,
  media: ReadonlyArray<string>,
  said: string,
  parsed: () => unknown,
  text: () => string,
): void => {
  if (!media.includes(contentType))
    throw new UndocumentedAnswer(`${said}: content-type "${contentType}" is not documented (documented: ${media.join(", ")})`);
  // A JSON answer is validated as what it parses to; any other (a script, a document) as its text.
  const value = /[/+]json$/.test(contentType) ? parsed() : text();
  const validate = checkerOf().validatorOf(route.template, method, String(status), contentType);
  if (!validate(value)) {
    const errors = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || "(body)"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
    throw new UndocumentedAnswer(`${said}: the body does not match the document (${route.template}):\n  ${errors.join("\n  ")}\n  body: ${text().slice(0, 400)}`);
  }
};

/**
 * Checks one answer: `status`, its headers (`content-type`, `content-encoding`) and its body bytes as received.
 * Answers of paths outside the API (the pages) and of HEAD requests are not described and pass unchecked.
 *
 * @example
 * checkRawAnswer("GET", "/api/v1/plans", 200, new Headers({ "content-type": "application/json" }), Buffer.from('{"node":"x","plans":[]}'))
 */
export const checkRawAnswer = (
  method: string,
  url: string,
  status: number,
  headers: { readonly get: (name: string) => string | null },
  body: Uint8Array,
): void => {
  const path = new URL(url, "http://node").pathname;
  const lower = method.toLowerCase();
  if (lower === "head" || !API_PATH.test(path)) return;
  const { routeOf } = checkerOf();
  const route = routeOf(lower, path);
  const said = `${method} ${path} → ${status}`;
  const contentType = (headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const text = (): string => {
    const bytes = headers.get("content-encoding") === "gzip" && body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
    return Buffer.from(bytes).toString("utf8");
  };
  const parsed = (): unknown => {
    try {
      return JSON.parse(text());
    } catch {
      throw new UndocumentedAnswer(`${said}: the body is not JSON: ${text().slice(0, 200)}`);
    }
  };
  if (route === null) {
    // No such route: the node answers 404 (or, in front of every route, 429 and 431) with a problem.
    const problem = parsed() as { status?: unknown; code?: unknown };
    if (contentType !== "application/problem+json" || ![404, 429, 431].includes(status) || problem.status !== status)
      throw new UndocumentedAnswer(`${said}: no documented route answers this, and it is not a 404 problem (${contentType})`);
    count(`${lower} (no route) ${status}`);
    return;
  }
  const response = route.operation.responses[String(status)];
  if (response === undefined)
    throw new UndocumentedAnswer(
      `${said}: status ${status} is not documented for ${lower} ${route.template} (documented: ${Object.keys(route.operation.responses).join(", ")}); body: ${text().slice(0, 300)}`,
    );
  const media = Object.keys(response.content ?? {});
  if (media.length > 0) checkBody(route, lower, status, contentType, media, said, parsed, text);
  count(`${lower} ${route.template} ${status}`);
};

const count = (key: string): void => {
  checkedAnswers.set(key, (checkedAnswers.get(key) ?? 0) + 1);
};

/**
 * Checks a fetch `Response` against the document (reading a clone, so the caller still reads the body) and
 * returns it.
 *
 * @example
 * const res = await checkResponse("GET", "/health", await app.request("/health"))
 */
export const checkResponse = async (method: string, url: string, response: Response): Promise<Response> => {
  const body = new Uint8Array(await response.clone().arrayBuffer());
  checkRawAnswer(method, url, response.status, response.headers, body);
  return response;
};

/**
 * Checks an answer read off a socket with `node:http` (`res` and the body bytes as they came).
 *
 * @example
 * res.on("end", () => { checkIncoming("GET", "/health", res, Buffer.concat(chunks)); resolve(…) })
 */
export const checkIncoming = (method: string, path: string, res: IncomingMessage, body: Uint8Array): void =>
  checkRawAnswer(method, path, res.statusCode ?? 0, {
    get: (name) => {
      const value = res.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  }, body);

/** What `fetch` and `app.request` take as the request. */
type Input = string | URL | Request;

/** The method and URL of `fetch`'s or `app.request`'s arguments. */
const requestOf = (input: Input, init?: RequestInit): { readonly method: string; readonly url: string } => {
  if (input instanceof Request) return { method: init?.method ?? input.method, url: input.url };
  return { method: init?.method ?? "GET", url: input instanceof URL ? input.href : input };
};

/**
 * Makes `app.request` check every answer it gives against the document (Hono's `request` is an instance field,
 * so the app itself is changed and returned).
 *
 * @example
 * const app = checkedApp(createApp(deps)); await app.request("/health") // throws on an undocumented answer
 */
export const checkedApp = <A extends { request: (input: Input, init?: RequestInit, ...rest: never[]) => Response | Promise<Response> }>(
  app: A,
): A => {
  const request = app.request;
  app.request = (async (input: Input, init?: RequestInit, ...rest: never[]) => {
    const { method, url } = requestOf(input, init);
    return checkResponse(method, url, await request(input, init, ...rest));
  }) as A["request"];
  return app;
};

/** Whether a URL is a node this test process started: loopback only (no test asks anything else). */
const isLoopback = (url: string): boolean => /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url);

/**
 * Makes the global `fetch` check every answer a node on the loopback gives (e2e and socket tests reach nodes so).
 *
 * @example
 * installFetchCheck() // in a vitest setup file
 */
export const installFetchCheck = (): void => {
  const original = globalThis.fetch;
  if ((original as { checked?: boolean }).checked) return;
  const checked = async (input: Input, init?: RequestInit): Promise<Response> => {
    const response = await original(input, init);
    const { method, url } = requestOf(input, init);
    return isLoopback(url) ? checkResponse(method, url, response) : response;
  };
  globalThis.fetch = Object.assign(checked, { checked: true }) as typeof fetch;
};
