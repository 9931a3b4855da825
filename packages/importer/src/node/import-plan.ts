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
  type Instant,
  makePlanId,
  type NodeId,
  type PlanDocument,
  type PlanError,
  type PlanId,
  planDecider,
  planStream,
  type DocumentSource,
} from "@planledger/domain";
import { type AppendError, commandHandler, type EventStore, type StoredEvent } from "@planledger/event-store";
import { Effect, Schema as S } from "effect";
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
  /**
   * How often a plan that changed between reading and appending is read, compared and decided again (default
   * 3). A page that showed a person the differences at one version passes 0: what they confirmed must not move.
   */
  readonly retries?: number;
}

export interface ImportOutcome {
  readonly planId: PlanId;
  readonly outcome: "adopted" | "unchanged" | "amended";
  /** The stored events this import appended (none when unchanged). */
  readonly events: ReadonlyArray<StoredEvent>;
}

// The event store keeps the folded plan per store, so a node's routes and its imports share one fold.
const plans = commandHandler(planDecider);

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
    const planId = options.planId ?? makePlanId({ ownerNode: options.ownerNode, order: doc.plan.order, title: doc.plan.title });
    const meta: CommandMeta = { actor: options.actor, node: options.ownerNode, at: options.at ?? (new Date().toISOString() as Instant) };
    // Which command to decide depends on the plan as held: built afresh from the state on every attempt, so a
    // plan adopted or amended by someone else meanwhile is compared again rather than overwritten.
    const done = yield* plans.handleWith(
      planStream(planId),
      ({ state }) =>
        Effect.gen(function* () {
          if (state.status === "none") {
            return adoptPlanFromDocument(doc, {
              planId,
              ownerNode: options.ownerNode,
              parentPlanId: options.parentPlanId ?? null,
              meta,
              ...(options.source === undefined ? {} : { source: options.source }),
            });
          }
          const changes = diffPlan(state, doc, meta);
          const title = doc.plan.title !== null && doc.plan.title !== state.title ? doc.plan.title : undefined;
          const period =
            doc.plan.period.from !== state.period.from || doc.plan.period.to !== state.period.to ? doc.plan.period : undefined;
          if (changes.length === 0 && title === undefined && period === undefined) return null;
          const printed = doc.plan.order;
          const known = [state.order, ...state.amendments].some((o) => o.number === printed.number && o.date === printed.date);
          const order =
            options.amendingOrder ??
            (printed.number !== null && printed.date !== null && !known ? { number: printed.number, date: printed.date } : null);
          if (order === null) return yield* Effect.fail(new AmendingOrderRequired({ planId, changes: changes.length }));
          const { note, ...amending } = order as AmendingOrder & { readonly note?: string };
          return new AmendPlan({
            meta,
            planId,
            order: amending,
            ...(title !== undefined ? { title } : {}),
            ...(period !== undefined ? { period } : {}),
            ...(note !== undefined ? { note } : {}),
            changes,
          });
        }),
      { expected: "current", actor: options.actor, retries: options.retries ?? 3 },
    ).pipe(Effect.catchTag("StaleStreamVersion", (e) => Effect.die(e))); // only a numbered expectation can be stale
    const outcome = done.command === null ? "unchanged" : done.command._tag === "AdoptPlan" ? "adopted" : "amended";
    return { planId, outcome, events: done.events };
  });
