/**
 * @module Test support: real SQLite node databases in a temp directory, wired in-process through the
 * federation fetch handler (no sockets).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventStore, EventStoreDatabase, loadOrCreateNodeKey } from "@planledger/event-store";
import { Effect, ManagedRuntime } from "effect";
import { makeSyncClient, type SyncClientOptions } from "../client/sync-client.js";
import { federationHandler } from "../http/federation-handler.js";
import type { NodeLevel } from "../protocol/messages.js";
import { openFederationNode } from "../node/federation-node.js";

export const tempDir = (): { readonly dir: string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), "planledger-fed-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export const openTestNode = async (dir: string, nodeId: string, level: NodeLevel) => {
  const path = join(dir, `${nodeId}.db`);
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId }));
  const [store, database] = await runtime.runPromise(Effect.all([EventStore, EventStoreDatabase]));
  const node = await openFederationNode({ self: { nodeId, level }, store, database, key: loadOrCreateNodeKey(`${path}.key`) });
  const handler = federationHandler(node);
  const record = (count: number, stream = `report:${nodeId}-p1:2025-Q1`) =>
    Effect.runPromise(
      store.append(
        stream,
        Array.from({ length: count }, (_, i) => ({
          type: "ProgressRecorded",
          data: { measureId: `m${i + 1}`, status: "done", actuals: [], spent: [], narrative: `виконано ${i + 1}` },
        })),
        { expectedVersion: "any", actor: `executor@${nodeId}` },
      ),
    );
  return { nodeId, path, runtime, store, database, node, handler, record, close: () => runtime.dispose() };
};
export type TestNode = Awaited<ReturnType<typeof openTestNode>>;

/** A fetch that delivers to the in-process handler of whichever test node owns the URL's host. */
export const loopbackFetch =
  (nodes: ReadonlyArray<TestNode>): typeof fetch =>
  async (input, init) => {
    const request = new Request(input, init);
    const host = new URL(request.url).hostname;
    const target = nodes.find((n) => n.nodeId === host);
    if (target === undefined) throw new TypeError(`fetch failed: ${host} is down`);
    return target.handler(request);
  };

export const childClient = (child: TestNode, nodes: ReadonlyArray<TestNode>, options: SyncClientOptions = {}) =>
  makeSyncClient(child.node, { fetch: loopbackFetch(nodes), ...options });
