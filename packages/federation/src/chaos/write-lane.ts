/**
 * @module One node's reporter in the kill campaign: drafts a quarterly report, records progress on it entry after
 * entry, submits it, drafts the next quarter — one request at a time, through the node's API, as fast as the node
 * answers. Every attempt is written down with what came back: acknowledged (2xx), refused (another status), or in
 * doubt (no answer: the node was killed, or the deadline passed). Only an acknowledged write is promised to be
 * kept; after a write in doubt the lane asks the node where the report stands before it goes on.
 */
import { type PlanId, type Quarter, reportStream } from "@planledger/domain";
import { MEASURE_UNITS, planQuarters } from "./chaos-plan.js";
import type { ChaosNode } from "./chaos-node.js";
import { nodeCall } from "./node-call.js";
import type { SeededRandom } from "./seeded-random.js";

export type WriteKind = "draft" | "progress" | "submit";
export type Outcome = "acked" | "refused" | "inDoubt";

/**
 * One write attempt. `identity` names what it writes, so that it can be found in any copy of the log: a progress
 * entry by the unique text it carries (`chaos <node> #<n>`), a draft and a submission by their report.
 */
export interface Attempt {
  readonly identity: string;
  readonly node: string;
  readonly stream: string;
  readonly kind: WriteKind;
  readonly outcome: Outcome;
  /** The answer's status; null when there was none. */
  readonly status: number | null;
}

export interface InFlightWrite {
  readonly kind: WriteKind;
  readonly identity: string;
  readonly startedAt: number;
}

export interface WriteLane {
  readonly node: ChaosNode;
  readonly attempts: ReadonlyArray<Attempt>;
  readonly inFlight: () => InFlightWrite | null;
  readonly onStart: (listener: (write: InFlightWrite) => void) => () => void;
  /** Every report stream this lane drafted or tried to. */
  readonly streams: () => ReadonlySet<string>;
  /** Runs until `stop` is called; resolves once the write in flight has its outcome. */
  readonly run: () => Promise<void>;
  readonly stop: () => void;
}

interface Current {
  readonly year: number;
  readonly quarter: Quarter;
  readonly reportId: string;
  readonly stream: string;
  /** 0 until the node is known to hold the draft. */
  version: number;
  entries: number;
  readonly target: number;
}

/** Report states after a submission: the lane moves on to the next quarter. */
const CLOSED = new Set(["submitted", "accepted", "returned"]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `draft:<reportId>`, `submit:<reportId>`, `progress:chaos <node> #<n>`: what the checks look for in a log. */
export const identityOf = {
  draft: (reportId: string) => `draft:${reportId}`,
  submit: (reportId: string) => `submit:${reportId}`,
  progress: (narrative: string) => `progress:${narrative}`,
};

/**
 * @example
 * const lane = writeLane(district, planId, measureIds, random.fork("lane"), { pauseMs: [0, 20] });
 * const running = lane.run(); … lane.stop(); await running;
 */
export const writeLane = (
  node: ChaosNode,
  planId: string,
  measureIds: ReadonlyArray<string>,
  random: SeededRandom,
  options: { readonly pauseMs: readonly [number, number]; readonly entriesPerReport: readonly [number, number] },
): WriteLane => {
  const quarters = planQuarters();
  const attempts: Attempt[] = [];
  const streams = new Set<string>();
  const listeners = new Set<(write: InFlightWrite) => void>();
  let inFlight: InFlightWrite | null = null;
  let running = true;
  let nextQuarter = 0;
  let counter = 0;
  let current: Current | null = null;
  let resync = false;
  let stopped: () => void = () => undefined;
  const stopping = new Promise<void>((resolve) => {
    stopped = resolve;
  });

  // A 5xx says nothing about whether the write was kept: it is in doubt, like no answer at all.
  const record = (kind: WriteKind, identity: string, stream: string, outcome: Outcome, status: number | null) =>
    attempts.push({ identity, node: node.nodeId, stream, kind, outcome: outcome === "refused" && (status ?? 0) >= 500 ? "inDoubt" : outcome, status });

  /** Sends one write; `null` when no answer came. */
  const send = async (kind: WriteKind, identity: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const write: InFlightWrite = { kind, identity, startedAt: performance.now() };
    inFlight = write;
    for (const listener of listeners) listener(write);
    try {
      return await nodeCall(node, "POST", path, body, headers, 20_000);
    } catch {
      return null;
    } finally {
      inFlight = null;
    }
  };

  const startQuarter = (): Current => {
    const index = Math.min(nextQuarter, quarters.length - 1);
    nextQuarter++;
    const { year, quarter } = quarters[index] ?? { year: 2026, quarter: 4 as const };
    const reportId = `${planId}.${year}-q${quarter}`;
    const stream = reportStream(planId as PlanId, year, quarter);
    streams.add(stream);
    return { year, quarter, reportId, stream, version: 0, entries: 0, target: random.int(...options.entriesPerReport) };
  };

  /** Where the current report stands on the node, after a write whose outcome is not known or was refused. */
  const catchUp = async (): Promise<boolean> => {
    if (current === null) return true;
    try {
      const held = await nodeCall<{ state: string }>(node, "GET", `/api/v1/reports/${current.reportId}`, undefined, {}, 20_000);
      if (held.status === 404) current.version = 0;
      else if (held.status === 200) {
        current.version = held.etag;
        if (CLOSED.has(held.body.state)) current = null;
      } else return false;
      return true;
    } catch {
      return false;
    }
  };

  const step = async (): Promise<void> => {
    if (current === null) current = startQuarter();
    const report = current;
    if (report.version === 0) {
      const identity = identityOf.draft(report.reportId);
      const answer = await send("draft", identity, `/api/v1/plans/${planId}/reports`, { year: report.year, quarter: report.quarter });
      if (answer === null) {
        record("draft", identity, report.stream, "inDoubt", null);
        resync = true;
      } else if (answer.status === 201) {
        record("draft", identity, report.stream, "acked", 201);
        report.version = answer.etag;
      } else {
        record("draft", identity, report.stream, "refused", answer.status);
        resync = true;
      }
      return;
    }
    const lastQuarter = nextQuarter >= quarters.length;
    if (report.entries >= report.target && !lastQuarter) {
      const identity = identityOf.submit(report.reportId);
      const answer = await send("submit", identity, `/api/v1/reports/${report.reportId}/submit`, undefined, { "if-match": `"${report.version}"` });
      if (answer === null) {
        record("submit", identity, report.stream, "inDoubt", null);
        resync = true;
      } else if (answer.status === 200) {
        record("submit", identity, report.stream, "acked", 200);
        current = null;
      } else {
        record("submit", identity, report.stream, "refused", answer.status);
        resync = true;
      }
      return;
    }
    counter++;
    const narrative = `chaos ${node.nodeId} #${counter}`;
    const identity = identityOf.progress(narrative);
    const ordinal = random.int(1, measureIds.length);
    const answer = await send(
      "progress",
      identity,
      `/api/v1/reports/${report.reportId}/progress`,
      {
        measureId: measureIds[ordinal - 1],
        status: random.pick(["inProgress", "done", "notDone"] as const),
        actuals: [{ value: random.int(0, 100 * ordinal), unit: MEASURE_UNITS[ordinal - 1] ?? "осіб" }],
        spent: [],
        narrative,
      },
      { "if-match": `"${report.version}"` },
    );
    if (answer === null) {
      record("progress", identity, report.stream, "inDoubt", null);
      resync = true;
    } else if (answer.status === 200) {
      record("progress", identity, report.stream, "acked", 200);
      report.version = answer.etag;
      report.entries++;
    } else {
      record("progress", identity, report.stream, "refused", answer.status);
      resync = true;
    }
  };

  const run = async (): Promise<void> => {
    while (running) {
      await Promise.race([node.whenUp(), stopping]);
      if (!running) break;
      if (resync) {
        if (await catchUp()) resync = false;
        else await sleep(50);
        continue;
      }
      await step();
      const [min, max] = options.pauseMs;
      if (max > 0) await sleep(random.int(min, max));
    }
  };

  return {
    node,
    attempts,
    inFlight: () => inFlight,
    onStart: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    streams: () => streams,
    run,
    stop: () => {
      running = false;
      stopped();
    },
  };
};
