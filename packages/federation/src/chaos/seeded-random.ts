/**
 * @module A small seeded pseudo-random generator (sfc32) for the kill campaign: the same seed gives the same
 * sequence of choices, and each loop of the campaign draws from its own stream so that one loop's pace does not
 * shift another's choices.
 */

export interface SeededRandom {
  /** Uniform in [0, 1). */
  readonly next: () => number;
  /** Uniform integer in [min, max], both included. */
  readonly int: (min: number, max: number) => number;
  /** One element of a non-empty list. */
  readonly pick: <T>(items: ReadonlyArray<T>) => T;
  /** True with probability `p`. */
  readonly chance: (p: number) => boolean;
  /** An independent stream for `name`, derived from this generator's seed. */
  readonly fork: (name: string) => SeededRandom;
}

/** 32-bit FNV-1a of a string, to mix a stream's name into its seed. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

/**
 * @example
 * const random = seededRandom(20261205);
 * random.int(0, 50); // the same value on every run with this seed
 * random.fork("district-1").pick(["append", "push", "pull"]);
 */
export const seededRandom = (seed: number, name = ""): SeededRandom => {
  let a = seed >>> 0;
  let b = fnv1a(name);
  let c = 0x9e3779b9;
  let d = 1;
  const raw = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) raw();
  const random: SeededRandom = {
    next: raw,
    int: (min, max) => min + Math.floor(raw() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(raw() * items.length)] as (typeof items)[number];
    },
    chance: (p) => raw() < p,
    fork: (child) => seededRandom(seed, `${name}/${child}`),
  };
  return random;
};
