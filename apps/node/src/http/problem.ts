/**
 * @module RFC 9457 problem details: the one place that turns an error into an HTTP status and body.
 */
import { ParseResult } from "effect";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An `application/problem+json` body. `errors` names each failing input field for bad input. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code: string;
  readonly errors?: ReadonlyArray<{ readonly path: string; readonly message: string }>;
  readonly [extension: string]: unknown;
}

interface Mapping {
  readonly status: ContentfulStatusCode;
  readonly title: string;
}

/**
 * Status and title per error `_tag`. Domain rule violations that are not listed fall back to 422, so a new
 * decider error is a client error by default rather than a 500.
 */
const byTag: Record<string, Mapping> = {
  MalformedJson: { status: 400, title: "Некоректний JSON / Malformed JSON" },
  InvalidInput: { status: 400, title: "Некоректні дані запиту / Invalid request data" },
  InvalidInterchange: { status: 400, title: "Некоректний interchange JSON / Invalid interchange JSON" },
  UnreadableDocument: { status: 422, title: "Документ не читається / Unreadable document" },
  UnrecognisedDocument: { status: 422, title: "Невідомий формат документа / Unrecognised document" },
  InvalidAsOf: { status: 400, title: "Некоректна дата asOf / Invalid asOf" },
  ParseError: { status: 400, title: "Некоректні дані запиту / Invalid request data" },
  Unauthenticated: { status: 401, title: "Потрібна автентифікація / Authentication required" },
  Forbidden: { status: 403, title: "Недостатньо прав / Forbidden" },
  NotStreamOwner: { status: 403, title: "Вузол не є власником потоку / This node does not own the stream" },
  NotPlanOwner: { status: 403, title: "Вузол не є власником плану / This node does not own the plan" },
  ForeignStreamError: { status: 403, title: "Вузол не є власником потоку / This node does not own the stream" },
  ResourceNotFound: { status: 404, title: "Не знайдено / Not found" },
  UnknownPlan: { status: 404, title: "План не знайдено / Plan not found" },
  UnknownMeasure: { status: 404, title: "Захід не знайдено / Measure not found" },
  PlanNotFound: { status: 404, title: "План не знайдено / Plan not found" },
  UnknownReport: { status: 404, title: "Звіт не знайдено / Report not found" },
  PlanAlreadyAdopted: { status: 409, title: "План уже прийнято / Plan already adopted" },
  DuplicateId: { status: 409, title: "Такий ідентифікатор уже є / Duplicate id" },
  AlreadyLinked: { status: 409, title: "Захід уже пов'язано / Measure already linked" },
  ReportAlreadyDrafted: { status: 409, title: "Звіт за цей квартал уже створено / Report already drafted" },
  ReportAlreadySubmitted: { status: 409, title: "Звіт уже подано / Report already submitted" },
  ReportAlreadyReviewed: { status: 409, title: "Звіт уже розглянуто / Report already reviewed" },
  ReportNotSubmitted: { status: 409, title: "Звіт ще не подано / Report not submitted" },
  ReportNotReturned: { status: 409, title: "Звіт не повернуто на доопрацювання / Report not returned" },
  IdempotencyConflictError: { status: 409, title: "Конфлікт повтору запиту / Idempotency conflict" },
  SubmissionChanged: { status: 409, title: "Звіт подано знову після перегляду / The report was submitted again since" },
  ConcurrencyError: { status: 412, title: "Версія змінилася / Stream version changed" },
  PreconditionFailed: { status: 412, title: "Версія змінилася / Stream version changed" },
  PayloadTooLarge: { status: 413, title: "Завеликий запит / Payload too large" },
  UnsupportedMediaType: { status: 415, title: "Непідтримуваний тип даних / Unsupported media type" },
  PreconditionRequired: { status: 428, title: "Потрібен If-Match / If-Match required" },
};

const domainRule: Mapping = { status: 422, title: "Порушено правило предметної області / Domain rule violated" };
const internal: Mapping = { status: 500, title: "Внутрішня помилка / Internal error" };

const tagOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string" ? error._tag : undefined;

const pathText = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join(".");

/** The failing fields of a schema error, or of an `InvalidInput` that already lists them. */
const issuesOf = (error: unknown): Problem["errors"] => {
  if (ParseResult.isParseError(error)) {
    return ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => ({ path: pathText(i.path), message: i.message }));
  }
  if (typeof error === "object" && error !== null && "issues" in error && Array.isArray(error.issues)) {
    return error.issues as Problem["errors"];
  }
  return undefined;
};

/**
 * A message the error states itself (a `message` field or an overriding getter); tagged errors without one
 * would otherwise print their fields as JSON, which the extensions already carry.
 */
const ownMessage = (error: unknown): string | undefined => {
  if (!(error instanceof Error)) return undefined;
  const stated = Object.hasOwn(error, "message") || Object.getOwnPropertyDescriptor(Object.getPrototypeOf(error), "message") !== undefined;
  return stated && error.message !== "" ? error.message : undefined;
};

/** Copies an error's own data fields (not stack, not message) into the problem as extensions. */
const extensionsOf = (error: object): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === "_tag" || key === "issues" || key === "message" || key === "stack" || key === "cause") continue;
    if (value === undefined || typeof value === "function") continue;
    out[key] = value;
  }
  return out;
};

/**
 * Maps any thrown value to a problem: tagged errors by `_tag`, anything else to 500 without leaking internals.
 *
 * @example
 * toProblem(new PreconditionFailed({ stream: "plan:x", expected: 2, actual: 3 }), "/api/v1/plans/x").status // 412
 */
export const toProblem = (error: unknown, instance: string): Problem => {
  const tag = tagOf(error);
  const mapping = tag === undefined ? internal : (byTag[tag] ?? domainRule);
  const isInternal = mapping === internal;
  const message = ownMessage(error);
  const issues = isInternal ? undefined : issuesOf(error);
  return {
    ...(isInternal || typeof error !== "object" || error === null ? {} : extensionsOf(error)),
    type: `https://planledger.example/problems/${tag ?? "internal"}`,
    title: mapping.title,
    status: mapping.status,
    code: tag ?? "Internal",
    instance,
    ...(isInternal ? {} : message === undefined ? {} : { detail: message }),
    ...(issues === undefined ? {} : { errors: issues }),
  };
};

/**
 * Sends a problem as `application/problem+json`.
 *
 * @example
 * app.onError((err, c) => problemResponse(c, toProblem(err, c.req.path)))
 */
export const problemResponse = (c: Context, problem: Problem): Response => {
  const headers: Record<string, string> = { "content-type": "application/problem+json; charset=utf-8" };
  if (problem.status === 401) headers["www-authenticate"] = 'Bearer realm="planledger"';
  return c.newResponse(JSON.stringify(problem), problem.status as ContentfulStatusCode, headers);
};
