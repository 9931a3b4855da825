import { EventStore, generateNodeKey, migrateDatabase, PostgresDatabase } from "@planledger/event-store";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { ManagedRuntime } from "effect";
import { describe, expect, it } from "vitest";
import { nodeMigrations } from "../migrations/index.js";
import { authBackendsBehaviour } from "./auth-backends.behaviour.js";
import { postgresAccountBackend } from "./postgres-account-backend.js";
import { postgresTokenBackend } from "./postgres-token-backend.js";

/**
 * A connection to the node database at `url` as a node opens it: the store's layer (its migrations and checks),
 * whose `PostgresDatabase` is the pool the backends query through; `dispose` closes the pool.
 */
const openNode = async (url: string, key = generateNodeKey()) => {
  const runtime = ManagedRuntime.make(EventStore.postgres({ url, nodeId: "luhanska", key, poolSize: 2 }));
  return { runtime, database: await runtime.runPromise(PostgresDatabase) };
};

// A fresh schema of the run's server per case (`test-postgres.setup.ts`), migrated as `startNode` migrates it.
authBackendsBehaviour("PostgreSQL", async () => {
  const url = await freshPostgresUrl();
  const key = generateNodeKey();
  const first = await openNode(url, key);
  await migrateDatabase(first.database.kysely, [nodeMigrations]);
  // The first backend asked for uses the migrating connection; each later one a pool of its own (another process).
  const opened = [first];
  let unused: typeof first | undefined = first;
  const connection = async () => {
    if (unused !== undefined) {
      const taken = unused;
      unused = undefined;
      return taken.database;
    }
    const next = await openNode(url, key);
    opened.push(next);
    return next.database;
  };
  return {
    tokens: async () => postgresTokenBackend(await connection()),
    accounts: async () => postgresAccountBackend(await connection()),
    close: async () => {
      for (const node of opened) await node.runtime.dispose();
    },
  };
});

describe("node migrations on PostgreSQL", () => {
  it("create the token, account and session tables beside the store's, record themselves, and run once", async () => {
    const { runtime, database } = await openNode(await freshPostgresUrl());
    try {
      const applied = async () => (await migrateDatabase(database.kysely, [nodeMigrations]))[0]?.applied;
      expect(await applied()).toEqual(["0001-node-tokens", "0002-node-accounts", "0003-node-sessions"]);
      expect(await applied()).toEqual([]);
      const tables = await database.kysely.introspection.getTables();
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["node_tokens", "node_accounts", "node_sessions", "node_migration"]));
      const failures = tables.find((t) => t.name === "node_accounts")?.columns.find((c) => c.name === "failures");
      expect(failures).toMatchObject({ dataType: "int4", isNullable: false, hasDefaultValue: true });
    } finally {
      await runtime.dispose();
    }
  });
});
