/**
 * @module Inclusion and consistency proofs (RFC 9162 §2.1.3.1, §2.1.4.1) and past roots, built from stored
 * perfect subtree hashes: first the plan (which nodes, pure), then its hashes (one read of the store).
 */
import { Either } from "effect";
import { type TreeNodeId, foldRight, rangeNodes } from "./compact-range.js";
import { MissingNodeError, ProofRequestError } from "./merkle.errors.js";
import type { NodeHashReader } from "./node-store.js";
import { largestPowerOfTwoBelow } from "./tree-hash.js";

/**
 * The stored nodes a proof is made of: one entry per proof hash, in proof order (leaf end first); each entry
 * lists the perfect subtrees, largest first, whose hashes fold right to left into that proof hash. Every entry
 * is one node except at most one, the subtree at the right edge of a tree whose size is not a power of two.
 */
export type ProofPlan = ReadonlyArray<ReadonlyArray<TreeNodeId>>;

const SIZE_RANGE = "a whole number from 0 to 2^53 − 1";
const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/**
 * The stored nodes whose hashes fold into the root of the tree at `size`: its frontier, one node per bit set.
 *
 * @example
 * rootPlan(6) // Right([{ level: 2, index: 0 }, { level: 1, index: 2 }])
 */
export const rootPlan = (size: number): Either.Either<ReadonlyArray<TreeNodeId>, ProofRequestError> =>
  isSize(size) ? Either.right(rangeNodes(0, size)) : Either.left(new ProofRequestError({ reason: `tree size ${size} is not ${SIZE_RANGE}` }));

/**
 * The plan of the inclusion proof of leaf `index` in the tree of `size` leaves: RFC 9162 §2.1.3.1's PATH(m, D[n])
 * unrolled, each MTH of a subtree named by the nodes that hold it.
 *
 * @example
 * inclusionPlan(2, 5) // Right([[{ level: 0, index: 3 }], [{ level: 1, index: 0 }], [{ level: 0, index: 4 }]])
 */
export const inclusionPlan = (index: number, size: number): Either.Either<ProofPlan, ProofRequestError> => {
  if (!isSize(size)) return Either.left(new ProofRequestError({ reason: `tree size ${size} is not ${SIZE_RANGE}` }));
  if (!isSize(index)) return Either.left(new ProofRequestError({ reason: `leaf index ${index} is not ${SIZE_RANGE}` }));
  if (index >= size) return Either.left(new ProofRequestError({ reason: `leaf index ${index} is not below the tree size ${size}` }));
  // PATH appends the sibling subtree after the path below it; walking down collects them top first.
  const topFirst: Array<Array<TreeNodeId>> = [];
  let offset = 0;
  let m = index;
  let n = size;
  while (n > 1) {
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      topFirst.push(rangeNodes(offset + k, offset + n));
      n = k;
    } else {
      topFirst.push(rangeNodes(offset, offset + k));
      offset += k;
      m -= k;
      n -= k;
    }
  }
  return Either.right(topFirst.reverse());
};

/**
 * The plan of the consistency proof from the tree of `size1` leaves to the tree of `size2`: RFC 9162 §2.1.4.1's
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) unrolled. Empty when the sizes are equal; `size1` 0 is refused (a
 * proof from the empty tree proves nothing, and RFC 9162 defines none).
 *
 * @example
 * consistencyPlan(2, 5) // Right([[{ level: 1, index: 1 }], [{ level: 0, index: 4 }]])
 */
export const consistencyPlan = (size1: number, size2: number): Either.Either<ProofPlan, ProofRequestError> => {
  if (!isSize(size1)) return Either.left(new ProofRequestError({ reason: `first tree size ${size1} is not ${SIZE_RANGE}` }));
  if (!isSize(size2)) return Either.left(new ProofRequestError({ reason: `second tree size ${size2} is not ${SIZE_RANGE}` }));
  if (size1 > size2) return Either.left(new ProofRequestError({ reason: `first tree size ${size1} is greater than the second, ${size2}` }));
  if (size1 === 0) return Either.left(new ProofRequestError({ reason: "a consistency proof from the empty tree (size 0) proves nothing" }));
  const topFirst: Array<Array<TreeNodeId>> = [];
  let offset = 0;
  let m = size1;
  let n = size2;
  let known = true; // SUBPROOF's b: the verifier already holds MTH(D[0:m]) of this subtree
  while (m !== n) {
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      topFirst.push(rangeNodes(offset + k, offset + n));
      n = k;
    } else {
      topFirst.push(rangeNodes(offset, offset + k));
      offset += k;
      m -= k;
      n -= k;
      known = false;
    }
  }
  const plan = topFirst.reverse();
  if (!known) plan.unshift(rangeNodes(offset, offset + n));
  return Either.right(plan);
};

/**
 * Every distinct node a plan needs, for one batched read of the store.
 *
 * @example
 * const rows = await db.selectNodes(origin, planNodes(plan)); // WHERE (level, index) IN (…)
 */
export const planNodes = (plan: ProofPlan): Array<TreeNodeId> => {
  const seen = new Set<string>();
  const ids: Array<TreeNodeId> = [];
  for (const group of plan) {
    for (const id of group) {
      const key = `${id.level}:${id.index}`;
      if (!seen.has(key)) {
        seen.add(key);
        ids.push(id);
      }
    }
  }
  return ids;
};

/**
 * The proof hashes of a plan, each group of nodes folded right to left; fails on the first node `lookup` lacks.
 *
 * @example
 * resolvePlan(plan, (id) => rows.get(`${id.level}:${id.index}`))
 */
export const resolvePlan = (
  plan: ProofPlan,
  lookup: (id: TreeNodeId) => Uint8Array | undefined,
): Either.Either<Array<Buffer>, MissingNodeError> => {
  const proof: Array<Buffer> = [];
  for (const group of plan) {
    const hashes: Array<Uint8Array> = [];
    for (const id of group) {
      const hash = lookup(id);
      if (hash === undefined) return Either.left(new MissingNodeError({ level: id.level, index: id.index }));
      hashes.push(hash);
    }
    proof.push(foldRight(hashes));
  }
  return Either.right(proof);
};

/**
 * The root of the tree at `size` from a store holding at least that many leaves' nodes (the empty root at 0).
 *
 * @example
 * rootAt(store, 1000) // the root a checkpoint at 1000 signed
 */
export const rootAt = (store: NodeHashReader, size: number): Either.Either<Buffer, ProofRequestError | MissingNodeError> =>
  Either.flatMap(rootPlan(size), (ids) => Either.map(resolvePlan([ids], store.get), ([root]) => root as Buffer));

/**
 * The inclusion proof (audit path) of leaf `index` in the tree at `size`, from a store holding that tree.
 *
 * @example
 * inclusionProof(store, event.seq - 1, checkpoint.size)
 */
export const inclusionProof = (
  store: NodeHashReader,
  index: number,
  size: number,
): Either.Either<Array<Buffer>, ProofRequestError | MissingNodeError> =>
  Either.flatMap(inclusionPlan(index, size), (plan) => resolvePlan(plan, store.get));

/**
 * The consistency proof from the tree at `size1` to the tree at `size2`, from a store holding the larger tree.
 *
 * @example
 * consistencyProof(store, auditorsCheckpoint.size, latest.size)
 */
export const consistencyProof = (
  store: NodeHashReader,
  size1: number,
  size2: number,
): Either.Either<Array<Buffer>, ProofRequestError | MissingNodeError> =>
  Either.flatMap(consistencyPlan(size1, size2), (plan) => resolvePlan(plan, store.get));
