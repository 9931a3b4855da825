/**
 * @module `pnpm --filter @planledger/bench run corpus`: writes the import corpus under fixtures/corpus/ — each
 * seed plan parsed by the importer and written back out as Word, Excel, PDF and copied web text with its truth
 * (seed-derived/), the hand-typed held-out documents rendered to their formats (held-out/, the second
 * set held-out-2/, the third set held-out-3/, the fourth set held-out-4/, the fifth set held-out-5/, the sixth set held-out-6/, the seventh set held-out-7/, the eighth set held-out-8/, the ninth set held-out-9/, the tenth set held-out-10/, the eleventh set held-out-11/, the twelfth set held-out-12/, the thirteenth set held-out-13/, the fourteenth set held-out-14/ and the fifteenth, unseen set held-out-15/, truth written by hand beside them), and the bad inputs (bad/). The seeds themselves
 * are only read.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseText } from "@planledger/importer";
import { Either } from "effect";
import { badInputs } from "./bad-inputs.js";
import type { CorpusDocument } from "./corpus-table.js";
import { checkTable } from "./corpus-table.js";
import { readSpec } from "./held-out-spec.js";
import { SEEDS, seedDocument } from "./seed-tables.js";
import { type CorpusFormat, type Truth, countsOf, sampleFrom } from "./truth.js";
import { toDocx } from "./write-docx.js";
import { toPdf } from "./write-pdf.js";
import { toWebText } from "./write-web-text.js";
import { toXlsx } from "./write-xlsx.js";
import { toXlsxExport } from "./write-xlsx-export.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const corpus = join(root, "fixtures/corpus");

/** The file extension of each format; copied web text is plain text. */
export const EXTENSION: Record<CorpusFormat, string> = { docx: "docx", xlsx: "xlsx", pdf: "pdf", "web-text": "txt" };
const FORMATS: ReadonlyArray<CorpusFormat> = ["docx", "xlsx", "pdf", "web-text"];
/** Committed fixtures stay small; a bigger one means the generator went wrong. */
const MAX_BYTES = 300 * 1024;

const render = async (doc: CorpusDocument, format: CorpusFormat): Promise<Uint8Array> => {
  switch (format) {
    case "docx":
      return toDocx(doc);
    case "xlsx":
      return toXlsx(doc);
    case "pdf":
      return toPdf(doc);
    case "web-text":
      return new TextEncoder().encode(toWebText(doc));
    default: {
      const _: never = format;
      throw new Error(`unknown format ${String(_)}`);
    }
  }
};

const write = (path: string, bytes: Uint8Array | string): void => {
  mkdirSync(dirname(path), { recursive: true });
  const size = typeof bytes === "string" ? Buffer.byteLength(bytes) : bytes.length;
  if (size > MAX_BYTES) throw new Error(`${path}: ${size} bytes, over the ${MAX_BYTES} a committed fixture may have`);
  writeFileSync(path, bytes);
  console.log(`${path.slice(root.length + 1)}  ${(size / 1024).toFixed(1)} KiB`);
};

const seedDerived = async (): Promise<void> => {
  const dir = join(corpus, "seed-derived");
  for (const spec of SEEDS) {
    const text = readFileSync(join(root, "fixtures/plans", spec.file), "utf8");
    const parsed = parseText(text);
    if (Either.isLeft(parsed)) throw new Error(`${spec.file}: the importer no longer reads this seed: ${String(parsed.left)}`);
    const plan = parsed.right.document;
    const doc = seedDocument(plan, spec, text);
    for (const b of doc.blocks) if (b.kind === "table") checkTable(spec.slug, b.table);
    for (const format of FORMATS) {
      const file = `${spec.slug}.${EXTENSION[format]}`;
      write(join(dir, file), await render(doc, format));
      const truth: Truth = {
        file,
        kind: "seed-derived",
        format,
        source: `fixtures/plans/${spec.file} (seed layout ${parsed.right.layout}), parsed by @planledger/importer parseText`,
        counts: countsOf(plan),
        checked:
          "counts and fields are the seed parse, written back out unchanged; the counts agree with docs/import.md's table and were checked against the rendered document by reading",
        sample: sampleFrom(plan, 8, { term: spec.layout !== "programme", indicator: spec.layout !== "tab-rows", budget: spec.layout === "programme" }),
      };
      write(join(dir, "truth", `${file}.json`), `${JSON.stringify(truth, null, 2)}\n`);
    }
  }
};

const heldOut = async (set: string): Promise<void> => {
  const dir = join(corpus, set);
  const sources = join(dir, "source");
  if (!existsSync(sources)) return;
  for (const f of readdirSync(sources).filter((n) => n.endsWith(".spec.txt")).sort()) {
    const name = f.replace(/\.spec\.txt$/, "");
    const spec = readSpec(name, readFileSync(join(sources, f), "utf8"));
    const file = `${name}.${EXTENSION[spec.format]}`;
    const bytes = spec.writer === "export" && spec.format === "xlsx" ? await toXlsxExport(spec.document) : await render(spec.document, spec.format);
    write(join(dir, file), bytes);
    if (!existsSync(join(dir, "truth", `${file}.json`))) console.warn(`  no truth yet for ${file}: write ${set}/truth/${file}.json by reading it`);
  }
};

const main = async (): Promise<void> => {
  await seedDerived();
  // Every held-out set on disk, in the order they were authored (held-out, held-out-2, …).
  const sets = readdirSync(corpus)
    .filter((n) => /^held-out(-\d+)?$/.test(n))
    .sort((a, b) => Number(a.slice(9) || 1) - Number(b.slice(9) || 1));
  for (const set of sets) await heldOut(set);
  for (const [name, bytes] of await badInputs(root)) write(join(corpus, "bad", name), bytes);
};

await main();
