/**
 * @module Compressed bodies on the wire (HTTP content codings, RFC 9110 §8.4): which codings a node reads and
 * writes, how a child learns what its parent reads (the parent's answers carry `Accept-Encoding`, RFC 7694), and
 * decoding with a limit on the decoded size, so that a small compressed body cannot expand past what the route
 * would read in the clear. Brotli first, then gzip — chosen by measurement on real batches (docs/federation.md,
 * "Compression and poor lines"); zstd is left out: Node 20's zlib has none, and on Node 24 it does about what
 * brotli does on these batches for about the same CPU.
 */
import { promisify } from "node:util";
import { brotliCompress, brotliDecompress, constants, gunzip, gzip, type InputType, type ZlibOptions } from "node:zlib";
import { Either } from "effect";

/** The codings a node decodes in request bodies and encodes answers with, in its order of preference. */
export const CODINGS = ["br", "gzip"] as const;
export type Coding = (typeof CODINGS)[number];

/** The `Accept-Encoding` a node sends with its requests and its answers (in answers: what it reads, RFC 7694). */
export const ACCEPT_ENCODING = CODINGS.join(", ");

/**
 * How hard to compress. `fast`: brotli 1 / gzip 1, about 1 µs of CPU per event for 7–10× on batches of ≥ 200
 * events. `small`: brotli 5 / gzip 6, about 9 µs per event for another 10–15 % off the size: worth it when the
 * line is what holds a sync back (at 64 kbit/s a byte is 125 µs), not on a line that carries whole batches.
 */
export type Effort = "fast" | "small";
const brotliQuality: Record<Effort, number> = { fast: 1, small: 5 };
const gzipLevel: Record<Effort, number> = { fast: 1, small: 6 };

/** Bodies smaller than this go as they are: a header's worth of saving is not worth a round of CPU. */
export const MIN_COMPRESSED_BYTES = 1024;

const brotliIn = promisify(brotliCompress);
const brotliOut = promisify<InputType, ZlibOptions, Buffer>(brotliDecompress);
const gzipIn = promisify<InputType, ZlibOptions, Buffer>(gzip);
const gzipOut = promisify<InputType, ZlibOptions, Buffer>(gunzip);

/**
 * `body` in `coding`, compressed on libuv's thread pool (the event loop goes on meanwhile).
 *
 * @example await compress(Buffer.from(json), "br", "fast")
 */
export const compress = (body: Buffer, coding: Coding, effort: Effort): Promise<Buffer> =>
  coding === "br"
    ? brotliIn(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: brotliQuality[effort],
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
        },
      })
    : gzipIn(body, { level: gzipLevel[effort] });

/** Why a body could not be decoded. */
export type DecodeFailure = "tooLarge" | "malformed";

/**
 * `body` decoded from `coding`, refused as `tooLarge` once its decoded size would pass `maxBytes` (zlib stops
 * there: no more than `maxBytes` is ever held) and as `malformed` when it is not data in that coding.
 *
 * @example await decompress(packed, "gzip", 64 * 1024 * 1024) // Either.right(bytes) | Either.left("tooLarge")
 */
export const decompress = (body: Buffer, coding: Coding | "identity", maxBytes: number): Promise<Either.Either<Buffer, DecodeFailure>> => {
  if (coding === "identity") return Promise.resolve(body.byteLength > maxBytes ? Either.left("tooLarge") : Either.right(body));
  return (coding === "br" ? brotliOut : gzipOut)(body, { maxOutputLength: maxBytes }).then(
    (decoded) => Either.right(decoded),
    (error: NodeJS.ErrnoException) => Either.left(error.code === "ERR_BUFFER_TOO_LARGE" ? "tooLarge" : "malformed"),
  );
};

/**
 * The coding a `Content-Encoding` value names: `identity` when absent or identity, null when this node cannot
 * decode it (another coding, or several stacked).
 *
 * @example codingOf("br") // "br"; codingOf("zstd") // null; codingOf(undefined) // "identity"
 */
export const codingOf = (contentEncoding: string | null | undefined): Coding | "identity" | null => {
  const value = contentEncoding?.trim().toLowerCase() ?? "";
  if (value === "" || value === "identity") return "identity";
  if (value === "x-gzip") return "gzip";
  return (CODINGS as ReadonlyArray<string>).includes(value) ? (value as Coding) : null;
};

/**
 * The codings of ours an `Accept-Encoding` value allows (q > 0, by name or by `*`), in our order of preference —
 * the sender chooses among what the other side accepts, as RFC 9110 §12.5.3 lets it.
 *
 * @example acceptedCodings("gzip, br;q=0.5") // ["br", "gzip"]; acceptedCodings("gzip, *;q=0") // ["gzip"]; acceptedCodings(null) // []
 */
export const acceptedCodings = (acceptEncoding: string | null | undefined): ReadonlyArray<Coding> => {
  if (acceptEncoding == null) return [];
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.split(";").map((p) => p.trim().toLowerCase());
    if (name === "") continue;
    const weight = params.find((p) => p.startsWith("q="));
    const value = weight === undefined ? 1 : Number(weight.slice(2));
    q.set(name === "x-gzip" ? "gzip" : name, Number.isFinite(value) ? value : 0);
  }
  return CODINGS.filter((coding) => (q.get(coding) ?? q.get("*") ?? 0) > 0);
};
