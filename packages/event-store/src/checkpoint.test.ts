import { describe, expect, it } from "vitest";
import { signCheckpoint, verifyCheckpoint } from "./checkpoint.js";
import { GENESIS_HASH } from "./hash-chain.js";
import { generateNodeKey } from "./node-key.js";

describe("checkpoint signatures", () => {
  const key = generateNodeKey();
  const other = generateNodeKey();
  const cp = signCheckpoint(key.privateKey, { origin: "novopskovskyi", seq: 3, hash: "a".repeat(64), signedAt: "2026-11-22T08:00:00.000Z" });

  it("verify under the signer's key, again and again, and under no other key", () => {
    expect(verifyCheckpoint(key.publicKey, cp)).toBe(true);
    expect(verifyCheckpoint(key.publicKey, cp)).toBe(true);
    expect(verifyCheckpoint(other.publicKey, cp)).toBe(false);
  });

  it("fail for any changed field even after the genuine checkpoint was verified", () => {
    expect(verifyCheckpoint(key.publicKey, cp)).toBe(true);
    expect(verifyCheckpoint(key.publicKey, { ...cp, seq: 4 })).toBe(false);
    expect(verifyCheckpoint(key.publicKey, { ...cp, hash: GENESIS_HASH })).toBe(false);
    expect(verifyCheckpoint(key.publicKey, { ...cp, signedAt: "2026-11-22T08:00:01.000Z" })).toBe(false);
    expect(verifyCheckpoint(key.publicKey, { ...cp, signature: Buffer.alloc(64, 1).toString("base64") })).toBe(false);
    expect(verifyCheckpoint(key.publicKey, { ...cp, signature: "not base64 at all" })).toBe(false);
    expect(verifyCheckpoint("not a key", cp)).toBe(false);
  });
});
