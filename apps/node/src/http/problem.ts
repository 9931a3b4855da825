/**
 * @module The node API's problems: which status and title each error `_tag` of the API, the domain and the read
 * models is answered with. The body is built and sent by `@planledger/problem`, as federation's are.
 */
import { type Problem, type ProblemCatalogue, toProblem } from "@planledger/problem";

/** Status and title per error `_tag`. */
const byTag: ProblemCatalogue["byTag"] = {
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
  // The administrative register and successions (issue #18, docs/federation.md "The hierarchy over time").
  UnknownNode: { status: 422, title: "Такої одиниці немає в реєстрі / No such unit in the register" },
  NodeAlreadyRecorded: { status: 409, title: "Одиницю вже внесено до реєстру / Unit already recorded" },
  NodeNotYetCreated: { status: 422, title: "Дата раніша, ніж одиниця існувала / Dated before the unit existed" },
  NodeEnded: { status: 422, title: "Одиницю вже припинено / The unit had already ended" },
  LevelMismatch: { status: 422, title: "Невідповідний рівень одиниці / Wrong level" },
  HierarchyCycle: { status: 422, title: "Цикл в ієрархії / Cycle in the hierarchy" },
  EffectiveOutOfOrder: { status: 422, title: "Зміна раніша за попередню / Change dated before the previous one" },
  EffectiveBeforeBasis: { status: 422, title: "Зміна раніша за її правову підставу / Change dated before its legal basis" },
  NodeHasChildren: { status: 409, title: "Одиниця має підпорядковані одиниці / The unit still has units under it" },
  InvalidSplit: { status: 422, title: "Некоректний поділ / Invalid split" },
  SuccessionAlreadyNamed: { status: 409, title: "Правонаступника вже визначено / Successor already named" },
  NotSuccessionAuthority: { status: 403, title: "Вузол не може визначати правонаступника / This node cannot name the successor" },
  SuccessorMismatch: { status: 422, title: "Невідповідний правонаступник / Wrong successor" },
  PayloadTooLarge: { status: 413, title: "Завеликий запит / Payload too large" },
  UnsupportedMediaType: { status: 415, title: "Непідтримуваний тип даних / Unsupported media type" },
  PreconditionRequired: { status: 428, title: "Потрібен If-Match / If-Match required" },
  // Per-source limits (docs/api.md, "Limits per source"); each answer carries `Retry-After` and `retryAfter` (seconds).
  TooManyFailedAttempts: { status: 429, title: "Забагато невдалих спроб / Too many failed attempts" },
  SyncTooSoon: { status: 429, title: "Забагато запитів на синхронізацію / Sync requested too often" },
  // What Node's HTTP parser refuses before any route runs (main.ts); their URIs were published before `code` was.
  HeaderTooLarge: {
    status: 431,
    title: "Задовгий рядок запиту або заголовки / request line or headers too large",
    type: "urn:planledger:problem:header-too-large",
  },
  MalformedRequest: { status: 400, title: "Запит не розібрано / malformed request", type: "urn:planledger:problem:bad-request" },
};

/**
 * The API's catalogue. Domain rule violations that are not listed fall back to 422, so a new decider error is a
 * client error by default rather than a 500.
 */
export const nodeProblems: ProblemCatalogue = {
  byTag,
  otherTag: { status: 422, title: "Порушено правило предметної області / Domain rule violated" },
  typeBase: "https://planledger.example/problems/",
};

/**
 * The problem for any error a route of the API throws.
 *
 * @example
 * toNodeProblem(new PreconditionFailed({ stream: "plan:x", expected: 2, actual: 3 }), "/api/v1/plans/x").status // 412
 */
export const toNodeProblem = (error: unknown, instance: string | undefined): Problem => toProblem(error, instance, nodeProblems);
