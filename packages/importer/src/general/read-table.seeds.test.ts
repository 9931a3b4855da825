/** @module The general reader against the seed layouts: each seed laid out as Word tables (and as PDF lines) reads back the same. */
import type { MeasureDoc, PlanDocument } from "@planledger/domain";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { counts, mustParse, seedBytes, seeds } from "../testing/fixtures.js";
import { readPlanTable } from "./read-table.js";
import { asPdfLines, type SeedGridOptions, seedToGrid } from "./testing/seed-grid.js";

/** What a careful reader compares: the tree, every measure's fields and money. */
const outline = (doc: PlanDocument) =>
  doc.sections.map((s) => ({
    label: s.label,
    title: s.title,
    tasks: s.tasks.map((t) => ({ label: t.label, title: t.title, measures: t.measures.map((m: MeasureDoc) => ({ ...m })) })),
  }));

const cases: ReadonlyArray<{ name: string; file: string; tableAt: RegExp; options: Omit<SeedGridOptions, "preamble"> }> = [
  { name: "№ 852 «Турбота» (4 columns, page header «1 2 3 4»)", file: seeds.plan852, tableAt: /^№ з\/п\t/u, options: { kind: "four-columns", pageRows: 9, repeatHeader: "numbering" } },
  { name: "program 2024–2028 (money by year, two header rows, totals)", file: seeds.program2024, tableAt: /^\t№ з\/п/u, options: { kind: "money", pageRows: 20, repeatHeader: "header" } },
  { name: "№ 328 (6 columns, pages without a header)", file: seeds.plan328, tableAt: /^\|/u, options: { kind: "six-columns", pageRows: 12, repeatHeader: "none" } },
  { name: "№ 1003 (6 columns, header repeated on each page)", file: seeds.plan1003, tableAt: /^№ з\/п\t/u, options: { kind: "six-columns", pageRows: 15, repeatHeader: "header" } },
];

describe("general reader on the four seeds laid out as Word tables", () => {
  for (const c of cases) {
    it(`reads ${c.name} as the seed layout does`, () => {
      const bytes = seedBytes(c.file);
      const seed = mustParse(bytes).document;
      const lines = bytes.toString("utf8").replace(/\r\n?/g, "\n").split("\n");
      const grid = seedToGrid(seed, { ...c.options, preamble: lines.slice(0, lines.findIndex((l) => c.tableAt.test(l))) });
      const read = readPlanTable(grid);
      if (Either.isLeft(read)) throw new Error(read.left.reason);
      const doc = read.right.document;
      expect(counts(doc)).toEqual(counts(seed));
      expect(outline(doc)).toEqual(outline(seed));
      expect(doc.plan).toEqual(seed.plan);
      expect(read.right.reading.measures).toHaveLength(counts(seed).measures);
      expect(doc.anomalies.filter((a) => a.kind === "budget-total-mismatch" || a.kind === "doubtful" && /прочитано/u.test(a.message))).toEqual([]);
    });
  }
});

describe("general reader on the seeds printed as a PDF's text layer (rows as lines)", () => {
  for (const c of cases.filter((x) => x.options.kind !== "money")) {
    it(`joins the lines of each row of ${c.name}`, () => {
      const seed = mustParse(seedBytes(c.file)).document;
      const read = readPlanTable(asPdfLines(seedToGrid(seed, { kind: c.options.kind, preamble: [] })));
      if (Either.isLeft(read)) throw new Error(read.left.reason);
      expect(counts(read.right.document)).toEqual(counts(seed));
      expect(outline(read.right.document)).toEqual(outline(seed));
    });
  }
});
