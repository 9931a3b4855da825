/**
 * @module The kill campaign of issue #15: an oblast and two or three districts as real `planledger serve`
 * processes on 127.0.0.1, enrolled, each with a reporter writing through its API and each district syncing on
 * demand, while SIGKILLs land at chosen moments of appends, pushes and pulls; then everything is restarted,
 * synced until quiet and checked (`campaign-check.ts`). `pnpm chaos` runs it long (`main.ts`); a short run is a
 * test (`kill-campaign.e2e.test.ts`).
 *
 * How a kill is aimed: the campaign draws (from its seed) a victim among all nodes and a phase — append, push or
 * pull — waits for the next such operation of the victim to start (a write sent to it; a push or pull page entering
 * its line to the oblast, or for the oblast the line of a drawn district: each line runs through a watching proxy),
 * waits a drawn 0–50 ms more, and sends SIGKILL. What was in flight at that instant is what the kill is counted as
 * having hit; the victim is then started again on the same port and database before the next kill. The seed fixes
 * the choices (victims, phases, delays, what each reporter writes), not the timing of real processes: a run drawn
 * again with the same seed aims the same kills, which land on whatever is in flight then.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HolderScan, identityOfEvent, scanDatabase, tallyWrites, type WriteTally } from "./campaign-check.js";
import { type ChaosNode, chaosNode } from "./chaos-node.js";
import { chaosPlan } from "./chaos-plan.js";
import { cursorWatch, type Regression } from "./cursor-watch.js";
import { nodeCall } from "./node-call.js";
import { seededRandom } from "./seeded-random.js";
import { observeRound, syncLoop, syncRound } from "./sync-loop.js";
import { startWatchingProxy, type WatchingProxy } from "./watching-proxy.js";
import { writeLane, type WriteLane } from "./write-lane.js";

export type Phase = "append" | "push" | "pull";
export type Hit = "append" | "push" | "pull" | "cursors" | "round" | "nothing";

export interface CampaignOptions {
  readonly kills: number;
  readonly seed: number;
  /** 1–3 districts under the oblast (default 3). */
  readonly districts?: number;
  /** Stop killing after this long (the final checks still run); unlimited by default. */
  readonly maxSeconds?: number;
  /** Events per pushed batch (`PLANLEDGER_SYNC_BATCH_SIZE`): small, so that a push is several exchanges. */
  readonly batchSize?: number;
  /** The drawn wait between the start of the aimed-at operation and the SIGKILL. */
  readonly killDelayMs?: readonly [number, number];
  /** Pause between a reporter's writes and between a district's rounds. */
  readonly writePauseMs?: readonly [number, number];
  readonly syncPauseMs?: readonly [number, number];
  /** A line now and then while the campaign runs (stderr in `pnpm chaos`). */
  readonly progress?: (line: string) => void;
  /** Keep the databases and logs (always kept when a check fails). */
  readonly keepDir?: boolean;
  /** Start every node process from nothing rather than releasing a preloaded spare (`chaos-node.ts`). */
  readonly coldStarts?: boolean;
}

export interface KillRecord {
  readonly n: number;
  readonly victim: string;
  readonly aimed: Phase;
  /** Whether the aimed-at operation started before the wait for it timed out. */
  readonly triggered: boolean;
  readonly delayMs: number;
  readonly hit: ReadonlyArray<Hit>;
  /** From the end of the previous restart until the aimed-at operation started (or the wait gave up). */
  readonly waitMs: number;
  /** From the SIGKILL until the victim listened again. */
  readonly restartMs: number;
  /** Of which: waiting for the victim's spare to finish loading; from its release to `listening`. */
  readonly spareWaitMs: number;
  readonly openMs: number;
}

export interface CampaignResult {
  readonly seed: number;
  readonly killsPlanned: number;
  readonly kills: ReadonlyArray<KillRecord>;
  readonly nodes: ReadonlyArray<{ readonly nodeId: string; readonly level: string; readonly starts: number; readonly events: number }>;
  /** Judged on the database files. */
  readonly files: WriteTally;
  /** Judged over the API (report streams' histories on each holder). */
  readonly api: WriteTally;
  readonly attempts: { readonly acked: number; readonly refused: number; readonly inDoubt: number; readonly status5xx: number };
  readonly verifyFailures: ReadonlyArray<string>;
  readonly duplicateEventIds: number;
  readonly duplicateSeqs: number;
  /** Copies of an origin's log that end elsewhere than the origin's own (seq, hash, count). */
  readonly logsDiffer: ReadonlyArray<string>;
  readonly cursorSamples: number;
  readonly regressions: ReadonlyArray<Regression>;
  readonly restartFailures: ReadonlyArray<string>;
  readonly quiescent: boolean;
  readonly rounds: { readonly answered: number; readonly completed: number; readonly unanswered: number };
  readonly exchanges: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly killSeconds: number;
  readonly dir: string;
  /** Whether `dir` is still there (kept on request, or because a check failed). */
  readonly kept: boolean;
  readonly ok: boolean;
}

const DISTRICTS = [
  { nodeId: "novopskovskyi", issuer: "Новопсковська районна державна адміністрація", order: "41" },
  { nodeId: "svativskyi", issuer: "Сватівська районна державна адміністрація", order: "57" },
  { nodeId: "starobilskyi", issuer: "Старобільська районна державна адміністрація", order: "63" },
] as const;
const OBLAST = { nodeId: "luhanska", issuer: "Луганська обласна державна адміністрація", order: "1003" } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true at the first call of the subscription's callback, false after `timeoutMs`. */
const firstOf = (subscribe: (fire: () => void) => () => void, timeoutMs: number) =>
  new Promise<boolean>((resolve) => {
    let off: () => void = () => undefined;
    const timer = setTimeout(() => {
      off();
      resolve(false);
    }, timeoutMs);
    off = subscribe(() => {
      clearTimeout(timer);
      off();
      resolve(true);
    });
  });

type PlanTree = { sections: { tasks: { measures: { measureId: string }[] }[] }[] };

const adopt = async (node: ChaosNode, issuer: string, order: string) => {
  const adopted = await nodeCall<{ planId: string }>(node, "POST", "/api/v1/plans", chaosPlan(node.nodeId, issuer, order));
  if (adopted.status !== 201) throw new Error(`${node.nodeId}: adopting the plan answered ${adopted.status} ${JSON.stringify(adopted.body)}`);
  const tree = await nodeCall<PlanTree>(node, "GET", `/api/v1/plans/${adopted.body.planId}`);
  const measures = tree.body.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures.map((m) => m.measureId)));
  return { planId: adopted.body.planId, measures };
};

const enroll = async (oblast: ChaosNode, district: ChaosNode, parentUrl: string) => {
  const invited = await nodeCall<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: district.nodeId, level: "district" });
  if (invited.status !== 201) throw new Error(`inviting ${district.nodeId} answered ${invited.status}`);
  const joined = await nodeCall(district, "POST", "/federation/v1/join", { parentUrl, token: invited.body.token });
  if (joined.status !== 200) throw new Error(`${district.nodeId} joining answered ${joined.status} ${JSON.stringify(joined.body)}`);
};

/**
 * @example
 * const result = await runKillCampaign({ kills: 30, seed: 42, districts: 2 });
 * if (!result.ok) console.log(result.files.examples);
 */
export const runKillCampaign = async (options: CampaignOptions): Promise<CampaignResult> => {
  const started = performance.now();
  const say = options.progress ?? (() => undefined);
  const random = seededRandom(options.seed, "campaign");
  const dir = mkdtempSync(join(tmpdir(), "planledger-chaos-"));
  const env = { PLANLEDGER_SYNC_BATCH_SIZE: String(options.batchSize ?? 20) };
  const cold = options.coldStarts === true;
  const oblast = chaosNode({ nodeId: OBLAST.nodeId, level: "oblast", dir, env, cold });
  const districtSpecs = DISTRICTS.slice(0, Math.min(3, Math.max(1, options.districts ?? 3)));
  const districts = districtSpecs.map((d) => chaosNode({ nodeId: d.nodeId, level: "district", dir, env, cold }));
  const all = [oblast, ...districts];
  const proxies = new Map<string, WatchingProxy>();
  const restartFailures: string[] = [];
  const watch = cursorWatch();

  await Promise.all(all.map((n) => n.start()));
  try {
    for (const d of districts) proxies.set(d.nodeId, await startWatchingProxy(() => oblast.url()));
    const plans = new Map<string, { planId: string; measures: string[] }>();
    plans.set(oblast.nodeId, await adopt(oblast, OBLAST.issuer, OBLAST.order));
    for (const [i, d] of districts.entries()) {
      const spec = districtSpecs[i] ?? DISTRICTS[0];
      plans.set(d.nodeId, await adopt(d, spec.issuer, spec.order));
      await enroll(oblast, d, proxies.get(d.nodeId)?.url ?? "");
      if ((await syncRound(d))?.error !== null) throw new Error(`${d.nodeId}: the first sync did not complete`);
    }
    say(`nodes up and enrolled in ${((performance.now() - started) / 1000).toFixed(1)} s: ${all.map((n) => `${n.nodeId} ${n.url()}`).join(", ")}; data in ${dir}`);

    // The oblast's status, sampled one request at a time so that samples are compared in the order taken. What it
    // holds of a district must also be at least what the district's rounds were told before the status was asked
    // (a push acknowledged up to seq N means the oblast holds N, now and after any crash).
    let sampling: Promise<void> = Promise.resolve();
    const toldByRounds = (district: string) => watch.last(`${oblast.nodeId} holds ${district} (as ${district}'s round reports it)`);
    const sampleOblast = () => {
      const told = new Map(districts.map((d) => [d.nodeId, toldByRounds(d.nodeId)]));
      sampling = sampling.then(async () => {
        if (!oblast.isUp()) return;
        try {
          type Status = { children: { nodeId: string; events: number; lastCheckpoint: { seq: number } | null }[] };
          const status = await nodeCall<Status>(oblast, "GET", "/federation/v1/status", undefined, {}, 10_000);
          if (status.status !== 200) return;
          for (const c of status.body.children) {
            watch.observe(`${oblast.nodeId} holds ${c.nodeId} (its status)`, c.events);
            watch.atLeast(`${oblast.nodeId} holds ${c.nodeId} (its status against what rounds were told)`, c.events, told.get(c.nodeId));
            if (c.lastCheckpoint !== null) watch.observe(`${oblast.nodeId}'s last checkpoint of ${c.nodeId} (its status)`, c.lastCheckpoint.seq);
          }
        } catch {
          // killed while answering: the next round samples again
        }
      });
      return sampling;
    };

    // Paced so that the nodes leave the machine some CPU for the restarts, which decide how fast kills can follow.
    const writePause = options.writePauseMs ?? [10, 60];
    const lanes = new Map<string, WriteLane>(
      all.map((n) => {
        const plan = plans.get(n.nodeId) ?? { planId: "", measures: [] };
        return [n.nodeId, writeLane(n, plan.planId, plan.measures, random.fork(`lane ${n.nodeId}`), { pauseMs: writePause, entriesPerReport: [5, 40] })];
      }),
    );
    const loops = districts.map((d) =>
      syncLoop(d, oblast.nodeId, watch, sampleOblast, random.fork(`sync ${d.nodeId}`), options.syncPauseMs ?? [50, 400]),
    );
    const running = [...[...lanes.values()].map((l) => l.run()), ...loops.map((l) => l.run())];

    // ---- the kills ----
    const killRandom = random.fork("kills");
    const [delayMin, delayMax] = options.killDelayMs ?? [0, 50];
    const kills: KillRecord[] = [];
    // Kills start once every node has its spares loaded (at most a minute), so that the first ones wait for none.
    await Promise.race([Promise.all(all.map((n) => n.sparesReady())), sleep(60_000)]);
    const killsStarted = performance.now();
    const hitsOf = (victim: ChaosNode): Hit[] => {
      const hit = new Set<Hit>();
      const write = lanes.get(victim.nodeId)?.inFlight();
      if (write !== undefined && write !== null) hit.add("append");
      for (const d of districts) {
        if (victim !== oblast && victim !== d) continue;
        for (const e of proxies.get(d.nodeId)?.inFlight() ?? []) hit.add(e.kind === "other" ? "cursors" : e.kind);
        if (loops.find((l) => l.district === d)?.roundInFlight() === true && !hit.has("push") && !hit.has("pull")) hit.add("round");
      }
      return hit.size === 0 ? ["nothing"] : [...hit];
    };
    for (let n = 1; n <= options.kills; n++) {
      if (options.maxSeconds !== undefined && (performance.now() - killsStarted) / 1000 > options.maxSeconds) break;
      const aimed = killRandom.pick(["append", "push", "pull"] as const);
      const victim = killRandom.pick(all);
      // A push or pull is between a district and the oblast: the victim's own line, or any district's for the oblast.
      const district = victim === oblast ? killRandom.pick(districts) : victim;
      const delayMs = killRandom.int(delayMin, delayMax);
      const waitFrom = performance.now();
      const triggered =
        aimed === "append"
          ? await firstOf((fire) => lanes.get(victim.nodeId)?.onStart(fire) ?? (() => undefined), 5_000)
          : await firstOf((fire) => proxies.get(district.nodeId)?.onStart((e) => e.kind === aimed && fire()) ?? (() => undefined), 10_000);
      if (delayMs > 0) await sleep(delayMs);
      const waitMs = performance.now() - waitFrom;
      const hit = hitsOf(victim);
      const killedAt = performance.now();
      await victim.sigkill();
      try {
        await victim.start();
        kills.push({ n, victim: victim.nodeId, aimed, triggered, delayMs, hit, waitMs, restartMs: performance.now() - killedAt, ...victim.lastStart() });
      } catch (first) {
        restartFailures.push(`kill ${n}: ${first instanceof Error ? first.message : String(first)}`);
        await sleep(1_000);
        try {
          await victim.start();
          kills.push({ n, victim: victim.nodeId, aimed, triggered, delayMs, hit, waitMs, restartMs: performance.now() - killedAt, ...victim.lastStart() });
        } catch (second) {
          kills.push({ n, victim: victim.nodeId, aimed, triggered, delayMs, hit, waitMs, restartMs: Number.NaN, spareWaitMs: Number.NaN, openMs: Number.NaN });
          restartFailures.push(`kill ${n}, second start: ${second instanceof Error ? second.message : String(second)}`);
          break;
        }
      }
      if (n % (options.kills > 100 ? 10 : 1) === 0 || n === options.kills) {
        const acked = [...lanes.values()].reduce((sum, l) => sum + l.attempts.filter((a) => a.outcome === "acked").length, 0);
        const perKill = (performance.now() - killsStarted) / 1000 / n;
        say(`kill ${n}/${options.kills}: ${victim.nodeId} aimed at ${aimed}, hit ${hit.join("+")}; ${acked} writes acknowledged so far; restart ${((kills.at(-1)?.restartMs ?? 0) / 1000).toFixed(1)} s (spare ${((kills.at(-1)?.spareWaitMs ?? 0) / 1000).toFixed(1)}, open ${((kills.at(-1)?.openMs ?? 0) / 1000).toFixed(1)}); ${perKill.toFixed(2)} s per kill`);
      }
    }
    const killSeconds = (performance.now() - killsStarted) / 1000;

    // ---- quiet down: stop writing and syncing, restart everything, sync until nothing moves ----
    for (const l of lanes.values()) l.stop();
    for (const l of loops) l.stop();
    if (restartFailures.length > 0) await Promise.all(all.filter((n) => !n.isUp()).map((n) => n.start().catch(() => undefined)));
    await Promise.all(running);
    await sampling;
    await Promise.all(all.map((n) => n.stop()));
    await Promise.all(all.map((n) => n.start()));
    let quiescent = false;
    for (let pass = 1; pass <= 12 && !quiescent; pass++) {
      let moved = 0;
      let failed = 0;
      for (const d of districts) {
        const report = await syncRound(d, 120_000);
        if (report === null || report.error !== null) failed++;
        else {
          observeRound(watch, d.nodeId, oblast.nodeId, report);
          moved += [...report.pushed, ...report.pulled].reduce((sum, o) => sum + o.stored, 0);
        }
      }
      await sampleOblast();
      quiescent = failed === 0 && moved === 0;
      if (failed > 0) await sleep(500);
    }

    // ---- over the API: each report stream's history on its origin and on each holder of a copy ----
    const holdersOf = (origin: string): ReadonlyArray<string> =>
      origin === oblast.nodeId ? districts.map((d) => d.nodeId) : [oblast.nodeId];
    const byId = new Map(all.map((n) => [n.nodeId, n]));
    const apiCounts = new Map<string, Map<string, number>>(all.map((n) => [n.nodeId, new Map()]));
    type History = { events: { type: string; data: unknown }[] };
    for (const lane of lanes.values()) {
      for (const stream of lane.streams()) {
        for (const holder of [lane.node.nodeId, ...holdersOf(lane.node.nodeId)]) {
          const node = byId.get(holder);
          if (node === undefined) continue;
          const history = await nodeCall<History>(node, "GET", `/api/v1/streams/${encodeURIComponent(stream)}/history`);
          if (history.status !== 200) continue;
          const counts = apiCounts.get(holder) ?? new Map<string, number>();
          for (const e of history.body.events) {
            const identity = identityOfEvent(e.type, e.data);
            if (identity !== null) counts.set(identity, (counts.get(identity) ?? 0) + 1);
          }
        }
      }
    }

    // ---- on the files, with every node stopped ----
    await Promise.all(all.map((n) => n.stop()));
    const scans = new Map<string, HolderScan>(all.map((n) => [n.nodeId, scanDatabase(n.nodeId, n.dbPath)]));
    const attempts = [...lanes.values()].flatMap((l) => l.attempts);
    const files = tallyWrites(attempts, new Map([...scans].map(([node, scan]) => [node, scan.identities])), holdersOf);
    const api = tallyWrites(attempts, apiCounts, holdersOf);
    const logsDiffer: string[] = [];
    for (const origin of all) {
      const own = scans.get(origin.nodeId)?.origins.get(origin.nodeId);
      for (const holder of holdersOf(origin.nodeId)) {
        const copy = scans.get(holder)?.origins.get(origin.nodeId);
        if (own === undefined || copy === undefined || own.lastSeq !== copy.lastSeq || own.lastHash !== copy.lastHash || own.events !== copy.events) {
          logsDiffer.push(`${holder}'s copy of ${origin.nodeId}: ${JSON.stringify(copy)} against ${JSON.stringify(own)}`);
        }
      }
    }
    const verifyFailures = [...scans.values()].flatMap((s) => s.verifyFailures);
    const duplicateEventIds = [...scans.values()].reduce((sum, s) => sum + s.duplicateEventIds, 0);
    const duplicateSeqs = [...scans.values()].reduce((sum, s) => sum + s.duplicateSeqs, 0);
    const rounds = loops.reduce(
      (sum, l) => {
        const r = l.rounds();
        return { answered: sum.answered + r.answered, completed: sum.completed + r.completed, unanswered: sum.unanswered + r.unanswered };
      },
      { answered: 0, completed: 0, unanswered: 0 },
    );
    const exchanges: Record<string, number> = { push: 0, pull: 0, cursors: 0, other: 0 };
    for (const p of proxies.values()) for (const [kind, count] of Object.entries(p.counts())) exchanges[kind] = (exchanges[kind] ?? 0) + count;
    const ok =
      files.lost + files.doubled + files.refusedPresent + files.copiesDiffer === 0 &&
      api.lost + api.doubled + api.refusedPresent + api.copiesDiffer === 0 &&
      verifyFailures.length === 0 &&
      duplicateEventIds + duplicateSeqs === 0 &&
      logsDiffer.length === 0 &&
      watch.regressions().length === 0 &&
      restartFailures.length === 0 &&
      quiescent;
    const result: CampaignResult = {
      seed: options.seed,
      killsPlanned: options.kills,
      kills,
      nodes: all.map((n) => ({ nodeId: n.nodeId, level: n.level, starts: n.starts(), events: scans.get(n.nodeId)?.events ?? 0 })),
      files,
      api,
      attempts: {
        acked: attempts.filter((a) => a.outcome === "acked").length,
        refused: attempts.filter((a) => a.outcome === "refused").length,
        inDoubt: attempts.filter((a) => a.outcome === "inDoubt").length,
        status5xx: attempts.filter((a) => (a.status ?? 0) >= 500).length,
      },
      verifyFailures,
      duplicateEventIds,
      duplicateSeqs,
      logsDiffer,
      cursorSamples: watch.samples(),
      regressions: watch.regressions(),
      restartFailures,
      quiescent,
      rounds,
      exchanges,
      seconds: (performance.now() - started) / 1000,
      killSeconds,
      dir,
      kept: !ok || options.keepDir === true,
      ok,
    };
    if (!result.kept) rmSync(dir, { recursive: true, force: true });
    return result;
  } finally {
    await Promise.all(all.map((n) => n.dispose()));
    for (const p of proxies.values()) await p.close();
  }
};
