/**
 * @module `tsx bench/national/profile-top.ts FILE.cpuprofile [--top 30] [--until S]`: the functions that took the most CPU in a
 * V8 CPU profile (`node --cpu-prof`, as `pnpm bench:national --profile DIR` writes for the national node), by self
 * time and by total time (self and everything it called), each with its file and line — to find where a cost grows
 * without opening DevTools. `--until S` counts only the first S seconds of the process (its start-up).
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "@planledger/testing";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: ReadonlyArray<number>;
}
interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>;
  readonly samples: ReadonlyArray<number>;
  readonly timeDeltas: ReadonlyArray<number>;
  readonly startTime: number;
  readonly endTime: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "30" }, until: { type: "string" } },
});
const file = positionals[0];
if (file === undefined) {
  console.error("usage: tsx bench/national/profile-top.ts FILE.cpuprofile [--top 30] [--until S]");
  process.exit(2);
}
const top = Number(values.top);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Only the samples of the first `--until` seconds (a start-up), when given. */
const untilUs = values.until === undefined ? Number.POSITIVE_INFINITY : Number(values.until) * 1e6;

/** Microseconds of samples per profile node: the time until the next sample is charged to this one. */
const selfUs = new Map<number, number>();
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0;
  if (at > untilUs) break;
  const id = profile.samples[i] as number;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
}

const label = (n: ProfileNode): string => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url === "" ? "" : ` ${url.startsWith("file://") ? relative(repoRoot, new URL(url).pathname) : url}:${lineNumber + 1}`;
  return `${functionName || "(anonymous)"}${where}`;
};

const self = new Map<string, number>();
const total = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (node === undefined) continue;
  self.set(label(node), (self.get(label(node)) ?? 0) + us);
  // Each function once per stack, however often it recurs.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at);
    if (n === undefined) break;
    const l = label(n);
    if (seen.has(l)) continue;
    seen.add(l);
    total.set(l, (total.get(l) ?? 0) + us);
  }
}

const wallS = Math.min(untilUs, profile.endTime - profile.startTime) / 1e6;
const sampled = [...selfUs.values()].reduce((a, b) => a + b, 0) / 1e6;
const idle = (self.get("(idle)") ?? 0) / 1e6;
console.log(`${file}: ${wallS.toFixed(1)} s of wall time, ${(sampled - idle).toFixed(1)} s busy`);
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  const rows = [...m].filter(([l]) => l !== "(idle)" && l !== "(root)").sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [l, us] of rows) console.log(`${(us / 1e6).toFixed(2).padStart(8)} s  ${l}`);
};
print("self time", self);
print("total time", total);
