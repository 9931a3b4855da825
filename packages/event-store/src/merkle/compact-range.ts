/**
 * @module The right frontier of an append-only Merkle tree (the compact range [0, size)): the roots of its
 * perfect subtrees, from which the next append and the root follow in O(log n) hashes.
 */
import { HASH_SIZE, emptyRoot, nodeHash } from "./tree-hash.js";

/**
 * A perfect subtree of the tree: `level` 0 is a leaf, and the node at (`level`, `index`) covers the leaves
 * `[index · 2^level, (index + 1) · 2^level)`. Its hash never changes once the tree holds all those leaves,
 * which is what lets a store keep it.
 */
export interface TreeNodeId {
  readonly level: number;
  readonly index: number;
}

/** A perfect subtree with its hash: what an append produces and a node store keeps. */
export interface TreeNode extends TreeNodeId {
  readonly hash: Buffer;
}

/** The tree after an append, and every perfect subtree the append completed (the leaf first, then upwards). */
export interface Appended {
  readonly range: CompactRange;
  readonly nodes: ReadonlyArray<TreeNode>;
}

const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/**
 * The perfect subtrees that tile the leaves `[begin, end)`, left to right, each as large as its alignment
 * allows. For `[0, size)` these are the frontier of a tree of `size` leaves (one per bit set in `size`,
 * largest first); for a subtree of the RFC 9162 tree (`begin` a multiple of a power of two ≥ `end − begin`)
 * they come largest first too, and folding their hashes right to left gives that subtree's hash.
 *
 * @example
 * rangeNodes(0, 7) // [{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]
 */
export const rangeNodes = (begin: number, end: number): Array<TreeNodeId> => {
  const nodes: Array<TreeNodeId> = [];
  let position = begin;
  while (position < end) {
    let width = 1;
    let level = 0;
    while (position % (width * 2) === 0 && position + width * 2 <= end) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: position / width });
    position += width;
  }
  return nodes;
};

/**
 * The hash of consecutive perfect subtrees taken as one RFC 9162 subtree: the hashes folded right to left,
 * `nodeHash(h0, nodeHash(h1, … nodeHash(h(n−2), h(n−1))))`; the empty root for none.
 *
 * @example
 * foldRight(frontierHashes).equals(tree.root())
 */
export const foldRight = (hashes: ReadonlyArray<Uint8Array>): Buffer => {
  if (hashes.length === 0) return emptyRoot();
  let hash: Buffer = Buffer.from(hashes[hashes.length - 1] as Uint8Array);
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i] as Uint8Array, hash);
  return hash;
};

/**
 * The frontier of a tree of `size` leaves: the hashes of its perfect subtrees {@link rangeNodes}(0, size),
 * largest first. It is all a writer needs to append (one leaf hash, then one node hash per trailing one bit of
 * `size`: amortised one, at most log2(size)) and to compute the root (one node hash per further bit set).
 * Immutable: an append returns a new range, so a failed write transaction leaves the old one in place.
 *
 * @example
 * let range = CompactRange.empty;
 * const { range: next, nodes } = range.append(leafHash(entry)); // store `nodes`, keep `next`
 * next.root()
 */
export class CompactRange {
  /** The range of the empty tree. */
  static readonly empty: CompactRange = new CompactRange(0, []);

  private rootMemo: Buffer | undefined;

  private constructor(
    /** Leaves in the tree. */
    readonly size: number,
    private readonly frontier: ReadonlyArray<Buffer>,
  ) {}

  /**
   * The range of a tree of `size` leaves from its frontier hashes (as read from a node store at the
   * {@link rangeNodes}(0, size) ids, in that order). Throws a RangeError when the count or a length is wrong:
   * that is a bug in the caller, not data.
   *
   * @example
   * CompactRange.fromHashes(7, rangeNodes(0, 7).map((id) => store.get(id)!))
   */
  static fromHashes(size: number, hashes: ReadonlyArray<Uint8Array>): CompactRange {
    if (!isSize(size)) throw new RangeError(`tree size ${size} is not a whole number from 0 to 2^53 − 1`);
    const expected = rangeNodes(0, size).length;
    if (hashes.length !== expected) {
      throw new RangeError(`a tree of ${size} leaves has ${expected} frontier hashes, ${hashes.length} were given`);
    }
    hashes.forEach((hash, i) => {
      if (hash.length !== HASH_SIZE) throw new RangeError(`frontier hash ${i} is ${hash.length} bytes, not ${HASH_SIZE}`);
    });
    return new CompactRange(
      size,
      hashes.map((hash) => Buffer.from(hash)),
    );
  }

  /** The frontier hashes, largest subtree first. */
  get hashes(): ReadonlyArray<Buffer> {
    return this.frontier;
  }

  /** The frontier as nodes: {@link rangeNodes}(0, size) with their hashes. */
  nodes(): ReadonlyArray<TreeNode> {
    return rangeNodes(0, this.size).map((id, i) => ({ ...id, hash: this.frontier[i] as Buffer }));
  }

  /**
   * The tree with one more leaf, and the nodes that leaf completed: the leaf itself, then each perfect
   * subtree it closed, upwards. A store that keeps every returned node can answer any proof and any earlier
   * root without reading a leaf.
   *
   * @example
   * const { range, nodes } = CompactRange.empty.append(leafHash(Buffer.from("a")));
   */
  append(leaf: Uint8Array): Appended {
    if (leaf.length !== HASH_SIZE) throw new RangeError(`a leaf hash is ${HASH_SIZE} bytes, ${leaf.length} were given`);
    if (this.size >= Number.MAX_SAFE_INTEGER) throw new RangeError("the tree is full (2^53 − 1 leaves)");
    let hash: Buffer = Buffer.from(leaf);
    const nodes: Array<TreeNode> = [{ level: 0, index: this.size, hash }];
    let keep = this.frontier.length;
    let level = 0;
    let index = this.size;
    // Each one bit at the bottom of `size` is a perfect subtree of the same height as the one being built.
    for (let rest = this.size; rest % 2 === 1; rest = (rest - 1) / 2) {
      keep--;
      hash = nodeHash(this.frontier[keep] as Buffer, hash);
      level++;
      index = Math.floor(index / 2);
      nodes.push({ level, index, hash });
    }
    const frontier = this.frontier.slice(0, keep);
    frontier.push(Buffer.from(hash)); // the caller owns the returned nodes; the frontier keeps its own copy
    return { range: new CompactRange(this.size + 1, frontier), nodes };
  }

  /**
   * {@link append} of several leaves in order; the nodes of all of them, in the order they were completed.
   *
   * @example
   * const { range, nodes } = current.appendAll(events.map((e) => leafHash(entryOf(e))));
   */
  appendAll(leaves: ReadonlyArray<Uint8Array>): Appended {
    let range: CompactRange = this;
    const nodes: Array<TreeNode> = [];
    for (const leaf of leaves) {
      const appended = range.append(leaf);
      range = appended.range;
      for (const node of appended.nodes) nodes.push(node);
    }
    return { range, nodes };
  }

  /**
   * The root hash of the tree (RFC 9162 MTH): the frontier folded right to left, computed once per range.
   *
   * @example
   * CompactRange.empty.root().toString("hex") // "e3b0c442…b855"
   */
  root(): Buffer {
    if (this.rootMemo === undefined) this.rootMemo = foldRight(this.frontier);
    return Buffer.from(this.rootMemo);
  }
}
