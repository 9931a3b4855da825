/**
 * @module `POST /federation/v1/push` answered on Node's own request and response: the batch body is read as
 * bytes, decoded once and parsed, with none of the fetch `Request` adaptation, web streams and routing in
 * between (per request that cost about a millisecond, as much as storing a hundred events). Every other
 * request goes to `next`. Authentication, decoding, verification and the answers are the fetch handler's own
 * (`pushSender`, `pushAnswer`).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { PROBLEM_CONTENT_TYPE, problemHeaders } from "@planledger/problem";
import { Either } from "effect";
import type { FederationNode } from "../node/federation-node.js";
import { DEFAULT_MAX_PUSH_BYTES, PUSH_PATH, type PlainAnswer, pushAnswer, pushSender, tooLarge } from "./federation-handler.js";

const send = (res: ServerResponse, answer: PlainAnswer): void => {
  const body = Buffer.from(answer.body, "utf8");
  const headers = answer.contentType === PROBLEM_CONTENT_TYPE ? problemHeaders(answer) : { "content-type": answer.contentType };
  res.writeHead(answer.status, { ...headers, "content-length": body.byteLength });
  res.end(body);
};

const readJson = (req: IncomingMessage, maxBytes: number): Promise<{ readonly json: unknown } | null | "tooLarge"> =>
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
      if (size > maxBytes) return;
      try {
        resolve({ json: JSON.parse(Buffer.concat(chunks, size).toString("utf8")) });
      } catch {
        resolve(null);
      }
    });
    req.once("error", reject);
  });

/**
 * Wraps a Node request listener: pushes are received here, everything else by `next`.
 *
 * @example
 * createServer(pushListener(federation.node, getRequestListener(app.fetch)))
 */
export const pushListener =
  (node: FederationNode, next: RequestListener, options: { readonly maxBytes?: number } = {}): RequestListener =>
  (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || req.url !== PUSH_PATH) return next(req, res);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_PUSH_BYTES;
    const sender = pushSender(node, req.headers.authorization ?? null, PUSH_PATH);
    if (Either.isLeft(sender)) {
      req.resume();
      return send(res, sender.left);
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      req.resume();
      return send(res, tooLarge(maxBytes));
    }
    readJson(req, maxBytes)
      .then((body) => (body === "tooLarge" ? tooLarge(maxBytes) : pushAnswer(node, sender.right, body, PUSH_PATH)))
      .then(
        (answer) => send(res, answer),
        () => res.destroy(),
      );
  };
