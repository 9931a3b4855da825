import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cause, Context, Effect, Either, Exit, Layer, Option } from "effect";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { commandHandlerBehaviour } from "./command-handler.behaviour.js";
import { EventStore } from "./event-store.js";
import { eventStoreBehaviour } from "./event-store.behaviour.js";
import { type EventRow, DuplicateEventId } from "./log-backend.js";
import { generateNodeKey, type NodeKey } from "./node-key.js";
import { postgresBackend } from "./postgres/postgres-backend.js";
import { postgresPool } from "./postgres/postgres-pool.js";
import { freshPostgresUrl } from "./test-postgres.js";

/** A store on a fresh schema of the run's PostgreSQL database, with a fresh key. */
const onFreshSchema = (nodeId: string, now?: () => string) =>
  Layer.unwrapEffect(
    Effect.map(Effect.promise(freshPostgresUrl), (url) =>
      EventStore.postgres(now === undefined ? { url, nodeId, key: generateNodeKey() } : { url, nodeId, key: generateNodeKey(), now }),
    ),
  ).pipe(Layer.orDie);

eventStoreBehaviour("PostgreSQL", onFreshSchema);
commandHandlerBehaviour("PostgreSQL", (nodeId) => onFreshSchema(nodeId));

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined;

const keys = mkdtempSync(join(tmpdir(), "planledger-pg-keys-"));
afterAll(() => rmSync(keys, { recursive: true, force: true }));

const appendOnce = (url: string, nodeId: string, key: NodeKey | string, stream: string, expectedVersion: "noStream" | number) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      return yield* Effect.either(store.append(stream, [{ type: "PlanAdopted", data: { planId: stream } }], { actor: "ivanenko", expectedVersion }));
    }).pipe(Effect.provide(EventStore.postgres({ url, nodeId, key }))),
  );

const openExit = (url: string, nodeId: string, key: NodeKey | string) =>
  Effect.runPromiseExit(Effect.asVoid(Effect.provide(EventStore, EventStore.postgres({ url, nodeId, key }))));

/** Runs SQL on the schema `url` selects, as someone holding the database's password would. */
const sqlOn = async <A>(url: string, body: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
};

describe("EventStore on PostgreSQL", () => {
  it("lets exactly one of two stores on one database win the same expected version, and keeps seq gap-free", async () => {
    const url = await freshPostgresUrl();
    const key = generateNodeKey();
    await Effect.runPromise(
      Effect.gen(function* () {
        const a = yield* Layer.build(EventStore.postgres({ url, nodeId: "luhanska", key })).pipe(Effect.map(Context.get(EventStore)));
        const b = yield* Layer.build(EventStore.postgres({ url, nodeId: "luhanska", key })).pipe(Effect.map(Context.get(EventStore)));
        const opts = { actor: "ivanenko", expectedVersion: "noStream" } as const;
        const outcomes = yield* Effect.all(
          [
            Effect.either(a.append("plan:p1", [{ type: "PlanAdopted", data: { by: "a" } }], opts)),
            Effect.either(b.append("plan:p1", [{ type: "PlanAdopted", data: { by: "b" } }], opts)),
          ],
          { concurrency: 2 },
        );
        expect(outcomes.filter(Either.isRight)).toHaveLength(1);
        expect(outcomes.flatMap((o) => (Either.isLeft(o) ? [o.left._tag] : []))).toEqual(["ConcurrencyError"]);
        const next = yield* b.append("plan:p2", [{ type: "PlanAdopted", data: {} }], opts);
        const more = yield* a.append("plan:p1", [{ type: "SectionAdded", data: {} }], { actor: "ivanenko", expectedVersion: 1 });
        expect([next.firstSeq, more.firstSeq]).toEqual([2, 3]);
        const all = yield* a.readAll();
        expect(all.map((e) => [e.seq, e.position, e.prevHash === (all[e.seq - 2]?.hash ?? "0".repeat(64))])).toEqual([
          [1, 1, true],
          [2, 2, true],
          [3, 3, true],
        ]);
      }).pipe(Effect.scoped),
    );
  });

  it("creates the key file on a database's first start, private, and reads it at every later one", async () => {
    const url = await freshPostgresUrl();
    const keyFile = join(keys, "first-start.key");
    await appendOnce(url, "luhanska", keyFile, "plan:p1", "noStream");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const second = await appendOnce(url, "luhanska", keyFile, "plan:p1", 1);
    expect(Either.isRight(second) && [second.right.firstSeq, second.right.streamVersion]).toEqual([2, 2]);
  });

  it("refuses to open as another node, with another key, or without the key file once the node registered one", async () => {
    const url = await freshPostgresUrl();
    const keyFile = join(keys, "registered.key");
    await appendOnce(url, "luhanska", keyFile, "plan:p1", "noStream");
    expect(failureOf(await openExit(url, "volynska", generateNodeKey()))).toMatchObject({
      _tag: "StoreOpenError",
      reason: "the database belongs to node luhanska, not volynska",
    });
    expect(failureOf(await openExit(url, "luhanska", generateNodeKey()))).toMatchObject({
      _tag: "StoreOpenError",
      reason: "the key given is not the key this node signed its checkpoints with",
    });
    const missing = join(keys, "typo.key");
    expect(failureOf(await openExit(url, "luhanska", missing))).toMatchObject({
      _tag: "StoreOpenError",
      reason: `the key file ${missing} does not exist, and node luhanska registered its key in this database before`,
    });
    expect(() => statSync(missing)).toThrow();
  });

  it("fails to open with a one-line reason, the password left out, when the server cannot be reached", async () => {
    const exit = await openExit("postgres://planledger:secret@127.0.0.1:1/nowhere", "luhanska", generateNodeKey());
    const error = failureOf(exit);
    expect(error).toMatchObject({ _tag: "StoreOpenError", path: "postgres://planledger:***@127.0.0.1:1/nowhere" });
    expect((error as { reason: string }).reason).toMatch(/ECONNREFUSED/);
    expect((error as { reason: string }).reason).not.toMatch(/\n/);
  });

  it("refuses UPDATE, DELETE and TRUNCATE of events, and any row that would fork a chain or a stream, whoever writes it", async () => {
    const url = await freshPostgresUrl();
    await appendOnce(url, "luhanska", generateNodeKey(), "plan:p1", "noStream");
    await sqlOn(url, async (client) => {
      await expect(client.query("UPDATE events SET actor = 'x'")).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(client.query("DELETE FROM events")).rejects.toThrow(/append-only: DELETE refused/);
      await expect(client.query("TRUNCATE events")).rejects.toThrow(/append-only: TRUNCATE refused/);
      // Event 1 copied with some columns changed, straight into the table (no store, no write lock).
      const copy = (values: string) => client.query(`INSERT INTO events SELECT ${values} FROM events WHERE position = 1`);
      const columns = (overrides: Record<string, string>) =>
        [
          "position", "event_id", "origin", "seq", "stream", "stream_version", "type", "data", "actor", "recorded_at",
          "causation_id", "correlation_id", "prev_hash", "hash", "received_at",
        ]
          .map((c) => overrides[c] ?? c)
          .join(", ");
      // A second event at seq 1 of the same origin: a fork.
      await expect(copy(columns({ position: "2", event_id: "'other-id'", stream: "'plan:p2'" }))).rejects.toThrow(/events_origin_seq/);
      // A second event at version 1 of the same stream.
      await expect(copy(columns({ position: "2", event_id: "'other-id'", seq: "2" }))).rejects.toThrow(/events_stream_version/);
      await expect(copy(columns({ position: "2", seq: "2", stream: "'plan:p2'" }))).rejects.toThrow(/events_event_id_key/);
      await expect(copy(columns({ position: "2", event_id: "'other-id'", seq: "0", stream: "'plan:p2'" }))).rejects.toThrow(
        /events_counted_from_one/,
      );
      expect((await client.query("SELECT count(*)::int AS n FROM events")).rows).toEqual([{ n: 1 }]);
      await expect(client.query("INSERT INTO node_keys (origin, public_key, is_self) VALUES ('volynska', 'k', 1)")).rejects.toThrow(
        /node_keys_one_self/,
      );
    });
  });

  it("refuses to open a database whose chain was altered since it last verified it, naming the first broken position", async () => {
    const url = await freshPostgresUrl();
    const key = generateNodeKey();
    await appendOnce(url, "luhanska", key, "plan:p1", "noStream");
    await appendOnce(url, "luhanska", key, "plan:p2", "noStream");
    await appendOnce(url, "luhanska", key, "plan:p3", "noStream");
    await sqlOn(url, async (client) => {
      await client.query("ALTER TABLE events DISABLE TRIGGER events_no_update");
      await client.query(`UPDATE events SET data = '{"planId":"forged"}' WHERE position = 3`);
    });
    expect(failureOf(await openExit(url, "luhanska", key))).toMatchObject({ _tag: "ChainBrokenError", origin: "luhanska", position: 3, seq: 3 });
  });

  it("names the row of a reused event id, whether held before the batch or earlier in it, and stores none of the batch", async () => {
    const url = await freshPostgresUrl();
    await Effect.runPromise(Effect.asVoid(Effect.provide(EventStore, EventStore.postgres({ url, nodeId: "luhanska", key: generateNodeKey() }))));
    const pool = postgresPool({ url });
    try {
      const backend = await Effect.runPromise(postgresBackend(pool));
      const row = (n: number, eventId: string): EventRow => ({
        eventId,
        origin: "novopskovskyi",
        seq: n,
        stream: "plan:n328",
        streamVersion: n,
        type: "SectionAdded",
        dataJson: "{}",
        actor: "petrenko",
        recordedAt: "2026-04-05T09:00:00.000Z",
        causationId: null,
        correlationId: null,
        prevHash: "0".repeat(64),
        hash: "f".repeat(64),
        receivedAt: "2026-04-05T09:00:00.000Z",
      });
      const insert = (rows: ReadonlyArray<EventRow>) => Effect.runPromise(Effect.either(backend.write((tx) => tx.insert(rows))));
      expect(await insert([row(1, "a"), row(2, "b")])).toEqual(Either.right([1, 2]));
      expect(await insert([row(3, "c"), row(4, "a"), row(5, "a")])).toEqual(Either.left(new DuplicateEventId({ index: 1, eventId: "a" })));
      expect(await insert([row(3, "c"), row(4, "d"), row(5, "d")])).toEqual(Either.left(new DuplicateEventId({ index: 2, eventId: "d" })));
      expect(await Effect.runPromise(backend.reader.lastPosition())).toBe(2);
      expect(await insert([row(3, "c")])).toEqual(Either.right([3]));
    } finally {
      await pool.end();
    }
  });
  it("builds the Merkle tree of a database written before it once, at open, and audits it node by node", async () => {
    const url = await freshPostgresUrl();
    const key = generateNodeKey();
    for (let i = 1; i <= 11; i++) await appendOnce(url, "luhanska", key, `plan:p${i}`, "noStream");
    const heads = () =>
      Effect.runPromise(
        Effect.gen(function* () {
          const store = yield* EventStore;
          return { root: yield* store.treeHead("luhanska"), at5: yield* store.treeHead("luhanska", 5), reports: yield* store.verify() };
        }).pipe(Effect.provide(EventStore.postgres({ url, nodeId: "luhanska", key }))),
      );
    const before = await heads();
    // 11 = 0b1011: 11 − 3 = 8 interior nodes.
    const count = () => sqlOn(url, async (client) => (await client.query("SELECT count(*)::int AS n FROM tree_nodes")).rows[0]?.n);
    expect(await count()).toBe(8);
    await sqlOn(url, async (client) => {
      await client.query("DROP TABLE tree_nodes");
      // The key history came after the trees: a database from before them has neither.
      await client.query("DROP TABLE node_key_history");
      await client.query("DELETE FROM event_store_migration WHERE name IN ('0004-tree-nodes', '0005-key-history')");
    });
    const after = await heads();
    expect(after).toEqual(before);
    expect(after.reports.map((r) => [r.origin, r.broken, r.treeRoot])).toEqual([["luhanska", null, before.root]]);
    expect(await count()).toBe(8);
    await sqlOn(url, (client) => client.query("UPDATE tree_nodes SET hash = decode(repeat('00', 32), 'hex') WHERE position = 5"));
    const altered = await heads();
    expect(altered.reports[0]?.broken).toEqual({ position: null, seq: 4, reason: "the Merkle tree node (level 1, index 1) differs from the one the events give" });
  });
});

describe("EventStore on PostgreSQL: a long tail walked behind the open store", () => {
  it("opens at once, walks the tail behind, refuses writes once it finds an event altered, and writes no mark over it", async () => {
    const url = await freshPostgresUrl();
    const key = generateNodeKey();
    for (let i = 1; i <= 30; i++) expect(Either.isRight(await appendOnce(url, "luhanska", key, `plan:p${i}`, "noStream"))).toBe(true);
    await sqlOn(url, (c) => c.query("DELETE FROM verified_heads"));
    const walk = (run: (store: typeof EventStore.Service) => Effect.Effect<unknown, unknown>) =>
      Effect.runPromise(
        Effect.gen(function* () {
          const store = yield* EventStore;
          const first = store.verification().state;
          while (store.verification().state === "verifying") yield* Effect.sleep(5);
          return { first, last: store.verification(), after: yield* run(store) };
        }).pipe(Effect.provide(EventStore.postgres({ url, nodeId: "luhanska", key, verifyBeforeOpen: 10 }).pipe(Layer.orDie))),
      );
    const intact = await walk((store) => store.head());
    expect(intact).toMatchObject({ first: "verifying", last: { state: "verified", checked: 30, total: 30, broken: null } });
    expect((await sqlOn(url, (c) => c.query("SELECT count(*)::int AS n FROM verified_heads"))).rows[0].n).toBe(1);

    await sqlOn(url, async (c) => {
      await c.query("DELETE FROM verified_heads");
      await c.query("ALTER TABLE events DISABLE TRIGGER USER");
      await c.query(`UPDATE events SET data = '{"planId":"forged"}' WHERE seq = 25`);
      await c.query("ALTER TABLE events ENABLE TRIGGER USER");
    });
    const broken = await walk((store) =>
      Effect.exit(store.append("plan:late", [{ type: "PlanAdopted", data: {} }], { actor: "ivanenko", expectedVersion: "noStream" })),
    );
    expect(broken.last).toMatchObject({ state: "broken", broken: { origin: "luhanska", seq: 25, reason: "hash does not match the event's content" } });
    expect(Exit.isFailure(broken.after as Exit.Exit<unknown, unknown>)).toBe(true);
    expect((await sqlOn(url, (c) => c.query("SELECT count(*)::int AS n FROM events"))).rows[0].n).toBe(30);
    expect((await sqlOn(url, (c) => c.query("SELECT count(*)::int AS n FROM verified_heads"))).rows[0].n).toBe(0);
  });
});
