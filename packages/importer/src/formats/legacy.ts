/**
 * @module Old Word (.doc), RTF and old Excel (.xls) files converted to .docx/.xlsx by LibreOffice, run
 * headless in a throwaway profile and folder. Nobody should hand-parse these formats; when LibreOffice is
 * not installed the reason names the Debian package that brings it.
 */
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Either } from "effect";
import { UnreadableDocument } from "../errors.js";

export type LegacyKind = "doc" | "rtf" | "xls";

export interface ConvertOptions {
  /** The PATH to look for `soffice` in; the process's own by default. */
  readonly path?: string;
  /** How long LibreOffice may take (ms); 60 s by default — a first start builds its profile. */
  readonly timeoutMs?: number;
}

const TARGET: Record<LegacyKind, "docx" | "xlsx"> = { doc: "docx", rtf: "docx", xls: "xlsx" };
const PACKAGE: Record<LegacyKind, string> = {
  doc: "libreoffice-writer-nogui",
  rtf: "libreoffice-writer-nogui",
  xls: "libreoffice-calc-nogui",
};

/**
 * Where `soffice` is on a PATH, or null.
 *
 * @example await findSoffice("/usr/bin:/bin") // "/usr/bin/soffice" or null
 */
export const findSoffice = async (path: string = process.env.PATH ?? ""): Promise<string | null> => {
  for (const dir of path.split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "soffice");
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
};

const run = (file: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<string | null> =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: "SIGKILL", env, maxBuffer: 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error === null) resolve(null);
      else resolve(error.killed ? `timeout after ${timeoutMs} ms` : (String(stderr).trim().split("\n")[0] ?? error.message));
    });
  });

/**
 * Converts a .doc/.rtf to .docx or an .xls to .xlsx.
 *
 * @example await convertLegacy(bytes, "doc") // Right(docx bytes), or Left("формат .doc потребує LibreOffice: …")
 */
export const convertLegacy = async (
  bytes: Uint8Array,
  kind: LegacyKind,
  options: ConvertOptions = {},
): Promise<Either.Either<Uint8Array, UnreadableDocument>> => {
  const soffice = await findSoffice(options.path ?? process.env.PATH ?? "");
  if (soffice === null) {
    return Either.left(
      new UnreadableDocument({
        reason: `формат .${kind} потребує LibreOffice: apt-get install ${PACKAGE[kind]} / .${kind} needs LibreOffice: apt-get install ${PACKAGE[kind]}`,
      }),
    );
  }
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dir = await mkdtemp(join(tmpdir(), "planledger-convert-"));
  try {
    const input = join(dir, `input.${kind}`);
    const out = join(dir, "out");
    await writeFile(input, bytes);
    // Its own profile: two conversions at once would otherwise fight over the user's profile lock.
    const profile = pathToFileURL(join(dir, "profile")).href;
    const failed = await run(
      soffice,
      [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--convert-to", TARGET[kind], "--outdir", out, input],
      timeoutMs,
      { ...process.env, ...(options.path !== undefined ? { PATH: options.path } : {}), HOME: dir },
    );
    const produced = await readdir(out).catch(() => [] as string[]);
    const file = produced.find((f) => f.endsWith(`.${TARGET[kind]}`));
    if (file === undefined) {
      const why = failed ?? "no output";
      return Either.left(
        new UnreadableDocument({ reason: `LibreOffice не зміг перетворити файл .${kind}: ${why} / LibreOffice could not convert the .${kind} file: ${why}` }),
      );
    }
    return Either.right(new Uint8Array(await readFile(join(out, file))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
