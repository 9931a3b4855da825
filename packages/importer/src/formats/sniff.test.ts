import CFB from "cfb";
import { Document, Packer, Paragraph } from "docx";
import ExcelJS from "exceljs";
import { strToU8, zipSync } from "fflate";
import officeCrypto from "officecrypto-tool";
import { describe, expect, it } from "vitest";
import { sniffFormat } from "./sniff.js";

/** An OLE compound file holding the named streams, as old Office and encrypted new Office write them. */
const ole = (...streams: string[]): Uint8Array => {
  const container = CFB.utils.cfb_new();
  for (const s of streams) CFB.utils.cfb_add(container, s, Buffer.from("x".repeat(4096)));
  return new Uint8Array(CFB.write(container, { type: "buffer" }) as Buffer);
};

const docx = async (): Promise<Uint8Array> =>
  new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("План")] }] })));

describe("sniffFormat", () => {
  it("tells OOXML containers by their parts, never by a name", async () => {
    expect(sniffFormat(await docx())).toBe("docx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("А").getCell("A1").value = 1;
    expect(sniffFormat(new Uint8Array(await wb.xlsx.writeBuffer()))).toBe("xlsx");
    expect(sniffFormat(zipSync({ "readme.txt": strToU8("hi") }))).toBe("zip-other");
    expect(sniffFormat((await docx()).subarray(0, 200))).toBe("zip-other");
  });

  it("tells OLE files by their streams", async () => {
    expect(sniffFormat(ole("WordDocument", "1Table"))).toBe("doc");
    expect(sniffFormat(ole("Workbook"))).toBe("xls");
    expect(sniffFormat(ole("Something"))).toBe("binary-other");
    const encrypted = new Uint8Array(await officeCrypto.encrypt(Buffer.from(await docx()), { password: "secret" }));
    expect(sniffFormat(encrypted)).toBe("encrypted-ooxml");
  });

  it("tells PDF, RTF, text and other binaries by their first bytes", () => {
    expect(sniffFormat(strToU8("%PDF-1.7\n"))).toBe("pdf");
    expect(sniffFormat(strToU8("{\\rtf1\\ansi план}"))).toBe("rtf");
    expect(sniffFormat(strToU8("№ з/п\tНайменування заходу\n"))).toBe("text");
    expect(sniffFormat(new Uint8Array([0, 1, 2, 3, 255]))).toBe("binary-other");
    expect(sniffFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toBe("binary-other");
  });
});
