/**
 * @module JSON over HTTP to a node of the kill campaign, with its admin token and a deadline. A failure to get an
 * answer (refused connection, a connection closed by a SIGKILL, the deadline) is thrown, never turned into a
 * status: the campaign must tell "answered" from "no answer" exactly.
 */

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
  /** The `ETag` as a stream version; 0 when absent. */
  readonly etag: number;
}

export interface Endpoint {
  readonly url: () => string;
  readonly adminToken: () => string;
}

/**
 * @example
 * const answer = await nodeCall<{ reportId: string }>(district, "POST", `/api/v1/plans/${planId}/reports`, { year: 2026, quarter: 4 });
 */
export const nodeCall = async <T = unknown>(
  node: Endpoint,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Answer<T>> => {
  const res = await fetch(`${node.url()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${node.adminToken()}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as T, etag: Number(res.headers.get("etag")?.replace(/^W\//, "").replaceAll('"', "") ?? "0") };
};
