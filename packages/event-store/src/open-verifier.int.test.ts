import Database from "better-sqlite3";
import { Cause, Effect, Exit, Layer, Option } from "effect";
import { describe, expect, it } from "vitest";
import { auditDatabase } from "./audit-database.js";
import { EventStore } from "./event-store.js";
import { loadOrCreateNodeKey } from "./node-key.js";
import { type OpenCheck, verifyOnOpen } from "./open-verifier.js";
import { sqliteBackend } from "./sqlite-backend.js";
import { openSqlite } from "./sqlite-connection.js";
import { tempDatabasePath } from "./test-database.js";

const NODE = "luhanska";

/** Opens the file as a node, appends `count` plans (each its own stream), signs a checkpoint, closes. */
const appendPlans = (path: string, from: number, count: number) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      for (let i = from; i < from + count; i++)
        yield* store.append(`plan:p${i}`, [{ type: "PlanAdopted", data: { planId: `p${i}` } }], { actor: "ivanenko", expectedVersion: "noStream" });
      yield* store.checkpoint();
    }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: NODE }).pipe(Layer.orDie))),
  );

/** What an opening finds, without opening the store: the same check on the same file. */
const checkOnOpen = (path: string): OpenCheck => {
  const { sqlite, kysely } = openSqlite(path);
  try {
    return Effect.runSync(verifyOnOpen(sqliteBackend(sqlite, kysely), NODE, loadOrCreateNodeKey(`${path}.key`), () => "2026-12-05T08:00:00.000Z"));
  } finally {
    sqlite.close();
  }
};

const openFailure = async (path: string) => {
  const exit = await Effect.runPromiseExit(Effect.scoped(Layer.build(EventStore.sqlite({ path, nodeId: NODE }))));
  return Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined;
};

/** Runs SQL on the file with the append-only triggers dropped, as someone holding the file could. */
const tamper = (path: string, ...statements: string[]) => {
  const db = new Database(path);
  db.exec("DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete");
  for (const statement of statements) db.exec(statement);
  db.close();
};

describe("opening a node verifies what its logs gained since it last verified them", () => {
  it("walks only the events appended since the last opening, then marks the heads", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 40);
    await appendPlans(path, 41, 3);
    const check = checkOnOpen(path);
    expect(check).toEqual({ mode: "since-verified", checked: 3, broken: null });
    // Marked at the head now: nothing new to walk.
    expect(checkOnOpen(path)).toEqual({ mode: "since-verified", checked: 0, broken: null });
  });

  it("walks everything when it holds no mark of its own (a file from before marks, or marks deleted)", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 10);
    tamper(path, "DELETE FROM verified_heads");
    expect(checkOnOpen(path)).toMatchObject({ mode: "full", checked: 10, broken: null });
  });

  it("ignores a mark it did not sign: a forged mark cannot hide a tail", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 10);
    await appendPlans(path, 11, 1);
    tamper(
      path,
      "UPDATE verified_heads SET seq = 11, hash = (SELECT hash FROM events WHERE seq = 11)",
      `UPDATE events SET data = '{"planId":"forged"}' WHERE seq = 11`,
    );
    const check = checkOnOpen(path);
    expect(check.mode).toBe("full");
    expect(check.broken).toMatchObject({ origin: NODE, seq: 11, reason: "hash does not match the event's content" });
    expect(await openFailure(path)).toMatchObject({ _tag: "ChainBrokenError", origin: NODE, seq: 11, position: 11 });
  });

  it("refuses to open when an event after the mark was altered, naming its position", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 10);
    await appendPlans(path, 11, 2);
    tamper(path, `UPDATE events SET data = '{"planId":"forged"}' WHERE seq = 12`);
    expect(await openFailure(path)).toMatchObject({ _tag: "ChainBrokenError", origin: NODE, position: 12, seq: 12 });
  });

  it("refuses to open a log cut below what it verified, even with its checkpoints cut too", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 10);
    await appendPlans(path, 11, 1);
    tamper(path, "DELETE FROM events WHERE seq > 8", "DELETE FROM checkpoints WHERE seq > 8");
    const failure = await openFailure(path);
    expect(failure).toMatchObject({ _tag: "ChainBrokenError", origin: NODE, seq: 9 });
    expect(String((failure as { reason: string }).reason)).toMatch(/ends at seq 8, but this node verified it up to seq 10/);
  });

  it("refuses to open when the log was re-chained below the mark (the marked seq no longer carries its hash)", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 10);
    await appendPlans(path, 11, 1);
    // Its first hex digit changed (to another digit whatever it was), as a re-chaining would change it.
    tamper(path, "UPDATE events SET hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2) WHERE seq = 10");
    expect(await openFailure(path)).toMatchObject({ _tag: "ChainBrokenError", origin: NODE, seq: 10 });
  });

  it("checks the checkpoints of the tail", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 10);
    await appendPlans(path, 11, 2);
    tamper(path, "UPDATE checkpoints SET hash = (SELECT hash FROM events WHERE seq = 11) WHERE seq = 12");
    expect(await openFailure(path)).toMatchObject({ _tag: "ChainBrokenError", origin: NODE, seq: 12, reason: expect.stringMatching(/checkpoint signature at seq 12 is not valid/) });
  });

  it("leaves what lies before the mark to the full audit, which still finds it", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 10);
    await appendPlans(path, 11, 1);
    tamper(path, `UPDATE events SET data = '{"planId":"forged"}' WHERE seq = 3`);
    // The opening hashes only what was appended since the last one (seq 11), so it does not read seq 3 again …
    expect(checkOnOpen(path)).toEqual({ mode: "since-verified", checked: 1, broken: null });
    // … and `planledger audit verify` walks everything.
    const audit = auditDatabase(path);
    expect(audit._tag === "Checked" && audit.origins.find((o) => o.origin === NODE)?.broken).toMatchObject({ seq: 3, position: 3 });
  });
});

describe("a tail longer than the store walks before opening is walked behind the open node", () => {
  /** The store opened with a walk-before-open limit of `limit` events; `run` gets it while it is open. */
  const withStore = <A>(path: string, limit: number, run: (store: typeof EventStore.Service) => Effect.Effect<A, unknown>) =>
    Effect.runPromise(
      Effect.gen(function* () {
        return yield* run(yield* EventStore);
      }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: NODE, verifyBeforeOpen: limit }).pipe(Layer.orDie))),
    );
  const settled = (store: typeof EventStore.Service) =>
    Effect.gen(function* () {
      const seen = [store.verification().state];
      while (store.verification().state === "verifying") yield* Effect.sleep(5);
      return { seen, last: store.verification() };
    });

  it("opens at once, serves while it walks, then marks the heads it verified", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 30);
    tamper(path, "DELETE FROM verified_heads");
    const { seen, last, head } = await withStore(path, 10, (store) =>
      Effect.gen(function* () {
        // Readable before the walk ends: the head is answered while the state still says "verifying".
        const head = yield* store.head();
        return { ...(yield* settled(store)), head };
      }),
    );
    expect(seen).toEqual(["verifying"]);
    expect(head.seq).toBe(30);
    expect(last).toEqual({ state: "verified", checked: 30, total: 30, broken: null });
    // The marks the walk wrote: the next opening has nothing to walk.
    expect(checkOnOpen(path)).toEqual({ mode: "since-verified", checked: 0, broken: null });
  });

  it("refuses every write once the walk finds a broken event, and changes nothing stored", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 30);
    tamper(path, "DELETE FROM verified_heads", `UPDATE events SET data = '{"planId":"forged"}' WHERE seq = 25`);
    const before = new Database(path, { readonly: true }).prepare("SELECT count(*) AS n FROM events").get() as { n: number };
    const { last, write } = await withStore(path, 10, (store) =>
      Effect.gen(function* () {
        const { last } = yield* settled(store);
        const write = yield* Effect.exit(store.append("plan:late", [{ type: "PlanAdopted", data: { planId: "late" } }], { actor: "ivanenko", expectedVersion: "noStream" }));
        return { last, write };
      }),
    );
    expect(last).toMatchObject({ state: "broken", total: 30, broken: { origin: NODE, seq: 25, reason: "hash does not match the event's content" } });
    expect(Exit.isFailure(write) && Cause.isDie(write.cause) ? String(Cause.squash(write.cause)) : "written").toContain("seq 25");
    const after = new Database(path, { readonly: true }).prepare("SELECT count(*) AS n FROM events").get() as { n: number };
    expect(after.n).toBe(before.n);
    // No mark over the broken tail: the next opening finds it before it opens.
    expect(await openFailure(path)).toMatchObject({ _tag: "ChainBrokenError", origin: NODE, seq: 25 });
  });

  it("finds a rewritten head before it opens, with one seek per origin", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 5);
    await appendPlans(path, 6, 30);
    tamper(path, `UPDATE events SET hash = 'ab' || substr(hash, 3) WHERE seq = 5`);
    const exit = await Effect.runPromiseExit(Effect.scoped(Layer.build(EventStore.sqlite({ path, nodeId: NODE, verifyBeforeOpen: 10 }))));
    expect(Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined).toMatchObject({
      _tag: "ChainBrokenError",
      origin: NODE,
      seq: 5,
    });
  });
});

describe("what the logs gained while the node serves is walked behind it (verifyGained)", () => {
  const open = <A>(path: string, run: (store: typeof EventStore.Service) => Effect.Effect<A, unknown>) =>
    Effect.runPromise(
      Effect.gen(function* () {
        return yield* run(yield* EventStore);
      }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: NODE }).pipe(Layer.orDie))),
    );
  const addPlans = (store: typeof EventStore.Service, from: number, count: number) =>
    Effect.forEach(Array.from({ length: count }, (_, i) => from + i), (i) =>
      store.append(`plan:p${i}`, [{ type: "PlanAdopted", data: { planId: `p${i}` } }], { actor: "ivanenko", expectedVersion: "noStream" }),
    );

  it("walks and marks the events appended since the opening, so the next opening has nothing to walk", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 5);
    const state = await open(path, (store) =>
      Effect.gen(function* () {
        yield* addPlans(store, 6, 20);
        return yield* store.verifyGained();
      }),
    );
    expect(state.state).toBe("verified");
    expect(checkOnOpen(path)).toEqual({ mode: "since-verified", checked: 0, broken: null });
  });

  it("finds an event altered in the database while the node serves, and refuses every write from then on", async () => {
    const path = tempDatabasePath();
    await appendPlans(path, 1, 5);
    const { state, write } = await open(path, (store) =>
      Effect.gen(function* () {
        yield* addPlans(store, 6, 20);
        tamper(path, `UPDATE events SET data = '{"planId":"forged"}' WHERE seq = 12`);
        const state = yield* store.verifyGained();
        const write = yield* Effect.exit(addPlans(store, 40, 1));
        return { state, write };
      }),
    );
    expect(state).toMatchObject({ state: "broken", broken: { origin: NODE, seq: 12, reason: "hash does not match the event's content" } });
    expect(Exit.isFailure(write)).toBe(true);
    // No mark over it: the next opening refuses too.
    expect(await openFailure(path)).toMatchObject({ _tag: "ChainBrokenError", origin: NODE, seq: 12 });
  });
});
