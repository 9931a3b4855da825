import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { convertLegacy, findSoffice } from "./legacy.js";
import { readDocx } from "./docx.js";

const RTF = new TextEncoder().encode("{\\rtf1\\ansi\\ansicpg1251 {\\trowd\\cellx2000\\cellx4000 1.\\cell \\'cf\\'eb\\'e0\\'ed\\cell\\row}}");

const soffice = await findSoffice();

describe("convertLegacy", () => {
  it("names the Debian package when LibreOffice is not on the PATH", async () => {
    const doc = await convertLegacy(new Uint8Array([1]), "doc", { path: "/nonexistent" });
    expect(Either.isLeft(doc) && doc.left.reason).toBe(
      "формат .doc потребує LibreOffice: apt-get install libreoffice-writer-nogui / .doc needs LibreOffice: apt-get install libreoffice-writer-nogui",
    );
    const xls = await convertLegacy(new Uint8Array([1]), "xls", { path: "/nonexistent" });
    expect(Either.isLeft(xls) && xls.left.reason).toMatch(/apt-get install libreoffice-calc-nogui \/ \.xls needs LibreOffice/);
  });

  it.skipIf(soffice === null)("converts an RTF table to docx (only where soffice is installed)", async () => {
    const docx = Either.getOrThrow(await convertLegacy(RTF, "rtf"));
    const read = Either.getOrThrow(readDocx(docx));
    expect(read.tables[0]?.rows[0]?.cells.map((c) => c.text)).toEqual(["1.", "План"]);
  });
});
