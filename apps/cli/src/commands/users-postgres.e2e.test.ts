/**
 * @module `planledger users … --db postgres://…` on the database of a real node process on PostgreSQL: the account
 * made from the terminal signs in through that node's sign-in form, and is refused there once disabled.
 */
import { spawn } from "node:child_process";
import { freshPostgresUrl } from "@planledger/event-store/testing/postgres";
import { type NodeProcess, repoRoot, startNodeProcess, tempDir } from "@planledger/federation/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `planledger users …` run asynchronously. Not spawnSync: a blocked event loop keeps the test's fetch from seeing the
 * node close an idle keep-alive connection, and the next sign-in then goes out on a dead socket ("other side closed").
 */
const users = (args: ReadonlyArray<string>, input = "", env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "users", ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      err += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });

/** The sign-in form as a browser posts it (its CSRF cookie first): the status and whether a session was given. */
const signIn = async (node: NodeProcess, login: string, password: string) => {
  const form = await fetch(`${node.url}/sign-in`);
  const csrf = /pl_csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1] ?? "";
  await form.text();
  const res = await fetch(`${node.url}/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `pl_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, login, password, next: "/" }).toString(),
    redirect: "manual",
  });
  await res.text();
  return { status: res.status, session: /pl_session=/.test(res.headers.get("set-cookie") ?? "") };
};

let temp: ReturnType<typeof tempDir>;
let url: string;
let node: NodeProcess;

beforeAll(async () => {
  temp = tempDir();
  url = await freshPostgresUrl();
  node = await startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district", db: url });
}, 180_000);

afterAll(async () => {
  await node?.kill();
  temp?.remove();
});

describe("planledger users on PostgreSQL", () => {
  it("makes an account in the node's database that signs in through the running node, and disables it", async () => {
    const added = await users(["add", "--db", url, "--login", "admin.pg", "--role", "admin", "--name", "Адміністратор", "--password-stdin"], "довгий пароль 2026\n");
    expect(added.err).toBe("");
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toContain("admin.pg (admin)");
    // PLANLEDGER_DATABASE_URL when --db is not given, as `serve` reads it.
    const listed = await users(["list"], "", { PLANLEDGER_DATABASE_URL: url });
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^admin\.pg\tadmin\tАдміністратор\tактивний \/ active$/m);
    expect(await signIn(node, "admin.pg", "довгий пароль 2026")).toEqual({ status: 303, session: true });
    expect(await signIn(node, "admin.pg", "не той пароль 2026")).toMatchObject({ session: false });
    expect((await users(["disable", "--db", url, "--login", "admin.pg"])).code).toBe(0);
    expect(await signIn(node, "admin.pg", "довгий пароль 2026")).toMatchObject({ session: false });
  });

  it("refuses a server that does not answer, a database that is not a node's and a mistyped URL: one line, exit 2, no password shown", async () => {
    const empty = await freshPostgresUrl();
    const down = new URL(url);
    down.port = "1";
    down.password = "секрет";
    for (const [db, reason] of [
      [down.toString(), /PostgreSQL .*:\*\*\*@127\.0\.0\.1:1\//],
      [empty, /не база вузла .* not a node database/],
      ["postgres://127.0.0.1:notaport/x", /PostgreSQL/],
    ] as const) {
      const run = await users(["list", "--db", db]);
      expect(run.code).toBe(2);
      expect(run.err.split("\n")[0]).toMatch(reason);
      expect(run.err).not.toContain("секрет");
      expect(run.err).not.toMatch(/\n\s+at /);
    }
  });
});
