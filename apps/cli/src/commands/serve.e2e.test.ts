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
  it("a PostgreSQL URL: not yet a node's engine, said without the password", async () => {
    const byFlag = await serve(["--db", "postgres://planledger:s3cret-pw@127.0.0.1:1/luhanska"]);
    expect(byFlag.code).toBe(2);
    oneLine(byFlag.err);
    expect(byFlag.err).toContain("postgres://planledger:***@127.0.0.1:1/luhanska");
    expect(byFlag.err).not.toContain("s3cret-pw");
    const byEnv = await serve(["--db", join(dir, "unused.db")], { PLANLEDGER_DATABASE_URL: "postgresql://planledger:s3cret-pw@db/luhanska" });
    expect(byEnv.code).toBe(2);
    expect(byEnv.err).not.toContain("s3cret-pw");
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
});
