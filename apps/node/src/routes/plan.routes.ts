/**
 * @module Plans: list, tree, roll-up, adoption from a document or interchange JSON, amendment, and the
 * measure changes (add, amend, cancel, link, unlink). Every write goes through the plan decider.
 */
import {
  type DocumentSource,
  AddMeasure,
  AmendMeasure,
  AmendPlan,
  CancelMeasure,
  LinkMeasure,
  MeasureId,
  makeMeasureId,
  PlanDocument,
  PlanId,
  type planDecider,
  planStream,
  UnlinkMeasure,
} from "@planledger/domain";
import { Projections, type ProjectionsService, ROLLUP_CHILDREN_LIMIT, type RollupPage, type ViewOptions } from "@planledger/projections";
import { documentSource, type ParseOptions, type Parsed, parseFile, readColumnList } from "@planledger/importer";
import { Effect, Either, Schema as S } from "effect";
import { type Context, Hono } from "hono";
import {
  AddMeasureBody,
  AmendMeasureBody,
  AmendPlanBody,
  isSafeText,
  LinkMeasureBody,
  MAX_TEXT_LENGTH,
  ReasonBody,
  TEXT_TOO_LONG,
  UnlinkMeasureBody,
  YEAR_MAX,
  YEAR_MIN,
} from "../api/request-bodies.js";
import { type AuthEnv, authorize } from "../auth/authorize.js";
import type { ParsedDocumentBody, PlanListBody } from "../api/response-bodies.js";
import { type Executed, executeCommand, planHandler } from "../command/execute-command.js";
import { planCommands } from "../command/plan-commands.js";
import { streamVersion } from "../command/stream-version.js";
import { InvalidInput, PreconditionRequired, UnsupportedMediaType } from "../http/http.errors.js";
import { etagOf, ifMatchVersion } from "../http/if-match.js";
import { decodeInput, isJson, parseJsonText, readJson } from "../http/read-json.js";
import type { RenderedView, ViewName } from "../views/current-views.js";
import { encodeView, viewResponse } from "../views/view-cache.js";
import type { NodeContext } from "../node-context.js";
import { territoryRollup } from "./hierarchy.routes.js";

/** The query of every read view; unknown parameters are refused (400). */
export const ViewQuery = S.Struct({
  asOf: S.optional(
    S.String.annotations({ description: "a date (YYYY-MM-DD or DD.MM.YYYY: the end of that day in Kyiv time) or an ISO-8601 instant: the view as this node saw it then" }),
  ),
  byReceipt: S.optional(
    S.Literal("true", "false").annotations({ description: "with asOf: `false` counts events by when they happened rather than when they reached this node" }),
  ),
});

/**
 * `?asOf=2024-04-05` (end of that day) or an ISO instant: the view as this node saw it then;
 * `&byReceipt=false` counts events by when they happened rather than when they reached this node.
 */
export const viewOf = (c: Context): ViewOptions => {
  const { asOf, byReceipt } = decodeInput(ViewQuery, c.req.query());
  return { asOf, byReceipt: byReceipt === undefined ? undefined : byReceipt === "true" };
};

const MAX_ROLLUP_CHILDREN_LIMIT = 1000;

/** Which children a roll-up lists: docs/rollups.md "Roll-up", paging. */
export const RollupPageQuery = S.Struct({
  limit: S.optional(
    S.NumberFromString.pipe(S.int(), S.between(1, MAX_ROLLUP_CHILDREN_LIMIT)).annotations({
      description: `children listed per list, at every level (default ${ROLLUP_CHILDREN_LIMIT}, at most ${MAX_ROLLUP_CHILDREN_LIMIT}); \`childCount\` says how many there are`,
    }),
  ),
  measure: S.optional(MeasureId.annotations({ description: "only this measure of the plan (to page its children)" })),
  after: S.optional(
    S.String.pipe(S.minLength(1)).annotations({ description: "a measure's `next`: list its children after this child measure id" }),
  ),
});

/**
 * The page of children a roll-up lists, from its decoded `?limit=&measure=&after=` (by default the first
 * {@link ROLLUP_CHILDREN_LIMIT} of every list).
 *
 * @example rollupPageOf({}) // { limit: 50, measure: undefined, after: undefined } for `…/rollup`
 */
export const rollupPageOf = (query: typeof RollupPageQuery.Type): RollupPage & { readonly limit: number } => ({
  limit: query.limit ?? ROLLUP_CHILDREN_LIMIT,
  measure: query.measure,
  after: query.after,
});
const RollupViewQuery = S.Struct({ ...ViewQuery.fields, ...RollupPageQuery.fields });

/** Runs a read on the Projections service. */
export const project = <A, E>(ctx: NodeContext, read: (projections: ProjectionsService) => Effect.Effect<A, E>) =>
  ctx.run(Effect.flatMap(Projections, read));

/** The `If-Match` version a write to an existing stream must carry. */
export const requiredVersion = (c: Context, stream: string): number => {
  const version = ifMatchVersion(c);
  if (version === undefined) throw new PreconditionRequired({ stream });
  return version;
};

const planIdOf = (c: Context): PlanId => decodeInput(PlanId, c.req.param("planId"));
const measureIdOf = (c: Context): MeasureId => decodeInput(MeasureId, c.req.param("measureId"));

/**
 * The media types of plan files (Word, Excel, PDF, RTF, or bytes of any kind): the importer tells the format from
 * the content, so the declared type only says "a file", never which reader to use.
 */
export const DOCUMENT_TYPES =
  /^(application\/(octet-stream|pdf|msword|rtf|vnd\.ms-excel|vnd\.openxmlformats-officedocument\.(wordprocessingml\.document|spreadsheetml\.sheet))|text\/rtf)\s*(;|$)/i;

/** A person's column assignment from `?columns=label,title,term,…` (see the importer's `readColumnList`). */
const columnsOf = (c: Context): ParseOptions => {
  const given = c.req.query("columns");
  if (given === undefined || given === "") return {};
  const read = readColumnList(given);
  if (Either.isLeft(read)) throw new InvalidInput({ message: read.left, issues: [{ path: "columns", message: read.left }] });
  return { columns: read.right };
};

/** A plan file read by the importer; its failure is thrown for `onError` to map (422, naming the reason). */
const fileOf = async (c: Context): Promise<{ readonly parsed: Parsed; readonly bytes: Uint8Array; readonly options: ParseOptions }> => {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const options = columnsOf(c);
  const parsed = await parseFile(bytes, options);
  if (Either.isLeft(parsed)) throw parsed.left;
  return { parsed: parsed.right, bytes, options };
};

/**
 * The plan a request adopts: interchange JSON as `application/json`, a document in a seed layout as `text/plain`,
 * or a plan file (Word, Excel, PDF, RTF; `application/octet-stream` for any) whose hash and format are recorded.
 */
const documentOf = async (c: Context, parsePlanText: (text: string) => PlanDocument): Promise<{ readonly doc: PlanDocument; readonly source?: DocumentSource }> => {
  const contentType = c.req.header("content-type");
  if (isJson(contentType)) return { doc: checkedDocument(decodeInput(PlanDocument, parseJsonText(await c.req.text()))) };
  if (/^text\/plain\b/i.test(contentType ?? "")) return { doc: checkedDocument(parsePlanText(await c.req.text())) };
  if (DOCUMENT_TYPES.test(contentType ?? "")) {
    const { parsed, bytes, options } = await fileOf(c);
    return { doc: checkedDocument(parsed.document), source: documentSource(bytes, parsed, options) };
  }
  throw new UnsupportedMediaType({ contentType: contentType ?? "" });
};

/**
 * A document's facts within the bounds the write bodies keep: its period's years in YEAR_MIN…YEAR_MAX, and every
 * text free of NUL and broken characters and at most MAX_TEXT_LENGTH long (each refusal names where).
 */
const checkedDocument = (doc: PlanDocument): PlanDocument => {
  const issues: { path: string; message: string }[] = [];
  for (const [key, year] of Object.entries(doc.plan.period))
    if (year !== null && (year < YEAR_MIN || year > YEAR_MAX))
      issues.push({ path: `plan.period.${key}`, message: `рік має бути між ${YEAR_MIN} і ${YEAR_MAX} / a year between ${YEAR_MIN} and ${YEAR_MAX}` });
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "string") {
      if (value.length > MAX_TEXT_LENGTH) issues.push({ path, message: TEXT_TOO_LONG });
      else if (!isSafeText(value)) issues.push({ path, message: "текст містить NUL або пошкоджений символ / the text holds NUL or a broken character" });
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}.${i}`);
    }
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, path === "" ? k : `${path}.${k}`);
  };
  walk(doc, "");
  const first = issues[0];
  if (first !== undefined) throw new InvalidInput({ message: `${first.path}: ${first.message}`, issues });
  return doc;
};

/** The answer to a write: the new stream version as body and ETag. */
export const written = (c: Context, done: Executed, extra: Record<string, unknown>, status: 200 | 201) => {
  c.header("ETag", etagOf(done.version));
  return c.json({ ...extra, stream: done.stream, version: done.version, events: done.events.map((e) => e.type) }, status);
};

/**
 * @example
 * app.route("/api/v1/plans", planRoutes(ctx))
 */
export const planRoutes = (ctx: NodeContext) => {
  const routes = new Hono<AuthEnv>();
  const editor = authorize(ctx.tokens, "plan:write");
  const plans = planCommands(ctx);

  type Render = (id: string, view: ViewOptions) => Promise<RenderedView>;
  /**
   * Current views (no query) come from the node's current views (cached while the log stays at the same position
   * on the same day); views as of a moment are always replayed.
   */
  const serve = async (c: Context, name: ViewName, id: string, validate: (id: string) => string, render: Render): Promise<Response> => {
    if (c.req.url.includes("?")) {
      const view = viewOf(c);
      if (view.asOf !== undefined) {
        const { body, etag } = await render(validate(id), view);
        return viewResponse(encodeView(body, etag), c.req.header("accept-encoding"));
      }
    }
    const view = await ctx.views.current(name, id, validate, (checked) => render(checked, {}));
    return viewResponse(view, c.req.header("accept-encoding"));
  };
  const anyId = (id: string) => id;
  const validPlanId = (id: string): string => decodeInput(PlanId, id);

  const renderPlans: Render = async (_id, view) => ({
    body: { node: ctx.identity.nodeId, plans: await project(ctx, (p) => p.listPlans(view)) } satisfies typeof PlanListBody.Type,
    etag: null,
  });
  routes.get("/", (c) => serve(c, "plans", "", anyId, renderPlans));

  // Reads a plan file and answers what was read, storing nothing: the document, and how its table was read.
  routes.post("/parse", editor, async (c) => {
    if (!DOCUMENT_TYPES.test(c.req.header("content-type") ?? "") && !/^text\/plain\b/i.test(c.req.header("content-type") ?? ""))
      throw new UnsupportedMediaType({ contentType: c.req.header("content-type") ?? "" });
    const { parsed } = await fileOf(c);
    return c.json({
      layout: parsed.layout,
      document: parsed.document,
      ...(parsed.reading === undefined ? {} : { reading: parsed.reading }),
    } satisfies typeof ParsedDocumentBody.Type);
  });

  routes.post("/", editor, async (c) => {
    const { doc, source } = await documentOf(c, ctx.parsePlanText);
    const parent = c.req.query("parentPlanId");
    const parentPlanId = parent === undefined || parent === "" ? null : decodeInput(PlanId, parent);
    const { planId, ...done } = await plans.adopt(c.get("principal"), doc, parentPlanId, source);
    c.header("Location", `/api/v1/plans/${planId}`);
    return written(c, done, { planId, anomalies: doc.anomalies }, 201);
  });

  const renderTree: Render = async (planId, view) => {
    const tree = await project(ctx, (p) => p.planTree(planId, view));
    return { body: tree, etag: etagOf(await ctx.run(streamVersion(planStream(planId as PlanId)))) };
  };
  routes.get("/:planId", (c) => serve(c, "tree", c.req.param("planId"), validPlanId, renderTree));

  // A current roll-up is cached per page asked for: the plain one under its plan id (which the node's listener finds
  // without Hono), a page of children under the plan id and the page, so paging through a measure's children does
  // not recompute the roll-up while the log stays where it was.
  const rollupKey = (planId: string, page: RollupPage): string =>
    page.limit === ROLLUP_CHILDREN_LIMIT && page.measure === undefined && page.after === undefined
      ? planId
      : [planId, page.limit, page.measure ?? "", page.after ?? ""].join("\u0000");
  routes.get("/:planId/rollup", async (c) => {
    if (c.req.query("territory") !== undefined) return territoryRollup(ctx, c);
    const { asOf, byReceipt, ...asked } = decodeInput(RollupViewQuery, c.req.query());
    const page = rollupPageOf(asked);
    const planId = validPlanId(c.req.param("planId"));
    const view: ViewOptions = { asOf, byReceipt: byReceipt === undefined ? undefined : byReceipt === "true" };
    const render = async (): Promise<RenderedView> => ({ body: await project(ctx, (p) => p.rollup(planId, { ...view, page })), etag: null });
    // An as-of roll-up is cached beside the current ones, under its moment, while the log stays where it was: an
    // auditor paging a plan at a date, or many asking for one date, encode it once (its JSON is megabytes at scale).
    const key = view.asOf === undefined ? rollupKey(planId, page) : [rollupKey(planId, page), "asOf", view.asOf, String(view.byReceipt ?? true)].join("\u0000");
    return viewResponse(await ctx.views.current("rollup", key, (k) => k, render), c.req.header("accept-encoding"));
  });

  /** Runs a plan command against the stream at the caller's `If-Match` version. */
  const change = async (c: Context<AuthEnv>, build: (planId: PlanId) => Parameters<typeof planDecider.decide>[0]) => {
    const planId = planIdOf(c);
    const stream = planStream(planId);
    const version = requiredVersion(c, stream);
    const command = build(planId);
    const principal = c.get("principal");
    return ctx.run(executeCommand(planHandler, stream, version, principal.actor, command));
  };

  routes.post("/:planId/amendments", editor, async (c) => {
    const { changes: given = [], ...body } = await readJson(c, AmendPlanBody);
    const meta = ctx.metaOf(c.get("principal"));
    const planId = planIdOf(c);
    // New measures take the next free ordinals of their tasks, counted on across the amendment's own additions.
    const taken = new Map<string, number>();
    const changes: Array<AddMeasure | AmendMeasure | CancelMeasure> = [];
    for (const item of given) {
      if (item.kind === "amendMeasure") {
        const { kind: _, measureId, ...fields } = item;
        changes.push(new AmendMeasure({ meta, planId, measureId, ...fields }));
      } else if (item.kind === "cancelMeasure") {
        changes.push(new CancelMeasure({ meta, planId, measureId: item.measureId, reason: item.reason }));
      } else {
        const { kind: _, ordinal: ordinalGiven, ...fields } = item;
        const next = taken.get(item.taskId) ?? (await nextOrdinal(ctx, planId, item.taskId));
        const ordinal = ordinalGiven ?? next;
        taken.set(item.taskId, Math.max(next, ordinal + 1));
        changes.push(new AddMeasure({ meta, planId, measureId: makeMeasureId(item.taskId, ordinal), ...fields, ordinal }));
      }
    }
    const done = await change(c, () => new AmendPlan({ meta, planId, ...body, changes }));
    return written(c, done, {}, 200);
  });

  routes.post("/:planId/measures", editor, async (c) => {
    const body = await readJson(c, AddMeasureBody);
    const { ordinal: given, ...rest } = body;
    const ordinal = given ?? (await nextOrdinal(ctx, planIdOf(c), body.taskId));
    const measureId = makeMeasureId(body.taskId, ordinal);
    const done = await change(
      c,
      (planId) => new AddMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId, ...rest, ordinal }),
    );
    c.header("Location", `/api/v1/plans/${planIdOf(c)}#${measureId}`);
    return written(c, done, { measureId }, 201);
  });

  routes.patch("/:planId/measures/:measureId", editor, async (c) => {
    const body = await readJson(c, AmendMeasureBody);
    const done = await change(
      c,
      (planId) => new AmendMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId: measureIdOf(c), ...body }),
    );
    return written(c, done, { measureId: measureIdOf(c) }, 200);
  });

  routes.post("/:planId/measures/:measureId/cancel", editor, async (c) => {
    const body = await readJson(c, ReasonBody);
    const done = await change(
      c,
      (planId) => new CancelMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId: measureIdOf(c), ...body }),
    );
    return written(c, done, { measureId: measureIdOf(c) }, 200);
  });

  routes.post("/:planId/measures/:measureId/link", editor, async (c) => {
    const body = await readJson(c, LinkMeasureBody);
    const done = await change(
      c,
      (planId) => new LinkMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId: measureIdOf(c), ...body }),
    );
    return written(c, done, { measureId: measureIdOf(c) }, 200);
  });

  routes.post("/:planId/measures/:measureId/unlink", editor, async (c) => {
    const body = await readJson(c, UnlinkMeasureBody);
    const done = await change(
      c,
      (planId) => new UnlinkMeasure({ meta: ctx.metaOf(c.get("principal")), planId, measureId: measureIdOf(c), ...body }),
    );
    return written(c, done, { measureId: measureIdOf(c) }, 200);
  });

  return routes;
};

/** The next free measure ordinal in a task, from the plan's folded state (not the read model). */
const nextOrdinal = async (ctx: NodeContext, planId: PlanId, taskId: string): Promise<number> => {
  const { state } = await ctx.run(planHandler.state(planStream(planId)));
  if (state.status === "none") return 1;
  const ordinals = Object.values(state.measures).filter((m) => m.taskId === taskId).map((m) => m.ordinal);
  return Math.max(0, ...ordinals) + 1;
};
