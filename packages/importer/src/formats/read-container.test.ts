import CFB from "cfb";
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import { Either } from "effect";
import { strToU8, zipSync } from "fflate";
import officeCrypto from "officecrypto-tool";
import { describe, expect, it } from "vitest";
import { MAX_DOCUMENT_BYTES, readContainer } from "./read-container.js";

/** An OLE compound file holding the named streams, as old Office writes them. */
const ole = (...streams: string[]): Uint8Array => {
  const container = CFB.utils.cfb_new();
  for (const s of streams) CFB.utils.cfb_add(container, s, Buffer.from("x".repeat(4096)));
  return new Uint8Array(CFB.write(container, { type: "buffer" }) as Buffer);
};

const reason = (r: Either.Either<unknown, { reason: string }>): string | false => Either.isLeft(r) && r.left.reason;

const docx = async (): Promise<Uint8Array> =>
  new Uint8Array(
    await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              new Paragraph("План"),
              new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph("1.")] })] })] }),
            ],
          },
        ],
      }),
    ),
  );

describe("readContainer", () => {
  it("reads a docx into tables and plain text into text", async () => {
    const read = Either.getOrThrow(await readContainer(await docx()));
    expect("tables" in read && read.tables[0]?.rows[0]?.cells[0]?.text).toBe("1.");
    expect(Either.getOrThrow(await readContainer(strToU8("\uFEFF№ з/п\tЗахід\n")))).toEqual({ text: "№ з/п\tЗахід\n" });
  });

  it("refuses input over 25 MiB before looking at it", async () => {
    const r = await readContainer(new Uint8Array(MAX_DOCUMENT_BYTES + 1));
    expect(reason(r)).toBe("файл завеликий: 25.0 МіБ, найбільше 25 МіБ / file too large: 25.0 MiB, at most 25 MiB");
  });

  it("refuses a docx whose document.xml unpacks past 128 MiB", async () => {
    const bomb = zipSync({ "word/document.xml": [new Uint8Array(129 * 1024 * 1024).fill(32), { level: 1 }] });
    expect(bomb.length).toBeLessThan(MAX_DOCUMENT_BYTES);
    expect(reason(await readContainer(bomb))).toMatch(/^архів розпаковується у понад 128 МіБ .* \/ the archive unpacks to more than 128 MiB/);
  });

  it("says what is wrong with corrupt, foreign and protected containers", async () => {
    const whole = await docx();
    expect(reason(await readContainer(whole.subarray(0, whole.length - 40)))).toBe(
      "пошкоджений або обрізаний ZIP-архів / corrupt or truncated ZIP archive",
    );
    expect(reason(await readContainer(zipSync({ "a.txt": strToU8("a") })))).toMatch(/не документ Word чи Excel/);
    const encrypted = new Uint8Array(await officeCrypto.encrypt(Buffer.from(whole), { password: "secret" }));
    expect(reason(await readContainer(encrypted))).toMatch(/^документ Word\/Excel захищений паролем.* \/ .*password-protected/);
    expect(reason(await readContainer(new Uint8Array(0)))).toBe("порожній файл / empty file");
    expect(reason(await readContainer(new Uint8Array([0, 1, 2])))).toBe("двійковий файл, не текст / binary file, not text");
  });

  it("sends .doc, .rtf and .xls to LibreOffice, naming its package when it is missing", async () => {
    const none = { path: "/nonexistent" };
    expect(reason(await readContainer(ole("WordDocument"), none))).toMatch(/^формат \.doc потребує LibreOffice/);
    expect(reason(await readContainer(ole("Workbook"), none))).toMatch(/libreoffice-calc-nogui/);
    expect(reason(await readContainer(strToU8("{\\rtf1 план}"), none))).toMatch(/^формат \.rtf потребує LibreOffice/);
  });
});
