/**
 * @module Test helpers: an in-memory event log and a `WebSource` over the real projections of it, so route
 * tests read what the node's own source would give them without a database or a node.
 */
import { type LoggedEvent, arrayEventSource, ledgerEngine, makeProjectionsService } from "@planledger/projections";
import { Effect, Either } from "effect";
import type { HistoryEvent, IntegrityReport, NodeFacts, WebSource } from "../web-source.js";

/** An empty log that numbers what is added as a node's store does: position over all origins, seq per origin. */
export const eventLog = () => {
  const events: LoggedEvent[] = [];
  const seqs = new Map<string, number>();
  /** Appends an event recorded at `origin` at `at`, received here at `receivedAt` (at once unless given). */
  const add = (origin: string, stream: string, type: string, data: Record<string, unknown>, at: string, receivedAt = at): void => {
    const seq = (seqs.get(origin) ?? 0) + 1;
    seqs.set(origin, seq);
    events.push({ position: events.length + 1, origin, seq, stream, type, data, recordedAt: at, receivedAt, eventId: `${origin}-${seq}`, causationId: null });
  };
  return { events, add };
};

/** The integrity check of a node whose logs are all intact, as checked at `now`. */
export const intactIntegrity = (now: Date): IntegrityReport => ({
  checkedAt: now.toISOString(),
  origins: [],
  witnesses: { checked: 0, findings: [] },
  error: null,
});

/** Runs a projections read, failing with the tagged error itself (as the node's source does), not a wrapper. */
const run = async <A, E>(effect: Effect.Effect<A, E>): Promise<A> => {
  const result = await Effect.runPromise(Effect.either(effect));
  if (Either.isLeft(result)) throw result.left;
  return result.right;
};

export interface FakeSourceOptions {
  /** The clock of the projections and of the integrity check. */
  readonly now: Date;
  /** Who each history event names as its actor. */
  readonly actor: string;
}

const luhanska: NodeFacts = { nodeId: "luhanska", level: "oblast", displayName: "Луганська ОВА", parent: null, children: [], events: 0 };

/**
 * The oblast node `luhanska` as a `WebSource` over the real projections of `events`, read as they are when asked
 * (so events added later show once the version moves); counts its plan-tree reads; `state.version` is set by hand.
 *
 * @example
 * const log = eventLog(); log.add("luhanska", `plan:${P}`, "PlanAdopted", { … }, "2021-01-20T09:00:00.000Z");
 * const { web } = fakeSource(log.events, { now: NOW, actor: "editor-1@luhanska" });
 * webRoutes({ source: web, now: () => NOW }).request("/");
 */
export const fakeSource = (events: LoggedEvent[], options: FakeSourceOptions) => {
  const { now, actor } = options;
  const source = arrayEventSource(events);
  const projections = makeProjectionsService(ledgerEngine({ source, now: () => now }), { nodeId: luhanska.nodeId, now: () => now });
  const state = { version: "v1", planTreeCalls: 0 };
  const web: WebSource = {
    node: async () => ({ ...luhanska, events: events.length }),
    plans: (view) => run(projections.listPlans(view)),
    planTree: (planId, view) => {
      state.planTreeCalls++;
      return run(projections.planTree(planId, view));
    },
    rollup: (planId, view) => run(projections.rollup(planId, view)),
    reports: (planId, view) => run(projections.reports(planId, view)),
    report: (reportId, view) => run(projections.report(reportId, view)),
    history: async (stream) =>
      events
        .filter((e) => e.stream === stream)
        .map(
          (e, i): HistoryEvent => ({
            position: e.position,
            version: i + 1,
            type: e.type,
            actor,
            origin: e.origin,
            seq: e.seq,
            recordedAt: e.recordedAt,
            // Received here only when it came from another node.
            receivedAt: e.origin === luhanska.nodeId ? null : (e.receivedAt ?? null),
            eventId: e.eventId ?? "",
            causationId: null,
            hash: `h${e.seq}`,
            data: e.data as Record<string, unknown>,
          }),
        ),
    integrity: async () => intactIntegrity(now),
    version: async () => state.version,
  };
  return { web, state };
};
