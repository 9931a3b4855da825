import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { childClient, openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { auditWitnesses } from "./witness-audit.js";

let temps: Array<ReturnType<typeof tempDir>>;
let nodes: TestNode[];
let oblast: TestNode;
let district: TestNode;

beforeEach(async () => {
  temps = [tempDir()];
  oblast = await openTestNode(temps[0]?.dir ?? "", "luhanska", "oblast");
  district = await openTestNode(temps[0]?.dir ?? "", "novopskovskyi", "district");
  nodes = [oblast, district];
  const { token } = Effect.runSync(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }));
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
const otherHistory = async (record: (node: TestNode) => Promise<unknown>) => {
  const temp = tempDir();
  temps.push(temp);
  copyFileSync(`${district.path}.key`, join(temp.dir, "novopskovskyi.db.key"));
  const forged = await openTestNode(temp.dir, "novopskovskyi", "district");
  nodes.push(forged);
  await record(forged);
  await Effect.runPromise(forged.store.registerNodeKey("luhanska", oblast.node.publicKey));
  const insert = forged.database.sqlite.prepare(
    "INSERT INTO federation_witnesses (origin, seq, hash, signed_at, signature, witness_node, witnessed_at, witness_signature, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  for (const w of Effect.runSync(district.node.witnesses("novopskovskyi"))) {
    insert.run(w.origin, w.seq, w.hash, w.signedAt, w.signature, w.witness?.node, w.witness?.signedAt, w.witness?.signature, w.signedAt);
  }
  // The parent's C2SP cosignatures too, as they were kept for the history it saw.
  for (const c of Effect.runSync(district.node.witness.store.cosignatures("novopskovskyi"))) Effect.runSync(forged.node.witness.store.keepCosignature(c, "2026-12-05T00:00:00.000Z"));
  const chains = await Effect.runPromise(forged.store.verify());
  expect(chains.every((r) => r.broken === null)).toBe(true);
  return forged;
};

describe("auditWitnesses", () => {
  it("finds every countersignature the district keeps valid for the log it holds", () => {
    const held = Effect.runSync(district.node.witnesses("novopskovskyi")).map((w) => w.seq);
    expect(auditWitnesses(district.database.sqlite)).toEqual({
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
    expect(auditWitnesses(oblast.database.sqlite)).toEqual({ checked: 0, cosignatures: 3, findings: [], coverage: [] });
  });

  it("catches a log rewritten after its parent witnessed it, though its own chain and signatures are intact", async () => {
    const forged = await otherHistory((n) => n.record(10, "report:novopskovskyi-p1:2025-Q2"));
    const { checked, cosignatures, findings, quorum } = auditWitnesses(forged.database.sqlite);
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
    expect(findings[3]?.problem).toMatch(/^дерево тут на розмірі 4 інше, ніж контрпідписав luhanska \/ the tree held here at size 4 is not the one luhanska cosigned/);
    // Named as the forged file's parent, luhanska still has witnessed nothing of it.
    forged.database.sqlite
      .prepare("INSERT INTO federation_uplink (id, parent_id, url, token) VALUES (1, 'luhanska', 'http://luhanska', 't')")
      .run();
    expect(auditWitnesses(forged.database.sqlite).quorum).toMatchObject({ quorum: 1, witnesses: ["luhanska"], witnessedSize: 0, latestCosignedSize: 0 });
    expect(quorum).toBeUndefined();
  });

  it("catches a log cut short of what its parent witnessed, and a countersignature that does not verify", async () => {
    const forged = await otherHistory(async (n) => {
      for (let i = 0; i < 6; i++) await n.record(1);
    });
    forged.database.sqlite.prepare("UPDATE federation_witnesses SET witness_signature = ? WHERE seq = 4").run(Buffer.alloc(64).toString("base64"));
    const { findings } = auditWitnesses(forged.database.sqlite);
    expect(findings.map((f) => [f.seq, f.problem.split(" / ")[1]?.split(" (")[0]])).toEqual([
      [4, "luhanska's countersignature does not verify under its key"],
      [8, "luhanska witnessed seq 8, but the log held here ends before it"],
      [10, "luhanska witnessed seq 10, but the log held here ends before it"],
      [4, "the tree held here at size 4 is not the one luhanska cosigned"],
      [8, "luhanska cosigned size 8, but the log held here is shorter"],
      [10, "luhanska cosigned size 10, but the log held here is shorter"],
    ]);
  });
});
