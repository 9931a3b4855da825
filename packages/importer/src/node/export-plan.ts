/**
 * @module A plan held by a node, as of any moment, as the interchange document (and from there CSV or
 * XLSX): its stream up to that moment, folded.
 */
import { type PlanDocument, type PlanId, planDecider, planStream } from "@planledger/domain";
import { EventStore, foldStored } from "@planledger/event-store";
import { Effect, Option } from "effect";
import { planFromState } from "./plan-from-state.js";

/**
 * The plan as it stood at `asOf` (ISO instant, by the time each event was recorded at its origin);
 * `None` when the plan had not been adopted by then.
 *
 * @example yield* exportPlan(planId, "2021-06-30T23:59:59Z") // Option.some({ plan, sections, anomalies: [] })
 */
export const exportPlan = (planId: PlanId, asOf?: string): Effect.Effect<Option.Option<PlanDocument>, never, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    const stored = yield* store.readStream(planStream(planId));
    const until = asOf === undefined ? stored : stored.filter((e) => e.recordedAt <= asOf);
    const state = yield* foldStored(planDecider, until);
    return state.status === "none" ? Option.none() : Option.some(planFromState(state));
  });
