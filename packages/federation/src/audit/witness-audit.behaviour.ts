import { copyFileSync } from "node:fs";
import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { federationDbOf } from "../store/federation-tables.js";
import { childClient, type EngineTestNode, type OpenTestNode, tempDir } from "../testing/test-nodes.js";
import type { WitnessAudit } from "./witness-audit.js";

/** How an engine's suite opens its nodes, names their key files, and runs the audit over one node's database. */
export interface WitnessAuditEngine {
  readonly open: OpenTestNode;
  /** The key file `open(dir, nodeId, …)` uses (a forged node reuses the district's key). */
  readonly keyFile: (dir: string, nodeId: string) => string;
  readonly audit: (node: EngineTestNode) => Promise<WitnessAudit>;
}

/**
 * The witness audit's cases (countersignatures, C2SP cosignatures, k of n, split views), run on each engine by
 * `witness-audit.int.test.ts` (SQLite files) and `witness-audit.postgres.int.test.ts` (a PostgreSQL schema per node).
 *
 * @example
 * witnessAuditBehaviour("SQLite", { open: openTestNode, keyFile, audit: (n) => Promise.resolve(auditWitnesses(sqliteOf(n))) })
 */
export const witnessAuditBehaviour = (engine: string, { open, keyFile, audit }: WitnessAuditEngine): void => {
  let temps: Array<ReturnType<typeof tempDir>>;
  let nodes: EngineTestNode[];
  let oblast: EngineTestNode;
  let district: EngineTestNode;

  beforeEach(async () => {
    temps = [tempDir()];
    oblast = await open(temps[0]?.dir ?? "", "luhanska", "oblast");
    district = await open(temps[0]?.dir ?? "", "novopskovskyi", "district");
    nodes = [oblast, district];
    const { token } = await Effect.runPromise(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }));
    const client = childClient(district, [oblast, district], { batchSize: 4 });
    await client.join("http://luhanska", token);
    await district.record(10);
    expect((await client.syncOnce()).error).toBeNull();
  });

  afterEach(async () => {
    for (const n of nodes) await n.close();
    for (const t of temps) t.remove();
  });

  /**
   * The district as it could present itself to someone else later: same node id, same key, a log that is
   * chained and signed as it should be, but `record` gives it another history; it carries the countersignatures
   * its parent gave for the history the parent saw.
   */
  const otherHistory = async (record: (node: EngineTestNode) => Promise<unknown>) => {
    const temp = tempDir();
    temps.push(temp);
    copyFileSync(keyFile(temps[0]?.dir ?? "", "novopskovskyi"), keyFile(temp.dir, "novopskovskyi"));
    const forged = await open(temp.dir, "novopskovskyi", "district");
    nodes.push(forged);
    await record(forged);
    await Effect.runPromise(forged.store.registerNodeKey("luhanska", oblast.node.publicKey));
    const db = federationDbOf(forged.database);
    for (const w of await Effect.runPromise(district.node.witnesses("novopskovskyi"))) {
      const row = {
        origin: w.origin,
        seq: w.seq,
        hash: w.hash,
        signed_at: w.signedAt,
        signature: w.signature,
        witness_node: w.witness?.node ?? "",
        witnessed_at: w.witness?.signedAt ?? "",
        witness_signature: w.witness?.signature ?? "",
        received_at: w.signedAt,
      };
      await Effect.runPromise(db.run(db.q.insertInto("federation_witnesses").values(row)));
    }
    // The parent's C2SP cosignatures too, as they were kept for the history it saw.
    for (const c of await Effect.runPromise(district.node.witness.store.cosignatures("novopskovskyi")))
      await Effect.runPromise(forged.node.witness.store.keepCosignature(c, "2026-12-05T00:00:00.000Z"));
    const chains = await Effect.runPromise(forged.store.verify());
    expect(chains.every((r) => r.broken === null)).toBe(true);
    return forged;
  };

  describe(`auditWitnesses (${engine})`, () => {
    it("finds every countersignature the district keeps valid for the log it holds", async () => {
      const held = (await Effect.runPromise(district.node.witnesses("novopskovskyi"))).map((w) => w.seq);
      expect(await audit(district)).toEqual({
        // Three JSON countersignatures, and the three C2SP cosignatures of the same batches.
        checked: 3,
        cosignatures: 3,
        findings: [],
        // How far the parent has countersigned the district's own log: its last countersignature that holds.
        coverage: [{ origin: "novopskovskyi", witness: "luhanska", seq: Math.max(...held) }],
        // k of n: the parent alone, k = 1, by default.
        quorum: { origin: "novopskovskyi", quorum: 1, witnesses: ["luhanska"], witnessedSize: 10, cosignedBy: ["luhanska"], latestCosignedSize: 10 },
      });
      // The oblast keeps no JSON countersignature (it gives them); the cosignatures it made, it keeps, and they hold.
      expect(await audit(oblast)).toEqual({ checked: 0, cosignatures: 3, findings: [], coverage: [] });
    });

    it("catches a log rewritten after its parent witnessed it, though its own chain and signatures are intact", async () => {
      const forged = await otherHistory((n) => n.record(10, "report:novopskovskyi-p1:2025-Q2"));
      const { checked, cosignatures, findings, quorum } = await audit(forged);
      expect([checked, cosignatures]).toEqual([3, 3]);
      // Caught twice: by the JSON countersignatures, and by the C2SP cosignatures (another tree root at each size).
      expect(findings.map((f) => [f.origin, f.seq, f.witnessNode])).toEqual([
        ["novopskovskyi", 4, "luhanska"],
        ["novopskovskyi", 8, "luhanska"],
        ["novopskovskyi", 10, "luhanska"],
        ["novopskovskyi", 4, "luhanska"],
        ["novopskovskyi", 8, "luhanska"],
        ["novopskovskyi", 10, "luhanska"],
      ]);
      expect(findings[0]?.problem).toMatch(/^подія seq 4 тут інша, ніж засвідчив luhanska \/ the event at seq 4 here is not the one luhanska witnessed/);
      expect(findings[3]?.problem).toMatch(
        /^дерево тут на розмірі 4 інше, ніж контрпідписав luhanska \/ the tree held here at size 4 is not the one luhanska cosigned/,
      );
      // Named as the forged file's parent, luhanska still has witnessed nothing of it.
      const db = federationDbOf(forged.database);
      await Effect.runPromise(db.run(db.q.insertInto("federation_uplink").values({ id: 1, parent_id: "luhanska", url: "http://luhanska", token: "t" })));
      expect((await audit(forged)).quorum).toMatchObject({ quorum: 1, witnesses: ["luhanska"], witnessedSize: 0, latestCosignedSize: 0 });
      expect(quorum).toBeUndefined();
    });

    it("catches a log cut short of what its parent witnessed, and a countersignature that does not verify", async () => {
      const forged = await otherHistory(async (n) => {
        for (let i = 0; i < 6; i++) await n.record(1);
      });
      const db = federationDbOf(forged.database);
      await Effect.runPromise(
        db.run(db.q.updateTable("federation_witnesses").set({ witness_signature: Buffer.alloc(64).toString("base64") }).where("seq", "=", 4)),
      );
      const { findings } = await audit(forged);
      expect(findings.map((f) => [f.seq, f.problem.split(" / ")[1]?.split(" (")[0]])).toEqual([
        [4, "luhanska's countersignature does not verify under its key"],
        [8, "luhanska witnessed seq 8, but the log held here ends before it"],
        [10, "luhanska witnessed seq 10, but the log held here ends before it"],
        [4, "the tree held here at size 4 is not the one luhanska cosigned"],
        [8, "luhanska cosigned size 8, but the log held here is shorter"],
        [10, "luhanska cosigned size 10, but the log held here is shorter"],
      ]);
    });

    it("reports the split views recorded, open and lifted, with whether each is conclusive", async () => {
      const db = federationDbOf(district.database);
      const view = { origin: "volynska", source: "push", held_size: 4, held_root: "aa", presented_size: 4, presented_root: "bb", evidence: "{}" };
      await Effect.runPromise(db.run(db.q.insertInto("federation_split_views").values({ ...view, conclusive: 1, event_id: null, detected_at: "2026-12-05T10:00:00.000Z" })));
      await Effect.runPromise(
        db.run(
          db.q
            .insertInto("federation_split_views")
            .values({ ...view, conclusive: 0, event_id: "e1", detected_at: "2026-12-05T11:00:00.000Z", lifted_at: "2026-12-05T12:00:00.000Z", lifted_by: "admin" }),
        ),
      );
      expect((await audit(district)).splitViews).toEqual([
        { origin: "volynska", source: "push", heldSize: 4, presentedSize: 4, heldRoot: "aa", presentedRoot: "bb", conclusive: true, detectedAt: "2026-12-05T10:00:00.000Z", eventId: null, liftedAt: null, liftedBy: null },
        {
          origin: "volynska",
          source: "push",
          heldSize: 4,
          presentedSize: 4,
          heldRoot: "aa",
          presentedRoot: "bb",
          conclusive: false,
          detectedAt: "2026-12-05T11:00:00.000Z",
          eventId: "e1",
          liftedAt: "2026-12-05T12:00:00.000Z",
          liftedBy: "admin",
        },
      ]);
    });
  });
};
