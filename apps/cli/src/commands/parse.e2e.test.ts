import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const main = join(root, "apps/cli/src/main.ts");
const tsx = pathToFileURL(join(root, "apps/cli/node_modules/tsx/dist/loader.mjs")).href;
const inputs = mkdtempSync(join(tmpdir(), "planledger-parse-in-"));
// The command runs in an empty directory so that anything it wrote would show up there.
const cwd = mkdtempSync(join(tmpdir(), "planledger-parse-cwd-"));

const parse = (file: string) => {
  const r = spawnSync(process.execPath, ["--import", tsx, main, "parse", file], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

afterAll(() => {
  rmSync(inputs, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

describe("planledger parse FILE", () => {
  it.each([
    ["000_9d8a7f6d078db2f4.txt", 17, "852"],
    ["001_ff054dd0dbb46d17.txt", 35, null],
    ["002_d9322476a2055758.txt", 49, "328"],
    ["003_b52cafefab6c56ab.txt", 95, "1003"],
  ])("prints %s as interchange JSON with %i measures, exit 0", (name, measures, order) => {
    const r = parse(join(root, "fixtures/plans", name));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { plan: { order: { number: string | null } }; sections: Array<{ tasks: Array<{ measures: unknown[] }> }> };
    expect(doc.plan.order.number).toBe(order);
    expect(doc.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures)).length).toBe(measures);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    ["empty", Buffer.alloc(0), "порожній файл / empty file"],
    ["binary", Buffer.from(Array.from({ length: 256 }, (_, i) => i)), "двійковий файл, не текст / binary file, not text"],
    ["random", Buffer.from("The quick brown fox\njumps over\tthe lazy dog\n"), "невідомий формат"],
  ])("refuses a %s file with one line on stderr and exit 2, writing nothing", (name, bytes, reason) => {
    const file = join(inputs, `${name}.txt`);
    writeFileSync(file, bytes);
    const r = parse(file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(reason);
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(inputs)).toEqual([`${name}.txt`]);
    rmSync(file);
  });

  it("refuses a missing file with exit 2", () => {
    const r = parse(join(inputs, "nope.txt"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("файл не знайдено / file not found");
  });
});
