/**
 * @module The import page's `PlanWrites` over this node: documents read with the node's own parser (as
 * `POST /api/v1/plans` reads them, plus XLSX), their place on this node (a new plan, or the difference from the
 * plan held under the same id), and adoption through the same command as the API, the signed-in person as actor.
 */
import { type AdoptedPlan, Instant, IsoDate, NodeId, type PlanChange, type PlanDocument, PlanId, planDecider, planStream } from "@planledger/domain";
import { diffPlan, documentSource, failureLine, importPlanDocument, parseFile, type Reading } from "@planledger/importer";
import type { ColumnChoice, FieldDifference, ItemDifference, PlanWrites, ReadingView, ReadOutcome, Upload, Viewer } from "@planledger/web";
import { Either } from "effect";
import { planHandler } from "../command/execute-command.js";
import { planCommands } from "../command/plan-commands.js";
import { streamVersion } from "../command/stream-version.js";
import { PreconditionFailed } from "../http/http.errors.js";
import type { NodeContext } from "../node-context.js";
import { actingAs } from "./acting.js";

const FIELDS: ReadonlySet<string> = new Set(["label", "task", "title", "executors", "term", "source", "total", "year", "indicator", "ignore"]);
/** A proposed column the page's form can show (the importer's field names are the form's). */
const isChoice = (c: { readonly field: string }): c is ColumnChoice[number] => FIELDS.has(c.field);

/** The reader's report as the preview shows it: the columns, and the measures with a doubtful field. */
const readingView = (reading: Reading): ReadingView => ({
  table: reading.table,
  columns: reading.columns.map((c) => ({ ...c })),
  unplaced: reading.unplaced,
  assigned: reading.assigned,
  doubtful: reading.measures
    .map((m) => ({ path: m.path, where: m.where, fields: Object.entries(m.fields).filter(([, f]) => f?.confidence === "low").map(([name]) => name) }))
    .filter((m) => m.fields.length > 0),
});

/** The adoption's record of the file: its format, hash, name and any columns a person chose. */
const sourceOf = (upload: Upload, layout: string, doc: PlanDocument) =>
  documentSource(upload.bytes, { layout, document: doc }, {
    fileName: upload.fileName,
    ...(upload.columns === undefined ? {} : { columns: upload.columns }),
  });

/** A domain refusal in words: its tag and what it names. */
const refusalOf = (error: { readonly _tag: string }): string => {
  const { _tag, ...fields } = error as { readonly _tag: string } & Record<string, unknown>;
  const named = Object.entries(fields)
    .filter(([k, v]) => k !== "message" && k !== "stack" && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
  return named === "" ? _tag : `${_tag} (${named})`;
};

/** One structural change from `diffPlan`, with what the plan held before it. */
const itemOf = (plan: AdoptedPlan, change: PlanChange): ItemDifference | null => {
  const fields = <K extends FieldDifference["field"]>(before: Partial<Record<K, unknown>>, patch: Partial<Record<K, unknown>>, keys: ReadonlyArray<K>) =>
    keys.filter((k) => patch[k] !== undefined).map((k) => ({ field: k, before: before[k], after: patch[k] }) as FieldDifference);
  switch (change._tag) {
    case "AddSection":
      return { change: "added", level: "section", id: change.sectionId, label: change.label, title: change.title, fields: [] };
    case "AddTask":
      return { change: "added", level: "task", id: change.taskId, label: change.label, title: change.title, fields: [] };
    case "AddMeasure":
      return { change: "added", level: "measure", id: change.measureId, label: change.label, title: change.title, fields: [] };
    case "AmendSection": {
      const was = plan.sections[change.sectionId];
      return { change: "changed", level: "section", id: change.sectionId, label: was?.label ?? "", title: was?.title ?? "", fields: fields(was ?? {}, change, ["label", "title"]) };
    }
    case "AmendTask": {
      const was = plan.tasks[change.taskId];
      return { change: "changed", level: "task", id: change.taskId, label: was?.label ?? "", title: was?.title ?? "", fields: fields(was ?? {}, change, ["label", "title"]) };
    }
    case "AmendMeasure": {
      const was = plan.measures[change.measureId];
      return {
        change: "changed",
        level: "measure",
        id: change.measureId,
        label: was?.label ?? "",
        title: was?.title ?? "",
        fields: fields(was ?? {}, change, ["label", "title", "term", "executors", "indicator", "budget"]),
      };
    }
    case "CancelSection": {
      const was = plan.sections[change.sectionId];
      return { change: "cancelled", level: "section", id: change.sectionId, label: was?.label ?? "", title: was?.title ?? "", fields: [] };
    }
    case "CancelTask": {
      const was = plan.tasks[change.taskId];
      return { change: "cancelled", level: "task", id: change.taskId, label: was?.label ?? "", title: was?.title ?? "", fields: [] };
    }
    case "CancelMeasure": {
      const was = plan.measures[change.measureId];
      return { change: "cancelled", level: "measure", id: change.measureId, label: was?.label ?? "", title: was?.title ?? "", fields: [] };
    }
    // A document says nothing about links: `diffPlan` never makes these.
    case "LinkMeasure":
    case "UnlinkMeasure":
      return null;
    default: {
      const _: never = change;
      return _;
    }
  }
};

/**
 * @example webPages({ source, people, plans: nodePlans(ctx) })
 */
export const nodePlans = (ctx: NodeContext): PlanWrites => {
  const commands = planCommands(ctx);
  const acting = (who: Viewer) => actingAs(ctx, who);
  const parentOf = (parentPlanId: string | null) => (parentPlanId === null ? null : PlanId.make(parentPlanId));
  return {
    read: async (upload): Promise<ReadOutcome> => {
      // Every format through the importer's one door, as `planledger parse` and `POST /api/v1/plans` read files.
      const parsed = await parseFile(upload.bytes, upload.columns === undefined ? {} : { columns: upload.columns });
      if (Either.isLeft(parsed)) {
        const failure = parsed.left;
        return {
          ok: false,
          reason: failureLine(failure),
          ...(failure._tag === "UnrecognisedDocument" && failure.headers !== undefined ? { headers: failure.headers } : {}),
          ...(failure._tag === "UnrecognisedDocument" && failure.proposed !== undefined ? { proposed: failure.proposed.filter(isChoice) } : {}),
          ...(failure._tag === "UnreadableDocument" && failure.unsupported === true ? { unsupported: true } : {}),
        };
      }
      const { document, layout, reading } = parsed.right;
      return { ok: true, document, layout, reading: reading === undefined ? null : readingView(reading) };
    },
    place: async (who, doc, parentPlanId) => {
      const planId = commands.planIdOf(doc);
      const { state, version } = await ctx.run(planHandler.state(planStream(planId)));
      if (state.status === "none") {
        // The decider is pure: deciding the adoption here stores nothing, and says now what "record" would meet.
        const decided = planDecider.decide(commands.adoption(acting(who), doc, parentOf(parentPlanId)), state);
        return { planId, recorded: null, refusal: Either.isLeft(decided) ? refusalOf(decided.left) : null };
      }
      const changes = diffPlan(state, doc, ctx.metaOf(acting(who)));
      const { title, period } = doc.plan;
      return {
        planId,
        refusal: null,
        recorded: {
          title: state.title,
          order: state.order,
          amendments: state.amendments,
          version,
          titleChange: title !== null && title !== state.title ? { before: state.title, after: title } : null,
          periodChange: period.from !== state.period.from || period.to !== state.period.to ? { before: state.period, after: period } : null,
          items: changes.map((c) => itemOf(state, c)).filter((d): d is ItemDifference => d !== null),
        },
      };
    },
    adopt: async (who, doc: PlanDocument, parentPlanId, from) => {
      const source = from === undefined ? undefined : sourceOf(from.upload, from.layout, doc);
      return (await commands.adopt(acting(who), doc, parentOf(parentPlanId), source)).planId;
    },
    amend: async (who, doc, planId, order, version) => {
      const stream = planStream(PlanId.make(planId));
      // The difference the person confirmed was computed against `version`: a plan that moved since is refused.
      const current = await ctx.run(streamVersion(stream));
      if (current !== version) throw new PreconditionFailed({ stream, expected: version, actual: current });
      await ctx.run(
        importPlanDocument(doc, {
          ownerNode: NodeId.make(ctx.identity.nodeId),
          actor: acting(who).actor,
          at: Instant.make(ctx.now().toISOString()),
          planId: PlanId.make(planId),
          amendingOrder: { number: order.number, date: IsoDate.make(order.date) },
          // The person confirmed the differences at `version`: a plan that moves meanwhile is refused, not re-compared.
          retries: 0,
        }),
      );
    },
  };
};
