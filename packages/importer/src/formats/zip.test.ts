import { Either } from "effect";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { unzipParts } from "./zip.js";

/** A zip whose directory declares a part far smaller than what it inflates to (a lying zip bomb). */
const lyingZip = (): Uint8Array => {
  const zip = zipSync({ "word/document.xml": [new Uint8Array(8 * 1024 * 1024).fill(32), { level: 9 }] });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  view.setUint32(22, 1000, true); // local header: uncompressed size
  for (let i = zip.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x02014b50) {
      view.setUint32(i + 24, 1000, true); // central directory: uncompressed size
      break;
    }
  }
  return zip;
};

describe("unzipParts", () => {
  it("inflates the wanted parts only", () => {
    const zip = zipSync({ "a.xml": strToU8("<a/>"), "b.xml": strToU8("<b/>") });
    const parts = Either.getOrThrow(unzipParts(zip, (n) => n === "a.xml"));
    expect([...parts.keys()]).toEqual(["a.xml"]);
    expect(new TextDecoder().decode(parts.get("a.xml"))).toBe("<a/>");
  });

  it("refuses parts whose declared size passes the limit", () => {
    const zip = zipSync({ "a.xml": new Uint8Array(4096) });
    const r = unzipParts(zip, () => true, 1024);
    expect(Either.isLeft(r) && r.left.reason).toMatch(/zip-бомба.*zip bomb/);
  });

  it("stops a part that inflates past its declared size", () => {
    const r = unzipParts(lyingZip(), () => true);
    expect(Either.isLeft(r) && r.left.reason).toMatch(/zip bomb/);
  });

  it("refuses a truncated archive", () => {
    const zip = zipSync({ "a.xml": strToU8("<a/>".repeat(100)) });
    const r = unzipParts(zip.subarray(0, zip.length - 30), () => true);
    expect(Either.isLeft(r) && r.left.reason).toBe("пошкоджений або обрізаний ZIP-архів / corrupt or truncated ZIP archive");
  });
});
