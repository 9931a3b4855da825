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
