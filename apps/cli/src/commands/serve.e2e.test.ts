/**
 * `planledger serve` started as an operator starts it, with a configuration they can get wrong: each mistake is one
 * Ukrainian/English line on standard error and exit 2 — no stack trace, no half-started node — and the database
 * file is left as it was.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventStoreMigrations, migrateDatabase, openSqlite } from "@planledger/event-store";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { repoRoot } from "@planledger/testing";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "planledger-serve-"));
let taken: Server | undefined;
afterAll(() => {
  taken?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `planledger serve --node luhanska --level oblast …`; its exit code and standard error. */
const serve = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ code: number | null; err: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", "apps/cli/src/main.ts", "serve", "--node", "luhanska", "--level", "oblast", "--port", "0", ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 60_000 },
      (_error, _out, err) => resolve({ code: child.exitCode, err }),
    );
  });

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** One line, said in Ukrainian then English, with no stack trace. */
const oneLine = (err: string) => {
  expect(err.trimEnd().split("\n")).toHaveLength(1);
  expect(err).toMatch(/^planledger serve: \p{Script=Cyrillic}.* \/ [A-Za-z]/u);
  expect(err).not.toMatch(/\n\s+at /);
};

describe("planledger serve with a bad configuration", () => {
  it("a PostgreSQL URL without --key, or a server that does not answer: one line, the password never shown", async () => {
    const noKey = await serve([], { PLANLEDGER_DATABASE_URL: "postgresql://planledger:s3cret-pw@db/luhanska" });
    expect(noKey.code).toBe(2);
    oneLine(noKey.err);
    expect(noKey.err).toContain("--key");
    expect(noKey.err).toContain("postgresql://planledger:***@db/luhanska");
    expect(noKey.err).not.toContain("s3cret-pw");
    const down = await serve(["--db", "postgres://planledger:s3cret-pw@127.0.0.1:1/luhanska", "--key", join(dir, "down.key")]);
    expect(down.code).toBe(2);
    oneLine(down.err);
    expect(down.err).toContain("postgres://planledger:***@127.0.0.1:1/luhanska");
    expect(down.err).not.toContain("s3cret-pw");
  }, 120_000);

  it("a file that is not a database, a folder that does not exist: named, and the file untouched", async () => {
    const text = join(dir, "notes.db");
    writeFileSync(text, "це не база даних\n");
    const before = sha(text);
    const notDb = await serve(["--db", text]);
    expect(notDb.code).toBe(2);
    oneLine(notDb.err);
    expect(notDb.err).toContain(`не вдалося відкрити ${text}`);
    expect(sha(text)).toBe(before);
    const noFolder = await serve(["--db", join(dir, "no-such-folder", "luhanska.db")]);
    expect(noFolder.code).toBe(2);
    oneLine(noFolder.err);
  }, 120_000);

  it("a database written by a newer version: refused, naming the step it does not know, and left as it was", async () => {
    const path = join(dir, "newer.db");
    const db = openSqlite(path);
    // What a newer planledger leaves behind: the store's steps and one more that this version has never heard of.
    await migrateDatabase(db.kysely, [{ owner: eventStoreMigrations.owner, steps: { ...eventStoreMigrations.steps, "9999-from-a-newer-version": { up: async () => {} } } }]);
    await db.kysely.destroy();
    const before = sha(path);
    const newer = await serve(["--db", path]);
    expect(newer.code).toBe(2);
    oneLine(newer.err);
    expect(newer.err).toContain("новіша версія Plan Ledger: крок 9999-from-a-newer-version");
    expect(sha(path)).toBe(before);
  }, 120_000);

  it("a port another program holds", async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken?.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    const busy = await serve(["--db", join(dir, "busy.db"), "--port", String(port)]);
    expect(busy.code).toBe(2);
    oneLine(busy.err);
    expect(busy.err).toContain("порт уже зайнятий");
  }, 120_000);

  it("on PostgreSQL: a login the server refuses, a database that is not there, a newer schema — one line each, the password never shown", async () => {
    const url = new URL(await freshPostgresUrl());
    const key = ["--key", join(dir, "pg.key")];
    const withUser = new URL(url);
    withUser.username = "nobody";
    withUser.password = "s3cret-pw";
    const refused = await serve(["--db", withUser.toString(), ...key]);
    expect(refused.code).toBe(2);
    oneLine(refused.err);
    expect(refused.err).toContain("nobody");
    expect(refused.err).not.toContain("s3cret-pw");
    const elsewhere = new URL(url);
    elsewhere.pathname = "/no_such_database";
    const missing = await serve(["--db", elsewhere.toString(), ...key]);
    expect(missing.code).toBe(2);
    oneLine(missing.err);
    expect(missing.err).toContain("no_such_database");
    // What a newer planledger leaves in the schema: the store's steps and one more this version has never heard of.
    const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }) });
    await migrateDatabase(kysely, [{ owner: eventStoreMigrations.owner, steps: { ...eventStoreMigrations.steps, "9999-from-a-newer-version": { up: async () => {} } } }]);
    await kysely.destroy();
    const newer = await serve(["--db", url.toString(), ...key]);
    expect(newer.code).toBe(2);
    oneLine(newer.err);
    expect(newer.err).toContain("новіша версія Plan Ledger: крок 9999-from-a-newer-version");
  }, 120_000);
});
