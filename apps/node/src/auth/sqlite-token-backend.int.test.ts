import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openSqlite } from "@planledger/event-store";
import { afterAll, describe, expect, it } from "vitest";
import { nodeMigrations } from "../migrations/index.js";
import { sqliteTokenBackend } from "./sqlite-token-backend.js";
import { makeTokenStore } from "./token-store.js";

const dir = mkdtempSync(join(tmpdir(), "planledger-node-tokens-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** A connection to a database file in the shape the event store's layer provides. */
const open = (path: string) => ({ path, ...openSqlite(path) });

describe("tokens in the node database", () => {
  it("issue, list, verify and revoke through statements prepared once", async () => {
    const db = open(join(dir, "own.db"));
    await migrateDatabase(db.kysely, [nodeMigrations]);
    const tokens = makeTokenStore("luhanska", sqliteTokenBackend(db), () => new Date("2026-11-22T10:00:00Z"));
    const olena = tokens.issue("olena", "editor");
    const script = tokens.issue("script", "reporter");
    expect(tokens.verify(olena.token)).toMatchObject({ tokenId: olena.record.id, name: "olena", role: "editor" });
    expect(tokens.verify(script.token)).toMatchObject({ name: "script", role: "reporter" });
    expect(tokens.list().map((t) => [t.name, t.revokedAt])).toEqual([
      ["olena", null],
      ["script", null],
    ]);
    expect(tokens.revoke(olena.record.id)).toBe(true);
    expect(tokens.revoke(olena.record.id)).toBe(false);
    expect(tokens.verify(olena.token)).toEqual({ refused: expect.stringContaining("revoked") });
    expect(tokens.verify(script.token)).toMatchObject({ name: "script" });
    expect(tokens.list().find((t) => t.name === "olena")?.revokedAt).toBe("2026-11-22T10:00:00.000Z");
    db.sqlite.close();
  });

  it("refuses a token at once when another connection revokes it: nothing but the statements is kept", async () => {
    const path = join(dir, "shared.db");
    const node = open(path);
    await migrateDatabase(node.kysely, [nodeMigrations]);
    const tokens = makeTokenStore("luhanska", sqliteTokenBackend(node));
    const { token, record } = tokens.issue("olena", "editor");
    expect(tokens.verify(token)).toMatchObject({ name: "olena" });

    // e.g. an operator's tool on the same database file
    const operator = open(path);
    expect(makeTokenStore("luhanska", sqliteTokenBackend(operator)).revoke(record.id)).toBe(true);
    expect(tokens.verify(token)).toEqual({ refused: expect.stringContaining("revoked") });
    operator.sqlite.close();
    node.sqlite.close();
  });
});
