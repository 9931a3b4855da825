/**
 * @module A parsed plan into a node: the document becomes domain commands decided by the plan decider
 * and appended to the plan's stream, so the plan's history starts with its adoption order. Importing the
 * same document again appends nothing; a newer version appends one amendment with only its differences.
 */
import {
  AmendPlan,
  type AmendingOrder,
  adoptPlanFromDocument,
  type CommandMeta,
  decodeEvent,
  type Instant,
  makePlanId,
  type NodeId,
  type PlanDocument,
  type PlanError,
  type PlanEvent,
  type PlanId,
  type PlanState,
  planDecider,
  planStream,
  type DocumentSource,
} from "@planledger/domain";
import { type AppendError, EventStore, type StoredEvent, toNewEvents } from "@planledger/event-store";
import { Effect, Either, Schema as S } from "effect";
import { diffPlan } from "./plan-diff.js";

/** A newer version of a document differs from the plan, but no amending order was given or printed. */
export class AmendingOrderRequired extends S.TaggedError<AmendingOrderRequired>()("AmendingOrderRequired", {
  planId: S.String,
  changes: S.Int,
}) {}

export interface ImportOptions {
  readonly ownerNode: NodeId;
  readonly actor: string;
  /** When the import happens (the command's time); defaults to now. */
  readonly at?: Instant;
  readonly parentPlanId?: PlanId | null;
  /** The plan a newer version belongs to; by default the id derived from the document's own order. */
  readonly planId?: PlanId;
  /** The order that amends the plan; by default the document's order when it is a new one. */
  readonly amendingOrder?: AmendingOrder & { readonly note?: string };
  /** The file the document was read from, recorded with an adoption (`documentSource`). */
  readonly source?: DocumentSource;
}

export interface ImportOutcome {
  readonly planId: PlanId;
  readonly outcome: "adopted" | "unchanged" | "amended";
  /** The stored events this import appended (none when unchanged). */
  readonly events: ReadonlyArray<StoredEvent>;
}

/** Folds a stored plan stream (decoded through the event registry, upcasters included). */
export const foldPlanStream = (stored: ReadonlyArray<StoredEvent>): PlanState => {
  let state = planDecider.initialState;
  for (const e of stored) {
    const decoded = decodeEvent(e.type, e.data);
    if (Either.isLeft(decoded)) throw decoded.left;
    state = planDecider.evolve(state, decoded.right as PlanEvent);
  }
  return state;
};


/**
 * Imports a parsed document into the node whose `EventStore` is provided.
 *
 * @example
 * yield* importPlanDocument(doc, { ownerNode: NodeId.make("luhanska"), actor: "importer" })
 * // { planId: "luhanska.1003.2018-12-12", outcome: "adopted", events: [PlanAdopted, SectionAdded, …] }
 */
export const importPlanDocument = (
  doc: PlanDocument,
  options: ImportOptions,
): Effect.Effect<ImportOutcome, PlanError | AmendingOrderRequired | AppendError, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    const planId = options.planId ?? makePlanId({ ownerNode: options.ownerNode, order: doc.plan.order, title: doc.plan.title });
    const stream = planStream(planId);
    const meta: CommandMeta = { actor: options.actor, node: options.ownerNode, at: options.at ?? (new Date().toISOString() as Instant) };
    const stored = yield* store.readStream(stream);
    const state = yield* Effect.try({ try: () => foldPlanStream(stored), catch: (e) => e }).pipe(Effect.orDie);
    const version = stored.at(-1)?.streamVersion ?? 0;

    if (state.status === "none") {
      const command = adoptPlanFromDocument(doc, {
        planId,
        ownerNode: options.ownerNode,
        parentPlanId: options.parentPlanId ?? null,
        meta,
        ...(options.source === undefined ? {} : { source: options.source }),
      });
      const events = yield* planDecider.decide(command, state);
      const result = yield* store.append(stream, toNewEvents(events), { expectedVersion: "noStream", actor: options.actor });
      return { planId, outcome: "adopted" as const, events: result.events };
    }

    const changes = diffPlan(state, doc, meta);
    const title = doc.plan.title !== null && doc.plan.title !== state.title ? doc.plan.title : undefined;
    const period =
      doc.plan.period.from !== state.period.from || doc.plan.period.to !== state.period.to ? doc.plan.period : undefined;
    if (changes.length === 0 && title === undefined && period === undefined) {
      return { planId, outcome: "unchanged" as const, events: [] };
    }
    const printed = doc.plan.order;
    const known = [state.order, ...state.amendments].some((o) => o.number === printed.number && o.date === printed.date);
    const order =
      options.amendingOrder ??
      (printed.number !== null && printed.date !== null && !known ? { number: printed.number, date: printed.date } : null);
    if (order === null) return yield* Effect.fail(new AmendingOrderRequired({ planId, changes: changes.length }));
    const { note, ...amending } = order as AmendingOrder & { readonly note?: string };
    const command = new AmendPlan({
      meta,
      planId,
      order: amending,
      ...(title !== undefined ? { title } : {}),
      ...(period !== undefined ? { period } : {}),
      ...(note !== undefined ? { note } : {}),
      changes,
    });
    const events = yield* planDecider.decide(command, state);
    const result = yield* store.append(stream, toNewEvents(events), { expectedVersion: version, actor: options.actor });
    return { planId, outcome: "amended" as const, events: result.events };
  });
