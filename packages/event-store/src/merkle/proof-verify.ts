/**
 * @module Verification of inclusion and consistency proofs by the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2:
 * hashes in, a verdict out, nothing read from any store.
 */
import { Either } from "effect";
import { InvalidProofError } from "./merkle.errors.js";
import { HASH_SIZE, nodeHash } from "./tree-hash.js";

const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const half = (n: number): number => Math.floor(n / 2);
const odd = (n: number): boolean => n % 2 === 1;
const isPowerOfTwo = (n: number): boolean => {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
};
const short = (hash: Uint8Array): string => `${Buffer.from(hash).toString("hex").slice(0, 16)}…`;
const hashes = (n: number): string => (n === 1 ? "1 hash" : `${n} hashes`);

const inclusionError = (reason: string) => Either.left(new InvalidProofError({ proof: "inclusion", reason }));
const consistencyError = (reason: string) => Either.left(new InvalidProofError({ proof: "consistency", reason }));

/** The first hash that is not 32 bytes, named as the reader of the proof would name it. */
const badLength = (named: ReadonlyArray<readonly [string, Uint8Array]>, proof: ReadonlyArray<Uint8Array>): string | null => {
  for (const [name, hash] of named) if (hash.length !== HASH_SIZE) return `${name} is ${hash.length} bytes, not ${HASH_SIZE}`;
  for (let i = 0; i < proof.length; i++) {
    const length = (proof[i] as Uint8Array).length;
    if (length !== HASH_SIZE) return `proof[${i}] is ${length} bytes, not ${HASH_SIZE}`;
  }
  return null;
};

/**
 * How many hashes the inclusion proof of leaf `index` in a tree of `size` has: the iterations of RFC 9162
 * §2.1.3.2's loop until `sn` reaches 0. Requires `index < size`.
 *
 * @example
 * inclusionProofLength(5, 8) // 3
 */
export const inclusionProofLength = (index: number, size: number): number => {
  let fn = index;
  let sn = size - 1;
  let count = 0;
  while (sn !== 0) {
    if (!odd(fn) && fn === sn) {
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    }
    fn = half(fn);
    sn = half(sn);
    count++;
  }
  return count;
};

/**
 * How many hashes the consistency proof from size `size1` to `size2` has (0 < size1 < size2): the iterations of
 * RFC 9162 §2.1.4.2's loop, plus its first hash unless `size1` is a power of two (then the first root stands in).
 *
 * @example
 * consistencyProofLength(6, 8) // 3
 */
export const consistencyProofLength = (size1: number, size2: number): number => {
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let count = 0;
  while (sn !== 0) {
    if (!odd(fn) && fn === sn) {
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    }
    fn = half(fn);
    sn = half(sn);
    count++;
  }
  return isPowerOfTwo(size1) ? count : count + 1;
};

/**
 * The root that an inclusion proof leads to from `leafHash` at `index` in a tree of `size` (RFC 9162 §2.1.3.2
 * up to the final comparison). Fails when the index is not in the tree, a hash is not 32 bytes, or the proof
 * has not exactly the hashes that position needs.
 *
 * @example
 * rootFromInclusionProof(5, 8, leafHash(entry), proof) // Right(<the root of the tree of 8>)
 */
export const rootFromInclusionProof = (
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: ReadonlyArray<Uint8Array>,
): Either.Either<Buffer, InvalidProofError> => {
  if (!isSize(size)) return inclusionError(`tree size ${size} is not a whole number from 0 to 2^53 − 1`);
  if (!isSize(index)) return inclusionError(`leaf index ${index} is not a whole number from 0 to 2^53 − 1`);
  if (index >= size) return inclusionError(`leaf index ${index} is not below the tree size ${size}`);
  const wrongLength = badLength([["the leaf hash", leaf]], proof);
  if (wrongLength !== null) return inclusionError(wrongLength);
  const needed = inclusionProofLength(index, size);
  if (proof.length !== needed) {
    return inclusionError(`the proof has ${hashes(proof.length)}; leaf ${index} of a tree of ${size} needs ${needed}`);
  }
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return inclusionError(`the proof has ${hashes(proof.length)}, more than leaf ${index} of a tree of ${size} needs`);
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return inclusionError(`the proof has ${hashes(proof.length)}, fewer than leaf ${index} of a tree of ${size} needs`);
  return Either.right(r);
};

/**
 * RFC 9162 §2.1.3.2: whether `proof` shows the leaf with hash `leafHash` at `index` in the tree of `size` leaves
 * whose root is `root`. Right(undefined) when it does; otherwise what is wrong.
 *
 * @example
 * Either.isRight(verifyInclusion(bundle.leafIndex, bundle.treeSize, leafHash(entry), proof, checkpoint.rootHash))
 */
export const verifyInclusion = (
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: ReadonlyArray<Uint8Array>,
  root: Uint8Array,
): Either.Either<void, InvalidProofError> => {
  if (root.length !== HASH_SIZE) return inclusionError(`the root hash is ${root.length} bytes, not ${HASH_SIZE}`);
  return Either.flatMap(rootFromInclusionProof(index, size, leaf, proof), (computed) =>
    computed.equals(root)
      ? Either.right(undefined)
      : inclusionError(`the proof leads to root ${short(computed)}, not to the expected ${short(root)}`),
  );
};

/**
 * The root of the tree at `size2` that a consistency proof leads to from the tree at `size1` with root `root1`
 * (RFC 9162 §2.1.4.2, with the first root checked). Equal sizes need an empty proof and give `root1`; size 0
 * is refused, as by the reference implementation (transparency-dev/merkle).
 *
 * @example
 * rootFromConsistencyProof(6, 8, rootAt6, proof) // Right(<the root at 8>)
 */
export const rootFromConsistencyProof = (
  size1: number,
  size2: number,
  proof: ReadonlyArray<Uint8Array>,
  root1: Uint8Array,
): Either.Either<Buffer, InvalidProofError> => {
  if (!isSize(size1)) return consistencyError(`first tree size ${size1} is not a whole number from 0 to 2^53 − 1`);
  if (!isSize(size2)) return consistencyError(`second tree size ${size2} is not a whole number from 0 to 2^53 − 1`);
  if (size1 > size2) return consistencyError(`the first tree size ${size1} is greater than the second, ${size2}`);
  if (size1 === 0) return consistencyError("a consistency proof from the empty tree (size 0) proves nothing");
  const wrongLength = badLength([["the first root", root1]], proof);
  if (wrongLength !== null) return consistencyError(wrongLength);
  if (size1 === size2) {
    return proof.length === 0
      ? Either.right(Buffer.from(root1))
      : consistencyError(`the sizes are equal (${size1}), so the proof must be empty; it has ${hashes(proof.length)}`);
  }
  const needed = consistencyProofLength(size1, size2);
  if (proof.length !== needed) {
    return consistencyError(`the proof has ${hashes(proof.length)}; from size ${size1} to ${size2} it needs ${needed}`);
  }
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0] as Uint8Array);
  let sr = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return consistencyError(`the proof has ${hashes(proof.length)}, more than from size ${size1} to ${size2} needs`);
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return consistencyError(`the proof has ${hashes(proof.length)}, fewer than from size ${size1} to ${size2} needs`);
  if (!fr.equals(root1)) {
    return consistencyError(`the proof leads to first root ${short(fr)} (size ${size1}), not to the expected ${short(root1)}`);
  }
  return Either.right(sr);
};

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows that the tree of `size2` leaves with root `root2` extends the tree of
 * `size1` leaves with root `root1` (only appended to). Right(undefined) when it does; otherwise what is wrong.
 *
 * @example
 * Either.isRight(verifyConsistency(kept.size, latest.size, proof, kept.rootHash, latest.rootHash))
 */
export const verifyConsistency = (
  size1: number,
  size2: number,
  proof: ReadonlyArray<Uint8Array>,
  root1: Uint8Array,
  root2: Uint8Array,
): Either.Either<void, InvalidProofError> => {
  if (root2.length !== HASH_SIZE) return consistencyError(`the second root is ${root2.length} bytes, not ${HASH_SIZE}`);
  return Either.flatMap(rootFromConsistencyProof(size1, size2, proof, root1), (computed) => {
    if (computed.equals(root2)) return Either.right(undefined);
    return size1 === size2
      ? consistencyError(`the sizes are equal (${size1}) but the roots differ: ${short(root1)} and ${short(root2)}`)
      : consistencyError(`the proof leads to second root ${short(computed)} (size ${size2}), not to the expected ${short(root2)}`);
  });
};
