import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventStore, migrateDatabase, openForReading, openSqlite, toReplica } from "@planledger/event-store";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { adoptDistrictPlan, api, type NodeProcess, recordQuarter, startNodeProcess, tempDir } from "@planledger/federation/testing";
import { makeAccountStore, makeTokenStore, nodeMigrations, postgresAccountBackend, postgresTokenBackend, sqliteAccountBackend } from "@planledger/node";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { psql } from "../test-psql.js";
import { NODE_SIDE_TABLES } from "./db-copy.js";

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
    // A bare log (no node ever served it): the side tables are made on the target, empty.
    expect(there.stdout).toMatch(/federation tables \(рядків \/ rows\): federation_nodes 0 \(не було в джерелі \/ not in the source\)/);
    expect(there.stdout).toMatch(/the read models \(projections\) are not copied: the node rebuilds them from the log on start/);
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

/** `planledger …` as a process, asynchronous: this process's node servers keep answering meanwhile. */
const planledgerAsync = (args: ReadonlyArray<string>, input = "") =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });

type Rows = Record<string, ReadonlyArray<string>>;

/** Every side table's rows at `db` (a file or a URL), each row as canonical JSON, sorted: equal on two engines or not. */
const sideRows = async (db: string): Promise<Rows> => {
  const opened = await openForReading(db);
  if ("_tag" in opened) throw new Error(`${db}: ${opened._tag}`);
  try {
    const rows: Record<string, ReadonlyArray<string>> = {};
    for (const table of NODE_SIDE_TABLES.tables) {
      const read = await opened.kysely.selectFrom(table as "events").selectAll().execute();
      rows[table] = read.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))))).sort();
    }
    return rows;
  } finally {
    await opened.close();
  }
};
const counts = (rows: Rows) => Object.fromEntries(Object.entries(rows).map(([table, r]) => [table, r.length]));

describe("planledger db copy of a whole node: the federation tables, tokens, accounts and sessions with the log", () => {
  const fed = tempDir();
  let oblast: NodeProcess;
  let district: NodeProcess;
  let sessionId = "";
  let planId = "";
  const oblastUrl = { current: "" };

  beforeAll(async () => {
    [oblast, district] = await Promise.all([
      startNodeProcess(fed.dir, { nodeId: "luhanska", level: "oblast" }),
      startNodeProcess(fed.dir, { nodeId: "novopskovskyi", level: "district" }),
    ]);
    const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: "novopskovskyi", level: "district" });
    expect((await api(district, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
    planId = await adoptDistrictPlan(district);
    // The push: the oblast keeps a receipt and cosigns the district's checkpoint; the district keeps the cosignature.
    expect((await api<{ error: string | null }>(district, "POST", "/federation/v1/sync")).body.error).toBeNull();
    await Promise.all([oblast.kill(), district.kill()]);
    // A person's account on the oblast, and a session of theirs (signed in on the file itself).
    const added = await planledgerAsync(["users", "add", "--db", oblast.dbPath, "--login", "o.petrenko", "--role", "editor", "--password-stdin"], "довгий пароль 2026\n");
    expect(added.code).toBe(0);
    const database = { path: oblast.dbPath, ...openSqlite(oblast.dbPath) };
    await migrateDatabase(database.kysely, [nodeMigrations]);
    const signedIn = await makeAccountStore("luhanska", sqliteAccountBackend(database)).signIn("o.petrenko", "довгий пароль 2026");
    database.sqlite.close();
    if (!signedIn.ok) throw new Error("sign-in refused");
    sessionId = signedIn.sessionId;
  }, 240_000);

  afterAll(async () => {
    await Promise.all([oblast?.kill(), district?.kill()]);
    fed.remove();
  });

  it("moves the oblast and the district to PostgreSQL and back with every row of every side table", async () => {
    for (const node of [oblast, district]) {
      const original = await sideRows(node.dbPath);
      const url = await freshPostgresUrl();
      const there = await planledgerAsync(["db", "copy", "--from", node.dbPath, "--to", url]);
      expect(there.stderr).toBe("");
      expect(there.code).toBe(0);
      expect(there.stdout).toContain(`federation_nodes ${original.federation_nodes?.length}`);
      expect(there.stdout).toContain(`node_tokens ${original.node_tokens?.length}`);
      expect(there.stdout).not.toMatch(/not in the source/);
      expect(await sideRows(url)).toEqual(original);
      const back = join(fed.dir, `${node.nodeId}-back.db`);
      const returned = await planledgerAsync(["db", "copy", "--from", url, "--to", back, "--key", `${node.dbPath}.key`]);
      expect([returned.code, returned.stderr]).toEqual([0, ""]);
      expect(await sideRows(back)).toEqual(original);
      if (node === oblast) oblastUrl.current = url;
    }
    // What there was to copy: the enrolled child, the push's receipt, the cosignature given and kept, the admin tokens,
    // the account and its session.
    const [onOblast, onDistrict] = [counts(await sideRows(oblast.dbPath)), counts(await sideRows(district.dbPath))];
    expect(onOblast).toMatchObject({ federation_nodes: 1, node_accounts: 1, node_sessions: 1, node_tokens: 1 });
    expect(onOblast.federation_receipts).toBeGreaterThan(0);
    expect(onOblast.federation_cosignatures).toBeGreaterThan(0);
    expect(onDistrict).toMatchObject({ federation_nodes: 1, federation_uplink: 1, node_tokens: 1 });
    expect(onDistrict.federation_cosignatures).toBeGreaterThan(0);

    // Nothing the node keeps is left behind: every other table of the file is the log's (copied by the store), a
    // read model's (rebuilt on start) or migration bookkeeping (made by the runner on the target).
    const opened = await openForReading(oblast.dbPath);
    if ("_tag" in opened) throw new Error(opened._tag);
    const tables = (await opened.kysely.introspection.getTables()).map((t) => t.name);
    await opened.close();
    const log = ["events", "checkpoints", "node_keys", "node_key_history", "verified_heads", "tree_nodes", "sqlite_sequence"];
    const leftBehind = tables.filter((t) => !NODE_SIDE_TABLES.tables.includes(t) && !log.includes(t) && !/^proj_|_migration(_lock)?$/.test(t));
    expect(leftBehind).toEqual([]);
    expect(tables).toEqual(expect.arrayContaining([...NODE_SIDE_TABLES.tables, "proj_plan"]));
  });

  it("the copy on PostgreSQL still knows the admin token and the signed-in person", async () => {
    const opened = await openForReading(oblastUrl.current);
    if ("_tag" in opened) throw new Error(opened._tag);
    try {
      expect(await makeTokenStore("luhanska", postgresTokenBackend(opened)).verify(oblast.adminToken)).toMatchObject({ name: "admin", role: "admin" });
      expect(await makeTokenStore("luhanska", postgresTokenBackend(opened)).verify(`${oblast.adminToken.slice(0, -2)}xx`)).toHaveProperty("refused");
      expect(await makeAccountStore("luhanska", postgresAccountBackend(opened)).session(sessionId)).toMatchObject({ login: "o.petrenko", role: "editor" });
    } finally {
      await opened.close();
    }
  });

  it("the oblast served from its PostgreSQL copy rebuilds its read models, takes the old admin token and keeps syncing with its child", async () => {
    copyFileSync(`${oblast.dbPath}.key`, join(fed.dir, "luhanska.key"));
    // On the port the child's uplink names: for the child, its parent merely restarted.
    const moved = await startNodeProcess(fed.dir, { nodeId: "luhanska", level: "oblast", db: oblastUrl.current, port: Number(new URL(oblast.url).port) });
    try {
      // The copied admin token is live there, so the node kept it (a node without one writes a new one).
      expect(moved.adminToken).toBe(oblast.adminToken);
      expect((await api(moved, "GET", "/federation/v1/status")).status).toBe(200);
      const plans = await api<{ plans: Array<{ owner: string }> }>(moved, "GET", "/api/v1/plans");
      expect(plans.body.plans.map((p) => p.owner)).toContain("novopskovskyi");
      const child = await district.restart();
      try {
        const before = (await api<{ events: number }>(moved, "GET", "/health")).body.events;
        await recordQuarter(child, planId, { year: 2025, quarter: 1, revisions: 1 });
        expect((await api<{ error: string | null }>(child, "POST", "/federation/v1/sync")).body.error).toBeNull();
        expect((await api<{ events: number }>(moved, "GET", "/health")).body.events).toBeGreaterThan(before);
        // The receipt of that push took the next id of the copied sequence, after the copied receipts.
        const receipts = (await sideRows(oblastUrl.current)).federation_receipts ?? [];
        const ids = receipts.map((r) => (JSON.parse(r) as { id: number }).id).sort((a, b) => a - b);
        expect(ids.length).toBeGreaterThan(counts(await sideRows(oblast.dbPath)).federation_receipts ?? 0);
        expect(new Set(ids).size).toBe(ids.length);
      } finally {
        await child.kill();
      }
    } finally {
      await moved.kill();
    }
    const audited = await planledgerAsync(["audit", "verify", "--db", oblastUrl.current]);
    expect([audited.code, audited.stderr]).toEqual([0, ""]);
  });
});
