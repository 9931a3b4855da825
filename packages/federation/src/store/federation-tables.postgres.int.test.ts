/**
 * @module The registry's counter on PostgreSQL (`0004-registry-version`): the database moves it with every statement that
 * changes the nodes or the uplink, whoever runs it, so a node keeps its registry while the counter holds and reads it again
 * once another process (the CLI) changed a row.
 */
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresDatabase } from "@planledger/event-store";
import type { Context } from "effect";
import { makeNodeRegistry } from "../registry/node-registry.js";
import { type EngineTestNode, openPostgresTestNode, tempDir } from "../testing/test-nodes.js";
import { type FederationDb, postgresFederationDb } from "./federation-tables.js";

let temp: ReturnType<typeof tempDir>;
let node: EngineTestNode;

beforeAll(async () => {
  temp = tempDir();
  node = await openPostgresTestNode(temp.dir, "luhanska", "oblast");
}, 120_000);

afterAll(async () => {
  await node?.close();
  temp?.remove();
});

describe("the registry's counter on PostgreSQL", () => {
  it("moves with a change to the nodes or the uplink made by any connection, holds otherwise, and is not used inside a write", async () => {
    const database = node.database as Context.Tag.Service<typeof PostgresDatabase>;
    const db = postgresFederationDb(database);
    const generation = () => Effect.runPromise(db.generation);
    const first = await generation();
    expect(first).toBeGreaterThanOrEqual(0);
    expect(await generation()).toBe(first);
    // Another writer's raw statement (as the CLI beside the node would run it), not through this FederationDb.
    await Effect.runPromise(
      database.sql.query(
        "INSERT INTO federation_nodes (node_id, level, parent_id, public_key, relation, token_hash, via, invited_at, enrolled_at) VALUES ($1, 'district', 'luhanska', NULL, 'below', NULL, NULL, '2026-12-06T10:00:00.000Z', NULL)",
        ["novopskovskyi"],
      ),
    );
    const afterInsert = await generation();
    expect(afterInsert).toBeGreaterThan(first);
    await Effect.runPromise(database.sql.query("UPDATE federation_nodes SET level = 'hromada' WHERE node_id = $1", ["nobody-here"]));
    // A statement counts even when it changed no row: the counter may move more often than the rows, never less.
    expect(await generation()).toBeGreaterThan(afterInsert);
    const held = await generation();
    await Effect.runPromise(database.sql.query("SELECT count(*) FROM federation_receipts", []));
    expect(await generation()).toBe(held);
    await Effect.runPromise(database.sql.query("DELETE FROM federation_uplink", []));
    expect(await generation()).toBeGreaterThan(held);
    // Inside the store's write transaction: −1, nothing kept from what may be rolled back.
    expect(await Effect.runPromise(database.sql.write(db.generation))).toBe(-1);
  });

  it("the registry reads the nodes again only when the counter moved, and sees a node another process enrolled", async () => {
    const database = node.database as Context.Tag.Service<typeof PostgresDatabase>;
    const db = postgresFederationDb(database);
    let reads = 0;
    // The same tables, counting the full reads of the nodes the registry makes.
    const counting: FederationDb = { ...db, cachedAll: (query) => Effect.tap(db.cachedAll(query), () => Effect.sync(() => reads++)) };
    const registry = makeNodeRegistry({ self: { nodeId: "luhanska", level: "oblast" }, store: node.store, db: counting, parentId: () => Effect.succeed(null), now: () => "2026-12-06T10:00:00.000Z" });
    const ids = async () => [...(await Effect.runPromise(registry.registry())).keys()].sort();
    const first = await ids();
    expect(await ids()).toEqual(first);
    expect(await ids()).toEqual(first);
    expect(reads).toBe(1);
    await Effect.runPromise(
      database.sql.query(
        "INSERT INTO federation_nodes (node_id, level, parent_id, public_key, relation, token_hash, via, invited_at, enrolled_at) VALUES ($1, 'district', 'luhanska', $2, 'below', NULL, NULL, '2026-12-06T10:00:00.000Z', '2026-12-06T10:01:00.000Z')",
        ["bilokurakynskyi", node.store.publicKey],
      ),
    );
    expect(await ids()).toEqual([...first, "bilokurakynskyi"].sort());
    expect(reads).toBe(2);
  });
});
