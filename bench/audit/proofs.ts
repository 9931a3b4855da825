/**
 * @module `pnpm --filter @planledger/bench run audit:proofs [--events N] [--proofs K]`: how many Merkle proofs a node
 * gives and an auditor checks per second (issue #16, "bench/audit prints: proof generation and verification per
 * second"). A node database of N events (default 100,000) of its own log is appended through the store (1,000 per
 * append, the Merkle tree kept as it grows) into a temp SQLite file; the store opens it again and then, through its
 * API, gives K inclusion proofs of random events at the full tree size and K consistency proofs between random
 * sizes (default 20,000 each), each checked by the RFC 9162 verifiers as an auditor would. Generation includes the
 * check the store makes itself before giving a proof (log-tree.ts). Prints the machine and its load before and after.
 */
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  type ConsistencyProof,
  EventStore,
  type InclusionProof,
  generateNodeKey,
  leafHash,
  verifyConsistency,
  verifyInclusion,
} from "@planledger/event-store";
import { Effect, Either, ManagedRuntime } from "effect";

const { values } = parseArgs({ options: { events: { type: "string" }, proofs: { type: "string" } } });
const EVENTS = Number(values.events ?? 100_000);
const PROOFS = Number(values.proofs ?? 20_000);
if (!Number.isInteger(EVENTS) || EVENTS < 2 || !Number.isInteger(PROOFS) || PROOFS < 1) {
  console.error("--events: ціле ≥ 2, --proofs: ціле ≥ 1 / --events a whole number ≥ 2, --proofs a whole number ≥ 1");
  process.exit(2);
}
const NODE = "luhanska";

const machine = (when: string): string => {
  const [l1, l5, l15] = loadavg();
  return `${when}: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}; load average ${l1?.toFixed(2)} ${l5?.toFixed(2)} ${l15?.toFixed(2)}`;
};

/** A seeded generator (mulberry32): the same proofs are asked in every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Appends `total` events of the node's own log through the store, 1,000 per append (the tree kept on each append). */
const generate = async (path: string, total: number): Promise<Array<string>> => {
  const key = generateNodeKey();
  writeFileSync(`${path}.key`, key.privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
  const ids: Array<string> = [];
  await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const store = yield* EventStore;
        for (let from = 0; from < total; from += 1_000) {
          const events = Array.from({ length: Math.min(1_000, total - from) }, (_, i) => ({
            type: "ProgressRecorded",
            data: { measureId: `m-${(from + i) % 100}`, actual: from + i, note: "виконано" },
          }));
          const appended = yield* store.append(`report:${NODE}.${from / 1_000}`, events, { expectedVersion: "noStream", actor: "bench" });
          for (const event of appended.events) ids.push(event.eventId);
        }
      }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: NODE }))),
    ),
  );
  return ids;
};

const rate = (count: number, ms: number): string => `${Math.round((count / ms) * 1000).toLocaleString("en").padStart(9)} /s`;

const main = async (): Promise<void> => {
  console.log(machine("machine"));
  const dir = mkdtempSync(join(tmpdir(), "planledger-bench-proofs-"));
  const path = join(dir, "proofs.db");
  try {
    let t = performance.now();
    const eventIds = await generate(path, EVENTS);
    console.log(
      `appended through the store: ${EVENTS.toLocaleString("en")} events of one origin, 1,000 per append, in ${((performance.now() - t) / 1000).toFixed(1)} s, file ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB`,
    );

    t = performance.now();
    const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId: NODE }));
    const store = await runtime.runPromise(EventStore);
    console.log(`opened again: ${((performance.now() - t) / 1000).toFixed(2)} s`);
    const size = (await Effect.runPromise(store.head())).seq;
    const next = random(16);
    const pick = (n: number) => 1 + Math.floor(next() * n);

    // Inclusion: random events, each at the full tree size.
    const ids = Array.from({ length: PROOFS }, () => eventIds[pick(size) - 1] as string);
    const inclusions: Array<InclusionProof> = [];
    t = performance.now();
    for (const id of ids) inclusions.push(Effect.runSync(Effect.orDie(store.inclusionProof(id))));
    const inclusionGen = performance.now() - t;
    const parsed = inclusions.map((p) => ({ index: p.leafIndex, size: p.treeSize, leaf: leafHash(p.entry), path: p.proof.map((h) => Buffer.from(h, "hex")), root: Buffer.from(p.root, "hex") }));
    t = performance.now();
    let bad = 0;
    for (const p of parsed) if (Either.isLeft(verifyInclusion(p.index, p.size, p.leaf, p.path, p.root))) bad++;
    const inclusionVer = performance.now() - t;

    // Consistency: random pairs of sizes 1 ≤ m < n ≤ size.
    const pairs = Array.from({ length: PROOFS }, () => {
      const a = pick(size - 1);
      return [a, a + pick(size - a)] as const;
    });
    const consistencies: Array<ConsistencyProof> = [];
    t = performance.now();
    for (const [m, n] of pairs) consistencies.push(Effect.runSync(Effect.orDie(store.consistencyProof(NODE, m, n))));
    const consistencyGen = performance.now() - t;
    const cparsed = consistencies.map((p) => ({ m: p.fromSize, n: p.toSize, path: p.proof.map((h) => Buffer.from(h, "hex")), a: Buffer.from(p.fromRoot, "hex"), b: Buffer.from(p.toRoot, "hex") }));
    t = performance.now();
    for (const p of cparsed) if (Either.isLeft(verifyConsistency(p.m, p.n, p.path, p.a, p.b))) bad++;
    const consistencyVer = performance.now() - t;
    await runtime.dispose();

    const hashes = (proofs: ReadonlyArray<{ proof: ReadonlyArray<string> }>) => (proofs.reduce((n, p) => n + p.proof.length, 0) / proofs.length).toFixed(1);
    console.log(`tree of ${size.toLocaleString("en")} leaves, ${PROOFS.toLocaleString("en")} proofs of each kind (random, seeded):`);
    console.log(`  inclusion    generated ${rate(PROOFS, inclusionGen)}   verified ${rate(PROOFS, inclusionVer)}   ${hashes(inclusions)} hashes per proof`);
    console.log(`  consistency  generated ${rate(PROOFS, consistencyGen)}   verified ${rate(PROOFS, consistencyVer)}   ${hashes(consistencies)} hashes per proof`);
    console.log(bad === 0 ? "every proof verified" : `PROOFS THAT DID NOT VERIFY: ${bad}`);
    console.log(machine("after"));
    if (bad > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

await main();
