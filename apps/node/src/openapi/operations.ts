/**
 * @module Every route of the node's own API as data: the schemas it decodes (path, query, body) and answers with,
 * and the problem codes it can refuse with. The OpenAPI document is generated from this list and the federation
 * endpoints' (`federationEndpoints`); `openapi.test.ts` holds it to the routes Hono has registered, and the route
 * tests validate every answer against the document, so a route that answers a code not listed here fails them.
 */
import { MeasureId, PlanDocument, PlanId, ReportId } from "@planledger/domain";
import { PlanTreeView, ReportCalendarView } from "@planledger/projections";
import { Schema as S } from "effect";
import {
  AddMeasureBody,
  AmendMeasureBody,
  AmendPlanBody,
  DraftReportBody,
  IssueTokenBody,
  LinkMeasureBody,
  ReasonBody,
  RecordProgressBody,
  ReopenReportBody,
  UnlinkMeasureBody,
} from "../api/request-bodies.js";
import {
  AuditLogBody,
  AuditOriginsBody,
  AuditStreamsBody,
  ConsistencyProofBody,
  HealthBody,
  HistoryBody,
  InclusionProofBody,
  IssuedTokenBody,
  LinkSuggestionsBody,
  MeasureWritten,
  OpenApiBody,
  ProofBundleBody,
  ParsedDocumentBody,
  PlanAdopted,
  PlanDiffBody,
  PlanListBody,
  PlanWritten,
  ProgressWritten,
  ReportBody,
  ReportDraftedAnswer,
  ReportWritten,
  ReviewWritten,
  RevokedTokenBody,
  TlogCheckpointBody,
  TokenListBody,
} from "../api/response-bodies.js";
import type { Permission } from "../auth/role.js";
import { DiffQuery } from "../routes/diff.routes.js";
import { HistoryQuery } from "../routes/history.routes.js";
import { AuditLogQuery } from "../routes/audit.routes.js";
import { CheckpointQuery, ConsistencyQuery, InclusionQuery } from "../routes/proof.routes.js";
import { ProofBundleQuery } from "../routes/bundle.routes.js";
import { RollupPageQuery, ViewQuery } from "../routes/plan.routes.js";
import { HierarchyChangeBody, SuccessionBody } from "../routes/hierarchy.routes.js";
import { HierarchyViewBody, HierarchyWritten, SuccessionWritten, TerritoryBody, TerritoryRollupBody } from "../api/hierarchy-bodies.js";

/** `?on=`: the day the tree or territory is taken on. */
const HierarchyQuery = S.Struct({
  on: S.optional(S.String.annotations({ description: "the day, DD.MM.YYYY or YYYY-MM-DD; today when absent" })),
});
/** The roll-up's query: the view's, and optionally a territory on a day (docs/rollups.md "Roll-up by territory"). */
const RollupQuery = S.Struct({
  ...ViewQuery.fields,
  ...RollupPageQuery.fields,
  territory: S.optional(S.String.annotations({ description: "a unit of the register: only the logs of its territory on `on` count" })),
  on: S.optional(S.String.annotations({ description: "with territory: the day, DD.MM.YYYY or YYYY-MM-DD; today when absent" })),
});

/** Which table of statuses answers a route's problems: the API's, or the link suggestions' (shaped as federation's). */
export type Catalogue = "api" | "suggestions";

export interface ApiOperation {
  readonly method: "get" | "post" | "patch" | "delete";
  /** OpenAPI path template. */
  readonly path: string;
  readonly summary: string;
  /** `null`: public (a credential is still checked, and limited, when one is sent). */
  readonly permission: Permission | null;
  readonly pathParams?: Readonly<Record<string, S.Schema.AnyNoContext>>;
  /** Each field a query parameter. */
  readonly query?: { readonly fields: S.Struct.Fields };
  /** An `application/json` body, decoded with this schema (unknown fields refused). */
  readonly body?: S.Schema.AnyNoContext;
  /** Also a plan document's text (`text/plain`) and plan files (Word, Excel, PDF, RTF). */
  readonly documents?: "also" | "only";
  readonly ifMatch?: boolean;
  readonly answer: {
    readonly status: 200 | 201;
    readonly schema: S.Schema.AnyNoContext;
    readonly description: string;
    /** Carries the stream version as a strong `ETag`. */
    readonly etag?: boolean;
    /** Carries `Location` of what was made. */
    readonly location?: boolean;
    /** A cached current view: gzipped for clients that accept it. */
    readonly gzip?: boolean;
    /** Not JSON: the answer's media type; `schema` then describes its text (a string). */
    readonly mediaType?: string;
  };
  /** Problem codes the route itself answers, beyond what its parameters, body, credential and `If-Match` imply. */
  readonly codes?: ReadonlyArray<string>;
  /** Runs a decider: any domain rule it breaks not listed in the catalogue is a 422 with that rule's code. */
  readonly domainRules?: boolean;
  readonly catalogue?: Catalogue;
}

/** The plan files a plan may be adopted or read from; the importer tells the format from the content. */
export const PLAN_FILE_TYPES = [
  "application/octet-stream",
  "application/pdf",
  "application/msword",
  "application/rtf",
  "text/rtf",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
] as const;

const planId = { planId: PlanId };
const measure = { planId: PlanId, measureId: MeasureId };
const report = { reportId: ReportId };
/** `?columns=label,title,term,…`: a person's assignment of the table's columns (see the importer's `readColumnList`). */
const ColumnsQuery = S.Struct({
  columns: S.optional(S.String.annotations({ description: "the table's columns in order, e.g. `label,title,term,executors,ignore,2024`" })),
});
const AdoptQuery = S.Struct({
  ...ColumnsQuery.fields,
  parentPlanId: S.optional(PlanId.annotations({ description: "the plan of the parent node this plan implements" })),
});

/** What every write can meet in the store: a write that slipped in between, another origin's stream, a reused id. */
const storeCodes = ["ConcurrencyError", "ForeignStreamError", "IdempotencyConflictError"];
/** A plan command's refusals beyond the domain rules (which are 422). */
const planCodes = [...storeCodes, "UnknownPlan", "NotPlanOwner", "UnknownMeasure"];
/** A report named in the path: its id must be `<planId>.<YYYY>-q<q>`. */
const reportCodes = [...storeCodes, "ResourceNotFound", "UnknownReport", "UnknownPlan", "NotPlanOwner"];
const viewCodes = ["InvalidAsOf", "PlanNotFound"];
const readDocumentCodes = ["InvalidInterchange", "UnreadableDocument", "UnrecognisedDocument"];

const written = (schema: S.Schema.AnyNoContext, status: 200 | 201 = 200, location = false) => ({
  status,
  schema,
  description: status === 201 ? "written: the new stream version as body and ETag" : "written: the stream's new version as body and ETag",
  etag: true,
  ...(location ? { location } : {}),
});

/** Every route of the node's API, `/health` and the link suggestions. */
export const apiOperations: ReadonlyArray<ApiOperation> = [
  {
    method: "get",
    path: "/health",
    summary: "Стан вузла / node health",
    permission: null,
    answer: { status: 200, schema: HealthBody, description: "who this node is and how much it holds" },
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "Цей опис / this description",
    permission: null,
    answer: { status: 200, schema: OpenApiBody, description: "the OpenAPI 3.1 document" },
  },
  {
    method: "get",
    path: "/api/v1/plans",
    summary: "Плани вузла (власні й репліки) / plans held here",
    permission: null,
    query: ViewQuery,
    answer: { status: 200, schema: PlanListBody, description: "the plans, own and replicated", gzip: true },
    codes: ["InvalidAsOf"],
  },
  {
    method: "post",
    path: "/api/v1/plans",
    summary: "Прийняти план з документа або interchange JSON / adopt a plan from a document or interchange JSON",
    permission: "plan:write",
    query: AdoptQuery,
    body: PlanDocument,
    documents: "also",
    answer: written(PlanAdopted, 201, true),
    codes: [...storeCodes, ...readDocumentCodes, "PlanAlreadyAdopted", "DuplicateId"],
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/plans/parse",
    summary: "Прочитати файл плану, нічого не зберігаючи / read a plan file, storing nothing",
    permission: "plan:write",
    query: ColumnsQuery,
    documents: "only",
    answer: { status: 200, schema: ParsedDocumentBody, description: "the document read, and how its table was read" },
    codes: readDocumentCodes,
  },
  {
    method: "get",
    path: "/api/v1/plans/{planId}",
    summary: "Дерево плану зі статусами / plan tree with statuses",
    permission: null,
    pathParams: planId,
    query: ViewQuery,
    answer: { status: 200, schema: PlanTreeView, description: "the plan tree", etag: true, gzip: true },
    codes: viewCodes,
  },
  {
    method: "get",
    path: "/api/v1/plans/{planId}/rollup",
    summary: "Зведення із заходами дочірніх вузлів / roll-up with linked child measures",
    permission: null,
    pathParams: planId,
    query: RollupQuery,
    answer: { status: 200, schema: TerritoryRollupBody, description: "per measure: own, children's (a page of them: `limit`, `measure`, `after`) and combined progress; each child's freshness once per origin, its plan's title once per plan (with `territory`: only that territory's logs)", gzip: true },
    codes: [...viewCodes, "ResourceNotFound", "InvalidInput"],
  },
  {
    method: "post",
    path: "/api/v1/plans/{planId}/amendments",
    summary: "Зміни до плану розпорядженням / amend a plan by an order",
    permission: "plan:write",
    pathParams: planId,
    body: AmendPlanBody,
    ifMatch: true,
    answer: written(PlanWritten),
    codes: planCodes,
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/plans/{planId}/measures",
    summary: "Додати захід / add a measure",
    permission: "plan:write",
    pathParams: planId,
    body: AddMeasureBody,
    ifMatch: true,
    answer: written(MeasureWritten, 201, true),
    codes: [...planCodes, "DuplicateId"],
    domainRules: true,
  },
  {
    method: "patch",
    path: "/api/v1/plans/{planId}/measures/{measureId}",
    summary: "Змінити захід / amend a measure",
    permission: "plan:write",
    pathParams: measure,
    body: AmendMeasureBody,
    ifMatch: true,
    answer: written(MeasureWritten),
    codes: planCodes,
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/plans/{planId}/measures/{measureId}/cancel",
    summary: "Скасувати захід / cancel a measure",
    permission: "plan:write",
    pathParams: measure,
    body: ReasonBody,
    ifMatch: true,
    answer: written(MeasureWritten),
    codes: planCodes,
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/plans/{planId}/measures/{measureId}/link",
    summary: "Пов'язати із заходом батьківського плану / link to a parent measure",
    permission: "plan:write",
    pathParams: measure,
    body: LinkMeasureBody,
    ifMatch: true,
    answer: written(MeasureWritten),
    codes: [...planCodes, "AlreadyLinked"],
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/plans/{planId}/measures/{measureId}/unlink",
    summary: "Розірвати зв'язок / unlink",
    permission: "plan:write",
    pathParams: measure,
    body: UnlinkMeasureBody,
    ifMatch: true,
    answer: written(MeasureWritten),
    codes: planCodes,
    domainRules: true,
  },
  {
    method: "get",
    path: "/api/v1/plans/{planId}/reports",
    summary: "Квартальні звіти плану: очікувані, подані, прийняті, повернуті / quarterly reports due, submitted, accepted, returned",
    permission: "read",
    pathParams: planId,
    query: ViewQuery,
    answer: { status: 200, schema: ReportCalendarView, description: "the report calendar" },
    codes: viewCodes,
  },
  {
    method: "post",
    path: "/api/v1/plans/{planId}/reports",
    summary: "Створити квартальний звіт / draft a quarterly report",
    permission: "report:write",
    pathParams: planId,
    body: DraftReportBody,
    answer: written(ReportDraftedAnswer, 201, true),
    codes: [...storeCodes, "UnknownPlan", "PlanNotFound", "NotPlanOwner", "ReportAlreadyDrafted"],
    domainRules: true,
  },
  {
    method: "get",
    path: "/api/v1/reports/{reportId}",
    summary: "Звіт із виконанням заходів / a report with its progress",
    permission: "read",
    pathParams: report,
    query: ViewQuery,
    answer: { status: 200, schema: ReportBody, description: "the report: state, calendar entry, progress per measure", etag: true },
    codes: ["ResourceNotFound", "UnknownReport", ...viewCodes],
  },
  {
    method: "post",
    path: "/api/v1/reports/{reportId}/progress",
    summary: "Записати виконання заходу / record a measure's progress",
    permission: "report:write",
    pathParams: report,
    body: RecordProgressBody,
    ifMatch: true,
    answer: written(ProgressWritten),
    codes: [...reportCodes, "UnknownMeasure", "ReportAlreadySubmitted"],
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/reports/{reportId}/submit",
    summary: "Подати звіт / submit the report",
    permission: "report:write",
    pathParams: report,
    ifMatch: true,
    answer: written(ReportWritten),
    codes: [...reportCodes, "ReportAlreadySubmitted"],
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/reports/{reportId}/accept",
    summary: "Прийняти поданий звіт дочірнього вузла / accept a child's submitted report",
    permission: "review:write",
    pathParams: report,
    answer: written(ReviewWritten, 201),
    codes: [...reportCodes, "ReportNotSubmitted", "ReportAlreadyReviewed", "SubmissionChanged"],
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/reports/{reportId}/return",
    summary: "Повернути звіт з причиною / return a report with a reason",
    permission: "review:write",
    pathParams: report,
    body: ReasonBody,
    answer: written(ReviewWritten, 201),
    codes: [...reportCodes, "ReportNotSubmitted", "ReportAlreadyReviewed", "SubmissionChanged"],
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/reports/{reportId}/reopen",
    summary: "Відкрити повернутий звіт для доопрацювання / reopen a returned report",
    permission: "report:write",
    pathParams: report,
    body: ReopenReportBody,
    ifMatch: true,
    answer: written(ReviewWritten),
    codes: [...reportCodes, "ReportNotSubmitted", "ReportNotReturned"],
    domainRules: true,
  },
  {
    method: "get",
    path: "/api/v1/streams/{stream}/history",
    summary: "Історія потоку: хто, який вузол, коли / stream history: actor, node, time",
    permission: "history:read",
    pathParams: { stream: S.String.annotations({ description: "a stream name, e.g. `plan:luhanska.1003.2018-12-12` (URL-encoded)" }) },
    query: HistoryQuery,
    answer: { status: 200, schema: HistoryBody, description: "every event of the stream", etag: true },
    codes: ["ResourceNotFound"],
  },
  {
    method: "get",
    path: "/api/v1/audit/origins",
    summary: "Журнали походження, які тримає вузол, з ключами й контрольними точками / every origin log this node holds, with keys and checkpoints",
    permission: "history:read",
    answer: {
      status: 200,
      schema: AuditOriginsBody,
      description: "per origin: its public keys (base64 SPKI and C2SP verifier key), head, Merkle tree size and root, last checkpoint with its witness, and its C2SP checkpoint note with the cosignature lines kept for it (docs/audit.md §8)",
    },
  },
  {
    method: "get",
    path: "/api/v1/audit/verifier.mjs",
    summary: "Перевіряч пакетів доказів, який аудитор запускає у себе / the proof-bundle verifier an auditor runs on their own computer",
    permission: null,
    answer: {
      status: 200,
      schema: S.String.annotations({ description: "planledger-verify.mjs: plain JavaScript importing only node: modules (docs/audit.md §9)" }),
      mediaType: "text/javascript",
      description: "the verifier script, byte for byte as the node's release ships it: `node planledger-verify.mjs BUNDLE.json --key VKEY`",
    },
  },
  {
    method: "get",
    path: "/api/v1/audit/origins/{origin}/log",
    summary: "Журнал одного походження у формі федерації, з контрольними точками / one origin's log in federation's wire form, with its checkpoints",
    permission: "history:read",
    pathParams: { origin: S.String.annotations({ description: "the origin (node id), e.g. `novopskovskyi`" }) },
    query: AuditLogQuery,
    answer: {
      status: 200,
      schema: AuditLogBody,
      description: "the events of seq `from` … `from + limit − 1` as wire arrays, the checkpoints stored in that range with their witnesses, and the next page's `from`",
    },
    codes: ["ResourceNotFound"],
  },
  {
    method: "get",
    path: "/api/v1/audit/origins/{origin}/streams",
    summary: "Потоки (плани, звіти) одного походження / the streams (plans, reports) of one origin",
    permission: "history:read",
    pathParams: { origin: S.String.annotations({ description: "the origin (node id)" }) },
    answer: { status: 200, schema: AuditStreamsBody, description: "each stream with its event count and first and last seq" },
    codes: ["ResourceNotFound"],
  },
  {
    method: "get",
    path: "/api/v1/plans/{planId}/diff",
    summary: "Що змінилося в плані між двома моментами: хто, за яким розпорядженням, з доказами / what changed in a plan between two moments: by whom, under which order, with proofs",
    permission: "history:read",
    pathParams: planId,
    query: DiffQuery,
    answer: {
      status: 200,
      schema: PlanDiffBody,
      description: "the changes (field: before → after) with actor, order and event; the events between the moments with their inclusion proofs and the checkpoint they lead to (docs/audit.md §10)",
    },
    codes: ["PlanNotFound"],
  },
  {
    method: "get",
    path: "/api/v1/proof/inclusion",
    summary: "Доказ включення події в дерево Меркла її журналу / inclusion proof of an event in its log's Merkle tree",
    permission: null,
    query: InclusionQuery,
    answer: { status: 200, schema: InclusionProofBody, description: "the leaf, its audit path, the root, and this node's signed checkpoint for its own log" },
    codes: ["ResourceNotFound"],
  },
  {
    method: "get",
    path: "/api/v1/proof/consistency",
    summary: "Доказ узгодженості двох розмірів дерева журналу / consistency proof between two sizes of a log's tree",
    permission: null,
    query: ConsistencyQuery,
    answer: { status: 200, schema: ConsistencyProofBody, description: "the proof, both roots, and this node's signed checkpoints for its own log" },
    codes: ["ResourceNotFound"],
  },
  {
    method: "get",
    path: "/api/v1/checkpoint",
    summary: "Підписана контрольна точка власного журналу (C2SP) / this node's signed checkpoint of its own log (C2SP)",
    permission: null,
    query: CheckpointQuery,
    answer: { status: 200, schema: TlogCheckpointBody, description: "the signed note and the verifier key" },
  },
  {
    method: "get",
    path: "/api/v1/plans/{planId}/proof-bundle",
    summary: "Пакет доказів історії плану для офлайн-перевірки / a plan's history with every proof to check it offline",
    permission: "history:read",
    pathParams: planId,
    query: ProofBundleQuery,
    answer: {
      status: 200,
      schema: ProofBundleBody,
      description: "planledger-proof-bundle/v1: the plan's events with leaves and inclusion proofs, signed checkpoints, keys (docs/audit.md §9)",
    },
    codes: ["ResourceNotFound"],
  },
  {
    method: "get",
    path: "/api/v1/tokens",
    summary: "Токени вузла (без секретів) / this node's tokens (no secrets)",
    permission: "token:manage",
    answer: { status: 200, schema: TokenListBody, description: "the tokens" },
  },
  {
    method: "post",
    path: "/api/v1/tokens",
    summary: "Видати токен / issue a token (shown once)",
    permission: "token:manage",
    body: IssueTokenBody,
    answer: { status: 201, schema: IssuedTokenBody, description: "the token; its secret is shown this once" },
  },
  {
    method: "delete",
    path: "/api/v1/tokens/{tokenId}",
    summary: "Відкликати токен / revoke a token",
    permission: "token:manage",
    pathParams: { tokenId: S.String },
    answer: { status: 200, schema: RevokedTokenBody, description: "revoked" },
    codes: ["ResourceNotFound"],
  },
  // The administrative tree over time (issue #18; routes/hierarchy.routes.ts).
  {
    method: "get",
    path: "/api/v1/hierarchy",
    summary: "Адміністративне дерево на дату / the administrative tree on a date",
    permission: null,
    query: HierarchyQuery,
    answer: { status: 200, schema: HierarchyViewBody, description: "the tree on that day, units ended by then, every recorded change" },
    codes: ["InvalidInput"],
  },
  {
    method: "get",
    path: "/api/v1/hierarchy/{nodeId}/territory",
    summary: "Територія одиниці на дату / what a unit covers on a date",
    permission: null,
    pathParams: { nodeId: S.String },
    query: HierarchyQuery,
    answer: { status: 200, schema: TerritoryBody, description: "the unit, its subtree and its predecessors that day" },
    codes: ["InvalidInput", "ResourceNotFound"],
  },
  {
    method: "post",
    path: "/api/v1/hierarchy/changes",
    summary: "Зміна реєстру: утворення, перейменування, перепідпорядкування, злиття, поділ / a change of the register",
    permission: "token:manage",
    body: HierarchyChangeBody,
    answer: { status: 201, schema: HierarchyWritten, description: "recorded in this node's register stream", etag: true },
    codes: [...storeCodes, "UnknownNode", "NodeAlreadyRecorded", "NodeNotYetCreated", "NodeEnded", "LevelMismatch", "HierarchyCycle", "EffectiveOutOfOrder", "EffectiveBeforeBasis", "NodeHasChildren", "InvalidSplit"],
    domainRules: true,
  },
  {
    method: "post",
    path: "/api/v1/successions",
    summary: "Визначити правонаступника / name an administration's successor",
    permission: "token:manage",
    body: SuccessionBody,
    answer: { status: 201, schema: SuccessionWritten, description: "recorded in stream succession:<predecessor>", etag: true },
    codes: [...storeCodes, "UnknownNode", "NodeNotYetCreated", "NodeEnded", "EffectiveBeforeBasis", "SuccessionAlreadyNamed", "NotSuccessionAuthority", "SuccessorMismatch"],
    domainRules: true,
  },
  {
    method: "get",
    path: "/federation/v1/links/suggestions",
    summary: "Пропозиції зв'язків заходів дочірнього плану з батьківським / link suggestions for a child plan's measures",
    permission: "plan:write",
    query: S.Struct({ plan: S.String, parent: S.String }),
    answer: { status: 200, schema: LinkSuggestionsBody, description: "for each unlinked measure, its likeliest parent measure" },
    codes: ["UnknownPlan"],
    catalogue: "suggestions",
  },
];
