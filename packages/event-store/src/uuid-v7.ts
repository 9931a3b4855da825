/**
 * @module UUIDv7 event ids (RFC 9562): time-ordered, so ids sort roughly in recording order.
 */
import { randomFillSync } from "node:crypto";

// Random bytes are drawn in blocks because one `randomFillSync` call per id dominated the append profile.
const pool = Buffer.allocUnsafe(16 * 256);
let poolOffset = pool.length;
const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * A new UUIDv7: 48-bit Unix milliseconds, version 7, variant 10, 74 random bits.
 *
 * @example
 * uuidV7() // "019a4b7e-1c2d-7f3a-9b1e-5c6d7e8f9a0b"
 */
export const uuidV7 = (now: number = Date.now()): string => {
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const b = pool;
  const o = poolOffset;
  poolOffset += 10;
  const ms = now.toString(16).padStart(12, "0");
  const h = (i: number): string => hex[b[o + i] as number] as string;
  return (
    `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${hex[(b[o] as number) & 0x0f]?.[1]}${h(1)}-` +
    `${hex[((b[o + 2] as number) & 0x3f) | 0x80]}${h(3)}-${h(4)}${h(5)}${h(6)}${h(7)}${h(8)}${h(9)}`
  );
};
