import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { acceptedCodings, codingOf, compress, decompress } from "./content-coding.js";

describe("content codings", () => {
  it("reads what an Accept-Encoding allows, in our order of preference", () => {
    expect(acceptedCodings("gzip, deflate, br")).toEqual(["br", "gzip"]);
    expect(acceptedCodings("gzip;q=1.0, br;q=0.1")).toEqual(["br", "gzip"]);
    expect(acceptedCodings("br;q=0, gzip")).toEqual(["gzip"]);
    expect(acceptedCodings("*")).toEqual(["br", "gzip"]);
    expect(acceptedCodings("gzip, *;q=0")).toEqual(["gzip"]);
    expect(acceptedCodings("x-gzip")).toEqual(["gzip"]);
    expect(acceptedCodings("identity")).toEqual([]);
    expect(acceptedCodings("zstd, deflate")).toEqual([]);
    expect(acceptedCodings(null)).toEqual([]);
  });

  it("names the coding of a body, and none it cannot decode", () => {
    expect([codingOf(undefined), codingOf(""), codingOf("identity"), codingOf("BR"), codingOf("gzip"), codingOf("x-gzip")]).toEqual([
      "identity",
      "identity",
      "identity",
      "br",
      "gzip",
      "gzip",
    ]);
    expect([codingOf("zstd"), codingOf("deflate"), codingOf("gzip, br")]).toEqual([null, null, null]);
  });

  it("gives back what it compressed, in each coding and at each effort", async () => {
    const body = Buffer.from(JSON.stringify({ narrative: "надано соціальні послуги сім'ям ".repeat(200) }));
    for (const coding of ["br", "gzip"] as const)
      for (const effort of ["fast", "small"] as const) {
        const packed = await compress(body, coding, effort);
        expect(packed.byteLength).toBeLessThan(body.byteLength / 10);
        expect(await decompress(packed, coding, body.byteLength)).toEqual(Either.right(body));
      }
  });

  it("refuses a zip bomb at the limit of the decoded size, holding no more than the limit", async () => {
    // 64 MiB of zeros: 64 KiB in gzip, a hundred bytes in brotli.
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const bombs = { gzip: gzipSync(zeros, { level: 9 }), br: brotliCompressSync(zeros, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) };
    expect(bombs.gzip.byteLength).toBeLessThan(70 * 1024);
    expect(bombs.br.byteLength).toBeLessThan(1024);
    const rss = process.memoryUsage().rss;
    expect(await decompress(bombs.gzip, "gzip", 1024 * 1024)).toEqual(Either.left("tooLarge"));
    expect(await decompress(bombs.br, "br", 1024 * 1024)).toEqual(Either.left("tooLarge"));
    expect(process.memoryUsage().rss - rss).toBeLessThan(32 * 1024 * 1024);
    // One byte short of the limit is read.
    expect(Either.isRight(await decompress(gzipSync(Buffer.alloc(1000)), "gzip", 1000))).toBe(true);
    expect(await decompress(gzipSync(Buffer.alloc(1001)), "gzip", 1000)).toEqual(Either.left("tooLarge"));
  });

  it("calls a body that is not in its coding malformed, and a body in the clear over the limit too large", async () => {
    expect(await decompress(Buffer.from('{"_tag":"PushBatch"}'), "br", 1000)).toEqual(Either.left("malformed"));
    expect(await decompress(gzipSync(Buffer.from("{}")).subarray(0, 8), "gzip", 1000)).toEqual(Either.left("malformed"));
    expect(await decompress(Buffer.alloc(1001), "identity", 1000)).toEqual(Either.left("tooLarge"));
  });
});
