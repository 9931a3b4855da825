/**
 * @module The OpenAPI 3.1 description every node serves at `/api/v1/openapi.json`. Request bodies come from the
 * same `effect/Schema` values the routes decode with.
 */
import { PlanDocument } from "@planledger/domain";
import { JSONSchema, type Schema as S } from "effect";
import {
  AddMeasureBody,
  AmendMeasureBody,
  AmendPlanBody,
  DraftReportBody,
  IssueTokenBody,
  LinkMeasureBody,
  ReasonBody,
  ReopenReportBody,
  RecordProgressBody,
  UnlinkMeasureBody,
} from "../api/request-bodies.js";
import type { Permission } from "../auth/role.js";

interface Operation {
  readonly method: "get" | "post" | "patch" | "delete";
  readonly path: string;
  readonly summary: string;
  readonly permission: Permission | null;
  readonly body?: S.Schema.AnyNoContext;
  /** Also accepts the plan document's text (`text/plain`). */
  readonly acceptsText?: boolean;
  readonly ifMatch?: boolean;
  readonly created?: boolean;
}

/** Every route of the node API; the route tests check that each answers. */
export const operations: ReadonlyArray<Operation> = [
  { method: "get", path: "/health", summary: "Стан вузла / node health", permission: null },
  { method: "get", path: "/api/v1/openapi.json", summary: "Цей опис / this description", permission: null },
  { method: "get", path: "/api/v1/plans", summary: "Плани вузла (власні й репліки) / plans held here", permission: null },
  {
    method: "post",
    path: "/api/v1/plans",
    summary: "Прийняти план з документа або interchange JSON / adopt a plan from a document or interchange JSON",
    permission: "plan:write",
    body: PlanDocument,
    acceptsText: true,
    created: true,
  },
  { method: "get", path: "/api/v1/plans/{planId}", summary: "Дерево плану зі статусами / plan tree with statuses", permission: null },
  {
    method: "get",
    path: "/api/v1/plans/{planId}/rollup",
    summary: "Зведення із заходами дочірніх вузлів / roll-up with linked child measures",
    permission: null,
  },
  {
    method: "post",
    path: "/api/v1/plans/{planId}/amendments",
    summary: "Зміни до плану розпорядженням / amend a plan by an order",
    permission: "plan:write",
    body: AmendPlanBody,
    ifMatch: true,
  },
  { method: "post", path: "/api/v1/plans/{planId}/measures", summary: "Додати захід / add a measure", permission: "plan:write", body: AddMeasureBody, ifMatch: true, created: true },
  { method: "patch", path: "/api/v1/plans/{planId}/measures/{measureId}", summary: "Змінити захід / amend a measure", permission: "plan:write", body: AmendMeasureBody, ifMatch: true },
  { method: "post", path: "/api/v1/plans/{planId}/measures/{measureId}/cancel", summary: "Скасувати захід / cancel a measure", permission: "plan:write", body: ReasonBody, ifMatch: true },
  {
    method: "post",
    path: "/api/v1/plans/{planId}/measures/{measureId}/link",
    summary: "Пов'язати із заходом батьківського плану / link to a parent measure",
    permission: "plan:write",
    body: LinkMeasureBody,
    ifMatch: true,
  },
  { method: "post", path: "/api/v1/plans/{planId}/measures/{measureId}/unlink", summary: "Розірвати зв'язок / unlink", permission: "plan:write", body: UnlinkMeasureBody, ifMatch: true },
  { method: "get", path: "/api/v1/plans/{planId}/reports", summary: "Квартальні звіти плану: очікувані, подані, прийняті, повернуті / quarterly reports due, submitted, accepted, returned", permission: "read" },
  { method: "post", path: "/api/v1/plans/{planId}/reports", summary: "Створити квартальний звіт / draft a quarterly report", permission: "report:write", body: DraftReportBody, created: true },
  { method: "get", path: "/api/v1/reports/{reportId}", summary: "Звіт із виконанням заходів / a report with its progress", permission: "read" },
  { method: "post", path: "/api/v1/reports/{reportId}/progress", summary: "Записати виконання заходу / record a measure's progress", permission: "report:write", body: RecordProgressBody, ifMatch: true },
  { method: "post", path: "/api/v1/reports/{reportId}/submit", summary: "Подати звіт / submit the report", permission: "report:write", ifMatch: true },
  { method: "post", path: "/api/v1/reports/{reportId}/accept", summary: "Прийняти поданий звіт дочірнього вузла / accept a child's submitted report", permission: "review:write", created: true },
  { method: "post", path: "/api/v1/reports/{reportId}/return", summary: "Повернути звіт з причиною / return a report with a reason", permission: "review:write", body: ReasonBody, created: true },
  { method: "post", path: "/api/v1/reports/{reportId}/reopen", summary: "Відкрити повернутий звіт для доопрацювання / reopen a returned report", permission: "report:write", body: ReopenReportBody, ifMatch: true },
  { method: "get", path: "/api/v1/streams/{stream}/history", summary: "Історія потоку: хто, який вузол, коли / stream history: actor, node, time", permission: "history:read" },
  { method: "get", path: "/api/v1/tokens", summary: "Токени вузла (без секретів) / this node's tokens (no secrets)", permission: "token:manage" },
  { method: "post", path: "/api/v1/tokens", summary: "Видати токен / issue a token (shown once)", permission: "token:manage", body: IssueTokenBody, created: true },
  { method: "delete", path: "/api/v1/tokens/{tokenId}", summary: "Відкликати токен / revoke a token", permission: "token:manage" },
];

const problemSchema = {
  type: "object",
  required: ["type", "title", "status", "code"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    code: { type: "string", description: "the error's _tag" },
    retryAfter: { type: "integer", description: "with a 429: seconds to wait, as the Retry-After header says" },
    detail: { type: "string" },
    instance: { type: "string" },
    errors: {
      type: "array",
      description: "for bad input: each failing field by path",
      items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
    },
  },
};

const healthSchema = {
  type: "object",
  required: ["node", "level", "parent", "events", "lastSync"],
  properties: {
    node: { type: "string" },
    level: { enum: ["national", "oblast", "district", "hromada"] },
    displayName: { type: "string" },
    parent: { type: ["string", "null"] },
    events: { type: "integer" },
    lastSync: { type: ["string", "null"], description: "when this node last completed a sync with its parent (ISO instant); null before the first" },
  },
};

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** A 429 of the per-source limits (docs/api.md, "Limits per source"): `Retry-After` and the problem's `retryAfter` agree. */
const tooMany = (description: string) => ({
  ...problem(description),
  headers: { "Retry-After": { schema: { type: "integer", minimum: 1 }, description: "seconds until the source may try again" } },
});

const TOO_MANY_FAILURES =
  "TooManyFailedAttempts: this source had too many failed authentications lately; every request that carries a credential is refused until Retry-After, a correct one too";

/**
 * Federation's endpoints are described by their own handler (docs/federation.md); the on-demand sync is listed here
 * for the limits the node puts in front of it.
 */
const syncOperation = {
  summary: "Синхронізувати з батьківським вузлом зараз / sync with the parent now",
  "x-permission": "admin",
  parameters: [],
  responses: {
    "200": { description: "the round's report (a call while a round runs gets that round's report)", content: { "application/json": { schema: { type: "object" } } } },
    "401": problem("no or an unknown credential"),
    "403": problem("not this node's admin"),
    "409": problem("NoParent: this node has no parent"),
    "429": tooMany(`SyncTooSoon: this source started a sync less than the minimum interval ago; or ${TOO_MANY_FAILURES}`),
  },
};

/**
 * Builds the OpenAPI document.
 *
 * @example
 * openApiDocument({ nodeId: "luhanska", displayName: "Луганська ОДА" }).paths["/api/v1/plans"]
 */
export const openApiDocument = (node: { readonly nodeId: string; readonly displayName: string }) => {
  const schemas: Record<string, JSONSchema.JsonSchema7> = {};
  const refOf = (schema: S.Schema.AnyNoContext) =>
    JSONSchema.fromAST(schema.ast, { definitions: schemas, definitionPath: "#/components/schemas/", target: "openApi3.1" });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const headers = op.ifMatch
      ? [{ name: "If-Match", in: "header", required: true, schema: { type: "string" }, description: 'stream version, e.g. "3"' }]
      : [];
    const responses: Record<string, unknown> = {
      [op.created ? "201" : "200"]: {
        description: "OK",
        headers: op.permission === null && op.method === "get" ? undefined : { ETag: { schema: { type: "string" }, description: "stream version" } },
        content: { "application/json": { schema: op.path === "/health" ? healthSchema : { type: "object" } } },
      },
      "400": problem("malformed JSON, wrong types, unknown fields"),
      "404": problem("not found"),
    };
    if (op.permission !== null) {
      responses["401"] = problem("missing or wrong token");
      responses["403"] = problem("role does not allow this, or this node does not own the stream");
    }
    if (op.body !== undefined) {
      responses["413"] = problem("body too large");
      responses["415"] = problem("not JSON");
      responses["422"] = problem("a domain rule is violated (e.g. a report for a period outside the plan)");
    }
    if (op.ifMatch) {
      responses["412"] = problem("stale If-Match");
      responses["428"] = problem("If-Match missing");
    }
    // A public route is refused too when it carries a credential from a source over the limit.
    responses["429"] = tooMany(op.permission === null ? `when the request carries a credential — ${TOO_MANY_FAILURES}` : TOO_MANY_FAILURES);
    const content: Record<string, unknown> = {};
    if (op.body !== undefined) content["application/json"] = { schema: refOf(op.body) };
    if (op.acceptsText) content["text/plain"] = { schema: { type: "string", description: "a plan document in one of the seed layouts" } };
    const operation = {
      summary: op.summary,
      ...(op.permission === null ? { security: [] } : { "x-permission": op.permission }),
      parameters: [...params, ...headers],
      ...(op.body === undefined ? {} : { requestBody: { required: true, content } }),
      responses,
    };
    const item = paths[op.path] ?? {};
    item[op.method] = operation;
    paths[op.path] = item;
  }
  paths["/federation/v1/sync"] = { post: syncOperation };
  return {
    openapi: "3.1.0",
    info: {
      title: `Plan Ledger node ${node.nodeId}`,
      description: `${node.displayName}. Помилки — application/problem+json (RFC 9457) / errors are RFC 9457 problems.`,
      version: "1",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "pl_<node>_<secret>; stored as SHA-256" } },
      schemas: { ...schemas, Problem: problemSchema },
    },
    paths,
  };
};
