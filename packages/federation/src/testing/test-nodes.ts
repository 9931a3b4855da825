/**
 * @module Test support: real SQLite node databases in a temp directory, wired in-process through the
 * federation fetch handler (no sockets).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventStore, EventStoreDatabase, type EventStoreService, loadOrCreateNodeKey, PostgresDatabase } from "@planledger/event-store";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { Effect, ManagedRuntime } from "effect";
import { makeSyncClient, type SyncClientOptions } from "../client/sync-client.js";
import { federationHandler } from "../http/federation-handler.js";
import type { NodeLevel } from "../protocol/messages.js";
import { type FederationNode, openFederationNode } from "../node/federation-node.js";
import type { NodeDatabase } from "../store/federation-tables.js";

export const tempDir = (): { readonly dir: string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), "planledger-fed-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** `count` progress entries appended to `store`'s own log (a report of `nodeId`'s plan), as a district records them. */
const recorder =
  (store: EventStoreService, nodeId: string) =>
  (count: number, stream = `report:${nodeId}-p1:2025-Q1`) =>
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

export const openTestNode = async (dir: string, nodeId: string, level: NodeLevel) => {
  const path = join(dir, `${nodeId}.db`);
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId }));
  const [store, database] = await runtime.runPromise(Effect.all([EventStore, EventStoreDatabase]));
  const node = await openFederationNode({ self: { nodeId, level }, store, database, key: loadOrCreateNodeKey(`${path}.key`) });
  const handler = federationHandler(node);
  return { nodeId, path, runtime, store, database, node, handler, record: recorder(store, nodeId), close: () => runtime.dispose() };
};

/** A test node on either engine: what the federation's behaviour suite uses of it. */
export interface EngineTestNode {
  readonly nodeId: string;
  readonly store: EventStoreService;
  readonly database: NodeDatabase;
  readonly node: FederationNode;
  readonly handler: (request: Request) => Promise<Response>;
  readonly record: ReturnType<typeof recorder>;
  readonly close: () => Promise<void>;
}
export type OpenTestNode = (dir: string, nodeId: string, level: NodeLevel) => Promise<EngineTestNode>;

/**
 * A node on a fresh schema of the test run's PostgreSQL database (`freshPostgresUrl`), its key a file in `dir`.
 *
 * @example
 * const oblast = await openPostgresTestNode(dir, "luhanska", "oblast")
 */
export const openPostgresTestNode: OpenTestNode = async (dir, nodeId, level) => {
  const url = await freshPostgresUrl();
  const key = join(dir, `${nodeId}.key`);
  const runtime = ManagedRuntime.make(EventStore.postgres({ url, nodeId, key }));
  const [store, database] = await runtime.runPromise(Effect.all([EventStore, PostgresDatabase]));
  const node = await openFederationNode({ self: { nodeId, level }, store, database, key: loadOrCreateNodeKey(key) });
  return { nodeId, store, database, node, handler: federationHandler(node), record: recorder(store, nodeId), close: () => runtime.dispose() };
};
export type TestNode = Awaited<ReturnType<typeof openTestNode>>;

/** A fetch that delivers to the in-process handler of whichever test node owns the URL's host. */
export const loopbackFetch =
  (nodes: ReadonlyArray<Pick<EngineTestNode, "nodeId" | "handler">>): typeof fetch =>
  async (input, init) => {
    const request = new Request(input, init);
    const host = new URL(request.url).hostname;
    const target = nodes.find((n) => n.nodeId === host);
    if (target === undefined) throw new TypeError(`fetch failed: ${host} is down`);
    return target.handler(request);
  };

export const childClient = (
  child: Pick<EngineTestNode, "node">,
  nodes: ReadonlyArray<Pick<EngineTestNode, "nodeId" | "handler">>,
  options: SyncClientOptions = {},
) =>
  makeSyncClient(child.node, { fetch: loopbackFetch(nodes), ...options });
