import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventStore, generateNodeKey, openSqlite } from "@planledger/event-store";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { psql } from "./test-psql.js";

// docs/operations.md, "Backup and restore": the scripts under infra/backup, run as an operator runs them.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "planledger-backup-"));

const script = (name: string, ...args: ReadonlyArray<string>) => {
  const result = spawnSync("bash", [join(root, "infra/backup", name), ...args], { cwd: root, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** 60 plans of two events each, then a checkpoint: 120 events of one origin with real hashes and a signature. */
const appendPlans = (from: number) =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    for (let i = from; i < from + 60; i++)
      yield* store.append(
        `plan:p${i}`,
        [
          { type: "PlanAdopted", data: { planId: `p${i}`, title: `План заходів № ${i}` } },
          { type: "SectionAdded", data: { sectionId: `s${i}`, title: "Безпека громади" } },
        ],
        { actor: "ivanenko", expectedVersion: "noStream" },
      );
    yield* store.checkpoint();
  });

describe("backup and restore", () => {
  it("SQLite: an online backup of a node in use restores into a new file that verifies; a damaged backup does not", async () => {
    const db = join(dir, "luhanska.db");
    const backup = join(dir, "luhanska.backup.db");
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* appendPlans(0);
        // Taken while the store holds the database open, its last writes still in the WAL.
        expect(existsSync(`${db}-wal`)).toBe(true);
        const made = yield* Effect.sync(() => script("sqlite-backup.sh", db, backup));
        expect(made.stderr).toBe("");
        expect(made.code).toBe(0);
        yield* appendPlans(60);
      }).pipe(Effect.provide(EventStore.sqlite({ path: db, nodeId: "luhanska" }))),
    );
    expect(existsSync(`${backup}.key`)).toBe(true);

    const restored = join(dir, "restored.db");
    const restore = script("sqlite-restore.sh", backup, restored);
    expect(restore.code).toBe(0);
    // The moment of the backup: 120 events, not the 240 written by the end.
    expect(restore.stdout).toMatch(/Усі журнали цілі \/ all logs intact: 1 походжень \/ origins, 120 подій \/ events/);
    expect(restore.stdout).toMatch(/restored and verified/);
    expect(script("sqlite-restore.sh", backup, restored).code).toBe(1);

    // The restored file is a node again: it opens under the key restored beside it.
    const head = await Effect.runPromise(
      Effect.gen(function* () {
        return yield* (yield* EventStore).heads();
      }).pipe(Effect.provide(EventStore.sqlite({ path: restored, nodeId: "luhanska" }))),
    );
    expect(head.map((h) => h.seq)).toEqual([120]);

    const damaged = join(dir, "damaged.backup.db");
    expect(script("sqlite-backup.sh", backup, damaged).code).toBe(0);
    const { sqlite } = openSqlite(damaged);
    sqlite.exec("DROP TRIGGER events_no_delete");
    sqlite.exec("DELETE FROM events WHERE position = 7");
    sqlite.close();
    const refused = script("sqlite-restore.sh", damaged, join(dir, "from-damaged.db"));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/ПОШКОДЖЕНО \/ BROKEN at позиція \/ position 8/);
    expect(refused.stderr).toMatch(/does not verify/);
  });

  it("PostgreSQL: pg_dump -Fc of a node's schema restores with pg_restore into a fresh database that verifies", async () => {
    const url = await freshPostgresUrl();
    const schema = (new URL(url).searchParams.get("options") ?? "").replace("-c search_path=", "");
    await Effect.runPromise(Effect.provide(appendPlans(0), EventStore.postgres({ url, nodeId: "luhanska", key: generateNodeKey() })));

    const dump = join(dir, "luhanska.dump");
    const made = script("pg-backup.sh", url, dump, schema);
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);

    const database = `restored_${schema}`;
    psql(url, `CREATE DATABASE ${database}`);
    try {
      const target = new URL(url);
      target.pathname = `/${database}`;
      const restore = script("pg-restore.sh", dump, target.toString());
      expect(restore.stderr).toBe("");
      expect(restore.code).toBe(0);
      expect(restore.stdout).toMatch(/Усі журнали цілі \/ all logs intact: 1 походжень \/ origins, 120 подій \/ events/);
      expect(psql(target.toString(), "SELECT count(*) FROM checkpoints")).toBe("1");
      // Restored over a database that holds it already: refused by pg_restore, and said in one line.
      const again = script("pg-restore.sh", dump, target.toString());
      expect(again.code).toBe(1);
      expect(again.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      psql(url, `DROP DATABASE ${database}`);
    }
  });
});
