/**
 * @module Password hashing with `node:crypto` scrypt (memory-hard): N = 2^15, r = 8, p = 1 (32 MiB, ~0.1 s on
 * the machines here), a 16-byte salt, a 32-byte key, stored as `scrypt$N$r$p$salt$key` so the parameters can
 * be raised later without breaking stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

const derive = (password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * n * r + 16 * 1024 * 1024 }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    ),
  );

/** @example const stored = await hashPassword("довгий пароль 2026") // "scrypt$32768$8$1$…$…" */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
};

/** Whether `password` matches `stored`; a malformed stored hash never matches. Constant time in the key. */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || n === undefined || r === undefined || p === undefined || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/** Why a new password is refused, in both languages; null when it will do. */
export const weakPassword = (password: string): string | null =>
  [...password].length < 10
    ? "пароль має містити щонайменше 10 символів / a password needs at least 10 characters"
    : null;
