/**
 * @module TF-IDF vectors over a fixed corpus and their cosine, for ranking similar short texts.
 */

export type SparseVector = ReadonlyMap<string, number>;

/** Inverse document frequencies learnt from a corpus of token lists; unseen terms get the rarest weight. */
export interface Idf {
  readonly weight: (term: string) => number;
}

/**
 * Smoothed IDF, `ln((1 + n) / (1 + df)) + 1`, so that a term present everywhere still counts a little.
 *
 * @example
 * learnIdf([["послуг", "сім"], ["послуг"]]).weight("сім") > learnIdf([["послуг", "сім"], ["послуг"]]).weight("послуг")
 */
export const learnIdf = (documents: ReadonlyArray<ReadonlyArray<string>>): Idf => {
  const df = new Map<string, number>();
  for (const doc of documents) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const n = documents.length;
  return { weight: (term) => Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1 };
};

/**
 * The L2-normalised TF-IDF vector of one token list (sub-linear term frequency).
 *
 * @example
 * vectorize(["послуг", "послуг", "сім"], idf)
 */
export const vectorize = (terms: ReadonlyArray<string>, idf: Idf): SparseVector => {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [term, count] of counts) {
    const w = (1 + Math.log(count)) * idf.weight(term);
    vector.set(term, w);
    norm += w * w;
  }
  const length = Math.sqrt(norm);
  if (length > 0) for (const [term, w] of vector) vector.set(term, w / length);
  return vector;
};

/**
 * Cosine of two normalised vectors (0 when either is empty).
 *
 * @example
 * cosine(vectorize(["a"], idf), vectorize(["a"], idf)) // 1
 */
export const cosine = (a: SparseVector, b: SparseVector): number => {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, w] of small) sum += w * (large.get(term) ?? 0);
  return sum;
};

/**
 * Jaccard overlap of two token sets.
 *
 * @example
 * jaccard(["a", "b"], ["b", "c"]) // 1/3
 */
export const jaccard = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): number => {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 0;
  let common = 0;
  for (const t of sa) if (sb.has(t)) common++;
  return common / (sa.size + sb.size - common);
};
