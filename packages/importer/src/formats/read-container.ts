/**
 * @module The one entry for an uploaded file's bytes: refuse what is too large, tell the format from the
 * content, convert old formats, and read the container into a `ReadDocument` — or hand plain text back
 * for the existing text layouts.
 */
import { Either } from "effect";
import { UnreadableDocument } from "../errors.js";
import type { ReadDocument } from "../general/grid.js";
import { readText } from "../text/read-text.js";
import { readDocx } from "./docx.js";
import { type ConvertOptions, convertLegacy } from "./legacy.js";
import { readPdf } from "./pdf.js";
import { sniffFormat } from "./sniff.js";
import { readXlsxGrid } from "./xlsx-grid.js";
import { corruptZip, listZip } from "./zip.js";

/** The largest file read at all (25 MiB): real plans are well under 5 MiB, even as scanned-free PDFs. */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

const unreadable = (reason: string): UnreadableDocument => new UnreadableDocument({ reason });

const withFormat = (read: Either.Either<ReadDocument, UnreadableDocument>, format: ReadDocument["format"]) =>
  Either.map(read, (doc): ReadDocument => ({ ...doc, format }));

/**
 * Reads any supported file.
 *
 * @example await readContainer(fs.readFileSync("план.docx")) // Right({ format: "docx", tables: […], … })
 */
export const readContainer = async (
  bytes: Uint8Array,
  options: ConvertOptions = {},
): Promise<Either.Either<ReadDocument | { readonly text: string }, UnreadableDocument>> => {
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    const mib = (bytes.length / 1024 / 1024).toFixed(1);
    return Either.left(unreadable(`файл завеликий: ${mib} МіБ, найбільше 25 МіБ / file too large: ${mib} MiB, at most 25 MiB`));
  }
  const format = sniffFormat(bytes);
  switch (format) {
    case "docx":
      return readDocx(bytes);
    case "xlsx":
      return readXlsxGrid(bytes);
    case "pdf":
      return readPdf(bytes);
    case "doc":
    case "rtf": {
      const converted = await convertLegacy(bytes, format, options);
      if (Either.isLeft(converted)) return Either.left(converted.left);
      return withFormat(readDocx(converted.right), format);
    }
    case "xls": {
      const converted = await convertLegacy(bytes, "xls", options);
      if (Either.isLeft(converted)) return Either.left(converted.left);
      return readXlsxGrid(converted.right);
    }
    case "encrypted-ooxml":
      return Either.left(
        unreadable("документ Word/Excel захищений паролем: збережіть його без пароля / the Word/Excel document is password-protected: save it without a password"),
      );
    case "zip-other":
      return Either.isLeft(listZip(bytes))
        ? Either.left(corruptZip())
        : Either.left(
            new UnreadableDocument({ reason: "ZIP-архів, але не документ Word чи Excel / a ZIP archive, but not a Word or Excel document", unsupported: true }),
          );
    case "text":
      return Either.map(readText(bytes), (text) => ({ text }));
    case "binary-other": {
      // An image, an archive, a program: no format the importer reads (the API answers 415, not 422).
      const text = readText(bytes);
      const reason = Either.isLeft(text) ? text.left.reason : "невідомий двійковий формат / unknown binary format";
      return Either.left(new UnreadableDocument({ reason, unsupported: true }));
    }
    default: {
      const _: never = format;
      return _;
    }
  }
};
