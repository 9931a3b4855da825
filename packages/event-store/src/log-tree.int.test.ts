import { copyFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Cause, Context, Effect, Exit, Layer, Option } from "effect";
import { describe, expect, it } from "vitest";
import { auditDatabase } from "./audit-database.js";
import { EventStore } from "./event-store.js";
import { toReplica } from "./hash-chain.js";
import { catchUpTrees } from "./log-tree.js";
import { merkleTreeHash } from "./merkle/tree-hash.js";
import { leafEntry } from "./tree-leaf.js";
import { sqliteBackend } from "./sqlite-backend.js";
import { openSqlite } from "./sqlite-connection.js";
import { tempDatabasePath } from "./test-database.js";

const NODE = "luhanska";

/** A district's log of `count` events and its checkpoint, made in memory as its own node would. */
const districtLog = (count: number) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      for (let i = 1; i <= count; i++)
        yield* store.append(`plan:n${i}`, [{ type: "PlanAdopted", data: { planId: `n${i}` } }], { actor: "petrenko", expectedVersion: "noStream" });
      const events = yield* store.readAll();
      return { replicas: events.map(toReplica), checkpoint: yield* store.checkpoint(), publicKey: store.publicKey, root: yield* store.treeHead("novopskovskyi") };
    }).pipe(Effect.provide(EventStore.inMemory({ nodeId: "novopskovskyi" }))),
  );

/** Runs `program` on the store at `path`. */
const withStore = <A, E>(path: string, program: Effect.Effect<A, E, EventStore>, options: { merkleTree?: boolean } = {}) =>
  Effect.runPromise(program.pipe(Effect.provide(EventStore.sqlite({ path, nodeId: NODE, ...options }).pipe(Layer.orDie))));

/** A node file with 10 events of its own and 7 replicated from a district, each log checkpointed; the roots. */
const nodeFile = async () => {
  const path = tempDatabasePath(NODE);
  const district = await districtLog(7);
  const roots = await withStore(
    path,
    Effect.gen(function* () {
      const store = yield* EventStore;
      for (const batch of [[1, 2, 3], [4], [5, 6, 7, 8, 9, 10]])
        yield* store.append(
          "plan:p1",
          batch.map((n) => ({ type: n === 1 ? "PlanAdopted" : "SectionAdded", data: { n } })),
          { actor: "ivanenko", expectedVersion: "any" },
        );
      yield* store.checkpoint();
      yield* store.registerNodeKey("novopskovskyi", district.publicKey);
      yield* store.appendReplicated(district.replicas);
      yield* store.appendReplicatedCheckpoint(district.checkpoint);
      return { own: yield* store.treeHead(NODE), district: yield* store.treeHead("novopskovskyi") };
    }),
  );
  expect(roots.district).toBe(district.root);
  return { path, roots };
};

const copyOf = (path: string, name: string): string => {
  const copy = tempDatabasePath(name);
  copyFileSync(path, copy);
  copyFileSync(`${path}.key`, `${copy}.key`);
  return copy;
};

const rawSql = (path: string, ...statements: ReadonlyArray<string>) => {
  const db = new Database(path);
  for (const statement of statements) db.exec(statement);
  db.close();
};

const nodeCount = (path: string, origin: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM tree_nodes WHERE origin = ?").pluck().get(origin) as number;
  } finally {
    db.close();
  }
};

const openFailure = async (path: string) => {
  const exit = await Effect.runPromiseExit(Effect.scoped(Layer.build(EventStore.sqlite({ path, nodeId: NODE }))));
  return Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined;
};

const reportOf = (path: string, origin: string) => {
  const outcome = auditDatabase(path);
  if (outcome._tag !== "Checked") throw new Error(`not audited: ${outcome._tag}`);
  return { trees: outcome.trees, report: outcome.origins.find((o) => o.origin === origin) };
};

describe("each origin's Merkle tree in a SQLite file", () => {
  it("keeps the interior nodes only: n − popcount(n) rows for a log of n events", async () => {
    const { path } = await nodeFile();
    // 10 = 0b1010: 10 − 2 = 8 interior nodes; 7 = 0b111: 7 − 3 = 4.
    expect([nodeCount(path, NODE), nodeCount(path, "novopskovskyi")]).toEqual([8, 4]);
  });

  it("builds the trees of a database written before them once, at open, for every origin held", async () => {
    const { path, roots } = await nodeFile();
    // The file as the version before the trees left it: no table, no record of the migration.
    rawSql(
      path,
      "DROP TABLE tree_nodes",
      "DROP TABLE node_key_history",
      "DELETE FROM event_store_migration WHERE name IN ('0004-tree-nodes', '0005-key-history')",
    );
    const before = auditDatabase(path);
    expect(before._tag === "Checked" && [before.trees, before.origins.map((o) => [o.origin, o.broken, o.treeRoot])]).toEqual([
      false,
      [
        [NODE, null, null],
        ["novopskovskyi", null, null],
      ],
    ]);

    const reopened = await withStore(
      path,
      Effect.gen(function* () {
        const store = yield* EventStore;
        return { own: yield* store.treeHead(NODE), district: yield* store.treeHead("novopskovskyi"), reports: yield* store.verify() };
      }),
    );
    expect({ own: reopened.own, district: reopened.district }).toEqual(roots);
    expect(reopened.reports.map((r) => [r.origin, r.broken, r.treeRoot])).toEqual([
      [NODE, null, roots.own],
      ["novopskovskyi", null, roots.district],
    ]);
    expect([nodeCount(path, NODE), nodeCount(path, "novopskovskyi")]).toEqual([8, 4]);
    expect(reportOf(path, NODE)).toMatchObject({ trees: true, report: { broken: null, treeRoot: roots.own } });

    // Once: the next opening finds every tree in step and builds nothing.
    const { sqlite, kysely } = openSqlite(path);
    try {
      expect(Effect.runSync(catchUpTrees(sqliteBackend(sqlite, kysely)))).toEqual({ built: [], ahead: null });
    } finally {
      sqlite.close();
    }
  });

  it("catches a tree up from where it stopped when events were written without it", async () => {
    const { path, roots } = await nodeFile();
    const appendMore = Effect.gen(function* () {
      const store = yield* EventStore;
      yield* store.append("plan:p2", [1, 2, 3].map((n) => ({ type: "SectionAdded", data: { n } })), { actor: "ivanenko", expectedVersion: "any" });
    });
    await withStore(path, appendMore, { merkleTree: false });
    const { sqlite, kysely } = openSqlite(path);
    try {
      expect(Effect.runSync(catchUpTrees(sqliteBackend(sqlite, kysely)))).toEqual({ built: [{ origin: NODE, fromSize: 10, toSize: 13 }], ahead: null });
    } finally {
      sqlite.close();
    }
    const after = reportOf(path, NODE);
    expect(after.report?.broken).toBeNull();
    expect(after.report?.treeRoot).not.toBe(roots.own);
    expect(nodeCount(path, NODE)).toBe(13 - 3);
  });

  it("lets audit verify find an altered, a removed and an added tree node, naming the node; the chain stays intact", async () => {
    const { path } = await nodeFile();
    // Position 2 is the node (level 1, index 0), over events 1 and 2; position 6 is (2, 0), over events 1–4.
    const altered = copyOf(path, "altered");
    rawSql(altered, `UPDATE tree_nodes SET hash = zeroblob(32) WHERE origin = '${NODE}' AND position = 6`);
    expect(reportOf(altered, NODE).report?.broken).toEqual({
      position: null,
      seq: 4,
      reason: "the Merkle tree node (level 2, index 0) differs from the one the events give",
    });
    expect(reportOf(altered, "novopskovskyi").report?.broken).toBeNull();

    const removed = copyOf(path, "removed");
    rawSql(removed, `DELETE FROM tree_nodes WHERE origin = 'novopskovskyi' AND position = 2`);
    expect(reportOf(removed, "novopskovskyi").report?.broken).toEqual({
      position: null,
      seq: 2,
      reason: "the Merkle tree node (level 1, index 0) is missing",
    });

    const added = copyOf(path, "added");
    // Position 20 is (1, 5), over events 11 and 12, which the log does not have.
    rawSql(added, `INSERT INTO tree_nodes (origin, position, hash) VALUES ('${NODE}', 20, zeroblob(32))`);
    expect(reportOf(added, NODE).report?.broken).toEqual({
      position: null,
      seq: 11,
      reason: "the Merkle tree holds nodes beyond the end of the log (seq 10)",
    });
  });

  it("never serves a proof through an altered node: the proof is checked against the root read with it", async () => {
    const { path } = await nodeFile();
    // (1, 0) lies on the path of events 3 and 4 and under the root of every size from 4 on, but not on the
    // frontier of size 10, which the root is read from.
    rawSql(path, `UPDATE tree_nodes SET hash = zeroblob(32) WHERE origin = '${NODE}' AND position = 2`);
    const outcome = await withStore(
      path,
      Effect.gen(function* () {
        const store = yield* EventStore;
        const [, , third] = yield* store.readAll();
        return yield* Effect.exit(store.inclusionProof(third?.eventId as string));
      }),
    );
    expect(Exit.isFailure(outcome) && Cause.isDie(outcome.cause)).toBe(true);
    expect(Exit.isFailure(outcome) && Cause.pretty(outcome.cause)).toMatch(/the Merkle tree of luhanska is damaged/);
  });

  it("refuses to open a file whose tree reaches past its log: a cut tail, even with its checkpoints and marks gone", async () => {
    const { path } = await nodeFile();
    rawSql(
      path,
      "DROP TRIGGER events_no_delete",
      `DELETE FROM events WHERE origin = '${NODE}' AND seq > 8`,
      `DELETE FROM checkpoints WHERE origin = '${NODE}'`,
      "DELETE FROM verified_heads",
    );
    expect(await openFailure(path)).toMatchObject({
      _tag: "ChainBrokenError",
      origin: NODE,
      seq: 9,
      reason: "the Merkle tree holds nodes for 10 leaves, but the log ends at seq 8: events were removed",
    });
  });
  it("keeps one tree when two store instances append to one file in turn, each knowing only its own last frontier", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const path = tempDatabasePath(NODE);
        const a = yield* Layer.build(EventStore.sqlite({ path, nodeId: NODE })).pipe(Effect.map(Context.get(EventStore)));
        const b = yield* Layer.build(EventStore.sqlite({ path, nodeId: NODE })).pipe(Effect.map(Context.get(EventStore)));
        for (let i = 1; i <= 12; i++) {
          const store = i % 3 === 0 ? b : a;
          yield* store.append(`plan:p${i}`, [{ type: "PlanAdopted", data: { i } }, { type: "SectionAdded", data: { i } }], {
            actor: "ivanenko",
            expectedVersion: "noStream",
          });
        }
        const events = yield* a.readAll();
        const naive = merkleTreeHash(events.map(leafEntry)).toString("hex");
        expect([yield* a.treeHead(NODE), yield* b.treeHead(NODE)]).toEqual([naive, naive]);
        expect((yield* b.verify()).map((r) => [r.broken, r.treeRoot])).toEqual([[null, naive]]);
      }).pipe(Effect.scoped),
    ));
});
