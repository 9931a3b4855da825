import { existsSync, readdirSync } from "node:fs";
import { dirname } from "node:path";
import { Effect, Either, Layer } from "effect";
import { describe, expect, it } from "vitest";
import { auditDatabase } from "./audit-database.js";
import { verifyCheckpoint } from "./checkpoint.js";
import { EventStore } from "./event-store.js";
import type { EventStoreService } from "./event-store-service.js";
import { keyStream } from "./key-history.js";
import { generateNodeKey, readNodeKey, writePendingKey } from "./node-key.js";
import { rotateNodeKey } from "./rotate-node-key.js";
import { tempDatabasePath } from "./test-database.js";

const NODE = "novopskovskyi";

const withStore = <A, E>(path: string, body: (store: EventStoreService) => Effect.Effect<A, E>, nodeId = NODE) =>
  Effect.runPromise(
    Effect.gen(function* () {
      return yield* body(yield* EventStore);
    }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId }).pipe(Layer.orDie))),
  );

const appendReports = (store: EventStoreService, from: number, count: number) =>
  Effect.gen(function* () {
    for (let i = from; i < from + count; i++)
      yield* store.append(`report:r${i}`, [{ type: "ProgressRecorded", data: { n: i } }], { actor: "executor", expectedVersion: "noStream" });
  }).pipe(Effect.orDie);

describe("key rotation on a SQLite node", () => {
  it("the old key signs up to the rotation, the new one after it; the key file is swapped and the old one kept", async () => {
    const path = tempDatabasePath(NODE);
    const oldKey = await withStore(path, (store) => Effect.as(appendReports(store, 1, 5), store.publicKey));
    const rotated = await withStore(path, (store) =>
      Effect.gen(function* () {
        const { rotation, retired, publicKey } = yield* rotateNodeKey(store, `${path}.key`, "admin@novopskovskyi");
        yield* appendReports(store, 6, 3);
        const after = yield* store.checkpoint();
        return { rotation, retired, publicKey, after, storeKey: store.publicKey };
      }),
    );
    expect(rotated.rotation.event).toMatchObject({ seq: 6, type: "KeyRotated", stream: keyStream(NODE) });
    expect(rotated.rotation.sealed?.seq).toBe(5);
    expect(verifyCheckpoint(oldKey, rotated.rotation.sealed as never)).toBe(true);
    expect(verifyCheckpoint(rotated.publicKey, rotated.rotation.checkpoint)).toBe(true);
    expect(verifyCheckpoint(rotated.publicKey, rotated.after)).toBe(true);
    expect(verifyCheckpoint(oldKey, rotated.after)).toBe(false);
    expect(rotated.storeKey).toBe(rotated.publicKey);
    // The key file holds the new key; the old one is kept beside it.
    expect(readNodeKey(`${path}.key`).publicKey).toBe(rotated.publicKey);
    expect(rotated.retired).not.toBeNull();
    expect(readNodeKey(rotated.retired as string).publicKey).toBe(oldKey);

    // Reopens with the new key file; the history and every checkpoint verify; `audit verify` agrees.
    const history = await withStore(path, (store) => store.keyHistory(NODE));
    expect(history.map((e) => [e.fromSeq, e.authority, e.publicKey === oldKey])).toEqual([
      [0, "enrolled", true],
      [6, "rotated", false],
    ]);
    const audit = auditDatabase(path);
    expect(audit._tag).toBe("Checked");
    if (audit._tag === "Checked") {
      expect(audit.origins[0]).toMatchObject({ origin: NODE, lastSeq: 9, checkpoints: 3, broken: null });
      expect(audit.origins[0]?.revoked).toBeUndefined();
    }
  });

  it("refuses to sign a new checkpoint below the seq its current key is in force from", async () => {
    const path = tempDatabasePath(NODE);
    await withStore(path, (store) =>
      Effect.gen(function* () {
        yield* appendReports(store, 1, 4);
        yield* rotateNodeKey(store, `${path}.key`, "admin");
        // The seal at 4 is served as stored; a fresh one at 2 would need the old key.
        expect((yield* store.checkpoint(4)).seq).toBe(4);
        const exit = yield* Effect.exit(store.checkpoint(2));
        expect(exit._tag).toBe("Failure");
      }),
    );
  });

  it("a rotation interrupted after the database committed is finished on the next opening", async () => {
    const path = tempDatabasePath(NODE);
    const next = generateNodeKey();
    await withStore(path, (store) =>
      Effect.gen(function* () {
        yield* appendReports(store, 1, 2);
        writePendingKey(`${path}.key`, next);
        yield* Effect.orDie(store.rotateKey(next, { actor: "admin" }));
        // …and the process dies here, before the key file was swapped.
      }),
    );
    const key = await withStore(path, (store) => Effect.succeed(store.publicKey));
    expect(key).toBe(next.publicKey);
    expect(existsSync(`${path}.key.next`)).toBe(false);
    expect(readdirSync(dirname(path)).some((f) => f.includes(".key.retired-"))).toBe(true);
  });

  it("a revoked key's later checkpoints are flagged by audit verify, and the node still opens", async () => {
    const parentPath = tempDatabasePath("luhanska");
    const childPath = tempDatabasePath(NODE);
    await withStore(childPath, (store) => Effect.as(appendReports(store, 1, 6), undefined));
    const child = await withStore(childPath, (store) =>
      Effect.gen(function* () {
        const wire = yield* store.readAll({ data: "lazy" });
        const checkpoints = [yield* store.checkpoint(3), yield* store.checkpoint(6)];
        return { events: wire, checkpoints, publicKey: store.publicKey };
      }),
    );
    const { toReplica } = await import("./hash-chain.js");
    const outcome = await withStore(
      parentPath,
      (store) =>
        Effect.gen(function* () {
          yield* Effect.orDie(store.registerNodeKey(NODE, child.publicKey));
          yield* Effect.orDie(store.appendReplicated(child.events.map(toReplica)));
          for (const cp of child.checkpoints) yield* Effect.orDie(store.appendReplicatedCheckpoint(cp));
          const revoked = yield* Effect.either(store.revokeKey({ origin: NODE, fromSeq: 5, reason: "ноутбук викрадено / laptop stolen", actor: "admin@luhanska" }));
          const twice = yield* Effect.either(store.revokeKey({ origin: NODE, fromSeq: 5, reason: "again", actor: "admin@luhanska" }));
          const beyond = yield* Effect.either(store.revokeKey({ origin: NODE, fromSeq: 99, reason: "x", actor: "admin@luhanska" }));
          return { revoked, twice, beyond, history: yield* store.keyHistory(NODE) };
        }),
      "luhanska",
    );
    expect(Either.isRight(outcome.revoked)).toBe(true);
    expect(Either.isLeft(outcome.twice) && outcome.twice.left.code).toBe("KeyAlreadyRevoked");
    expect(Either.isLeft(outcome.beyond) && outcome.beyond.left.code).toBe("KeyBeyondLog");
    expect(outcome.history).toHaveLength(1);
    expect(outcome.history[0]).toMatchObject({ revokedFromSeq: 5, revokedBy: "luhanska" });
    const audit = auditDatabase(parentPath);
    expect(audit._tag).toBe("Checked");
    if (audit._tag === "Checked") {
      const report = audit.origins.find((o) => o.origin === NODE);
      expect(report?.broken).toBeNull();
      expect(report?.revoked).toMatchObject({ seq: 6, revokedFromSeq: 5, publicKey: child.publicKey });
    }
    // Opening is not refused: the finding is for the auditor, the events stay held.
    await withStore(parentPath, () => Effect.void, "luhanska");
  });
});
