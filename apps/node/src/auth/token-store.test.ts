import { describe, expect, it } from "vitest";
import { hashToken, inMemoryTokenBackend, makeTokenStore } from "./token-store.js";

describe("token store", () => {
  it("keeps only the SHA-256 of a token and verifies it back to its principal", async () => {
    const backend = inMemoryTokenBackend();
    const store = makeTokenStore("luhanska", backend);
    const { token, record } = await store.issue("olena", "editor");

    expect(token.startsWith("pl_luhanska_")).toBe(true);
    expect(record.hash).toBe(hashToken(token));
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await backend.list())).not.toContain(token);
    expect(await store.verify(token)).toMatchObject({ name: "olena", role: "editor", node: "luhanska", actor: "olena@luhanska" });
  });

  it("refuses a token of another node, an unknown token and a revoked token", async () => {
    const luhanska = makeTokenStore("luhanska", inMemoryTokenBackend());
    const volynska = makeTokenStore("volynska", inMemoryTokenBackend());
    const foreign = (await volynska.issue("admin", "admin")).token;
    const own = await luhanska.issue("script", "reporter");

    expect(await luhanska.verify(foreign)).toEqual({ refused: expect.stringContaining("volynska") });
    expect(await luhanska.verify(`${own.token}x`)).toEqual({ refused: expect.stringContaining("unknown token") });
    // A secret with "_" in it still belongs to the node named before it.
    expect(await luhanska.verify("pl_luhanska_ab_cd_ef")).toEqual({ refused: expect.stringContaining("unknown token") });
    expect(await luhanska.verify("pl_volynska_ab_cd")).toEqual({ refused: expect.stringContaining('"volynska"') });
    expect(await luhanska.revoke(own.record.id)).toBe(true);
    expect(await luhanska.verify(own.token)).toEqual({ refused: expect.stringContaining("revoked") });
    expect((await luhanska.list()).map((t) => t.revokedAt === null)).toEqual([false]);
  });
});
