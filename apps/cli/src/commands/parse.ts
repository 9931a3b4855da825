/**
 * @module `planledger parse FILE`: a plan document (any seed layout, the interchange JSON, or its CSV/XLSX) to the
 * interchange JSON on stdout. Touches no database and writes no file.
 */
import { readFile } from "node:fs/promises";
import { failureLine, parseFile } from "@planledger/importer";
import { Either } from "effect";

const usage = "Використання / usage: planledger parse FILE";

/**
 * Runs the verb; the exit code is 0 for a parsed document and 2 for unreadable or unrecognised input.
 *
 * @example await run(["fixtures/plans/003_b52cafefab6c56ab.txt"]) // 0, JSON on stdout
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const [file, ...extra] = args;
  if (file === undefined || extra.length > 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = cause instanceof Error && "code" in cause ? String(cause.code) : "";
    const reason =
      code === "ENOENT"
        ? "файл не знайдено / file not found"
        : code === "EISDIR"
          ? "це каталог, а не файл / a directory, not a file"
          : `файл не прочитано / cannot read the file (${code || String(cause)})`;
    process.stderr.write(`planledger parse: ${file}: ${reason}\n`);
    return 2;
  }
  const parsed = await parseFile(bytes);
  if (Either.isLeft(parsed)) {
    process.stderr.write(`planledger parse: ${file}: ${failureLine(parsed.left).replace(/\s+/g, " ")}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(parsed.right.document, null, 2)}\n`);
  return 0;
};
