import { existsSync, writeFileSync } from "node:fs";
import { Effect, ManagedRuntime } from "effect";
import { describe, expect, it } from "vitest";
import type { Checkpoint } from "./checkpoint.js";
import { EventStore } from "./event-store.js";
import type { ReplicaEvent } from "./hash-chain.js";
import { generateNodeKey } from "./node-key.js";
import { auditDatabase } from "./audit-database.js";
import { writeRestoredLog } from "./restored-log.js";
import { tempDatabasePath } from "./test-database.js";

/** A node's own log of `count` events and its checkpoint at the head, read back as another node would hold them. */
const ownLog = async (count: number): Promise<{ events: ReplicaEvent[]; checkpoint: Checkpoint; publicKey: string }> => {
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path: tempDatabasePath("novopskovskyi"), nodeId: "novopskovskyi" }));
  try {
    return await runtime.runPromise(
      Effect.gen(function* () {
        const store = yield* EventStore;
        for (let i = 0; i < count; i++)
          yield* store.append(`report:r${i % 3}`, [{ type: "ProgressRecorded", data: { measureId: `m${i}`, narrative: `виконано ${i}` } }], {
            expectedVersion: "any",
            actor: "executor@novopskovskyi",
          });
        const checkpoint = yield* store.checkpoint();
        const wire = yield* store.reader.readWire("novopskovskyi", 0, count);
        const events = wire.map(([eventId, origin, seq, stream, streamVersion, type, actor, recordedAt, causationId, correlationId, prevHash, hash, dataJson]) => ({
          eventId,
          origin,
          seq,
          stream,
          streamVersion,
          type,
          actor,
          recordedAt,
          causationId,
          correlationId,
          prevHash,
          hash,
          dataJson,
        }));
        return { events, checkpoint, publicKey: store.publicKey };
      }),
    );
  } finally {
    await runtime.dispose();
  }
};

describe("writeRestoredLog", () => {
  it("writes a node's own log verbatim into a new file that then opens as that node under its new key", async () => {
    const { events, checkpoint, publicKey } = await ownLog(12);
    const path = tempDatabasePath("restored");
    const key = generateNodeKey();
    const history = [
      { origin: "novopskovskyi", fromSeq: 0, publicKey, authority: "enrolled" as const, authorisedBy: null, signature: null, eventId: null, recordedAt: checkpoint.signedAt, revokedFromSeq: null, revokedReason: null, revokedBy: null },
    ];
    // The new key must be in force after the log: a history that ends in the old key is refused, nothing created.
    await expect(writeRestoredLog({ path, nodeId: "novopskovskyi", key, events, checkpoints: [checkpoint], nodeKeys: [], keyHistory: history })).rejects.toThrow(
      /not the one in force from seq 13/,
    );
    expect(existsSync(path) || existsSync(`${path}.key`)).toBe(false);

    // With no history, the new key must have signed the checkpoints: the old key's is refused.
    await expect(writeRestoredLog({ path, nodeId: "novopskovskyi", key, events, checkpoints: [checkpoint], nodeKeys: [], keyHistory: [] })).rejects.toThrow(
      /does not verify under the key in force/,
    );

    // Without the old checkpoint and history, the chain alone, under the new key.
    await writeRestoredLog({ path, nodeId: "novopskovskyi", key, events, checkpoints: [], nodeKeys: [], keyHistory: [] });
    const audit = auditDatabase(path);
    expect(audit._tag === "Checked" && audit.origins.map((o) => [o.origin, o.events, o.broken])).toEqual([["novopskovskyi", 12, null]]);
    const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId: "novopskovskyi" }));
    try {
      const head = await runtime.runPromise(Effect.flatMap(EventStore, (s) => s.head()));
      expect([head.seq, head.hash]).toEqual([12, events[11]?.hash]);
      const next = await runtime.runPromise(
        Effect.flatMap(EventStore, (s) => s.append("enrollment:novopskovskyi", [{ type: "NodeRestored", data: { recoveredSeq: 12 } }], { expectedVersion: "any", actor: "admin@luhanska" })),
      );
      expect(next.firstSeq).toBe(13);
    } finally {
      await runtime.dispose();
    }
  });

  it("refuses an existing file, and a log that is not one chain from seq 1", async () => {
    const { events } = await ownLog(5);
    const key = generateNodeKey();
    const taken = tempDatabasePath("taken");
    writeFileSync(taken, "");
    await expect(writeRestoredLog({ path: taken, nodeId: "novopskovskyi", key, events, checkpoints: [], nodeKeys: [], keyHistory: [] })).rejects.toThrow(/already exists/);
    const gap = tempDatabasePath("gap");
    await expect(
      writeRestoredLog({ path: gap, nodeId: "novopskovskyi", key, events: [events[0], events[2]] as ReplicaEvent[], checkpoints: [], nodeKeys: [], keyHistory: [] }),
    ).rejects.toThrow(/seq 3 does not continue the chain/);
    const altered = tempDatabasePath("altered");
    const changed = events.map((e) => (e.seq === 4 ? { ...e, dataJson: e.dataJson.replace("виконано", "змінено") } : e));
    await expect(writeRestoredLog({ path: altered, nodeId: "novopskovskyi", key, events: changed, checkpoints: [], nodeKeys: [], keyHistory: [] })).rejects.toThrow(
      /seq 4/,
    );
    expect([existsSync(gap), existsSync(altered)]).toEqual([false, false]);
  });
});
