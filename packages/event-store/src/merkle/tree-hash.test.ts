import { describe, expect, it } from "vitest";
import { hex, rfc6962 } from "./fixtures/vectors.js";
import { emptyRoot, largestPowerOfTwoBelow, leafHash, merkleTreeHash, merkleTreeHashOfLeaves, nodeHash } from "./tree-hash.js";

const entries = rfc6962.leafInputs.map(hex);

describe("RFC 9162 §2.1 hashing, against transparency-dev/merkle's vectors", () => {
  it("hashes the empty tree, an empty leaf, a leaf and two children as the reference does", () => {
    expect(emptyRoot().toString("hex")).toBe(rfc6962.hasher.emptyRoot);
    expect(leafHash(new Uint8Array(0)).toString("hex")).toBe(rfc6962.hasher.emptyLeaf);
    expect(leafHash(hex(rfc6962.hasher.leaf.input)).toString("hex")).toBe(rfc6962.hasher.leaf.hash);
    expect(nodeHash(hex(rfc6962.hasher.node.left), hex(rfc6962.hasher.node.right)).toString("hex")).toBe(rfc6962.hasher.node.hash);
  });

  it("gives the reference's leaf hashes and every perfect subtree hash of the 8-leaf tree", () => {
    expect(entries.map((e) => leafHash(e).toString("hex"))).toEqual(rfc6962.nodeHashes[0]);
    for (let level = 1; level < rfc6962.nodeHashes.length; level++) {
      const below = rfc6962.nodeHashes[level - 1] as ReadonlyArray<string>;
      (rfc6962.nodeHashes[level] as ReadonlyArray<string>).forEach((expected, index) => {
        expect(nodeHash(hex(below[2 * index] as string), hex(below[2 * index + 1] as string)).toString("hex")).toBe(expected);
      });
    }
  });

  it("gives the reference's Merkle Tree Hash for every size from 0 to 8", () => {
    rfc6962.rootHashes.forEach((root, size) => {
      expect(merkleTreeHash(entries.slice(0, size)).toString("hex")).toBe(root);
      expect(merkleTreeHashOfLeaves(entries.slice(0, size).map(leafHash)).toString("hex")).toBe(root);
    });
  });

  it("separates leaves from nodes: a leaf of two concatenated hashes is not their node", () => {
    const [a, b] = [leafHash(Buffer.from("Hello")), leafHash(Buffer.from("World"))];
    expect(nodeHash(a, b).equals(leafHash(Buffer.concat([a, b])))).toBe(false);
    expect(nodeHash(a, b).equals(nodeHash(b, a))).toBe(false);
  });

  it("splits at the largest power of two below n", () => {
    expect([2, 3, 4, 5, 7, 8, 9, 28937].map(largestPowerOfTwoBelow)).toEqual([1, 2, 2, 4, 4, 4, 8, 16384]);
    expect(largestPowerOfTwoBelow(2 ** 53 - 1)).toBe(2 ** 52);
  });

  it("hands out a fresh empty root each time", () => {
    const root = emptyRoot();
    root.fill(0);
    expect(emptyRoot().toString("hex")).toBe(rfc6962.hasher.emptyRoot);
  });
});
