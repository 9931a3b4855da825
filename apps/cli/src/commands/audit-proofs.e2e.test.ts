import { spawnSync } from "node:child_process";
import { createHash, createPublicKey, verify } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventStore, toReplica } from "@planledger/event-store";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "planledger-audit-proofs-"));
const db = join(dir, "luhanska.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const audit = (...args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "audit", ...args], { cwd: root, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

// ---- An auditor's verifier: node:crypto and the specifications (RFC 9162 §2.1, c2sp.org/signed-note,
// c2sp.org/tlog-checkpoint), nothing from this repository. ----

const sha256 = (...parts: ReadonlyArray<Uint8Array>): Buffer => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const leafHashOf = (entry: Uint8Array): Buffer => sha256(Buffer.of(0x00), entry);
const nodeHashOf = (left: Uint8Array, right: Uint8Array): Buffer => sha256(Buffer.of(0x01), left, right);

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to. */
const rootFromInclusion = (index: number, size: number, leaf: Buffer, proof: ReadonlyArray<Buffer>): Buffer => {
  if (index >= size) throw new Error("index beyond the tree");
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new Error("proof too long");
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHashOf(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = nodeHashOf(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error("proof too short");
  return r;
};

/** RFC 9162 §2.1.4.2: whether the proof shows the tree of size2 (root2) extends the tree of size1 (root1). */
const consistent = (size1: number, size2: number, proof: ReadonlyArray<Buffer>, root1: Buffer, root2: Buffer): boolean => {
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Buffer;
  let sr = path[0] as Buffer;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHashOf(c, fr);
      sr = nodeHashOf(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else sr = nodeHashOf(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
};

/** A checkpoint note opened with a verifier key `name+hex(key ID)+base64(0x01 ‖ Ed25519 key)`: its origin, size, root. */
const openCheckpoint = (note: string, vkey: string): { origin: string; size: number; root: Buffer } => {
  // name+keyid+key, and base64 may hold "+" itself: split at the first two only.
  const first = vkey.indexOf("+");
  const second = vkey.indexOf("+", first + 1);
  const [name, keyIdHex, keyText] = [vkey.slice(0, first), vkey.slice(first + 1, second), vkey.slice(second + 1)];
  const keyBytes = Buffer.from(keyText, "base64");
  expect(keyBytes[0]).toBe(0x01);
  const publicKey = keyBytes.subarray(1);
  const keyId = sha256(Buffer.from(`${name}\n`), Buffer.of(0x01), publicKey).subarray(0, 4);
  expect(keyId.toString("hex")).toBe(keyIdHex);
  const split = note.lastIndexOf("\n\n");
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split("\n");
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: publicKey.toString("base64url") }, format: "jwk" });
  const mine = lines.filter((line) => {
    const [dash, signer, signature] = line.split(" ") as [string, string, string];
    const bytes = Buffer.from(signature, "base64");
    return dash === "—" && signer === name && bytes.subarray(0, 4).equals(keyId);
  });
  expect(mine).toHaveLength(1);
  const signature = Buffer.from((mine[0] as string).split(" ")[2] as string, "base64").subarray(4);
  expect(verify(null, Buffer.from(text, "utf8"), key, signature)).toBe(true);
  const [origin, size, rootText] = text.slice(0, -1).split("\n") as [string, string, string];
  return { origin, size: Number(size), root: Buffer.from(rootText, "base64") };
};

const hexes = (proof: ReadonlyArray<string>): Array<Buffer> => proof.map((h) => Buffer.from(h, "hex"));

let ownEvents: ReadonlyArray<{ eventId: string; seq: number; hash: string }> = [];
let districtEvents: ReadonlyArray<{ eventId: string; seq: number; hash: string }> = [];

beforeAll(async () => {
  const district = await Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      for (const planId of ["n328", "n329", "n330"])
        yield* store.append(`plan:${planId}`, [{ type: "PlanAdopted", data: { planId } }], { actor: "petrenko", expectedVersion: "noStream" });
      return { events: yield* store.readAll(), checkpoint: yield* store.checkpoint(), publicKey: store.publicKey };
    }).pipe(Effect.provide(EventStore.inMemory({ nodeId: "novopskovskyi" }))),
  );
  districtEvents = district.events;
  ownEvents = await Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      for (let i = 1; i <= 7; i++)
        yield* store.append(`plan:p${i}`, [{ type: "PlanAdopted", data: { planId: `p${i}`, title: "План заходів" } }], {
          actor: "ivanenko",
          expectedVersion: "noStream",
        });
      yield* store.registerNodeKey("novopskovskyi", district.publicKey);
      yield* store.appendReplicated(district.events.map(toReplica));
      yield* store.appendReplicatedCheckpoint(district.checkpoint);
      return yield* store.readAll({ origin: "luhanska" });
    }).pipe(Effect.provide(EventStore.sqlite({ path: db, nodeId: "luhanska" }))),
  );
});

// Every case starts `planledger` processes (seconds each on a loaded two-core machine).
describe("planledger audit prove and audit consistency", { timeout: 300_000 }, () => {
  it("proves an event of the node's own log with a signed C2SP checkpoint that node:crypto alone verifies, without writing", () => {
    const before = readFileSync(db);
    const event = ownEvents[4] as (typeof ownEvents)[number];
    const { code, stdout, stderr } = audit("prove", "--db", db, "--event", event.eventId);
    expect([code, stderr]).toEqual([0, ""]);
    const out = JSON.parse(stdout) as { entry: string; leafIndex: number; treeSize: number; proof: Array<string>; checkpoint: string; verifierKey: string };
    expect(Object.keys(out)).toEqual(expect.arrayContaining(["entry", "leafIndex", "treeSize", "proof", "checkpoint", "verifierKey"]));
    const entry = Buffer.from(out.entry, "base64");
    expect(entry.toString("utf8")).toBe(`planledger-event/v1\nluhanska\n5\n${event.eventId}\n${event.hash}\n`);
    expect([out.leafIndex, out.treeSize]).toEqual([4, 7]);
    expect(out.verifierKey.startsWith("planledger/luhanska+")).toBe(true);

    const checkpoint = openCheckpoint(out.checkpoint, out.verifierKey);
    expect([checkpoint.origin, checkpoint.size]).toEqual(["planledger/luhanska", out.treeSize]);
    expect(rootFromInclusion(out.leafIndex, out.treeSize, leafHashOf(entry), hexes(out.proof)).equals(checkpoint.root)).toBe(true);
    // One altered byte of the entry leads elsewhere.
    entry.writeUInt8(entry.readUInt8(entry.length - 2) ^ 1, entry.length - 2);
    expect(rootFromInclusion(out.leafIndex, out.treeSize, leafHashOf(entry), hexes(out.proof)).equals(checkpoint.root)).toBe(false);

    expect(readFileSync(db).equals(before)).toBe(true);
    expect([existsSync(`${db}-wal`), existsSync(`${db}-shm`)]).toEqual([false, false]);
    // The first and the last leaf, the same way (each run is a process: a few are enough on a shared machine).
    for (const e of [ownEvents[0], ownEvents[6]] as ReadonlyArray<(typeof ownEvents)[number]>) {
      const each = JSON.parse(audit("prove", "--db", db, "--event", e.eventId).stdout) as typeof out;
      const cp = openCheckpoint(each.checkpoint, each.verifierKey);
      expect(rootFromInclusion(each.leafIndex, each.treeSize, leafHashOf(Buffer.from(each.entry, "base64")), hexes(each.proof)).equals(cp.root)).toBe(true);
    }
  });

  it("proves an event of a replicated origin with that origin's JSON checkpoint, and says why there is no C2SP note", () => {
    const event = districtEvents[1] as (typeof districtEvents)[number];
    const { code, stdout, stderr } = audit("prove", "--db", db, "--event", event.eventId);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^planledger audit prove: novopskovskyi — журнал іншого вузла.*needs novopskovskyi's own key/);
    const out = JSON.parse(stdout) as {
      entry: string;
      leafIndex: number;
      treeSize: number;
      proof: Array<string>;
      root: string;
      checkpoint: null;
      verifierKey: null;
      jsonCheckpoint: { origin: string; seq: number };
      note: string;
    };
    expect([out.checkpoint, out.verifierKey, out.jsonCheckpoint.origin, out.jsonCheckpoint.seq, out.treeSize]).toEqual([null, null, "novopskovskyi", 3, 3]);
    const entry = Buffer.from(out.entry, "base64");
    expect(entry.toString("utf8")).toBe(`planledger-event/v1\nnovopskovskyi\n2\n${event.eventId}\n${event.hash}\n`);
    expect(rootFromInclusion(out.leafIndex, out.treeSize, leafHashOf(entry), hexes(out.proof)).toString("hex")).toBe(out.root);
  });

  it("proves the own log only grew between two sizes, both checkpoints signed, verified with node:crypto alone", () => {
    for (const [from, to] of [[2, 7], [3, 5], [6, 6]] as const) {
      const { code, stdout } = audit("consistency", "--db", db, "--origin", "luhanska", "--from", String(from), "--to", String(to));
      expect(code).toBe(0);
      const out = JSON.parse(stdout) as { fromSize: number; toSize: number; proof: Array<string>; fromCheckpoint: string; toCheckpoint: string; verifierKey: string };
      expect([out.fromSize, out.toSize]).toEqual([from, to]);
      const first = openCheckpoint(out.fromCheckpoint, out.verifierKey);
      const second = openCheckpoint(out.toCheckpoint, out.verifierKey);
      expect([first.size, second.size]).toEqual([from, to]);
      expect(consistent(from, to, hexes(out.proof), first.root, second.root)).toBe(true);
      if (out.proof.length > 0) {
        const altered = hexes(out.proof);
        const hash = altered[0] as Buffer;
        hash.writeUInt8(hash.readUInt8(0) ^ 1, 0);
        expect(consistent(from, to, altered, first.root, second.root)).toBe(false);
      }
    }
    // The C2SP origin line names the same log.
    expect(audit("consistency", "--db", db, "--origin", "planledger/luhanska", "--from", "1", "--to", "7").code).toBe(0);
    const replica = audit("consistency", "--db", db, "--origin", "novopskovskyi", "--from", "1", "--to", "3");
    expect(replica.code).toBe(0);
    expect(JSON.parse(replica.stdout)).toMatchObject({ fromCheckpoint: null, toCheckpoint: { origin: "novopskovskyi", seq: 3 }, verifierKey: null });
  });

  it("refuses bad input with one Ukrainian-first line and exit 2", () => {
    const cases: ReadonlyArray<[ReadonlyArray<string>, RegExp]> = [
      [["prove", "--db", db, "--event", "0190a0e1-0000-7000-8000-0000000000ff"], /^planledger audit prove: події 0190a0e1-0000-7000-8000-0000000000ff у журналі немає \/ no event/],
      [["prove", "--db", db], /^planledger audit prove: потрібен --event ID \/ --event is required$/],
      [["prove", "--db", join(dir, "absent.db"), "--event", "x"], /^planledger audit prove: файлу .* немає \/ no such file/],
      [["consistency", "--db", db, "--origin", "luhanska", "--from", "abc", "--to", "3"], /^planledger audit consistency: --from має бути цілим/],
      [["consistency", "--db", db, "--origin", "luhanska", "--from", "2", "--to", "99"], /^planledger audit consistency: дерево luhanska, листків \/ leaves: 7: кінцевий розмір 99 більший за кількість подій журналу, 7 \/ to size 99 is beyond the 7 events held$/],
      [["consistency", "--db", db, "--origin", "luhanska", "--from", "5", "--to", "3"], /^planledger audit consistency: .*початковий розмір 5 більший за кінцевий 3/],
      [["consistency", "--db", db, "--origin", "luhanska", "--from", "0", "--to", "3"], /^planledger audit consistency: .*від порожнього дерева/],
      [["consistency", "--db", db, "--origin", "volynska", "--from", "1", "--to", "1"], /^planledger audit consistency: журналу походження volynska у базі немає/],
      [["consistency", "--db", db, "--origin", "luhanska", "--from", "1"], /^planledger audit consistency: потрібен --to N/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = audit(...args);
      expect([code, stdout]).toEqual([2, ""]);
      expect(stderr.trimEnd()).toMatch(message);
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    }
    expect(existsSync(join(dir, "absent.db"))).toBe(false);
  });
});
