import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventStore, EventStoreDatabase, loadOrCreateNodeKey, openSqlite, toReplica } from "@planledger/event-store";
import { federationHandler, makeSyncClient, openFederationNode } from "@planledger/federation";
import { Effect, ManagedRuntime } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "planledger-audit-"));
const intact = join(dir, "luhanska.db");

const audit = (...args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "audit", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** A copy of the intact database with one stored event's column rewritten behind the triggers' back. */
const tamperedCopy = (name: string, statement: string): string => {
  const path = join(dir, name);
  copyFileSync(intact, path);
  copyFileSync(`${intact}.key`, `${path}.key`);
  const { sqlite } = openSqlite(path);
  sqlite.exec("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;");
  sqlite.exec(statement);
  sqlite.close();
  return path;
};

beforeAll(async () => {
  // A district log replicated into the oblast database, so that two origins are verified.
  const district = await Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      yield* store.append("plan:n328", [{ type: "PlanAdopted", data: { planId: "n328" } }, { type: "SectionAdded", data: { sectionId: "s1" } }], {
        actor: "petrenko",
        expectedVersion: "noStream",
      });
      return { events: yield* store.readAll(), checkpoint: yield* store.checkpoint(), publicKey: store.publicKey };
    }).pipe(Effect.provide(EventStore.inMemory({ nodeId: "novopskovskyi" }))),
  );
  await Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      for (const planId of ["p1003", "p852", "p1003b"])
        yield* store.append(`plan:${planId}`, [{ type: "PlanAdopted", data: { planId, title: "План заходів" } }], {
          actor: "ivanenko",
          expectedVersion: "noStream",
        });
      yield* store.checkpoint();
      yield* store.registerNodeKey("novopskovskyi", district.publicKey);
      yield* store.appendReplicated(district.events.map(toReplica));
      yield* store.appendReplicatedCheckpoint(district.checkpoint);
    }).pipe(Effect.provide(EventStore.sqlite({ path: intact, nodeId: "luhanska" }))),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("planledger audit verify", { timeout: 120_000 }, () => {
  it("exits 0 with a per-origin summary on an untouched database, without writing to it", () => {
    const before = readFileSync(intact);
    const { code, stdout } = audit("verify", "--db", intact);
    expect(code).toBe(0);
    expect(stdout).toContain("✓ luhanska: подій / events 3, останній seq / last seq 3; остання контрольна точка / last checkpoint: seq 3");
    expect(stdout).toContain("✓ novopskovskyi: подій / events 2, останній seq / last seq 2; остання контрольна точка / last checkpoint: seq 2");
    expect(stdout).toContain("all logs intact: 2 походжень / origins, 5 подій / events");
    expect(readFileSync(intact).equals(before)).toBe(true);
    expect([existsSync(`${intact}-wal`), existsSync(`${intact}-shm`)]).toEqual([false, false]);
  });

  it("sees the latest commits of a database a running node holds open", async () => {
    const path = join(dir, "running.db");
    copyFileSync(intact, path);
    copyFileSync(`${intact}.key`, `${path}.key`);
    const node = ManagedRuntime.make(EventStore.sqlite({ path, nodeId: "luhanska" }));
    try {
      const store = await node.runPromise(EventStore);
      await node.runPromise(store.append("plan:p328", [{ type: "PlanAdopted", data: { planId: "p328" } }], { actor: "ivanenko", expectedVersion: "noStream" }));
      const { code, stdout } = audit("verify", "--db", path);
      expect(code).toBe(0);
      expect(stdout).toContain("✓ luhanska: подій / events 4, останній seq / last seq 4");
    } finally {
      await node.dispose();
    }
  });

  it("exits 1 naming the position of an event altered with raw SQL", () => {
    const path = tamperedCopy("altered.db", `UPDATE events SET data = '{"planId":"p852","title":"Інший план"}' WHERE position = 2`);
    const { code, stdout } = audit("verify", "--db", path);
    expect(code).toBe(1);
    expect(stdout).toContain("✗ luhanska: ПОШКОДЖЕНО / BROKEN at позиція / position 2 (seq 2): hash does not match");
    expect(stdout).toContain("✓ novopskovskyi");
  });

  it("exits 1 when an event is deleted from a replicated log or the tail of the own log is cut", () => {
    const gap = tamperedCopy("gap.db", "DELETE FROM events WHERE origin = 'novopskovskyi' AND seq = 1");
    const gapRun = audit("verify", "--db", gap);
    expect(gapRun.code).toBe(1);
    expect(gapRun.stdout).toContain("✗ novopskovskyi: ПОШКОДЖЕНО / BROKEN at позиція / position 5 (seq 2): seq 2 where 1 was due");
    const cut = tamperedCopy("cut.db", "DELETE FROM events WHERE origin = 'luhanska' AND seq = 3");
    const cutRun = audit("verify", "--json", "--db", cut);
    expect(cutRun.code).toBe(1);
    const report = JSON.parse(cutRun.stdout) as { intact: boolean; origins: Array<{ origin: string; broken: unknown }> };
    expect(report.intact).toBe(false);
    expect(report.origins.find((o) => o.origin === "luhanska")?.broken).toEqual({
      position: null,
      seq: 3,
      reason: "checkpoint at seq 3 is beyond the end of the log (seq 2): events are missing",
    });
  });

  it("exits 1 when two events of an origin's log are put in each other's place (reordered)", () => {
    // The order an auditor checks is each origin's seq, which every hash covers; the node-local `position` is only
    // the order events reached this file.
    const bySeq = tamperedCopy(
      "reseq.db",
      "UPDATE events SET seq = -1 WHERE origin = 'luhanska' AND seq = 1; UPDATE events SET seq = 1 WHERE origin = 'luhanska' AND seq = 2; UPDATE events SET seq = 2 WHERE origin = 'luhanska' AND seq = -1;",
    );
    const seqRun = audit("verify", "--db", bySeq);
    expect(seqRun.code).toBe(1);
    expect(seqRun.stdout).toContain("✗ luhanska: ПОШКОДЖЕНО / BROKEN");
  });

  it("exits 2 on bad usage and on a missing file, which it does not create", () => {
    expect(audit("verify").code).toBe(2);
    expect(audit("check", "--db", intact).code).toBe(2);
    const missing = join(dir, "absent.db");
    const run = audit("verify", "--db", missing);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no such file");
    expect(() => readFileSync(missing)).toThrow(/ENOENT/);
  });

  it("checks the parent's countersignatures a district keeps, and exits 1 when one does not hold", async () => {
    // An oblast and a district in this process (the push goes through the oblast's handler, no sockets).
    const open = (nodeId: string, level: "oblast" | "district") => {
      const path = join(dir, `witnessed-${nodeId}.db`);
      const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId }));
      return runtime.runPromise(Effect.all([EventStore, EventStoreDatabase])).then(async ([store, database]) => ({
        path,
        runtime,
        store,
        node: await openFederationNode({ self: { nodeId, level }, store, database, key: loadOrCreateNodeKey(`${path}.key`) }),
      }));
    };
    const [oblast, district] = [await open("luhanska", "oblast"), await open("novopskovskyi", "district")];
    try {
      const handler = federationHandler(oblast.node);
      const client = makeSyncClient(district.node, { fetch: async (input, init) => handler(new Request(input, init)), batchSize: 2 });
      await client.join("http://luhanska", Effect.runSync(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" })).token);
      await district.runtime.runPromise(
        district.store.append("report:n328:2025-Q1", [1, 2, 3].map((n) => ({ type: "ProgressRecorded", data: { measureId: `m${n}` } })), {
          actor: "petrenko",
          expectedVersion: "noStream",
        }),
      );
      expect((await client.syncOnce()).error).toBeNull();
    } finally {
      await oblast.runtime.dispose();
      await district.runtime.dispose();
    }

    const held = audit("verify", "--db", district.path);
    expect(held.code).toBe(0);
    expect(held.stdout).toContain("Засвідчення / witnesses: 2 перевірено, усі збігаються з журналом / checked, all match the log");

    const { sqlite } = openSqlite(district.path);
    sqlite.prepare("UPDATE federation_witnesses SET witness_signature = ? WHERE seq = 2").run(Buffer.alloc(64).toString("base64"));
    sqlite.close();
    const forged = audit("verify", "--json", "--db", district.path);
    expect(forged.code).toBe(1);
    const report = JSON.parse(forged.stdout) as { intact: boolean; witnesses: { checked: number; findings: Array<{ seq: number; problem: string }> } };
    expect(report.intact).toBe(false);
    expect(report.witnesses.checked).toBe(2);
    expect(report.witnesses.findings.map((f) => [f.seq, f.problem])).toEqual([
      [2, "засвідчення luhanska не перевіряється його ключем / luhanska's countersignature does not verify under its key"],
    ]);
  });
});
