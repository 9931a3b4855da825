import { existsSync, writeFileSync } from "node:fs";
import { Effect, Layer } from "effect";
import { describe, expect, it } from "vitest";
import { auditDatabase } from "./audit-database.js";
import { copyNodeDatabase } from "./database-copy.js";
import { EventStore } from "./event-store.js";
import type { EventStoreService } from "./event-store-service.js";
import { generateNodeKey } from "./node-key.js";
import { auditNodeDatabase } from "./node-database.js";
import { rotateNodeKey } from "./rotate-node-key.js";
import { tempDatabasePath } from "./test-database.js";
import { freshPostgresUrl } from "./test-postgres.js";

const NODE = "luhanska";

const onFile = <A, E>(path: string, body: (store: EventStoreService) => Effect.Effect<A, E>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      return yield* body(yield* EventStore);
    }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: NODE }).pipe(Layer.orDie))),
  );

const appendReports = (store: EventStoreService, from: number, count: number) =>
  Effect.gen(function* () {
    for (let i = from; i < from + count; i++)
      yield* store.append(`report:r${i}`, [{ type: "ProgressRecorded", data: { n: i, note: "Освітлення вулиць" } }], {
        actor: "executor",
        expectedVersion: "noStream",
      });
  }).pipe(Effect.orDie);

/** What a copy must keep: every event where it was (id, origin, seq, hash, when received), the heads and the key history. */
const logOf = (store: EventStoreService) =>
  Effect.gen(function* () {
    const events = (yield* store.readAll()).map((e) => [e.position, e.eventId, e.origin, e.seq, e.hash, e.receivedAt]);
    const keys = (yield* store.keyHistory()).map((k) => [k.origin, k.fromSeq, k.publicKey, k.authority]);
    const checkpoints = (yield* store.checkpoints()).map((c) => [c.origin, c.seq, c.signature, c.witness?.node ?? null]);
    return { events, keys, checkpoints, heads: yield* store.heads() };
  });

describe("copyNodeDatabase: SQLite ↔ PostgreSQL", () => {
  it("keeps every event in place, the checkpoints, the key history after a rotation and the verified heads, both ways", async () => {
    const path = tempDatabasePath(NODE);
    await onFile(path, (store) => appendReports(store, 1, 5));
    await onFile(path, (store) =>
      Effect.gen(function* () {
        yield* rotateNodeKey(store, `${path}.key`, "admin@luhanska");
        yield* appendReports(store, 6, 3);
        yield* store.checkpoint();
      }),
    );
    // A third opening: the node signs how far it verified its log (a verified head).
    const original = await onFile(path, logOf);

    const url = await freshPostgresUrl();
    const there = await copyNodeDatabase(path, url);
    expect(there).toMatchObject({ _tag: "Copied", origins: [{ origin: NODE, events: 9, lastSeq: 9 }], nodeKeys: 1, keyEntries: 2, verifiedHeads: 1 });
    const onPostgres = await Effect.runPromise(
      Effect.gen(function* () {
        return yield* logOf(yield* EventStore);
      }).pipe(Effect.provide(EventStore.postgres({ url, nodeId: NODE, key: `${path}.key` }).pipe(Layer.orDie))),
    );
    expect(onPostgres).toEqual(original);
    const audited = await auditNodeDatabase(url);
    expect(audited._tag === "Checked" && audited.origins.map((o) => [o.origin, o.broken, o.events])).toEqual([[NODE, null, 9]]);

    const back = tempDatabasePath("back");
    expect(await copyNodeDatabase(url, back)).toMatchObject({ _tag: "Copied", keyEntries: 2, verifiedHeads: 1 });
    const fileAudit = auditDatabase(back);
    expect(fileAudit._tag === "Checked" && fileAudit.origins.every((o) => o.broken === null)).toBe(true);

    // Neither target takes a second copy; a refused file target is not created.
    expect(await copyNodeDatabase(path, url)).toMatchObject({ _tag: "TargetRefused", refusal: { _tag: "NotEmpty" } });
    expect(await copyNodeDatabase(url, back)).toMatchObject({ _tag: "TargetRefused", refusal: { _tag: "NotEmpty" } });
    const nowhere = tempDatabasePath("nowhere");
    expect(await copyNodeDatabase(`${path}.missing`, nowhere)).toMatchObject({ _tag: "SourceRefused", refusal: { _tag: "Missing" } });
    expect(existsSync(nowhere)).toBe(false);
  });

  it("copies an empty PostgreSQL node (no events yet) into a file that opens under the same key", async () => {
    const url = await freshPostgresUrl();
    const key = generateNodeKey();
    await Effect.runPromise(Effect.provide(Effect.void, EventStore.postgres({ url, nodeId: NODE, key }).pipe(Layer.orDie)));
    const path = tempDatabasePath(NODE);
    expect(await copyNodeDatabase(url, path)).toMatchObject({ _tag: "Copied", origins: [], nodeKeys: 1, self: { origin: NODE, publicKey: key.publicKey } });
    // The key is a file beside a SQLite database (`db copy` puts it there): the node opens under it, not a new one.
    writeFileSync(`${path}.key`, key.privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    expect(await onFile(path, (store) => Effect.succeed(store.publicKey))).toBe(key.publicKey);
  });
});
