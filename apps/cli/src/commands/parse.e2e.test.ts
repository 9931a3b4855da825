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

const parse = (file: string, ...extra: string[]) => {
  const r = spawnSync(process.execPath, ["--import", tsx, main, "parse", file, ...extra], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const corpus = (path: string) => join(root, "fixtures/corpus", path);

interface Printed {
  plan: { order: { number: string | null } };
  sections: Array<{ tasks: Array<{ measures: Array<{ title: string; executors: Array<{ name: string; byConsent: boolean }>; term: { kind: string } }> }> }>;
  reading?: { columns: Array<{ field: string; confidence: string }>; assigned: boolean; measures: unknown[] };
}

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

  it.each([
    ["seed-derived/seed-852-turbota.docx", "docx"],
    ["seed-derived/seed-852-turbota.xlsx", "xlsx"],
    ["seed-derived/seed-852-turbota.pdf", "pdf"],
    ["seed-derived/seed-852-turbota.txt", "web-text"],
  ])("reads № 852 written as %s (%s): its 17 measures, its order, and how its table was read", (path) => {
    const r = parse(corpus(path));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Printed;
    expect(doc.plan.order.number).toBe("852");
    const measures = doc.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
    expect(measures).toHaveLength(17);
    expect(doc.reading?.measures).toHaveLength(17);
    expect(doc.reading?.columns.map((c) => c.field)).toEqual(["label", "title", "executors", "term"]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    ["bad/no-table.docx", "у документі немає таблиць / the document has no tables"],
    ["bad/truncated.docx", "пошкоджений або обрізаний ZIP-архів"],
    ["bad/password.docx", "захищений паролем"],
    ["bad/password.xlsx", "захищений паролем"],
    ["bad/image-only.pdf", "потрібне розпізнавання тексту (OCR)"],
    ["bad/no-plan-columns.docx", "заголовки «ПІБ», «Посада», «Телефон», «Кабінет»"],
  ])("refuses %s with one Ukrainian-first line and exit 2", (path, reason) => {
    const r = parse(corpus(path));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(reason);
  });

  it("refuses a 50 MB file before reading it", () => {
    const file = join(inputs, "huge.docx");
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 0x41));
    const r = parse(file);
    rmSync(file);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("файл завеликий: 50.0 МіБ, найбільше 25 МіБ");
  });

  it("a table whose columns no vocabulary names is refused, naming them; the columns assigned by hand read it", () => {
    const refused = parse(corpus("bad/unnamed-columns.docx"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("заголовки «№», «Справа», «Хто», «Коли»");
    const read = parse(corpus("bad/unnamed-columns.docx"), "--columns", "label,title,executors,term");
    expect(read.code).toBe(0);
    const doc = JSON.parse(read.stdout) as Printed;
    const measures = doc.sections.flatMap((s) => s.tasks.flatMap((t) => t.measures));
    expect(measures.map((m) => m.title)).toEqual([
      "Провести огляд-конкурс аматорських колективів громади",
      "Організувати виставку робіт майстрів народних промислів",
      "Оновити фонди публічних бібліотек громади",
    ]);
    expect(measures[2]?.executors).toEqual([{ name: "Публічна бібліотека", byConsent: true }]);
    expect(measures.map((m) => m.term.kind)).toEqual(["quarterRange", "interval", "deadline"]);
    expect(doc.reading?.assigned).toBe(true);
    const wrong = parse(corpus("bad/unnamed-columns.docx"), "--columns", "label,what,executors,term");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("колонка 2: невідоме поле «what»");
  });

  it("refuses a missing file with exit 2", () => {
    const r = parse(join(inputs, "nope.txt"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("файл не знайдено / file not found");
  });
});
