/**
 * @module `tsx bench/national/profile-top.ts FILE.cpuprofile [--top 30] [--until S]`: the functions that took the most CPU in a
 * V8 CPU profile (`node --cpu-prof`, as `pnpm bench:national --profile DIR` writes for the national node), by self
 * time and by total time (self and everything it called), each with its file and line — to find where a cost grows
 * without opening DevTools. `--until S` counts only the first S seconds of the process (its start-up).
 *
 * `--tasks MS [--from S] [--to S]` lists the turns of the event loop that ran MS milliseconds or longer between S and S
 * seconds of the process — what keeps `/health` waiting — each with the functions that took most of it. A profile
 * does not mark where one turn ends, so a turn is approximated: consecutive busy samples under the same entry from
 * the event loop (the root's child: a timer, an I/O callback, the microtask queue), garbage collection counted in
 * the turn it interrupted. Turns that follow each other with the same entry and no idle sample between (a busy node's
 * `setImmediate` slices) are counted as one, so a figure is an upper bound on one turn. Effect's scheduler frames are left
 * out of the listing (they are on every stack).
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
  options: {
    top: { type: "string", default: "30" },
    until: { type: "string" },
    tasks: { type: "string" },
    from: { type: "string", default: "0" },
    to: { type: "string" },
  },
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

if (values.tasks !== undefined) {
  const minUs = Number(values.tasks) * 1000;
  const fromUs = Number(values.from) * 1e6;
  const toUs = values.to === undefined ? Number.POSITIVE_INFINITY : Number(values.to) * 1e6;
  /** The node under the root that a sample's stack starts from: the event loop's entry into JavaScript. */
  const entryOf = (id: number): number => {
    let at = id;
    for (let up = parent.get(at); up !== undefined && parent.get(up) !== undefined; up = parent.get(up)) at = up;
    return at;
  };
  interface Turn {
    readonly entry: string;
    readonly startUs: number;
    us: number;
    readonly by: Map<string, number>;
  }
  const turns: Turn[] = [];
  let open: Turn | null = null;
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (t < fromUs || t > toUs) continue;
    const id = profile.samples[i] as number;
    const node = byId.get(id);
    if (node === undefined) continue;
    const own = label(node);
    if (own === "(idle)") {
      if (open !== null) turns.push(open);
      open = null;
      continue;
    }
    const entryNode = byId.get(entryOf(id));
    const entry = entryNode === undefined ? own : label(entryNode);
    const interrupt = own === "(garbage collector)" || own === "(program)";
    if (open === null || (!interrupt && entry !== open.entry)) {
      if (open !== null) turns.push(open);
      open = { entry, startUs: t, us: 0, by: new Map() };
    }
    open.us += dt;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      if (n === undefined) break;
      const l = label(n);
      if (seen.has(l) || l === "(root)" || l.includes("node_modules/.pnpm/effect@") || l.includes("node_modules/effect/")) continue;
      seen.add(l);
      open.by.set(l, (open.by.get(l) ?? 0) + dt);
    }
  }
  if (open !== null) turns.push(open);
  const long = turns.filter((x) => x.us >= minUs).sort((a, b) => b.us - a.us);
  console.log(`\nturns of the event loop ≥ ${values.tasks} ms between ${values.from} s and ${values.to ?? "the end"}: ${long.length} of ${turns.length}`);
  for (const turn of long.slice(0, top)) {
    const heavy = [...turn.by].sort((a, b) => b[1] - a[1]).filter(([l]) => !/^(processTicksAndRejections|runMicrotasks|\(program\))/.test(l)).slice(0, 6);
    console.log(`  at ${(turn.startUs / 1e6).toFixed(2)} s, ${(turn.us / 1000).toFixed(0)} ms, from ${turn.entry}`);
    for (const [l, us] of heavy) console.log(`      ${(us / 1000).toFixed(0).padStart(5)} ms  ${l}`);
  }
}
