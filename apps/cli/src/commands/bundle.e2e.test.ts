import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The CLI as one JavaScript file (`apps/cli/scripts/bundle.mjs`): what an operator's node starts from. Each verb it
// is run with here must answer as the sources run through tsx do.
const root = fileURLToPath(new URL("../../../../", import.meta.url));
const bundle = join(root, "apps/cli/dist/planledger.mjs");
const dir = mkdtempSync(join(tmpdir(), "planledger-bundle-"));
const db = join(dir, "luhanska.db");
const plan1003 = "fixtures/plans/003_b52cafefab6c56ab.txt";
const planId = "luhanska.1003.2018-12-12";

const run = (entry: ReadonlyArray<string>, args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const fromBundle = (...args: ReadonlyArray<string>) => run([bundle], args);
const fromSources = (...args: ReadonlyArray<string>) => run(["--import", "tsx", "apps/cli/src/main.ts"], args);

let node: ChildProcess | undefined;
afterAll(async () => {
  if (node !== undefined && node.exitCode === null) {
    node.kill("SIGTERM");
    await new Promise((resolve) => node?.once("exit", resolve));
  }
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  const built = spawnSync(process.execPath, ["apps/cli/scripts/bundle.mjs"], { cwd: root, encoding: "utf8" });
  expect(built.stderr).toBe("");
  expect(built.status).toBe(0);
}, 120_000);

describe("the CLI's one-file bundle", () => {
  it("parses every input kind exactly as the sources do (pdf.js and exceljs loaded from beside it)", () => {
    for (const file of [
      plan1003,
      "fixtures/corpus/seed-derived/seed-852-turbota.docx",
      "fixtures/corpus/seed-derived/seed-852-turbota.xlsx",
      "fixtures/corpus/seed-derived/seed-852-turbota.pdf",
    ]) {
      const bundled = fromBundle("parse", file);
      expect(bundled.code, `${file}: ${bundled.stderr}`).toBe(0);
      expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(fromSources("parse", file).stdout));
    }
    const bad = fromBundle("parse", "fixtures/corpus/bad/no-table.docx");
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  }, 120_000);

  it("imports a plan into a database file, verifies it, and serves it: pages with their chart, stylesheet, verifier, exports", async () => {
    expect(fromBundle("import", plan1003, "--db", db, "--node", "luhanska", "--create", "--actor", "kovalenko").code).toBe(0);
    const verified = fromBundle("audit", "verify", "--db", db);
    expect(verified.code).toBe(0);

    const tokenFile = join(dir, "admin.token");
    const child = spawn(process.execPath, [bundle, "serve", "--node", "luhanska", "--level", "oblast", "--name", "Луганська", "--db", db, "--admin-token-file", tokenFile, "--port", "0", "--host", "127.0.0.1"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    node = child;
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        const m = /listening (\S+)/.exec(out);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`the bundled node exited (${code}) before listening`)));
    });
    const headers = { authorization: `Bearer ${readFileSync(tokenFile, "utf8").trim()}` };
    const get = async (path: string) => {
      const res = await fetch(`${url}${path}`, { headers });
      return { status: res.status, type: res.headers.get("content-type") ?? "", bytes: new Uint8Array(await res.arrayBuffer()) };
    };
    expect((await get("/health")).status).toBe(200);
    const page = await get(`/plans/${planId}`);
    expect(page.status).toBe(200);
    const html = new TextDecoder().decode(page.bytes);
    expect(html).toContain("<svg");
    expect(html).toContain("1003");
    const css = await get("/assets/web.css");
    expect([css.status, Buffer.from(css.bytes).equals(readFileSync(join(root, "packages/web/src/assets/web.css")))]).toEqual([200, true]);
    const verifier = await get("/api/v1/audit/verifier.mjs");
    expect([verifier.status, Buffer.from(verifier.bytes).equals(readFileSync(join(root, "packages/event-store/verifier/planledger-verify.mjs")))]).toEqual([200, true]);
    for (const [path, type] of [
      [`/plans/${planId}/export.xlsx`, "spreadsheetml"],
      [`/plans/${planId}/report.docx`, "wordprocessingml"],
    ] as const) {
      const file = await get(path);
      expect([file.status, file.type.includes(type), String.fromCharCode(...file.bytes.slice(0, 2))]).toEqual([200, true, "PK"]);
    }
  }, 120_000);
});
