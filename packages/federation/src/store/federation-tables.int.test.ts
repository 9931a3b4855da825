import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqlite } from "@planledger/event-store";
import { afterEach, describe, expect, it } from "vitest";
import { federationDb, migrateFederation } from "./federation-tables.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Two connections to one fresh database file, as a node and a CLI command beside it would hold. */
const twoConnections = () => {
  const dir = mkdtempSync(join(tmpdir(), "planledger-fed-tables-"));
  dirs.push(dir);
  const path = join(dir, "node.db");
  const [a, b] = [openSqlite(path), openSqlite(path)];
  const [mine, theirs] = [federationDb({ path, ...a }), federationDb({ path, ...b })];
  migrateFederation(mine);
  const close = () => {
    a.sqlite.close();
    b.sqlite.close();
  };
  return { mine, theirs, close };
};

const invite = (nodeId: string) => ({
  node_id: nodeId,
  level: "district",
  parent_id: "luhanska",
  public_key: null,
  relation: "below" as const,
  token_hash: null,
  via: null,
  invited_at: "2026-11-22T10:00:00.000Z",
  enrolled_at: null,
});

describe("cachedAll", () => {
  it("answers from memory until this connection writes or another one commits", () => {
    const { mine, theirs, close } = twoConnections();
    const nodes = mine.q.selectFrom("federation_nodes").select("node_id").orderBy("node_id");
    const ids = () => mine.cachedAll(nodes).map((n) => n.node_id);
    try {
      expect(ids()).toEqual([]);
      const first = mine.cachedAll(nodes);
      expect(mine.cachedAll(nodes)).toBe(first);
      const before = mine.generation();

      mine.run(mine.q.insertInto("federation_nodes").values(invite("novopskovskyi")));
      expect(ids()).toEqual(["novopskovskyi"]);
      expect(mine.generation()).not.toBe(before);

      theirs.run(theirs.q.insertInto("federation_nodes").values(invite("bilokurakynskyi")));
      expect(ids()).toEqual(["bilokurakynskyi", "novopskovskyi"]);

      // Inside a transaction the answer is read, and what it saw is not kept once the transaction rolls back.
      expect(() =>
        mine.transaction(() => {
          mine.run(mine.q.insertInto("federation_nodes").values(invite("markivskyi")));
          expect(ids()).toEqual(["bilokurakynskyi", "markivskyi", "novopskovskyi"]);
          throw new Error("rolled back");
        }),
      ).toThrow("rolled back");
      expect(ids()).toEqual(["bilokurakynskyi", "novopskovskyi"]);
    } finally {
      close();
    }
  });
});
