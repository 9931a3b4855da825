import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { Cause, Context, Effect, Either, Exit, Layer, Option } from "effect";
import { describe, expect, it } from "vitest";
import { EventStore, EventStoreDatabase } from "./event-store.js";
import { eventStoreBehaviour } from "./event-store.behaviour.js";
import { commandHandlerBehaviour } from "./command-handler.behaviour.js";
import { tempDatabasePath } from "./test-database.js";

eventStoreBehaviour("SQLite", (nodeId, now) =>
  EventStore.sqlite(now === undefined ? { path: tempDatabasePath(nodeId), nodeId } : { path: tempDatabasePath(nodeId), nodeId, now }).pipe(
    Layer.orDie,
  ),
);

commandHandlerBehaviour("SQLite", (nodeId) => EventStore.sqlite({ path: tempDatabasePath(nodeId), nodeId }).pipe(Layer.orDie));

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined;

const appendOnce = (path: string, nodeId: string, stream: string, expectedVersion: "noStream" | number) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      return yield* Effect.either(
        store.append(stream, [{ type: "PlanAdopted", data: { planId: stream } }], { actor: "ivanenko", expectedVersion }),
      );
    }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId }))),
  );

describe("EventStore on a SQLite file", () => {
  it("lets exactly one of two store instances on one file win the same expected version, and keeps seq gap-free", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const path = tempDatabasePath();
        const a = yield* Layer.build(EventStore.sqlite({ path, nodeId: "luhanska" })).pipe(Effect.map(Context.get(EventStore)));
        const b = yield* Layer.build(EventStore.sqlite({ path, nodeId: "luhanska" })).pipe(Effect.map(Context.get(EventStore)));
        const opts = { actor: "ivanenko", expectedVersion: "noStream" } as const;
        const [winA, winB] = yield* Effect.all(
          [
            Effect.either(a.append("plan:p1", [{ type: "PlanAdopted", data: { by: "a" } }], opts)),
            Effect.either(b.append("plan:p1", [{ type: "PlanAdopted", data: { by: "b" } }], opts)),
          ],
          { concurrency: 2 },
        );
        expect([Either.isRight(winA), Either.isLeft(winB) && winB.left._tag]).toEqual([true, "ConcurrencyError"]);
        const next = yield* b.append("plan:p2", [{ type: "PlanAdopted", data: {} }], opts);
        const moreA = yield* a.append("plan:p1", [{ type: "SectionAdded", data: {} }], { actor: "ivanenko", expectedVersion: 1 });
        expect([next.firstSeq, moreA.firstSeq]).toEqual([2, 3]);
        const all = yield* a.readAll();
        expect(all.map((e) => [e.seq, e.prevHash === (all[e.seq - 2]?.hash ?? "0".repeat(64))])).toEqual([
          [1, true],
          [2, true],
          [3, true],
        ]);
        expect(all[0]?.data).toEqual({ by: "a" });
      }).pipe(Effect.scoped),
    ));

  it("reopens a file with its log and key; the key file is private", async () => {
    const path = tempDatabasePath();
    await appendOnce(path, "luhanska", "plan:p1", "noStream");
    const second = await appendOnce(path, "luhanska", "plan:p1", 1);
    expect(Either.isRight(second) && [second.right.firstSeq, second.right.streamVersion]).toEqual([2, 2]);
    expect(statSync(`${path}.key`).mode & 0o777).toBe(0o600);
  });

  it("keeps the page size of a file made before pages were 16 KiB, and writes to it as before", async () => {
    const path = tempDatabasePath();
    const old = new Database(path);
    old.pragma("page_size = 4096");
    old.pragma("journal_mode = WAL");
    old.close();
    await appendOnce(path, "luhanska", "plan:p1", "noStream");
    const second = await appendOnce(path, "luhanska", "plan:p1", 1);
    expect(Either.isRight(second) && second.right.lastSeq).toBe(2);
    const db = new Database(path, { readonly: true });
    expect(db.pragma("page_size", { simple: true })).toBe(4096);
    db.close();
  });

  it("refuses to open as another node, and refuses UPDATE and DELETE on events", async () => {
    const path = tempDatabasePath();
    await appendOnce(path, "luhanska", "plan:p1", "noStream");
    const exit = await Effect.runPromiseExit(Layer.launch(EventStore.sqlite({ path, nodeId: "volynska" })).pipe(Effect.timeout("1 second")));
    expect(failureOf(exit)).toMatchObject({ _tag: "StoreOpenError", reason: "the database belongs to node luhanska, not volynska" });
    const db = new Database(path);
    expect(() => db.prepare("UPDATE events SET actor = 'x'").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => db.prepare("DELETE FROM events").run()).toThrow(/append-only: DELETE refused/);
    db.close();
  });

  // Each opening marks what it verified; the next one walks what follows (open-verifier.int.test.ts has the rest).
  it("refuses to open a file whose chain was altered after it last verified it, naming the first broken position", async () => {
    const path = tempDatabasePath();
    await appendOnce(path, "luhanska", "plan:p1", "noStream");
    await appendOnce(path, "luhanska", "plan:p2", "noStream");
    await appendOnce(path, "luhanska", "plan:p3", "noStream");
    const db = new Database(path);
    db.exec("DROP TRIGGER events_no_update");
    db.prepare("UPDATE events SET data = '{\"planId\":\"forged\"}' WHERE position = 3").run();
    db.close();
    const exit = await Effect.runPromiseExit(
      Effect.gen(function* () {
        yield* EventStore;
      }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: "luhanska" }))),
    );
    expect(failureOf(exit)).toMatchObject({ _tag: "ChainBrokenError", origin: "luhanska", position: 3, seq: 3 });
  });

  it("gives read models the same database through EventStoreDatabase", () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* EventStore;
        const { kysely, sqlite } = yield* EventStoreDatabase;
        yield* store.append("plan:p1", [{ type: "PlanAdopted", data: { planId: "p1" } }], { actor: "ivanenko", expectedVersion: "noStream" });
        const rows = yield* Effect.promise(() => kysely.selectFrom("events").select(["stream", "seq"]).execute());
        expect(rows).toEqual([{ stream: "plan:p1", seq: 1 }]);
        expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
        expect(sqlite.pragma("page_size", { simple: true })).toBe(16384);
      }).pipe(Effect.provide(EventStore.sqlite({ path: tempDatabasePath(), nodeId: "luhanska" }))),
    ));
});
