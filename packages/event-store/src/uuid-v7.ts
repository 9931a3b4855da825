/**
 * @module UUIDv7 event ids (RFC 9562): time-ordered, so ids sort roughly in recording order.
 */
import { randomFillSync } from "node:crypto";

// Random bytes are drawn in blocks because one `randomFillSync` call per id dominated the append profile.
const pool = Buffer.allocUnsafe(10 * 512);
let poolOffset = pool.length;
const VARIANT = "89ab";

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
  const r = pool.toString("hex", poolOffset, poolOffset + 10);
  const variant = VARIANT[(pool[poolOffset + 2] as number) & 3] as string;
  poolOffset += 10;
  const ms = now.toString(16).padStart(12, "0");
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${r.slice(1, 4)}-${variant}${r.slice(5, 8)}-${r.slice(8, 20)}`;
};
