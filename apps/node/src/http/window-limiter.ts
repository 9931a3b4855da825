/**
 * @module `windowLimiter()`: at most `limit` events per key within a sliding window, in bounded memory. What the
 * node counts per source address with it: failed authentications, and on-demand sync rounds (docs/api.md,
 * "Limits per source").
 */

export interface WindowLimiterOptions {
  /** Events a key may have within any `windowMs`; the next one waits. */
  readonly limit: number;
  readonly windowMs: number;
  /**
   * Keys remembered at most (10,000 unless given). Past it, the key whose last event is oldest is forgotten first:
   * memory stays bounded however many sources there are, at the price that one actor with more than `maxKeys`
   * addresses can push an older key out (each of those addresses still had its own `limit` to spend).
   */
  readonly maxKeys?: number;
  /** Milliseconds since the epoch; `Date.now` unless given (tests move their own clock). */
  readonly now?: () => number;
}

export interface WindowLimiter {
  /** Whole seconds (at least 1) until `key` may have another event, or 0 when it may now. */
  readonly retryAfterS: (key: string) => number;
  /** Records an event of `key` now. */
  readonly hit: (key: string) => void;
  /** Takes back `key`'s latest event (one recorded ahead of an outcome that turned out not to count). */
  readonly release: (key: string) => void;
  /** Keys remembered now, expired ones included until they are swept. */
  readonly size: () => number;
}

/**
 * Each key keeps the times of its latest `limit` events, oldest first; the map is kept in order of each key's last
 * event (a hit moves its key to the end), so expired and least recent keys are swept from the front, O(1) amortised.
 * A sliding log rather than fixed buckets: exactly `limit` events per window, with no burst of 2×`limit` across a
 * bucket edge, and for the small limits used here (10 failures, 1 sync) the log is as small as any counter.
 *
 * @example
 * const failures = windowLimiter({ limit: 10, windowMs: 300_000 });
 * failures.hit("203.0.113.7"); failures.retryAfterS("203.0.113.7") // 0 until the tenth failure, then seconds to wait
 */
export const windowLimiter = (options: WindowLimiterOptions): WindowLimiter => {
  const { limit, windowMs } = options;
  const maxKeys = Math.max(1, options.maxKeys ?? 10_000);
  const now = options.now ?? Date.now;
  const times = new Map<string, number[]>();

  /** Forgets keys from the front while they have nothing left in the window, or while there are too many. */
  const sweep = (at: number): void => {
    for (const [key, list] of times) {
      const last = list[list.length - 1] ?? Number.NEGATIVE_INFINITY;
      if (times.size <= maxKeys && last > at - windowMs) break;
      times.delete(key);
    }
  };

  return {
    retryAfterS: (key) => {
      const list = times.get(key);
      if (list === undefined || list.length < limit) return 0;
      // The list holds at most `limit` times: the key waits until its oldest leaves the window.
      const at = now();
      const oldest = list[list.length - limit] ?? Number.NEGATIVE_INFINITY;
      const waitMs = oldest + windowMs - at;
      return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
    },
    hit: (key) => {
      const at = now();
      const list = times.get(key) ?? [];
      times.delete(key);
      while (list.length > 0 && (list[0] ?? 0) <= at - windowMs) list.shift();
      list.push(at);
      if (list.length > limit) list.shift();
      times.set(key, list);
      sweep(at);
    },
    release: (key) => {
      const list = times.get(key);
      list?.pop();
      if (list?.length === 0) times.delete(key);
    },
    size: () => times.size,
  };
};
