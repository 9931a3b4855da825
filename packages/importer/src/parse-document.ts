/**
 * @module Reading a plan document from bytes, whatever its format: the one door of the importer. Containers
 * (Word, Excel, PDF, legacy formats) are read into a format-neutral grid by `formats/`, tables by the general
 * reader in `general/`; the four seed layouts keep their exact parsers. Nothing is written anywhere.
 */
import { createHash } from "node:crypto";
import type { DocumentSource, PlanDocument } from "@planledger/domain";
import { Either } from "effect";
import { type ParseFailure, UnrecognisedDocument } from "./errors.js";
import { readText } from "./text/read-text.js";
import { csvToPlan } from "./exchange/csv.js";
import { xlsxToPlan } from "./exchange/xlsx.js";
import { parseInterchangeJson } from "./interchange.js";
import { detectLayout } from "./layouts/detect.js";
import { toSource } from "./layouts/source.js";
import { COLUMNS } from "./exchange/rows.js";
import { readContainer } from "./formats/read-container.js";
import { readPlanTable } from "./general/read-table.js";
import { listedPlanOf, looksLikeWebText, readWebText } from "./general/web-text.js";
import type { ColumnAssignment, ReadDocument, Reading } from "./general/grid.js";

export { readText };

/** A parsed document and the layout it was read as; `reading` when the general table reader read it. */
export interface Parsed {
  readonly layout: string;
  readonly document: PlanDocument;
  readonly reading?: Reading;
}

/** How to read: `columns` is a person's assignment of the table's columns, when the reader could not map them. */
export interface ParseOptions {
  readonly columns?: ColumnAssignment;
}

/**
 * Parses a text: the interchange JSON or CSV, one of the four seed layouts, or a table copied from a web page
 * (one cell per paragraph), which the general table reader reads — with a person's columns when given.
 *
 * @example Either.getOrThrow(parseText(fs.readFileSync("fixtures/plans/003_b52cafefab6c56ab.txt", "utf8"))).layout // "tab-markup"
 */
export const parseText = (text: string, options: ParseOptions = {}): Either.Either<Parsed, ParseFailure> => {
  if (/^\s*[{[]/.test(text)) {
    return Either.map(parseInterchangeJson(text), (document) => ({ layout: "interchange-json", document }));
  }
  if (/^\uFEFF?kind,/.test(text)) {
    return Either.map(csvToPlan(text), (document) => ({ layout: "interchange-csv", document }));
  }
  const source = toSource(text);
  const layout = detectLayout(source);
  // A seed layout reads exactly as it always has; a person's columns mean the general reader is wanted.
  const seeded = layout === null || options.columns !== undefined ? null : layout.parse(source);
  if (seeded?.ok === true && layout !== null) return Either.right({ layout: layout.name, document: seeded.document });
  if (looksLikeWebText(text)) return Either.flatMap(readWebText(text), (doc) => readTable(doc, options));
  if (layout !== null && seeded !== null && !seeded.ok) return Either.left(new UnrecognisedDocument({ reason: `${layout.name}: ${seeded.reason}` }));
  return Either.left(new UnrecognisedDocument({ reason: "невідомий формат: не знайдено таблиці плану / unrecognised: no plan table found" }));
};

/** The general table reader over a format-neutral document; the parse names the format it came in. */
const readTable = (doc: ReadDocument, options: ParseOptions): Either.Either<Parsed, ParseFailure> =>
  // A document with no table may print its plan as a numbered list (each point, its bodies, its term).
  Either.map(readPlanTable(listedPlanOf(doc) ?? doc, options), ({ document, reading }) => ({ layout: doc.format, document, reading }));

/**
 * Parses a text file's bytes (no Word, Excel or PDF: see `parseFile`).
 *
 * @example parseBytes(fs.readFileSync(path))
 */
export const parseBytes = (bytes: Uint8Array, options: ParseOptions = {}): Either.Either<Parsed, ParseFailure> =>
  Either.flatMap(readText(bytes), (text) => parseText(text, options));

/** The export's own workbook (`planToXlsx`): its first row is the interchange columns, read back exactly. */
const isExportWorkbook = (doc: ReadDocument): boolean => {
  const first = doc.tables[0]?.rows[0]?.cells.map((c) => c.text.trim()) ?? [];
  return COLUMNS.every((name, i) => first[i] === name);
};

/**
 * Parses a file's bytes, whatever the format: Word (.docx; .doc and .rtf through LibreOffice), Excel (.xlsx; .xls
 * likewise), PDF with a text layer, text in a seed layout or copied from a web page, the interchange JSON, CSV and
 * the export's XLSX. The format is told from the content, never from a file name.
 *
 * @example await parseFile(fs.readFileSync("план.docx")) // Right({ layout: "docx", document, reading })
 */
export const parseFile = async (bytes: Uint8Array, options: ParseOptions = {}): Promise<Either.Either<Parsed, ParseFailure>> => {
  const container = await readContainer(bytes);
  if (Either.isLeft(container)) return Either.left(container.left);
  const read = container.right;
  if ("text" in read) return parseText(read.text, options);
  if (read.format === "xlsx" && options.columns === undefined && isExportWorkbook(read)) {
    return Either.map(await xlsxToPlan(bytes), (document) => ({ layout: "interchange-xlsx", document }));
  }
  return readTable(read, options);
};

/**
 * What an adoption records of the file a plan was read from: the format told from its content, the SHA-256 of
 * its bytes, its name as uploaded, and the columns a person assigned, if any.
 *
 * @example documentSource(bytes, parsed, { fileName: "plan.docx" }).sha256 // "9f86d0…"
 */
export const documentSource = (
  bytes: Uint8Array,
  parsed: Parsed,
  options: ParseOptions & { readonly fileName?: string } = {},
): DocumentSource => ({
  format: parsed.layout,
  sha256: createHash("sha256").update(bytes).digest("hex"),
  ...(options.fileName === undefined ? {} : { fileName: options.fileName }),
  ...(options.columns === undefined ? {} : { columns: options.columns.map((c) => ({ ...c })) }),
});
