/**
 * @module Operator steps over HTTP, for scripts such as the demo: enroll a child with its parent (invite on
 * the parent, join on the child) unless it already is, and ask a node to sync now.
 */
import { problemCode } from "@planledger/problem";

export interface AdminEndpoint {
  readonly url: string;
  readonly adminToken: string;
}

const call = async (doFetch: typeof fetch, node: AdminEndpoint, method: string, path: string, body?: unknown) => {
  const res = await doFetch(`${node.url.replace(/\/+$/, "")}/federation/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${node.adminToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) {
    // A node of any version: `code` (or the `reason` older nodes send alone), and what it says about it.
    const said = [problemCode(payload) ?? payload?.title, payload?.detail].filter((part) => part !== undefined).map(String).join(": ");
    throw new Error(`${method} ${node.url}/federation/v1${path}: HTTP ${res.status} ${said}`);
  }
  return payload ?? {};
};

/**
 * Makes `child` a child of `parent`; does nothing when the child already names that parent (so a second
 * run of a script is harmless). Returns whether it enrolled now.
 *
 * @example
 * await enrollOverHttp({ url: "http://127.0.0.1:8701", adminToken }, { url: "http://127.0.0.1:8703", adminToken: t2, nodeId: "novopskovskyi", level: "district" })
 */
export const enrollOverHttp = async (
  parent: AdminEndpoint & { readonly nodeId: string },
  child: AdminEndpoint & { readonly nodeId: string; readonly level: string },
  doFetch: typeof fetch = fetch,
): Promise<boolean> => {
  const status = await call(doFetch, child, "GET", "/status");
  const current = status.parent as { nodeId?: string } | null | undefined;
  if (current?.nodeId === parent.nodeId) return false;
  const invitation = await call(doFetch, parent, "POST", "/invitations", { nodeId: child.nodeId, level: child.level });
  await call(doFetch, child, "POST", "/join", { parentUrl: parent.url, token: invitation.token });
  return true;
};

/**
 * Asks a node to run a sync round with its parent now; resolves to its report (`error` null when complete).
 *
 * @example
 * const report = await syncOverHttp({ url: "http://127.0.0.1:8703", adminToken })
 */
export const syncOverHttp = async (node: AdminEndpoint, doFetch: typeof fetch = fetch) =>
  (await call(doFetch, node, "POST", "/sync")) as { readonly error: string | null; readonly [key: string]: unknown };
