/**
 * @module Reading a plan document from bytes: a text in one of the seed layouts, or the interchange
 * JSON. Nothing is written anywhere.
 */
import type { PlanDocument } from "@planledger/domain";
import { Either } from "effect";
import { type ParseFailure, UnreadableDocument, UnrecognisedDocument } from "./errors.js";
import { csvToPlan } from "./exchange/csv.js";
import { xlsxToPlan } from "./exchange/xlsx.js";
import { parseInterchangeJson } from "./interchange.js";
import { detectLayout } from "./layouts/detect.js";
import { toSource } from "./layouts/source.js";

/** A parsed document and the layout it was read as. */
export interface Parsed {
  readonly layout: string;
  readonly document: PlanDocument;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes bytes as a UTF-8 text document, refusing empty and binary input.
 *
 * @example readText(new Uint8Array([0, 1, 2])) // Left(UnreadableDocument)
 */
export const readText = (bytes: Uint8Array): Either.Either<string, UnreadableDocument> => {
  if (bytes.length === 0) return Either.left(new UnreadableDocument({ reason: "порожній файл / empty file" }));
  if (bytes.includes(0)) return Either.left(new UnreadableDocument({ reason: "двійковий файл, не текст / binary file, not text" }));
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return Either.left(new UnreadableDocument({ reason: "не текст UTF-8 / not UTF-8 text" }));
  }
  if (text.trim() === "") return Either.left(new UnreadableDocument({ reason: "файл без тексту / file has no text" }));
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Tabs, newlines and carriage returns are text; other C0 controls and DEL are what binary files are made of.
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 127) controls++;
  }
  if (controls > text.length / 100) return Either.left(new UnreadableDocument({ reason: "двійковий файл, не текст / binary file, not text" }));
  return Either.right(text.replace(/^\uFEFF/, ""));
};

/**
 * Parses a text in any known layout, or the interchange JSON.
 *
 * @example Either.getOrThrow(parseText(fs.readFileSync("fixtures/plans/003_b52cafefab6c56ab.txt", "utf8"))).layout // "tab-markup"
 */
export const parseText = (text: string): Either.Either<Parsed, ParseFailure> => {
  if (/^\s*[{[]/.test(text)) {
    return Either.map(parseInterchangeJson(text), (document) => ({ layout: "interchange-json", document }));
  }
  if (/^\uFEFF?kind,/.test(text)) {
    return Either.map(csvToPlan(text), (document) => ({ layout: "interchange-csv", document }));
  }
  const source = toSource(text);
  const layout = detectLayout(source);
  if (layout === null) {
    return Either.left(new UnrecognisedDocument({ reason: "невідомий формат: не знайдено таблиці плану / unrecognised: no plan table found" }));
  }
  const result = layout.parse(source);
  if (!result.ok) return Either.left(new UnrecognisedDocument({ reason: `${layout.name}: ${result.reason}` }));
  return Either.right({ layout: layout.name, document: result.document });
};

/**
 * Parses a file's bytes.
 *
 * @example parseBytes(fs.readFileSync(path))
 */
export const parseBytes = (bytes: Uint8Array): Either.Either<Parsed, ParseFailure> =>
  Either.flatMap(readText(bytes), parseText);

const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Parses a file's bytes, an XLSX workbook in the export's columns included (hence asynchronous).
 *
 * @example await parseFile(fs.readFileSync("plan.xlsx")) // Right({ layout: "interchange-xlsx", document })
 */
export const parseFile = async (bytes: Uint8Array): Promise<Either.Either<Parsed, ParseFailure>> =>
  isZip(bytes)
    ? Either.map(await xlsxToPlan(bytes), (document) => ({ layout: "interchange-xlsx", document }))
    : parseBytes(bytes);
