import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "planledger-import-"));
const db = join(dir, "luhanska.db");
const plan1003 = "fixtures/plans/003_b52cafefab6c56ab.txt";

const cli = (...args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", ...args], { cwd: root, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("planledger import / export against a real database file", () => {
  it("refuses to create a database unless asked", () => {
    const r = cli("import", plan1003, "--db", db, "--node", "luhanska");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--create");
    expect(existsSync(db)).toBe(false);
  });

  it("adopts № 1003 once; the same document again changes nothing; the log verifies", () => {
    const first = cli("import", plan1003, "--db", db, "--node", "luhanska", "--create", "--actor", "kovalenko");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^luhanska\.1003\.2018-12-12: затверджено \/ adopted; подій \/ events: \d+/);
    const again = cli("import", plan1003, "--db", db, "--node", "luhanska");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("без змін / unchanged; подій / events: 0");
    expect(cli("audit", "verify", "--db", db).code).toBe(0);
  });

  it("exports the plan as the parser read it, and nothing before it was adopted", () => {
    const parsed = JSON.parse(cli("parse", plan1003).stdout);
    const exported = cli("export", "--db", db, "--node", "luhanska", "--plan", "luhanska.1003.2018-12-12");
    expect(exported.code).toBe(0);
    const doc = JSON.parse(exported.stdout);
    expect(doc.plan.order).toEqual(parsed.plan.order);
    expect(doc.sections).toEqual(parsed.sections);

    const before = cli("export", "--db", db, "--node", "luhanska", "--plan", "luhanska.1003.2018-12-12", "--as-of", "2000-01-01T00:00:00Z");
    expect(before.code).toBe(1);
    expect(before.stderr).toContain("не знайдено / plan not found");
  });

  it("exports CSV that parses back to the same sections", () => {
    const out = join(dir, "1003.csv");
    expect(cli("export", "--db", db, "--node", "luhanska", "--plan", "luhanska.1003.2018-12-12", "--format", "csv", "--out", out).code).toBe(0);
    const back = JSON.parse(cli("parse", out).stdout);
    const parsed = JSON.parse(cli("parse", plan1003).stdout);
    expect(back.sections).toEqual(parsed.sections);
  });
});
