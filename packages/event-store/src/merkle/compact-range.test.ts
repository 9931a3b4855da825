import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { CompactRange, foldRight, rangeNodes } from "./compact-range.js";
import { failure, hex, rfc6962 } from "./fixtures/vectors.js";
import { MerkleTree } from "./merkle-tree.js";
import { MemoryNodeStore } from "./node-store.js";
import { leafHash, merkleTreeHash } from "./tree-hash.js";

const entries = rfc6962.leafInputs.map(hex);
const nodeHashOf = (level: number, index: number): string | undefined => rfc6962.nodeHashes[level]?.[index];

describe("the compact range", () => {
  it("holds the reference's frontier (CompactTrees) and root after each append, sizes 0 to 8", () => {
    let range = CompactRange.empty;
    for (let size = 0; size <= 8; size++) {
      expect(range.size).toBe(size);
      expect(range.hashes.map((h) => h.toString("hex"))).toEqual(rfc6962.compactTrees[size]);
      expect(range.root().toString("hex")).toBe(rfc6962.rootHashes[size]);
      if (size < 8) range = range.append(leafHash(entries[size] as Buffer)).range;
    }
  });

  it("returns from each append the leaf and every perfect subtree it completed, as the reference hashes them", () => {
    let range = CompactRange.empty;
    const completed: Array<string> = [];
    for (const entry of entries) {
      const appended = range.append(leafHash(entry));
      range = appended.range;
      for (const node of appended.nodes) {
        expect(node.hash.toString("hex")).toBe(nodeHashOf(node.level, node.index));
        completed.push(`${node.level}:${node.index}`);
      }
    }
    // Every perfect subtree of the 8-leaf tree exactly once: 8 leaves, 4 + 2 + 1 interior nodes.
    expect(completed.length).toBe(15);
    expect(new Set(completed).size).toBe(15);
  });

  it("costs one leaf hash and one node hash per trailing one bit of the size, and appendAll equals appends", () => {
    let range = CompactRange.empty;
    let nodes = 0;
    for (let i = 0; i < 1024; i++) {
      const appended = range.append(leafHash(Buffer.from([i & 0xff, i >> 8])));
      let trailingOnes = 0;
      for (let s = i; s % 2 === 1; s = (s - 1) / 2) trailingOnes++;
      expect(appended.nodes.length).toBe(1 + trailingOnes);
      nodes += appended.nodes.length;
      range = appended.range;
    }
    expect(nodes).toBe(2 * 1024 - 1); // a perfect tree of 1024 leaves has 2047 nodes: under two per leaf
    const all = CompactRange.empty.appendAll(Array.from({ length: 1024 }, (_, i) => leafHash(Buffer.from([i & 0xff, i >> 8]))));
    expect(all.range.root().equals(range.root())).toBe(true);
    expect(all.nodes.length).toBe(nodes);
  });

  it("is rebuilt from its frontier hashes, and refuses a wrong count or length", () => {
    const seven = CompactRange.empty.appendAll(entries.slice(0, 7).map(leafHash)).range;
    const again = CompactRange.fromHashes(7, seven.hashes);
    expect(again.root().equals(seven.root())).toBe(true);
    expect(again.append(leafHash(entries[7] as Buffer)).range.root().toString("hex")).toBe(rfc6962.rootHashes[8]);
    expect(() => CompactRange.fromHashes(7, seven.hashes.slice(1))).toThrow(/a tree of 7 leaves has 3 frontier hashes, 2 were given/);
    expect(() => CompactRange.fromHashes(1, [Buffer.alloc(31)])).toThrow(/frontier hash 0 is 31 bytes/);
    expect(() => CompactRange.empty.append(Buffer.alloc(33))).toThrow(/a leaf hash is 32 bytes/);
  });

  it("is not changed by an append (a failed write keeps the old range)", () => {
    const one = CompactRange.empty.append(leafHash(entries[0] as Buffer)).range;
    one.append(leafHash(entries[1] as Buffer));
    expect(one.size).toBe(1);
    expect(one.root().toString("hex")).toBe(rfc6962.rootHashes[1]);
  });

  it("tiles a range with perfect subtrees, largest first for an RFC subtree", () => {
    expect(rangeNodes(0, 0)).toEqual([]);
    expect(rangeNodes(0, 7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(rangeNodes(4, 7)).toEqual([
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(rangeNodes(0, 2 ** 53 - 1).length).toBe(53);
    expect(foldRight([]).toString("hex")).toBe(rfc6962.rootHashes[0]);
  });
});

describe("the tree over a node store", () => {
  it("gives the root at every earlier size from stored nodes, and opens again from its frontier alone", () => {
    const store = new MemoryNodeStore();
    const tree = MerkleTree.empty(store);
    for (const entry of entries) tree.append(entry);
    expect(store.size).toBe(15);
    rfc6962.rootHashes.forEach((root, size) => {
      expect(Either.getOrThrow(tree.rootAt(size)).toString("hex")).toBe(root);
    });
    const reads: Array<string> = [];
    const opened = Either.getOrThrow(
      MerkleTree.open(
        {
          get: (id) => {
            reads.push(`${id.level}:${id.index}`);
            return store.get(id);
          },
          put: store.put,
        },
        7,
      ),
    );
    expect(reads).toEqual(["2:0", "1:2", "0:6"]);
    expect(opened.root().toString("hex")).toBe(rfc6962.rootHashes[7]);
  });

  it("stores under two hashes per leaf for any size", () => {
    const store = new MemoryNodeStore();
    const tree = MerkleTree.empty(store);
    for (let i = 0; i < 1000; i++) tree.append(Buffer.from(String(i)));
    // n leaves and n − popcount(n) interior perfect nodes: 1000 has six bits set.
    expect(store.size).toBe(2 * 1000 - 6);
    expect(tree.root().equals(merkleTreeHash(Array.from({ length: 1000 }, (_, i) => Buffer.from(String(i)))))).toBe(true);
  });

  it("says what is missing or out of range", () => {
    const tree = MerkleTree.empty();
    for (const entry of entries.slice(0, 5)) tree.append(entry);
    expect(failure(tree.rootAt(6)).message).toMatch(/tree size 6 is beyond the 5 leaves/);
    expect(failure(tree.inclusionProof(5)).message).toMatch(/leaf index 5 is not below the tree size 5/);
    expect(failure(tree.consistencyProof(2, 9)).message).toMatch(/second tree size 9 is beyond/);
    expect(failure(MerkleTree.open(new MemoryNodeStore(), 3))).toMatchObject({ _tag: "MissingNodeError", level: 1, index: 0 });
    expect(failure(MerkleTree.open(new MemoryNodeStore(), -1))._tag).toBe("ProofRequestError");
  });
});
