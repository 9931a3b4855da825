import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventStore, openSqlite, toReplica } from "@planledger/event-store";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { Effect } from "effect";
import { beforeAll, describe, expect, it } from "vitest";
import { psql } from "../test-psql.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "planledger-db-copy-"));
const source = join(dir, "luhanska.db");
const PASSWORD = "s3cret-Pw";

const planledger = (...args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", ...args], { cwd: root, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** A fresh schema's URL with a password in it (the test server trusts every login, so any password is let in). */
const urlWithPassword = async (): Promise<string> => {
  const url = new URL(await freshPostgresUrl());
  url.password = PASSWORD;
  return url.toString();
};

const printed = (r: { stdout: string; stderr: string }): string => `${r.stdout}${r.stderr}`;

beforeAll(async () => {
  // The oblast's own log and a district's log replicated into it, each with a checkpoint: two origins to move.
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
      yield* store.append("plan:p1003", [{ type: "PlanAdopted", data: { planId: "p1003", title: "План заходів" } }], {
        actor: "ivanenko",
        expectedVersion: "noStream",
      });
      yield* store.registerNodeKey("novopskovskyi", district.publicKey);
      yield* store.appendReplicated(district.events.map(toReplica));
      yield* store.appendReplicatedCheckpoint(district.checkpoint);
      for (const planId of ["p852", "p1003b"])
        yield* store.append(`plan:${planId}`, [{ type: "PlanAdopted", data: { planId, title: "Програма «Безпечна громада»" } }], {
          actor: "ivanenko",
          expectedVersion: "noStream",
        });
      yield* store.checkpoint();
    }).pipe(Effect.provide(EventStore.sqlite({ path: source, nodeId: "luhanska" }))),
  );
});

describe("planledger db copy and audit verify --db postgres://", () => {
  it("moves a node file to PostgreSQL and back; both verify, with the same logs and trees as the file", async () => {
    const url = await urlWithPassword();
    const there = planledger("db", "copy", "--from", source, "--to", url);
    expect(there.stderr).toBe("");
    expect(there.code).toBe(0);
    expect(there.stdout).toMatch(/✓ luhanska: подій \/ events 3, останній seq \/ last seq 3, контрольних точок \/ checkpoints 1/);
    expect(there.stdout).toMatch(/✓ novopskovskyi: подій \/ events 2, останній seq \/ last seq 2, контрольних точок \/ checkpoints 1/);
    expect(there.stdout).toMatch(/not copied: the federation tables/);
    expect(there.stdout).toContain(`--key ${source}.key`);
    expect(printed(there)).not.toContain(PASSWORD);

    const audited = planledger("audit", "verify", "--db", url);
    expect(audited.code).toBe(0);
    expect(audited.stdout).toMatch(/Усі журнали цілі \/ all logs intact: 2 походжень \/ origins, 5 подій \/ events/);
    expect(audited.stdout).toContain("postgres://postgres:***@");
    expect(printed(audited)).not.toContain(PASSWORD);

    const back = join(dir, "back.db");
    const returned = planledger("db", "copy", "--from", url, "--to", back, "--key", `${source}.key`);
    expect(returned.stderr).toBe("");
    expect(returned.code).toBe(0);
    expect(readFileSync(`${back}.key`, "utf8")).toBe(readFileSync(`${source}.key`, "utf8"));

    const report = (db: string) => {
      const r = planledger("audit", "verify", "--db", db, "--json");
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { origins: Array<{ origin: string; events: number; treeRoot: string }> }).origins.map(({ origin, events, treeRoot }) => ({
        origin,
        events,
        treeRoot,
      }));
    };
    const original = report(source);
    expect(report(url)).toEqual(original);
    expect(report(back)).toEqual(original);

    // The returned file is a node again: it opens under its key (which re-checks identity, key and chains).
    const heads = await Effect.runPromise(
      Effect.gen(function* () {
        return yield* (yield* EventStore).heads();
      }).pipe(Effect.provide(EventStore.sqlite({ path: back, nodeId: "luhanska" }))),
    );
    expect(heads.map((h) => [h.origin, h.seq])).toEqual([
      ["luhanska", 3],
      ["novopskovskyi", 2],
    ]);
  });

  it("refuses a target that is not empty, writing nothing", async () => {
    const url = await urlWithPassword();
    expect(planledger("db", "copy", "--from", source, "--to", url).code).toBe(0);
    const again = planledger("db", "copy", "--from", source, "--to", url);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^planledger db copy: ціль непорожня, нічого не записано \/ the target is not empty, nothing written: .*table events is not empty\n$/);
    expect(psql(url, "SELECT count(*) FROM events")).toBe("5");

    const file = planledger("db", "copy", "--from", url, "--to", source);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/already exists/);
  });

  it("refuses a tampered source before writing anything, naming the broken position", async () => {
    const tampered = join(dir, "tampered.db");
    copyFileSync(source, tampered);
    const { sqlite } = openSqlite(tampered);
    sqlite.exec("DROP TRIGGER events_no_update");
    sqlite.exec(`UPDATE events SET data = '{"planId":"forged"}' WHERE position = 2`);
    sqlite.close();
    const url = await urlWithPassword();
    const refused = planledger("db", "copy", "--from", tampered, "--to", url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the source is not intact, nothing written/);
    expect(refused.stderr).toMatch(/ПОШКОДЖЕНО \/ BROKEN at позиція \/ position 2/);
    // Not even the tables were made.
    expect(psql(url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")).toBe("0");
  });

  it("catches a PostgreSQL log altered behind the store's back, naming the position (exit 1)", async () => {
    const url = await urlWithPassword();
    expect(planledger("db", "copy", "--from", source, "--to", url).code).toBe(0);
    psql(url, `ALTER TABLE events DISABLE TRIGGER events_no_update; UPDATE events SET data = '{"planId":"forged"}' WHERE position = 4`);
    const audited = planledger("audit", "verify", "--db", url);
    expect(audited.code).toBe(1);
    expect(audited.stdout).toMatch(/✗ \w+: ПОШКОДЖЕНО \/ BROKEN at позиція \/ position 4/);
    expect(audited.stdout).toMatch(/Пошкоджено журналів \/ broken logs: 1 з \/ of 2/);
  });

  it("gives one line and exit 2 for a server that does not answer, a database that is not there and a mistyped URL, never the password", async () => {
    const good = new URL(await urlWithPassword());
    const closed = planledger("audit", "verify", "--db", `postgres://postgres:${PASSWORD}@127.0.0.1:1/planledger_test`);
    const noDatabase = planledger("audit", "verify", "--db", `postgres://postgres:${PASSWORD}@${good.host}/no_such_database`);
    const typo = planledger("audit", "verify", "--db", `postgres://postgres:${PASSWORD}@127.0.0.1:54x2/planledger_test`);
    for (const r of [closed, noDatabase, typo]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toContain(PASSWORD);
    }
    expect(closed.stderr).toMatch(/^planledger audit: PostgreSQL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/planledger_test: недоступний \/ unreachable: .*ECONNREFUSED/);
    expect(typo.stderr).toMatch(/^planledger audit: PostgreSQL \(not a URL\): адреса не розбирається як URL .* \/ the URL does not parse/);
    expect(noDatabase.stderr).toMatch(/database "no_such_database" does not exist/);
    const copy = planledger("db", "copy", "--from", source, "--to", `postgres://postgres:${PASSWORD}@127.0.0.1:1/planledger_test`);
    expect(copy.code).toBe(2);
    expect(copy.stderr.trim().split("\n")).toHaveLength(1);
    expect(copy.stderr).not.toContain(PASSWORD);
  });
});
