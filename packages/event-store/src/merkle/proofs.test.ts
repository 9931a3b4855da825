import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { type ConsistencyProbe, failure, hex, rfc6962 } from "./fixtures/vectors.js";
import { MerkleTree } from "./merkle-tree.js";
import { consistencyProofLength, inclusionProofLength, verifyConsistency, verifyInclusion } from "./proof-verify.js";
import { type ProofPlan, consistencyPlan, inclusionPlan, planNodes, resolvePlan } from "./proofs.js";
import { leafHash } from "./tree-hash.js";

const entries = rfc6962.leafInputs.map(hex);
const tree = MerkleTree.empty();
for (const entry of entries) tree.append(entry);
const root = (size: number): Buffer => hex(rfc6962.rootHashes[size] as string);
const hexes = (hashes: ReadonlyArray<Buffer>): Array<string> => hashes.map((h) => h.toString("hex"));

/** A plan in the reference's terms: node ids in proof order, an ephemeral run listed smallest first, and its range. */
const asReference = (plan: ProofPlan) => {
  const ids: Array<readonly [number, number]> = [];
  let rehash: readonly [number, number] | null = null;
  for (const group of plan) {
    if (group.length > 1) rehash = [ids.length, ids.length + group.length];
    for (const id of [...group].reverse()) ids.push([id.level, id.index]);
  }
  return { ids, rehash };
};

describe("proofs of the reference's 8-leaf tree (transparency-dev/merkle)", () => {
  it.each(rfc6962.inclusionProofs)("inclusion of leaf $index in the tree of $size equals the reference and verifies", ({ index, size, proof }) => {
    expect(hexes(Either.getOrThrow(tree.inclusionProof(index, size)))).toEqual(proof);
    expect(inclusionProofLength(index, size)).toBe(proof.length);
    expect(Either.isRight(verifyInclusion(index, size, leafHash(entries[index] as Buffer), proof.map(hex), root(size)))).toBe(true);
  });

  it.each(rfc6962.consistencyProofs)("consistency from $size1 to $size2 equals the reference and verifies", ({ size1, size2, proof }) => {
    expect(hexes(Either.getOrThrow(tree.consistencyProof(size1, size2)))).toEqual(proof);
    if (size1 < size2) expect(consistencyProofLength(size1, size2)).toBe(proof.length);
    expect(Either.isRight(verifyConsistency(size1, size2, proof.map(hex), root(size1), root(size2)))).toBe(true);
  });

  it.each(rfc6962.inclusionNodes)("inclusion of leaf $index at size $size is made of the reference's nodes", (vector) => {
    const plan = inclusionPlan(vector.index, vector.size);
    if (vector.error) return expect(Either.isLeft(plan)).toBe(true);
    const wanted = vector.rehash !== undefined && vector.rehash[1] - vector.rehash[0] > 1 ? vector.rehash : null;
    expect(asReference(Either.getOrThrow(plan))).toEqual({ ids: vector.ids, rehash: wanted });
  });

  it.each(rfc6962.consistencyNodes)("consistency from $size1 to $size2 is made of the reference's nodes", (vector) => {
    const plan = consistencyPlan(vector.size1, vector.size2);
    if (vector.error) return expect(Either.isLeft(plan)).toBe(true);
    const wanted = vector.rehash !== undefined && vector.rehash[1] - vector.rehash[0] > 1 ? vector.rehash : null;
    expect(asReference(Either.getOrThrow(plan))).toEqual({ ids: vector.ids, rehash: wanted });
  });
});

// Where this verifier is deliberately stricter than the reference: every hash must be 32 bytes, also when the
// sizes are equal and the reference only compares the two (here 12-byte) roots for equality.
const stricter: Record<string, string> = {
  "testdata/consistency/additional/sizes-are-equal-one-and-proof-is-empty.json": "the roots are 12 bytes, not 32",
};

describe("the reference's verification probes (transparency-dev/merkle testdata)", () => {
  it(`accepts and refuses the ${rfc6962.inclusionProbes.length} inclusion probes as the reference does`, () => {
    const disagreements = rfc6962.inclusionProbes.filter((p) => {
      const result = verifyInclusion(Number(p.leafIdx), Number(p.treeSize), hex(p.leafHash), p.proof.map(hex), hex(p.root));
      return Either.isLeft(result) !== p.wantErr;
    });
    expect(disagreements.map((p) => p.file)).toEqual([]);
    expect(rfc6962.inclusionProbes.filter((p) => !p.wantErr).length).toBeGreaterThan(5);
  });

  it(`accepts and refuses the ${rfc6962.consistencyProbes.length} consistency probes as the reference does, but where stricter`, () => {
    const verdict = (p: ConsistencyProbe) =>
      verifyConsistency(Number(p.size1), Number(p.size2), p.proof.map(hex), hex(p.root1), hex(p.root2));
    const disagreements = rfc6962.consistencyProbes.filter((p) => Either.isLeft(verdict(p)) !== p.wantErr);
    expect(disagreements.map((p) => p.file)).toEqual(Object.keys(stricter));
    for (const p of disagreements) expect(failure(verdict(p)).message).toMatch(/is 12 bytes, not 32/);
  });
});

describe("plans", () => {
  it("list each node once for a batched read and resolve from what was read", () => {
    const plan = Either.getOrThrow(consistencyPlan(3, 7));
    const ids = planNodes(plan);
    expect(ids.length).toBe(5);
    const read = new Map(ids.map((id) => [`${id.level}:${id.index}`, tree.store.get(id) as Uint8Array]));
    const proof = Either.getOrThrow(resolvePlan(plan, (id) => read.get(`${id.level}:${id.index}`)));
    expect(hexes(proof)).toEqual(hexes(Either.getOrThrow(tree.consistencyProof(3, 7))));
    expect(failure(resolvePlan(plan, () => undefined))).toMatchObject({ _tag: "MissingNodeError", level: 0, index: 2 });
  });

  it("refuse what cannot be proved, saying why", () => {
    expect(failure(inclusionPlan(8, 8)).message).toMatch(/leaf index 8 is not below the tree size 8/);
    expect(failure(inclusionPlan(0.5, 8)).message).toMatch(/leaf index 0.5 is not a whole number/);
    expect(failure(consistencyPlan(0, 5)).message).toMatch(/from the empty tree/);
    expect(failure(consistencyPlan(9, 8)).message).toMatch(/first tree size 9 is greater than the second, 8/);
    expect(failure(inclusionPlan(0, 2 ** 53)).message).toMatch(/tree size 9007199254740992 is not a whole number/);
  });

  it("reach the largest sizes without losing precision", () => {
    const size = 2 ** 53 - 1;
    const plan = Either.getOrThrow(inclusionPlan(size - 1, size));
    expect(plan.length).toBe(inclusionProofLength(size - 1, size));
    expect(Either.getOrThrow(consistencyPlan(2 ** 52 + 1, size)).length).toBe(consistencyProofLength(2 ** 52 + 1, size));
  });
});

describe("verification failures name what is wrong", () => {
  const leaf = leafHash(entries[5] as Buffer);
  const proof = rfc6962.inclusionProofs.find((v) => v.index === 5 && v.size === 8)?.proof.map(hex) ?? [];

  it("for inclusion", () => {
    expect(failure(verifyInclusion(5, 8, leaf, proof.slice(1), root(8))).message).toMatch(/the proof has 2 hashes; leaf 5 of a tree of 8 needs 3/);
    expect(failure(verifyInclusion(5, 8, leaf, [...proof, root(1)], root(8))).message).toMatch(/has 4 hashes; .* needs 3/);
    expect(failure(verifyInclusion(5, 8, leaf, [proof[0] as Buffer, Buffer.alloc(31), proof[2] as Buffer], root(8))).message).toMatch(
      /proof\[1\] is 31 bytes, not 32/,
    );
    expect(failure(verifyInclusion(4, 8, leaf, proof, root(8))).message).toMatch(/the proof leads to root [0-9a-f]{16}…, not to the expected 5dc9da79a70659a9…/);
    expect(failure(verifyInclusion(5, 8, leaf, proof, Buffer.alloc(20))).message).toMatch(/the root hash is 20 bytes/);
    expect(Either.isRight(verifyInclusion(5, 8, leaf, proof, root(8)))).toBe(true);
  });

  it("for consistency", () => {
    const p = rfc6962.consistencyProofs.find((v) => v.size1 === 6 && v.size2 === 8)?.proof.map(hex) ?? [];
    expect(Either.isRight(verifyConsistency(6, 8, p, root(6), root(8)))).toBe(true);
    expect(failure(verifyConsistency(6, 8, p, root(5), root(8))).message).toMatch(/leads to first root .* \(size 6\)/);
    expect(failure(verifyConsistency(6, 8, p, root(6), root(7))).message).toMatch(/leads to second root .* \(size 8\)/);
    expect(failure(verifyConsistency(6, 8, p.slice(0, 2), root(6), root(8))).message).toMatch(/the proof has 2 hashes; from size 6 to 8 it needs 3/);
    expect(failure(verifyConsistency(8, 8, p, root(8), root(8))).message).toMatch(/sizes are equal \(8\), so the proof must be empty/);
    expect(failure(verifyConsistency(8, 8, [], root(8), root(7))).message).toMatch(/sizes are equal \(8\) but the roots differ/);
    expect(failure(verifyConsistency(8, 6, [], root(8), root(6))).message).toMatch(/first tree size 8 is greater than the second, 6/);
  });
});
