import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { GENESIS_HASH, envelopeEncoding, envelopeHash, replicaHash, toReplica } from "./hash-chain.js";

const fields = {
  eventId: "0190a0e1-0000-7000-8000-000000000001",
  origin: "luhanska",
  seq: 1,
  stream: "plan:p1003",
  streamVersion: 1,
  type: "PlanAdopted",
  actor: "ivanenko",
  recordedAt: "2018-12-12T09:00:00.000Z",
  causationId: null,
  correlationId: "import-1",
  prevHash: GENESIS_HASH,
};
const data = { title: 'План "1003"', order: { number: "1003", date: "2018-12-12" } };

describe("the envelope hash", () => {
  it("is SHA-256 over the sorted-key JSON of the envelope without hash, prevHash and data included", () => {
    const spec = canonicalJson({ ...fields, data });
    expect(envelopeEncoding(fields, canonicalJson(data))).toBe(spec);
    expect(spec.startsWith('{"actor":"ivanenko","causationId":null,"correlationId":"import-1","data":{"order"')).toBe(true);
    expect(envelopeHash(fields, canonicalJson(data))).toBe(createHash("sha256").update(spec, "utf8").digest("hex"));
  });

  it("changes with any covered field and with the previous hash", () => {
    const base = envelopeHash(fields, canonicalJson(data));
    expect(GENESIS_HASH).toBe("0".repeat(64));
    expect(envelopeHash({ ...fields, prevHash: base }, canonicalJson(data))).not.toBe(base);
    expect(envelopeHash({ ...fields, actor: "petrenko" }, canonicalJson(data))).not.toBe(base);
    expect(envelopeHash(fields, canonicalJson({ ...data, title: "Інший" }))).not.toBe(base);
  });

  it("of a replica is taken over its own data text, remembered per object, and recomputed when the text or a field changes", () => {
    const replica = toReplica({ ...fields, data, hash: "claimed" });
    expect(replica).toEqual({ ...fields, dataJson: canonicalJson(data), hash: "claimed" });
    const expected = envelopeHash(fields, canonicalJson(data));
    expect(replicaHash(replica)).toBe(expected);
    expect(replicaHash(replica)).toBe(expected);
    expect(Object.keys(replica)).toEqual(Object.keys({ ...fields, dataJson: "", hash: "" }));
    // A text the origin wrote differently (not canonical) is hashed as it is: the hash proves the bytes.
    const spaced = { ...replica, dataJson: JSON.stringify(data, null, 1) };
    expect(replicaHash(spaced)).toBe(envelopeHash(fields, spaced.dataJson));
    const mutable: { -readonly [K in keyof typeof replica]: (typeof replica)[K] } = replica;
    mutable.dataJson = canonicalJson({ ...data, title: "Інший" });
    expect(replicaHash(mutable)).toBe(envelopeHash(fields, mutable.dataJson));
    mutable.actor = "petrenko";
    expect(replicaHash(mutable)).toBe(envelopeHash({ ...fields, actor: "petrenko" }, mutable.dataJson));
  });
});
