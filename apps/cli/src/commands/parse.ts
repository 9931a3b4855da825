/**
 * @module `planledger parse FILE`: a plan document (Word, Excel, PDF, legacy .doc/.rtf through LibreOffice, text
 * copied from a web page, any seed layout, the interchange JSON, or its CSV/XLSX) to the interchange JSON on stdout.
 * Touches no database and writes no file.
 */
import { readFile } from "node:fs/promises";
import { failureLine, type ParseOptions, parseFile, readColumnList } from "@planledger/importer";
import { Either } from "effect";

const usage = "Використання / usage: planledger parse FILE [--columns label,title,term,executors,2025,…]";

/**
 * Runs the verb; the exit code is 0 for a parsed document and 2 for unreadable or unrecognised input.
 *
 * @example await run(["fixtures/plans/003_b52cafefab6c56ab.txt"]) // 0, JSON on stdout
 */
export const run = async (args: ReadonlyArray<string>): Promise<number> => {
  const positional: string[] = [];
  let options: ParseOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--columns" || arg.startsWith("--columns=")) {
      const list = arg === "--columns" ? args[++i] : arg.slice("--columns=".length);
      const read = readColumnList(list ?? "");
      if (Either.isLeft(read)) {
        process.stderr.write(`planledger parse: --columns: ${read.left}\n`);
        return 2;
      }
      options = { columns: read.right };
    } else {
      positional.push(arg);
    }
  }
  const [file, ...extra] = positional;
  if (file === undefined || extra.length > 0 || file.startsWith("--")) {
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
  const parsed = await parseFile(bytes, options);
  if (Either.isLeft(parsed)) {
    process.stderr.write(`planledger parse: ${file}: ${failureLine(parsed.left).replace(/\s+/g, " ")}\n`);
    return 2;
  }
  // A table read by the general reader carries its reading (columns, every measure's origin and confidence) as one
  // more field of the interchange JSON; reading the JSON back ignores it.
  const { document, reading } = parsed.right;
  process.stdout.write(`${JSON.stringify(reading === undefined ? document : { ...document, reading }, null, 2)}\n`);
  return 0;
};
