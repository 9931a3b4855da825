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

/** A view with its response headers built once, for both encodings. */
export interface EncodedView extends CachedView {
  readonly headers: Readonly<Record<string, string>>;
  readonly gzipHeaders: Readonly<Record<string, string>> | null;
  /**
   * The same headers with the `Content-Length` that Node's adapter adds when Hono answers, for writing the view
   * straight to a Node response (`cachedViewListener`): both paths put the same header lines on the wire.
   */
  readonly nodeHeaders: Readonly<Record<string, string | number>>;
  readonly nodeGzipHeaders: Readonly<Record<string, string | number>> | null;
}

const GZIP_FROM_BYTES = 2048;

/**
 * Encodes a view for the cache.
 *
 * @example encodeView({ plans: [] }, null).gzip // null: too small to be worth compressing
 */
export const encodeView = (value: unknown, etag: string | null): EncodedView => {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  const gzip = body.length >= GZIP_FROM_BYTES ? gzipSync(body, { level: 6 }) : null;
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", vary: "accept-encoding" };
  if (etag !== null) headers.etag = etag;
  const gzipHeaders = gzip === null ? null : { ...headers, "content-encoding": "gzip" };
  return {
    body,
    gzip,
    etag,
    headers,
    gzipHeaders,
    nodeHeaders: { ...headers, "Content-Length": body.length },
    nodeGzipHeaders: gzip === null || gzipHeaders === null ? null : { ...gzipHeaders, "Content-Length": gzip.length },
  };
};

/** Whether a request's `Accept-Encoding` lets the view go gzipped (the one test both answer paths use). */
export const acceptsGzip = (acceptEncoding: string | undefined): boolean => acceptEncoding !== undefined && /\bgzip\b/.test(acceptEncoding);

/**
 * The view as a response: gzipped when the client accepts gzip and the view is large enough, else as is.
 *
 * @example viewResponse(encodeView(tree, '"7"'), "gzip, br").headers.get("content-encoding") // "gzip"
 */
export const viewResponse = (view: EncodedView, acceptEncoding: string | undefined): Response =>
  view.gzip !== null && view.gzipHeaders !== null && acceptsGzip(acceptEncoding)
    ? new Response(view.gzip as Uint8Array<ArrayBuffer>, { status: 200, headers: view.gzipHeaders })
    : new Response(view.body as Uint8Array<ArrayBuffer>, { status: 200, headers: view.headers });

/**
 * A small LRU keyed by the caller; the key must name everything the view depends on (view, id, log position,
 * evaluation day), so an entry is never stale, only unused.
 *
 * @example
 * const cache = viewCache(64);
 * const view = await cache.get(`tree|${planId}|${position}|${day}`, async () => encodeView(tree, '"7"'));
 */
export const viewCache = <V extends CachedView = CachedView>(limit: number) => {
  const entries = new Map<string, V>();
  /** The entry under `key`, now the most recently used; undefined if there is none. */
  const hit = (key: string): V | undefined => {
    const found = entries.get(key);
    if (found !== undefined) {
      entries.delete(key);
      entries.set(key, found);
    }
    return found;
  };
  const put = (key: string, view: V): V => {
    entries.set(key, view);
    if (entries.size > limit) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    return view;
  };
  return {
    hit,
    put,
    get: async (key: string, compute: () => Promise<V>): Promise<V> => hit(key) ?? put(key, await compute()),
    size: () => entries.size,
  };
};
