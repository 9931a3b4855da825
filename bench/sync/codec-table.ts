/**
 * @module `tsx bench/sync/codec-table.ts <dir>`: for each push body in `<dir>` (written by codecs.ts, one
 * `<sample>.<events>.json` file per batch), each content coding this Node has (gzip and brotli always; zstd from
 * Node 22.15/23.8, when `zlib.zstdCompressSync` exists) at several levels: bytes per event, ratio, and CPU time to
 * compress and to decompress one batch. Only node:zlib, so the same file runs under another Node
 * (`npx -y node@24 --import tsx bench/sync/codec-table.ts <dir>`) without the workspace's native modules.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as zlib from "node:zlib";

type Codec = { readonly name: string; readonly compress: (b: Buffer) => Buffer; readonly decompress: (b: Buffer) => Buffer };

const { constants: Z } = zlib;
// zstd's functions and constants only exist from Node 22.15 / 23.8: looked up by name so Node 20's types compile.
const zstd = zlib as unknown as {
  zstdCompressSync?: (b: Buffer, o: object) => Buffer;
  zstdDecompressSync?: (b: Buffer) => Buffer;
  constants: Record<string, number>;
};

const gzip = (level: number): Codec => ({
  name: `gzip ${level}`,
  compress: (b) => zlib.gzipSync(b, { level }),
  decompress: (b) => zlib.gunzipSync(b),
});
const brotli = (quality: number): Codec => ({
  name: `br ${quality}`,
  compress: (b) =>
    zlib.brotliCompressSync(b, {
      params: { [Z.BROTLI_PARAM_QUALITY]: quality, [Z.BROTLI_PARAM_MODE]: Z.BROTLI_MODE_TEXT, [Z.BROTLI_PARAM_SIZE_HINT]: b.byteLength },
    }),
  decompress: (b) => zlib.brotliDecompressSync(b),
});
const zstdAt = (level: number): Codec | null => {
  const { zstdCompressSync, zstdDecompressSync } = zstd;
  const param = zstd.constants.ZSTD_c_compressionLevel;
  if (zstdCompressSync === undefined || zstdDecompressSync === undefined || param === undefined) return null;
  return {
    name: `zstd ${level}`,
    compress: (b) => zstdCompressSync(b, { params: { [param]: level } }),
    decompress: (b) => zstdDecompressSync(b),
  };
};

const codecs: Codec[] = [
  gzip(1),
  gzip(6),
  gzip(9),
  brotli(1),
  brotli(4),
  brotli(5),
  brotli(6),
  brotli(9),
  brotli(11),
  ...[1, 3, 9, 19].map(zstdAt).filter((c): c is Codec => c !== null),
];

/** CPU microseconds (user + system) per call of `run`, over at least 150 ms of CPU or 5 calls. */
const cpuMicros = (run: () => unknown): number => {
  run();
  let calls = 0;
  const start = process.cpuUsage();
  let spent = 0;
  while (calls < 5 || spent < 150_000) {
    run();
    calls++;
    const used = process.cpuUsage(start);
    spent = used.user + used.system;
  }
  return spent / calls;
};

const dir = process.argv[2];
if (dir === undefined) throw new Error("usage: codec-table.ts <dir of push bodies>");
const samples = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => {
    const [sample, events] = f.replace(/\.json$/, "").split(".");
    return { sample: sample ?? f, events: Number(events), body: readFileSync(join(dir, f)) };
  });

process.stdout.write(
  `Node ${process.version}, zstd ${zstd.zstdCompressSync === undefined ? "absent (zlib.zstdCompressSync undefined)" : "present"}\n` +
    "| sample | events | coding | bytes/event | ratio | compress µs/batch | decompress µs/batch | compress µs/event |\n" +
    "| --- | --- | --- | --- | --- | --- | --- | --- |\n",
);
for (const { sample, events, body } of samples) {
  process.stdout.write(`| ${sample} | ${events} | identity | ${(body.byteLength / events).toFixed(0)} | 1.00 | – | – | – |\n`);
  for (const codec of codecs) {
    const packed = codec.compress(body);
    if (!codec.decompress(packed).equals(body)) throw new Error(`${codec.name} did not give the body back`);
    const compress = cpuMicros(() => codec.compress(body));
    const decompress = cpuMicros(() => codec.decompress(packed));
    process.stdout.write(
      `| ${sample} | ${events} | ${codec.name} | ${(packed.byteLength / events).toFixed(0)} | ${(body.byteLength / packed.byteLength).toFixed(2)} | ` +
        `${compress.toFixed(0)} | ${decompress.toFixed(0)} | ${(compress / events).toFixed(1)} |\n`,
    );
  }
}
