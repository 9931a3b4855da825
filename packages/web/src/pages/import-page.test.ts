import { describe, expect, it } from "vitest";
import { recogniseUpload, sideOf } from "./import-page.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("an upload's format, told from its content", () => {
  it("a ZIP container is XLSX, `{` opens JSON, other UTF-8 text is a document in a seed layout", () => {
    expect(recogniseUpload(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0])).kind).toBe("xlsx");
    expect(recogniseUpload(bytes('\uFEFF  {"plan": {}}'))).toEqual({ kind: "json", text: '  {"plan": {}}' });
    expect(recogniseUpload(bytes("№ з/п\tЗахід\n1)\tпровести\n"))).toEqual({ kind: "text", text: "№ з/п\tЗахід\n1)\tпровести\n" });
  });

  it("no bytes or only blanks is empty; NUL, control characters or bytes that are not UTF-8 are binary", () => {
    expect(recogniseUpload(new Uint8Array(0)).kind).toBe("empty");
    expect(recogniseUpload(bytes(" \n\t ")).kind).toBe("empty");
    expect(recogniseUpload(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])).kind).toBe("binary");
    expect(recogniseUpload(Uint8Array.from([0xd0, 0x9f, 0xff, 0xfe])).kind).toBe("binary");
    expect(recogniseUpload(bytes("план\u0001\u0002\u0003")).kind).toBe("binary");
  });

  it("a bilingual reason is read in the reader's language", () => {
    expect(sideOf("двійковий файл, не текст / binary file, not text", "uk")).toBe("двійковий файл, не текст");
    expect(sideOf("двійковий файл, не текст / binary file, not text", "en")).toBe("binary file, not text");
    expect(sideOf("$.sections[0]: немає поля", "en")).toBe("$.sections[0]: немає поля");
  });
});
