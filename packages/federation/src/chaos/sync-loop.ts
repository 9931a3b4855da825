/**
 * @module A district's operator in the kill campaign, asking for "sync now" over and over
 * (`POST /federation/v1/sync` with the district's admin token): each round pushes what the district wrote and
 * pulls what the oblast wrote. After each answered round the cursors it reports, and then the oblast's status,
 * go to the cursor watch.
 */
import type { ChaosNode } from "./chaos-node.js";
import type { CursorWatch } from "./cursor-watch.js";
import { nodeCall } from "./node-call.js";
import type { SeededRandom } from "./seeded-random.js";

interface OriginSync {
  readonly origin: string;
  readonly stored: number;
  readonly cursor: number;
}
export interface RoundReport {
  readonly pushed: ReadonlyArray<OriginSync>;
  readonly pulled: ReadonlyArray<OriginSync>;
  readonly error: string | null;
}

export interface SyncLoop {
  readonly district: ChaosNode;
  readonly rounds: () => { readonly answered: number; readonly completed: number; readonly unanswered: number };
  readonly roundInFlight: () => boolean;
  readonly run: () => Promise<void>;
  readonly stop: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One round on demand; null when the district gave no answer (it was killed, or the deadline passed).
 *
 * @example const report = await syncRound(district);
 */
export const syncRound = async (district: ChaosNode, timeoutMs = 30_000): Promise<RoundReport | null> => {
  try {
    const answer = await nodeCall<RoundReport>(district, "POST", "/federation/v1/sync", undefined, {}, timeoutMs);
    return answer.status === 200 ? answer.body : null;
  } catch {
    return null;
  }
};

/** The cursors a round's report states: what the parent holds of each pushed origin, what the child holds of each pulled one. */
export const observeRound = (watch: CursorWatch, district: string, parent: string, report: RoundReport) => {
  for (const o of report.pushed) watch.observe(`${parent} holds ${o.origin} (as ${district}'s round reports it)`, o.cursor);
  for (const o of report.pulled) watch.observe(`${district} holds ${o.origin} (as its round reports it)`, o.cursor);
};

/**
 * @example
 * const loop = syncLoop(district, "luhanska", watch, sampleOblast, random.fork("sync"), [0, 200]);
 */
export const syncLoop = (
  district: ChaosNode,
  parent: string,
  watch: CursorWatch,
  afterRound: () => Promise<void>,
  random: SeededRandom,
  pauseMs: readonly [number, number],
): SyncLoop => {
  let running = true;
  let inFlight = false;
  let answered = 0;
  let completed = 0;
  let unanswered = 0;
  let stopped: () => void = () => undefined;
  const stopping = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  const run = async () => {
    while (running) {
      await Promise.race([district.whenUp(), stopping]);
      if (!running) break;
      inFlight = true;
      const report = await syncRound(district, 15_000);
      inFlight = false;
      if (report === null) unanswered++;
      else {
        answered++;
        if (report.error === null) completed++;
        observeRound(watch, district.nodeId, parent, report);
        await afterRound();
      }
      await sleep(random.int(...pauseMs));
    }
  };
  return {
    district,
    rounds: () => ({ answered, completed, unanswered }),
    roundInFlight: () => inFlight,
    run,
    stop: () => {
      running = false;
      stopped();
    },
  };
};
