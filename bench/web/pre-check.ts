/**
 * @module The one request per route that `pnpm bench:web` sends before measuring: the route must answer 200 with
 * the content type of its kind, or there is nothing worth measuring. It also yields the size the route sends.
 */
import { request } from "node:http";
import { gunzipSync } from "node:zlib";

/** An HTML page people open, or the JSON of the API. */
export type RouteKind = "page" | "json";

const mediaTypeOf: Readonly<Record<RouteKind, string>> = { page: "text/html", json: "application/json" };

/** A route whose answer is not what its kind promises; its message is the whole report. */
export class PreCheckFailed extends Error {}

export interface Sizes {
  /** Body bytes as sent over the wire. */
  readonly sent: number;
  /** Body bytes once decoded. */
  readonly decoded: number;
  /** Whether the node answered `content-encoding: gzip`. */
  readonly gzipped: boolean;
}

interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;
  readonly body: Buffer;
}

/**
 * A GET by node:http rather than fetch(): fetch decodes gzip on its own and hides how many bytes were sent.
 */
const getRaw = (url: string, headers: Readonly<Record<string, string>>): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });

const header = (answer: RawAnswer, name: string): string => {
  const value = answer.headers[name];
  return (Array.isArray(value) ? value.join(", ") : (value as string | undefined)) ?? "";
};

/**
 * GETs `url` once with `headers` (those of the load runs) and returns its sizes; throws PreCheckFailed with the
 * status, the content type and the first 200 characters of the body unless it answers 200 with the media type of
 * `kind`.
 */
export const preCheck = async (name: string, kind: RouteKind, url: string, headers: Readonly<Record<string, string>>): Promise<Sizes> => {
  const answer = await getRaw(url, headers);
  const gzipped = header(answer, "content-encoding").toLowerCase() === "gzip";
  let body = answer.body;
  if (gzipped) {
    try {
      body = gunzipSync(answer.body);
    } catch {
      // Quote what came, undecoded: the failure below is then about the broken gzip.
    }
  }
  const type = header(answer, "content-type");
  const mediaType = type.split(";")[0]?.trim().toLowerCase() ?? "";
  if (answer.status !== 200 || mediaType !== mediaTypeOf[kind]) {
    throw new PreCheckFailed(
      `pre-check failed: ${name} ${url} answered ${answer.status} ${type || "(no content-type)"}, expected 200 ${mediaTypeOf[kind]}; body: ${JSON.stringify(body.toString("utf8").slice(0, 200))}`,
    );
  }
  return { sent: answer.body.length, decoded: body.length, gzipped };
};
