/**
 * @module One origin log's Merkle tree over a node store: appends in O(log n) hashes, the root now and at any
 * earlier size, inclusion and consistency proofs, all from stored perfect subtrees.
 */
import { Either } from "effect";
import { CompactRange, type TreeNode, rangeNodes } from "./compact-range.js";
import { type MissingNodeError, ProofRequestError } from "./merkle.errors.js";
import { MemoryNodeStore, type NodeHashStore } from "./node-store.js";
import { consistencyProof, inclusionProof, resolvePlan, rootAt } from "./proofs.js";
import { leafHash } from "./tree-hash.js";

/**
 * A Merkle tree kept in a {@link NodeHashStore}: every append writes the nodes it completed (the leaf and, on
 * average, one more; see the store's storage cost) and keeps the frontier in memory. The leaf of the event with
 * `seq` s is leaf index s − 1. Sizes asked of it are checked against its own size, so a request beyond the tree
 * is a {@link ProofRequestError}, never a missing node.
 *
 * @example
 * const tree = MerkleTree.empty();
 * tree.append(Buffer.from(entry));
 * const proof = tree.inclusionProof(0); // Right([...])
 */
export class MerkleTree {
  private constructor(
    /** Where the tree's nodes are kept. */
    readonly store: NodeHashStore,
    private current: CompactRange,
  ) {}

  /**
   * An empty tree writing to `store` (a fresh in-memory store by default).
   *
   * @example
   * MerkleTree.empty(new MemoryNodeStore()).size // 0
   */
  static empty(store: NodeHashStore = new MemoryNodeStore()): MerkleTree {
    return new MerkleTree(store, CompactRange.empty);
  }

  /**
   * The tree of `size` leaves whose nodes `store` already holds: reads its frontier (one node per bit set in
   * `size`), nothing else.
   *
   * @example
   * MerkleTree.open(store, head.seq) // Right(tree), or Left(MissingNodeError) when the store is behind
   */
  static open(store: NodeHashStore, size: number): Either.Either<MerkleTree, ProofRequestError | MissingNodeError> {
    if (!Number.isSafeInteger(size) || size < 0) {
      return Either.left(new ProofRequestError({ reason: `tree size ${size} is not a whole number from 0 to 2^53 − 1` }));
    }
    const ids = rangeNodes(0, size);
    return Either.map(
      resolvePlan(
        ids.map((id) => [id]),
        store.get,
      ),
      (hashes) => new MerkleTree(store, CompactRange.fromHashes(size, hashes)),
    );
  }

  /** Leaves in the tree. */
  get size(): number {
    return this.current.size;
  }

  /** The frontier now: what a caller keeps to append without this class. */
  get range(): CompactRange {
    return this.current;
  }

  /**
   * The root hash now.
   *
   * @example
   * tree.root().toString("base64") // the checkpoint's third line
   */
  root(): Buffer {
    return this.current.root();
  }

  /**
   * Appends one entry (its leaf hash is `SHA-256(0x00 ‖ entry)`) and stores the nodes it completed, which it
   * returns. The frontier moves only once the store has taken them.
   *
   * @example
   * tree.append(Buffer.from(leafEntryOf(event)))
   */
  append(entry: Uint8Array): ReadonlyArray<TreeNode> {
    return this.appendLeafHash(leafHash(entry));
  }

  /**
   * {@link append} of an entry already hashed as a leaf.
   *
   * @example
   * tree.appendLeafHash(leafHash(entry))
   */
  appendLeafHash(leaf: Uint8Array): ReadonlyArray<TreeNode> {
    const { range, nodes } = this.current.append(leaf);
    this.store.put(nodes);
    this.current = range;
    return nodes;
  }

  /**
   * The root of the tree as it was at `size` (0 ≤ size ≤ the size now), from the stored frontier of that size.
   *
   * @example
   * tree.rootAt(checkpoint.size) // Right(checkpoint's root hash), if the log is the one that was signed
   */
  rootAt(size: number): Either.Either<Buffer, ProofRequestError | MissingNodeError> {
    if (size === this.size) return Either.right(this.root());
    if (size > this.size) return Either.left(beyond("tree size", size, this.size));
    return rootAt(this.store, size);
  }

  /**
   * The inclusion proof of leaf `index` in the tree at `size` (the size now by default).
   *
   * @example
   * tree.inclusionProof(event.seq - 1, checkpoint.size)
   */
  inclusionProof(index: number, size: number = this.size): Either.Either<Array<Buffer>, ProofRequestError | MissingNodeError> {
    if (size > this.size) return Either.left(beyond("tree size", size, this.size));
    return inclusionProof(this.store, index, size);
  }

  /**
   * The consistency proof from the tree at `size1` to the tree at `size2` (the size now by default).
   *
   * @example
   * tree.consistencyProof(auditorsCheckpoint.size)
   */
  consistencyProof(size1: number, size2: number = this.size): Either.Either<Array<Buffer>, ProofRequestError | MissingNodeError> {
    if (size2 > this.size) return Either.left(beyond("second tree size", size2, this.size));
    return consistencyProof(this.store, size1, size2);
  }
}

const beyond = (what: string, size: number, held: number): ProofRequestError =>
  new ProofRequestError({ reason: `${what} ${size} is beyond the ${held} leaves the tree holds` });
