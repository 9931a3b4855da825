/**
 * @module `POST /federation/v1/push` answered on Node's own request and response: the batch body is read as
 * bytes, decoded once and parsed, with none of the fetch `Request` adaptation, web streams and routing in
 * between (per request that cost about a millisecond, as much as storing a hundred events). Every other
 * request goes to `next`. Authentication, decoding, verification and the answers are the fetch handler's own
 * (`pushSender`, `pushBody`, `pushAnswer`, `encodedAnswer`).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { Either } from "effect";
import { codingOf } from "../protocol/content-coding.js";
import type { FederationNode } from "../node/federation-node.js";
import {
  DEFAULT_MAX_PUSH_BYTES,
  encodedAnswer,
  PUSH_PATH,
  type PlainAnswer,
  pushAnswer,
  pushBody,
  pushSender,
  tooLarge,
  unsupportedEncoding,
} from "./federation-handler.js";

const send = async (req: IncomingMessage, res: ServerResponse, answer: PlainAnswer): Promise<void> => {
  const { body, headers } = await encodedAnswer(answer, req.headers["accept-encoding"]);
  res.writeHead(answer.status, { ...headers, "content-length": body.byteLength });
  res.end(body);
};

/**
 * The body as it came, at most `maxBytes` of it ("tooLarge" as soon as more arrives). Rejects when the request
 * ends before its body does (the line was cut): nothing of such a batch is parsed, let alone stored.
 */
const readBytes = (req: IncomingMessage, maxBytes: number): Promise<Buffer | "tooLarge"> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        resolve("tooLarge");
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => {
      if (size <= maxBytes) resolve(Buffer.concat(chunks, size));
    });
    req.once("error", reject);
    req.once("close", () => {
      if (!req.complete) reject(new Error("request closed before its body ended"));
    });
  });

/**
 * Wraps a Node request listener: pushes are received here, everything else by `next`. `maxBytes` bounds the body
 * as it comes and as it is decoded from its `Content-Encoding`.
 *
 * @example
 * createServer(pushListener(federation.node, getRequestListener(app.fetch)))
 */
export const pushListener =
  (node: FederationNode, next: RequestListener, options: { readonly maxBytes?: number } = {}): RequestListener =>
  (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || req.url !== PUSH_PATH) return next(req, res);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_PUSH_BYTES;
    // The sender is known before the body is read (the request stays paused until then): a stranger's batch is never parsed.
    pushSender(node, req.headers.authorization ?? null, PUSH_PATH)
      .then(async (sender): Promise<PlainAnswer> => {
        const refused = (answer: PlainAnswer): PlainAnswer => {
          req.resume();
          return answer;
        };
        if (Either.isLeft(sender)) return refused(sender.left);
        const coding = codingOf(req.headers["content-encoding"]);
        if (coding === null) return refused(unsupportedEncoding(req.headers["content-encoding"] ?? "", PUSH_PATH));
        const declared = Number(req.headers["content-length"] ?? 0);
        if (declared > maxBytes) return refused(tooLarge(maxBytes));
        const bytes = await readBytes(req, maxBytes);
        if (bytes === "tooLarge") return tooLarge(maxBytes);
        const body = await pushBody(bytes, coding, maxBytes);
        return Either.isLeft(body) ? body.left : pushAnswer(node, sender.right, body.right, PUSH_PATH);
      })
      .then((answer) => send(req, res, answer))
      .catch(() => res.destroy());
  };
