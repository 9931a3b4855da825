import { createHash } from "node:crypto";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MerkleTree } from "./merkle-tree.js";
import { verifyConsistency, verifyInclusion } from "./proof-verify.js";
import { largestPowerOfTwoBelow, leafHash, merkleTreeHashOfLeaves } from "./tree-hash.js";

// One tree of 2000 leaves built by appends; every smaller tree is a prefix of it, answered from its stored nodes.
const MAX = 2000;
const entries = Array.from({ length: MAX }, (_, i) => createHash("sha256").update(`entry ${i}`).digest().subarray(0, 1 + (i % 40)));
const leaves = entries.map(leafHash);
const tree = MerkleTree.empty();
for (const entry of entries) tree.append(entry);

// The reference: RFC 9162's recursive definitions, computed naively from the leaves (no stored node involved).
const roots = new Map<number, Buffer>();
const naiveRoot = (size: number): Buffer => {
  let root = roots.get(size);
  if (root === undefined) {
    root = merkleTreeHashOfLeaves(leaves.slice(0, size));
    roots.set(size, root);
  }
  return root;
};
const naivePath = (m: number, d: ReadonlyArray<Buffer>): Array<Buffer> => {
  if (d.length <= 1) return [];
  const k = largestPowerOfTwoBelow(d.length);
  return m < k
    ? [...naivePath(m, d.slice(0, k)), merkleTreeHashOfLeaves(d.slice(k))]
    : [...naivePath(m - k, d.slice(k)), merkleTreeHashOfLeaves(d.slice(0, k))];
};
const naiveSubproof = (m: number, d: ReadonlyArray<Buffer>, known: boolean): Array<Buffer> => {
  if (m === d.length) return known ? [] : [merkleTreeHashOfLeaves(d)];
  const k = largestPowerOfTwoBelow(d.length);
  return m <= k
    ? [...naiveSubproof(m, d.slice(0, k), known), merkleTreeHashOfLeaves(d.slice(k))]
    : [...naiveSubproof(m - k, d.slice(k), false), merkleTreeHashOfLeaves(d.slice(0, k))];
};

const sizeAndIndex = fc.integer({ min: 1, max: MAX }).chain((size) => fc.tuple(fc.constant(size), fc.nat({ max: size - 1 })));
const twoSizes = fc.integer({ min: 1, max: MAX }).chain((size2) => fc.tuple(fc.integer({ min: 1, max: size2 }), fc.constant(size2)));
const flip = fc.record({ at: fc.nat({ max: 31 }), xor: fc.integer({ min: 1, max: 255 }), pick: fc.nat() });
const altered = (hash: Uint8Array, at: number, xor: number): Buffer => {
  const copy = Buffer.from(hash);
  copy[at] = (copy[at] as number) ^ xor;
  return copy;
};
const runs = { numRuns: 150 };

describe("proofs over random tree sizes 1..2000 (fast-check)", () => {
  it("the root at every size equals the naive Merkle Tree Hash", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), (size) => {
        expect(Either.getOrThrow(tree.rootAt(size)).equals(naiveRoot(size))).toBe(true);
      }),
      runs,
    );
  });

  it("every inclusion proof equals RFC 9162's PATH and verifies against the naive root", () => {
    fc.assert(
      fc.property(sizeAndIndex, ([size, index]) => {
        const proof = Either.getOrThrow(tree.inclusionProof(index, size));
        expect(proof).toEqual(naivePath(index, leaves.slice(0, size)));
        expect(Either.isRight(verifyInclusion(index, size, leaves[index] as Buffer, proof, naiveRoot(size)))).toBe(true);
      }),
      runs,
    );
  });

  it("every consistency proof equals RFC 9162's PROOF and verifies against the naive roots", () => {
    fc.assert(
      fc.property(twoSizes, ([size1, size2]) => {
        const proof = Either.getOrThrow(tree.consistencyProof(size1, size2));
        expect(proof).toEqual(naiveSubproof(size1, leaves.slice(0, size2), true));
        expect(Either.isRight(verifyConsistency(size1, size2, proof, naiveRoot(size1), naiveRoot(size2)))).toBe(true);
      }),
      runs,
    );
  });

  it("one altered byte of an inclusion proof, its leaf or its root fails verification", () => {
    fc.assert(
      fc.property(sizeAndIndex, flip, ([size, index], { at, xor, pick }) => {
        const proof = Either.getOrThrow(tree.inclusionProof(index, size));
        const leaf = leaves[index] as Buffer;
        const root = naiveRoot(size);
        const target = pick % (proof.length + 2); // a proof hash, the leaf, or the root
        const verdict =
          target < proof.length
            ? verifyInclusion(index, size, leaf, proof.map((h, i) => (i === target ? altered(h, at, xor) : h)), root)
            : target === proof.length
              ? verifyInclusion(index, size, altered(leaf, at, xor), proof, root)
              : verifyInclusion(index, size, leaf, proof, altered(root, at, xor));
        expect(Either.isLeft(verdict)).toBe(true);
      }),
      runs,
    );
  });

  it("one altered byte of a consistency proof or either root fails verification", () => {
    fc.assert(
      fc.property(twoSizes, flip, ([size1, size2], { at, xor, pick }) => {
        const proof = Either.getOrThrow(tree.consistencyProof(size1, size2));
        const [root1, root2] = [naiveRoot(size1), naiveRoot(size2)];
        const target = pick % (proof.length + 2); // a proof hash, the first root, or the second
        const verdict =
          target < proof.length
            ? verifyConsistency(size1, size2, proof.map((h, i) => (i === target ? altered(h, at, xor) : h)), root1, root2)
            : target === proof.length
              ? verifyConsistency(size1, size2, proof, altered(root1, at, xor), root2)
              : verifyConsistency(size1, size2, proof, root1, altered(root2, at, xor));
        expect(Either.isLeft(verdict)).toBe(true);
      }),
      runs,
    );
  });

  it("a proof for one leaf does not prove another leaf at the same place", () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat({ max: MAX - 1 }), ([size, index], other) => {
        fc.pre(other !== index);
        const proof = Either.getOrThrow(tree.inclusionProof(index, size));
        expect(Either.isLeft(verifyInclusion(index, size, leaves[other] as Buffer, proof, naiveRoot(size)))).toBe(true);
      }),
      runs,
    );
  });
});
