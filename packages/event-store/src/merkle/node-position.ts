/**
 * @module One number per perfect subtree: its position in the order an append-only tree completes its nodes
 * (post-order, as Merkle mountain ranges number them). A store keyed by it writes every append at the end of its
 * index and can be read back in the order the nodes were made.
 */
import type { TreeNodeId } from "./compact-range.js";

const popcount = (n: number): number => {
  let count = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
};

/** Nodes completed by appending leaves 0 … e − 1: each leaf j completes 1 + (trailing zeros of j + 1) of them. */
const completedBefore = (e: number): number => 2 * e - popcount(e);

/**
 * The position of a perfect subtree: how many nodes the tree completed before it. The node (`level`, `index`)
 * is completed by leaf e = (index + 1)·2^level − 1, after the 2e − popcount(e) nodes that leaves 0 … e − 1
 * completed and the `level` nodes below it on leaf e's own path; so leaves get 0, 1, 3, 4, 7, …, and their
 * parents follow them at once. Exact while 2e stays below 2^53 (trees of up to 2^52 leaves).
 *
 * @example
 * nodePosition({ level: 0, index: 3 }) // 4
 * nodePosition({ level: 2, index: 0 }) // 6
 */
export const nodePosition = (id: TreeNodeId): number => {
  const e = (id.index + 1) * 2 ** id.level - 1;
  return completedBefore(e) + id.level;
};

/**
 * The perfect subtree at a position: the inverse of {@link nodePosition}.
 *
 * @example
 * nodeAtPosition(5) // { level: 1, index: 1 }
 */
export const nodeAtPosition = (position: number): TreeNodeId => {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`node position ${position} is not a whole number from 0 to 2^53 − 1`);
  // The last leaf e whose own nodes start at or before `position`: completedBefore grows with e.
  let low = 0;
  let high = position; // completedBefore(e) ≥ e
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (completedBefore(mid) <= position) low = mid;
    else high = mid - 1;
  }
  const level = position - completedBefore(low);
  return { level, index: (low + 1) / 2 ** level - 1 };
};

/**
 * The position of the last node a tree of `size` leaves completed (its last leaf's highest node); −1 for the
 * empty tree. A store that holds nodes up to it holds the whole tree of that size.
 *
 * @example
 * lastNodePosition(4) // 6: leaf 3, then (1, 1), then (2, 0)
 */
export const lastNodePosition = (size: number): number => {
  if (size === 0) return -1;
  const e = size - 1;
  let level = 0;
  for (let rest = size; rest % 2 === 0; rest /= 2) level++;
  return completedBefore(e) + level;
};

/**
 * The position of the last node completed by appending leaves 0 … `size` − 1 that lies above the leaves
 * (level ≥ 1): what a store that keeps no leaves holds last for a tree of that size; −1 when there is none.
 *
 * @example
 * lastInteriorPosition(5) // 6, the node (2, 0): leaf 4 completes nothing above itself
 */
export const lastInteriorPosition = (size: number): number => {
  // Interior nodes are completed by odd leaves (an even leaf closes no pair): the last one is size − 1 or size − 2.
  const e = size % 2 === 0 ? size - 1 : size - 2;
  return e < 1 ? -1 : lastNodePosition(e + 1);
};
