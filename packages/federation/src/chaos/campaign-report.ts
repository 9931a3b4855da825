/**
 * @module The kill campaign's printed table (Markdown, so that a run can be pasted into docs/operations.md as it
 * came out) and the machine it ran on.
 */
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import type { CampaignResult, Hit, Phase } from "./kill-campaign.js";

/** `Intel(R) Xeon(R) Processor × 2, 23.5 GiB, linux 6.1, Node v20.20.2` */
export const machineLine = (): string =>
  `${cpus()[0]?.model.trim() ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, Node ${process.version}`;

export const loadLine = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

const duration = (seconds: number): string => {
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  return m === 0 ? `${whole} s` : `${m} min ${whole - m * 60} s`;
};

const median = (values: ReadonlyArray<number>): number | null => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length === 0 ? null : (sorted[Math.floor(sorted.length / 2)] ?? null);
};
const seconds = (ms: number | null): string => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);

const restartLine = (r: CampaignResult): string => {
  const levelOf = (node: string) => r.nodes.find((n) => n.nodeId === node)?.level;
  const of = (level: string) => median(r.kills.filter((k) => levelOf(k.victim) === level).map((k) => k.restartMs));
  const slowest = Math.max(0, ...r.kills.map((k) => k.restartMs).filter((ms) => Number.isFinite(ms)));
  return `${seconds(of("oblast"))} / ${seconds(of("district"))} / ${seconds(slowest)}`;
};

/**
 * @example console.log(formatCampaign(result, { loadAtStart: "1.2 1.0 0.8" }));
 */
export const formatCampaign = (r: CampaignResult, context: { readonly loadAtStart: string }): string => {
  const aimed = (phase: Phase) => r.kills.filter((k) => k.aimed === phase).length;
  const hit = (what: Hit) => r.kills.filter((k) => k.hit.includes(what)).length;
  const onTarget = r.kills.filter((k) => k.hit.includes(k.aimed)).length;
  const oblastKills = r.kills.filter((k) => r.nodes.find((n) => n.nodeId === k.victim)?.level === "oblast").length;
  const rows: Array<[string, string]> = [
    [`kills (of ${r.killsPlanned} planned)`, String(r.kills.length)],
    ["  aimed at append / push / pull", `${aimed("append")} / ${aimed("push")} / ${aimed("pull")}`],
    ["  victims: oblast / districts", `${oblastKills} / ${r.kills.length - oblastKills}`],
    ["  hit an append in flight", String(hit("append"))],
    ["  hit a push on the line", String(hit("push"))],
    ["  hit a pull page on the line", String(hit("pull"))],
    ["  hit the cursors exchange / a round between exchanges", `${hit("cursors")} / ${hit("round")}`],
    ["  hit nothing in flight", String(hit("nothing"))],
    ["  hit what they were aimed at", String(onTarget)],
    [
      "acknowledged writes (drafts / progress / submissions)",
      `${r.files.acked} (${r.files.ackedByKind.draft} / ${r.files.ackedByKind.progress} / ${r.files.ackedByKind.submit})`,
    ],
    ["lost (on the files · over the API)", `${r.files.lost} · ${r.api.lost}`],
    ["doubled (on the files · over the API)", `${r.files.doubled} · ${r.api.doubled}`],
    ["verify failures (broken origin logs, countersignatures)", String(r.verifyFailures.length)],
    ["event ids held twice / (origin, seq) held twice", `${r.duplicateEventIds} / ${r.duplicateSeqs}`],
    ["copies unlike their origin (logs · writes)", `${r.logsDiffer.length} · ${r.files.copiesDiffer}`],
    ["cursor regressions (of samples)", `${r.regressions.length} (of ${r.cursorSamples})`],
    ["in doubt, present / absent", `${r.files.inDoubtPresent} / ${r.files.inDoubtAbsent}`],
    ["refused with an answer (412 …), of them present", `${r.files.refused}, ${r.files.refusedPresent}`],
    ["5xx answers", String(r.attempts.status5xx)],
    ["failed restarts", String(r.restartFailures.length)],
    ["quiet after the final sync", r.quiescent ? "yes" : "NO"],
    ["sync rounds answered / completed / unanswered", `${r.rounds.answered} / ${r.rounds.completed} / ${r.rounds.unanswered}`],
    [
      "exchanges on the lines: push / pull / cursors",
      `${r.exchanges.push ?? 0} / ${r.exchanges.pull ?? 0} / ${r.exchanges.cursors ?? 0}`,
    ],
    [`events held: ${r.nodes.map((n) => n.nodeId).join(" / ")}`, r.nodes.map((n) => String(n.events)).join(" / ")],
    ["restart after a kill: median oblast / median district / slowest", restartLine(r)],
    [
      "  of a restart: waiting for the spare / opening (medians)",
      `${seconds(median(r.kills.map((k) => k.spareWaitMs)))} / ${seconds(median(r.kills.map((k) => k.openMs)))}`,
    ],
    ["wait for the aimed-at operation: median", seconds(median(r.kills.map((k) => k.waitMs)))],
    [
      "time (kills; per kill)",
      `${duration(r.seconds)} (${duration(r.killSeconds)}; ${r.kills.length === 0 ? "—" : (r.killSeconds / r.kills.length).toFixed(2)} s)`,
    ],
    ["verdict", r.ok ? "OK" : "FAILED"],
  ];
  const problems = [
    ...r.files.examples.map((e) => `files: ${e}`),
    ...r.api.examples.map((e) => `API: ${e}`),
    ...r.verifyFailures,
    ...r.logsDiffer,
    ...r.regressions.map((g) => `cursor ${g.cursor}: ${g.from} → ${g.to}`),
    ...r.restartFailures,
  ];
  return [
    `kill campaign: seed ${r.seed} (CHAOS_SEED=${r.seed} draws the same choices again), ${r.nodes.length} nodes, data ${r.kept ? `kept in ${r.dir}` : "removed"}`,
    `machine: ${machineLine()}; load average at start ${context.loadAtStart}, at end ${loadLine()}`,
    "",
    "| measure | count |",
    "| --- | --- |",
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    ...(problems.length === 0 ? [] : ["", "problems:", ...problems.slice(0, 40).map((p) => `- ${p}`)]),
  ].join("\n");
};
