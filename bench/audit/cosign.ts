/**
 * @module `pnpm --filter @planledger/bench run audit:cosign [--n N]`: what cosigning a push costs, per cosignature
 * (docs/federation.md, "With every push"). Measures, N times each (default 5,000), the steps a parent and its child
 * take per pushed batch beyond the JSON witness: the parent opens the child's note under the child's key (one
 * Ed25519 verification), writes the checkpoint body and signs its tlog-cosignature/v1 line; the child signs its own
 * note and checks the parent's line under the parent's key. The tree-root read and the row written are SQLite
 * lookups by key, not counted here. Prints the machine and its load before and after.
 */
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { parseArgs } from "node:util";
import {
  ed25519NoteSigner,
  ed25519NoteVerifier,
  generateNodeKey,
  openTlogCheckpoint,
  signTlogCheckpoint,
  tlogOrigin,
} from "@planledger/event-store";
import { checkpointBody, cosignatureLine, verifyCosignatureLine } from "@planledger/federation";
import { Either } from "effect";

const { values } = parseArgs({ options: { n: { type: "string" } } });
const N = Number(values.n ?? 5000);
if (!Number.isInteger(N) || N < 1) {
  console.error("--n: ціле ≥ 1 / --n a whole number ≥ 1");
  process.exit(2);
}

const machine = (when: string): string => {
  const [l1, l5, l15] = loadavg();
  return `${when}: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}; load average ${l1?.toFixed(2)} ${l5?.toFixed(2)} ${l15?.toFixed(2)}`;
};

const child = generateNodeKey();
const parent = generateNodeKey();
const roots = Array.from({ length: N }, (_, i) => Buffer.alloc(32, i % 251).toString("hex"));
const time = (label: string, step: (i: number) => unknown): number => {
  for (let i = 0; i < Math.min(N, 200); i++) step(i); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) step(i);
  const perOp = Number(process.hrtime.bigint() - start) / 1000 / N;
  console.log(`${label.padEnd(72)} ${perOp.toFixed(1).padStart(8)} µs`);
  return perOp;
};

console.log(machine("before"));
const notes = roots.map((root, i) =>
  Either.getOrThrow(
    signTlogCheckpoint({ origin: tlogOrigin("novopskovskyi"), size: i + 1, rootHash: Buffer.from(root, "hex"), extensions: [] }, [
      ed25519NoteSigner(tlogOrigin("novopskovskyi"), child.privateKey),
    ]),
  ),
);
const lines = roots.map((root, i) => cosignatureLine(checkpointBody("novopskovskyi", i + 1, root), "luhanska", parent.privateKey, 1_764_900_000 + i));
const childVerifier = ed25519NoteVerifier(tlogOrigin("novopskovskyi"), child.publicKey);

const childSigns = time("child: signs its note (tlog-checkpoint, Ed25519)", (i) =>
  signTlogCheckpoint({ origin: tlogOrigin("novopskovskyi"), size: i + 1, rootHash: Buffer.from(roots[i] as string, "hex"), extensions: [] }, [
    ed25519NoteSigner(tlogOrigin("novopskovskyi"), child.privateKey),
  ]),
);
const parentOpens = time("parent: opens the child's note under the child's key", (i) =>
  openTlogCheckpoint(notes[i] as string, { log: childVerifier, origin: tlogOrigin("novopskovskyi") }),
);
const parentCosigns = time("parent: checkpoint body + tlog-cosignature/v1 line (Ed25519)", (i) =>
  cosignatureLine(checkpointBody("novopskovskyi", i + 1, roots[i] as string), "luhanska", parent.privateKey, 1_764_900_000 + i),
);
const childChecks = time("child: checks the parent's line under the parent's key", (i) => {
  if (verifyCosignatureLine(lines[i] as string, checkpointBody("novopskovskyi", i + 1, roots[i] as string), "luhanska", parent.publicKey) === null)
    throw new Error("a cosignature did not verify");
});
console.log(`${"per pushed batch, parent (open + cosign)".padEnd(72)} ${(parentOpens + parentCosigns).toFixed(1).padStart(8)} µs`);
console.log(`${"per pushed batch, child (sign note + check line)".padEnd(72)} ${(childSigns + childChecks).toFixed(1).padStart(8)} µs`);
console.log(machine("after"));
