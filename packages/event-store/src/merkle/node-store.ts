/**
 * @module Where the tree's perfect subtree hashes live: the storage interface a log engine implements, and an
 * in-memory implementation for tests.
 */
import type { TreeNodeId, TreeNode } from "./compact-range.js";

/**
 * Read access to stored perfect subtree hashes, keyed by (level, index). Synchronous, as SQLite and memory
 * answer; an engine with an asynchronous driver reads the ids of a proof plan (`planNodes` in `proofs.ts`) in
 * one query and resolves the plan with what it got.
 */
export interface NodeHashReader {
  /** The hash of the perfect subtree `id`, or undefined when it is not stored. */
  readonly get: (id: TreeNodeId) => Uint8Array | undefined;
}

/**
 * A store of the tree's perfect subtree hashes, one origin log per store (or per key prefix).
 *
 * Storage cost, stated: a tree of n leaves has n leaf nodes and n − popcount(n) interior perfect nodes, so
 * keeping every node the appends return is fewer than 2n hashes — under 64 bytes of hash per event (amortised:
 * each append writes its leaf and, on average, one interior node; at most log2(n) + 1), plus whatever the
 * engine spends per row on the (level, index) key. With those nodes every proof, and the root at every
 * earlier size, is read from at most 2·log2(n) stored hashes and no leaf is read. An engine that recomputes a
 * leaf hash from its event when asked for level 0 keeps only the interior nodes: under one hash (32 bytes) per
 * event, for one event read per inclusion proof and at most two per consistency proof.
 */
export interface NodeHashStore extends NodeHashReader {
  /** Keeps `nodes` (the nodes an append returned); a node already kept is kept again with the same hash. */
  readonly put: (nodes: ReadonlyArray<TreeNode>) => void;
}

/**
 * A {@link NodeHashStore} in arrays, one per level: for tests and for trees built in memory.
 *
 * @example
 * const store = new MemoryNodeStore();
 * store.put(CompactRange.empty.append(leafHash(entry)).nodes);
 * store.get({ level: 0, index: 0 })
 */
export class MemoryNodeStore implements NodeHashStore {
  private readonly levels: Array<Array<Buffer>> = [];
  private count = 0;

  readonly get = (id: TreeNodeId): Uint8Array | undefined => this.levels[id.level]?.[id.index];

  readonly put = (nodes: ReadonlyArray<TreeNode>): void => {
    for (const node of nodes) {
      let level = this.levels[node.level];
      if (level === undefined) {
        level = [];
        this.levels[node.level] = level;
      }
      if (level[node.index] === undefined) this.count++;
      level[node.index] = Buffer.from(node.hash);
    }
  };

  /** Nodes kept: what the storage cost statement above counts. */
  get size(): number {
    return this.count;
  }
}
