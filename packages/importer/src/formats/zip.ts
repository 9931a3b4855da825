/**
 * @module Reading the parts of a ZIP container (docx, xlsx) with bounds: the central directory is listed
 * by fflate, the wanted parts are cut out by fflate's streaming reader and inflated by Node's zlib with a
 * ceiling on the output, so a small archive that unpacks to gigabytes (a "zip bomb") is refused after at
 * most the ceiling's worth of work, and a part that inflates to more than its declared size is refused too.
 */
import { inflateRawSync } from "node:zlib";
import { Either } from "effect";
import { Unzip, type UnzipDecoder, type UnzipFile, unzipSync } from "fflate";
import { UnreadableDocument } from "../errors.js";

/**
 * The most a container may unpack to, summed over the parts read (128 MiB). The largest real plan we
 * have seen is a few MiB of document.xml; a workbook's sheets are of the same order. 128 MiB leaves room
 * for images inside an xlsx while keeping one upload from eating the server's memory.
 */
export const MAX_UNZIPPED_BYTES = 128 * 1024 * 1024;

/** One entry as the central directory declares it. */
export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  readonly originalSize: number;
}

export const corruptZip = (): UnreadableDocument =>
  new UnreadableDocument({ reason: "пошкоджений або обрізаний ZIP-архів / corrupt or truncated ZIP archive" });

export const zipBomb = (limit: number): UnreadableDocument =>
  new UnreadableDocument({
    reason: `архів розпаковується у понад ${Math.round(limit / 1024 / 1024)} МіБ (можлива «zip-бомба») / the archive unpacks to more than ${Math.round(limit / 1024 / 1024)} MiB (possible zip bomb)`,
  });

/**
 * The entries of a ZIP archive as its central directory lists them; nothing is inflated.
 *
 * @example listZip(bytes) // Right([{ name: "word/document.xml", size: 1234, originalSize: 9876 }, …])
 */
export const listZip = (bytes: Uint8Array): Either.Either<ReadonlyArray<ZipEntry>, UnreadableDocument> => {
  const entries: ZipEntry[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.size, originalSize: f.originalSize });
        return false;
      },
    });
  } catch {
    return Either.left(corruptZip());
  }
  return Either.right(entries);
};

/** Thrown inside the decoder to stop the streaming reader; mapped to an UnreadableDocument. */
class Refused extends Error {
  constructor(readonly why: UnreadableDocument) {
    super(why.reason);
  }
}

/**
 * The wanted parts of a ZIP archive, inflated, by name. A wanted name that is absent is simply not in the
 * map. The sum of the declared sizes of the wanted parts must stay under `limit`, and no part may inflate
 * to more than it declared.
 *
 * @example Either.getOrThrow(unzipParts(bytes, (n) => n === "word/document.xml")).get("word/document.xml")
 */
export const unzipParts = (
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  limit: number = MAX_UNZIPPED_BYTES,
): Either.Either<ReadonlyMap<string, Uint8Array>, UnreadableDocument> => {
  const listed = listZip(bytes);
  if (Either.isLeft(listed)) return Either.left(listed.left);
  const declared = new Map<string, number>();
  let total = 0;
  for (const e of listed.right) {
    if (!wanted(e.name) || e.name.endsWith("/")) continue;
    declared.set(e.name, e.originalSize);
    total += e.originalSize;
  }
  if (total > limit) return Either.left(zipBomb(limit));

  const parts = new Map<string, Uint8Array>();
  // Node's zlib can stop at a ceiling (maxOutputLength); fflate's own inflate cannot, so the deflated
  // bytes are gathered here and inflated in one bounded call.
  class BoundedInflate implements UnzipDecoder {
    static readonly compression = 8;
    ondata: UnzipDecoder["ondata"] = () => {};
    private readonly chunks: Buffer[] = [];
    constructor(private readonly name: string) {}
    push(chunk: Uint8Array, final: boolean): void {
      this.chunks.push(Buffer.from(chunk));
      if (!final) return;
      const ceiling = declared.get(this.name) ?? 0;
      let out: Uint8Array;
      try {
        out = inflateRawSync(Buffer.concat(this.chunks), { maxOutputLength: Math.max(ceiling, 1) });
      } catch (e) {
        throw new Refused((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? zipBomb(limit) : corruptZip());
      }
      if (out.length !== ceiling) throw new Refused(corruptZip());
      // Node returns a Buffer, a Uint8Array over an ArrayBuffer of its own (never pooled for zlib output).
      this.ondata(null, out as Uint8Array<ArrayBuffer>, true);
    }
  }
  const unzip = new Unzip((file: UnzipFile) => {
    if (!declared.has(file.name)) return;
    file.ondata = (err, data, final) => {
      if (err) throw new Refused(corruptZip());
      if (final && data) parts.set(file.name, data);
    };
    file.start();
  });
  unzip.register(BoundedInflate);
  try {
    unzip.push(bytes, true);
  } catch (e) {
    return Either.left(e instanceof Refused ? e.why : corruptZip());
  }
  return Either.right(parts);
};
