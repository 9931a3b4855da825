/**
 * @module What a file is, told from its bytes alone: a person's file name ("план.docx" that is really an
 * old .doc saved under a new name) is never trusted. ZIP containers are told apart by their parts, OLE
 * compound files (old Office, and password-protected new Office) by their streams.
 */
import CFB from "cfb";
import { Either } from "effect";
import { readText } from "../text/read-text.js";
import { listZip } from "./zip.js";

export type SniffedFormat =
  | "docx"
  | "xlsx"
  | "pdf"
  | "rtf"
  | "doc"
  | "xls"
  | "encrypted-ooxml"
  | "zip-other"
  | "text"
  | "binary-other";

const startsWith = (bytes: Uint8Array, magic: ReadonlyArray<number>, at = 0): boolean =>
  magic.every((b, i) => bytes[at + i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [...new TextEncoder().encode("%PDF-")];
const RTF = [...new TextEncoder().encode("{\\rtf")];

/** Streams of an OLE compound file, by name, found by the cfb library. */
const oleStreams = (bytes: Uint8Array): ReadonlySet<string> | null => {
  try {
    const container = CFB.read(bytes, { type: "array" });
    return new Set(container.FileIndex.filter((e) => e.type === 2).map((e) => e.name));
  } catch {
    return null;
  }
};

/**
 * Tells the format from the content.
 *
 * @example sniffFormat(new TextEncoder().encode("%PDF-1.7\n…")) // "pdf"
 */
export const sniffFormat = (bytes: Uint8Array): SniffedFormat => {
  if (startsWith(bytes, ZIP) || startsWith(bytes, ZIP_EMPTY)) {
    const listed = listZip(bytes);
    if (Either.isLeft(listed)) return "zip-other";
    const names = new Set(listed.right.map((e) => e.name));
    if (names.has("word/document.xml")) return "docx";
    if (names.has("xl/workbook.xml")) return "xlsx";
    return "zip-other";
  }
  // A PDF may carry a few bytes of junk before its header; readers accept it within the first KiB.
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + PDF.length <= head.length; i++) {
    if (startsWith(head, PDF, i)) return "pdf";
  }
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  if (startsWith(bytes, RTF, bom)) return "rtf";
  if (startsWith(bytes, OLE)) {
    const streams = oleStreams(bytes);
    if (streams === null) return "binary-other";
    if (streams.has("EncryptionInfo") && streams.has("EncryptedPackage")) return "encrypted-ooxml";
    if (streams.has("WordDocument")) return "doc";
    if (streams.has("Workbook") || streams.has("Book")) return "xls";
    return "binary-other";
  }
  return Either.isRight(readText(bytes)) ? "text" : "binary-other";
};
