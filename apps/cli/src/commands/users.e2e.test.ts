/**
 * `planledger users` as an operator runs it: the first administrator made before any sign-in, the password read
 * from standard input only, and every refusal a one-line Ukrainian/English reason with exit 2.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeAccountStore, nodeMigrations, sqliteAccountBackend } from "@planledger/node";
import { repoRoot } from "@planledger/testing";
import { migrateDatabase, openSqlite } from "@planledger/event-store";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "planledger-users-"));
const db = join(dir, "novopskovskyi.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const users = (args: ReadonlyArray<string>, input = "") => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "users", ...args], {
    cwd: repoRoot,
    input,
    encoding: "utf8",
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

/** Whether the password signs the person in, checked on the database itself. */
const signsIn = async (login: string, password: string): Promise<boolean> => {
  const database = { path: db, ...openSqlite(db) };
  try {
    await migrateDatabase(database.kysely, [nodeMigrations]);
    return (await makeAccountStore("novopskovskyi", sqliteAccountBackend(database)).signIn(login, password)).ok;
  } finally {
    database.sqlite.close();
  }
};

describe("planledger users", () => {
  it("adds, lists, resets and disables people's accounts", async () => {
    const added = users(["add", "--db", db, "--login", "o.petrenko", "--role", "reporter", "--name", "Олена Петренко", "--password-stdin"], "довгий пароль 2026\n");
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toContain("o.petrenko (reporter)");
    expect(await signsIn("o.petrenko", "довгий пароль 2026")).toBe(true);
    const listed = users(["list", "--db", db]);
    expect(listed.out).toMatch(/^o\.petrenko\treporter\tОлена Петренко\t/m);
    expect(listed.out).not.toContain("scrypt");
    expect(users(["reset", "--db", db, "--login", "o.petrenko", "--password-stdin"], "новий довгий пароль\n").code).toBe(0);
    expect(await signsIn("o.petrenko", "довгий пароль 2026")).toBe(false);
    expect(await signsIn("o.petrenko", "новий довгий пароль")).toBe(true);
    expect(users(["disable", "--db", db, "--login", "o.petrenko"]).code).toBe(0);
    expect(await signsIn("o.petrenko", "новий довгий пароль")).toBe(false);
  }, 60_000);

  it("refuses what it cannot do with exit 2 and a reason", () => {
    const cases: [ReadonlyArray<string>, string, RegExp][] = [
      [["add", "--db", db, "--login", "x1", "--role", "boss", "--password-stdin"], "довгий пароль 2026", /невідома роль «boss»/],
      [["add", "--db", db, "--login", "x1", "--role", "viewer", "--password-stdin"], "короткий", /щонайменше 10/],
      [["add", "--db", db, "--login", "x1", "--role", "viewer"], "", /--password-stdin/],
      [["disable", "--db", db, "--login", "nobody"], "", /немає/],
      [["list", "--db", join(dir, "missing", "a.db")], "", /теки .* немає/],
      [["promote", "--db", db], "", /невідома дія/],
    ];
    for (const [args, input, reason] of cases) {
      const result = users(args, input);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err, args.join(" ")).toMatch(reason);
    }
  }, 60_000);
});
