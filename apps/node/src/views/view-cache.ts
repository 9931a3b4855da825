/**
 * @module Serialized read views, kept while the log has not moved. A plan tree of a large plan takes
 * milliseconds to compute and serialize, and is read far more often than the log grows.
 */
import { gzipSync } from "node:zlib";

export interface CachedView {
  /** The view's JSON, UTF-8 encoded once. */
  readonly body: Uint8Array;
  /** The same bytes gzipped, for clients that accept it (a large plan tree shrinks about tenfold). */
  readonly gzip: Uint8Array | null;
  readonly etag: string | null;
}

const GZIP_FROM_BYTES = 2048;

/**
 * Encodes a view for the cache.
 *
 * @example encodeView({ plans: [] }, null).gzip // null: too small to be worth compressing
 */
export const encodeView = (value: unknown, etag: string | null): CachedView => {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  return { body, gzip: body.length >= GZIP_FROM_BYTES ? gzipSync(body, { level: 6 }) : null, etag };
};

/**
 * A small LRU keyed by the caller; the key must name everything the view depends on (view, id, log position,
 * evaluation day), so an entry is never stale, only unused.
 *
 * @example
 * const cache = viewCache(64);
 * const view = await cache.get(`tree|${planId}|${position}|${day}`, async () => encodeView(tree, '"7"'));
 */
export const viewCache = (limit: number) => {
  const entries = new Map<string, CachedView>();
  return {
    get: async (key: string, compute: () => Promise<CachedView>): Promise<CachedView> => {
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const view = await compute();
      entries.set(key, view);
      if (entries.size > limit) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      return view;
    },
    size: () => entries.size,
  };
};
