import { spawn } from "node:child_process";
import { createHash, createPublicKey, verify } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ed25519CosignatureVerifier,
  ed25519NoteSigner,
  readNodeKey,
  signTlogCheckpoint,
  tlogOrigin,
  verifierKey,
} from "@planledger/event-store";
import { type NodeProcess, api, repoRoot, startNodeProcess, tempDir } from "@planledger/federation/testing";
import { Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** `planledger audit …` as a process; asynchronous, so this process's own node servers keep answering. */
const audit = (...args: ReadonlyArray<string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "audit", ...args], { cwd: repoRoot });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

/**
 * A tlog-cosignature/v1 line checked with node:crypto and c2sp.org/tlog-cosignature alone: `— <name> base64(key ID ‖
 * u64 time ‖ Ed25519 signature)` over "cosignature/v1\ntime <t>\n" and the note's text. True when it verifies.
 */
const cosignatureHolds = (note: string, name: string, spki: string): boolean => {
  const split = note.lastIndexOf("\n\n");
  const text = note.slice(0, split + 1);
  const raw = createPublicKey({ key: Buffer.from(spki, "base64"), format: "der", type: "spki" }).export({ format: "jwk" }).x as string;
  const keyId = createHash("sha256").update(`${name}\n`).update(Buffer.of(0x04)).update(Buffer.from(raw, "base64url")).digest().subarray(0, 4);
  const line = note
    .slice(split + 2, -1)
    .split("\n")
    .map((l) => l.split(" "))
    .find(([dash, signer, b64]) => dash === "—" && signer === name && Buffer.from(b64 ?? "", "base64").subarray(0, 4).equals(keyId));
  if (line === undefined) return false;
  const bytes = Buffer.from(line[2] as string, "base64");
  const time = bytes.readBigUInt64BE(4);
  const key = createPublicKey({ key: Buffer.from(spki, "base64"), format: "der", type: "spki" });
  return verify(null, Buffer.from(`cosignature/v1\ntime ${time}\n${text}`, "utf8"), key, bytes.subarray(12));
};

const signersOf = (note: string): string[] =>
  note
    .slice(note.lastIndexOf("\n\n") + 2, -1)
    .split("\n")
    .map((l) => l.split(" ")[1] as string);

let temp: ReturnType<typeof tempDir>;
let oblast: NodeProcess;
let district: NodeProcess;
let pushed = 0;
let served = "";
let ownEventId = "";
let planId = "";

beforeAll(async () => {
  temp = tempDir();
  [oblast, district] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }),
  ]);
  const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: "novopskovskyi", level: "district" });
  expect((await api(district, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
  const plan = readFileSync(join(repoRoot, "fixtures/plans/002_d9322476a2055758.txt"), "utf8");
  const adopted = await api<{ planId: string }>(district, "POST", "/api/v1/plans", plan);
  expect(adopted.status).toBe(201);
  planId = adopted.body.planId;
  expect((await api<{ error: string | null }>(district, "POST", "/federation/v1/sync")).body.error).toBeNull();
  pushed = (await api<{ ownSeq: number }>(district, "GET", "/health")).body.ownSeq;
  // What the district serves an outside transparency client: its note with the parent's cosignature line.
  const checkpoint = await api<{ note: string; treeSize: number }>(district, "GET", `/api/v1/checkpoint?size=${pushed}`);
  expect(checkpoint.status).toBe(200);
  served = checkpoint.body.note;
  const log = await api<{ events: Array<[string, ...unknown[]]> }>(district, "GET", "/api/v1/audit/origins/novopskovskyi/log?from=3&limit=1");
  ownEventId = log.body.events[0]?.[0] as string;
  // The district stops; its file is what the auditor holds. The oblast keeps answering.
  await district.kill();
}, 240_000);

afterAll(async () => {
  await oblast?.kill();
  temp?.remove();
});

describe("audit prove and audit consistency carry the cosignatures the node keeps", () => {
  it("prints the checkpoint the node serves: its own signature, then its parent's tlog-cosignature/v1 line", async () => {
    const oblastKey = readNodeKey(`${oblast.dbPath}.key`).publicKey;
    const run = await audit("prove", "--db", district.dbPath, "--event", ownEventId);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const out = JSON.parse(run.stdout) as { treeSize: number; checkpoint: string; witnesses: string[] };
    expect(out.treeSize).toBe(pushed);
    expect(signersOf(out.checkpoint)).toEqual(["planledger/novopskovskyi", "planledger/luhanska"]);
    // The very lines the running node served; the parent's verifies under the oblast's own key file.
    expect(out.checkpoint).toBe(served);
    expect(cosignatureHolds(out.checkpoint, "planledger/luhanska", oblastKey)).toBe(true);
    expect(out.witnesses).toEqual([verifierKey(ed25519CosignatureVerifier(tlogOrigin("luhanska"), oblastKey))]);
    // One byte of the kept line changed in the output fails the same check: the check can fail.
    const altered = out.checkpoint.replace(/(— planledger\/luhanska \S{20})(\S)/, (_, head: string, c: string) => `${head}${c === "A" ? "B" : "A"}`);
    expect(cosignatureHolds(altered, "planledger/luhanska", oblastKey)).toBe(false);
  });

  it("prints both checkpoints of a consistency proof, each with the lines kept for its own size", async () => {
    const oblastKey = readNodeKey(`${oblast.dbPath}.key`).publicKey;
    const run = await audit("consistency", "--db", district.dbPath, "--origin", "novopskovskyi", "--from", "1", "--to", String(pushed));
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const out = JSON.parse(run.stdout) as { fromCheckpoint: string; toCheckpoint: string; witnesses: string[] };
    // The parent cosigned the head it received, not size 1: no line is carried over to a tree head it did not see.
    expect(signersOf(out.fromCheckpoint)).toEqual(["planledger/novopskovskyi"]);
    expect(signersOf(out.toCheckpoint)).toEqual(["planledger/novopskovskyi", "planledger/luhanska"]);
    expect(out.toCheckpoint).toBe(served);
    expect(cosignatureHolds(out.toCheckpoint, "planledger/luhanska", oblastKey)).toBe(true);
    expect(out.witnesses).toHaveLength(1);
  });
});

/** The standalone verifier as an auditor runs it: plain `node`, on a bundle file, with the keys they pinned. */
const verifyBundle = (bundle: unknown, ...keys: ReadonlyArray<string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const file = join(temp.dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(bundle));
    const args = [join(repoRoot, "packages/event-store/verifier/planledger-verify.mjs"), file, ...keys.flatMap((k) => ["--key", k])];
    const child = spawn(process.execPath, args, { cwd: temp.dir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

describe("audit export carries the witnesses' cosignatures, and the verifier checks the pinned ones", () => {
  let bundle: { logs: Array<{ checkpoint: string; verifierKey: string }>; witnesses: string[] };
  let logKey = "";
  let witnessKey = "";
  beforeAll(async () => {
    const run = await audit("export", "--db", district.dbPath, "--plan", planId);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    bundle = JSON.parse(run.stdout);
    logKey = bundle.logs[0]?.verifierKey as string;
    witnessKey = verifierKey(ed25519CosignatureVerifier(tlogOrigin("luhanska"), readNodeKey(`${oblast.dbPath}.key`).publicKey));
  }, 120_000);

  it("puts the parent's line under the district's note, as the node served it, and lists the parent's key", async () => {
    expect(bundle.logs[0]?.checkpoint).toBe(served);
    expect(bundle.witnesses).toEqual([witnessKey]);
    const run = await verifyBundle(bundle, logKey, witnessKey);
    expect(run.stdout).toMatch(/✓ журнал novopskovskyi@\d+: контрольну точку підписано ключем журналу planledger\/novopskovskyi\+[0-9a-f]{8}; співпідписали planledger\/luhanska \(\d\d\.\d\d\.\d{4} \d\d:\d\d UTC\)\n {2}log novopskovskyi@\d+: checkpoint signed by the log's key; cosigned by planledger\/luhanska/);
    expect(run.code).toBe(0);
  });

  it("fails a cosignature by a pinned witness key that does not verify", async () => {
    const altered = served.replace(/(— planledger\/luhanska \S{20})(\S)/, (_, head: string, c: string) => `${head}${c === "A" ? "B" : "A"}`);
    expect(altered).not.toBe(served);
    const tampered = { ...bundle, logs: [{ ...bundle.logs[0], checkpoint: altered }] };
    const run = await verifyBundle(tampered, logKey, witnessKey);
    expect(run.stdout).toMatch(/✗ журнал novopskovskyi@\d+: підпис planledger\/luhanska\+[0-9a-f]{8} на контрольній точці НЕ ДІЙСНИЙ/);
    expect(run.code).toBe(1);
    // Unpinned, the same altered line is not checked and so cannot fail: the pin is what makes it count.
    expect((await verifyBundle(tampered, logKey)).code).toBe(0);
  });

  it("lists a cosignature by a witness the auditor did not pin as not checked, and does not fail", async () => {
    const run = await verifyBundle(bundle, logKey);
    expect(run.stdout).toMatch(
      /! журнал novopskovskyi@\d+: співпідпис ключем planledger\/luhanska\+[0-9a-f]{8} не перевірено — цього ключа не передано в --key\n {2}log novopskovskyi@\d+: the cosignature by planledger\/luhanska\+[0-9a-f]{8} was not checked: that key was not pinned with --key/,
    );
    expect(run.stdout).toContain("ALL CHECKS HOLD");
    expect(run.code).toBe(0);
  });
});

describe("audit verify prints the witness quorum and the split views, as --json has them", () => {
  it("shows k of n over the district's own log, and no split view; exit 0", async () => {
    const run = await audit("verify", "--db", district.dbPath);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `✓ Кворум свідків / witness quorum: novopskovskyi — k = 1 з / of n = 1 (luhanska); засвідчено 1 з / witnessed by 1 of 1 (luhanska) до розміру / up to size ${pushed}`,
    );
    expect(run.stdout).toContain("Розбіжних бачень не зафіксовано / no split views recorded");
    const json = JSON.parse((await audit("verify", "--json", "--db", district.dbPath)).stdout);
    expect(json.witnesses.quorum).toMatchObject({ quorum: 1, witnesses: ["luhanska"], witnessedSize: pushed, cosignedBy: ["luhanska"] });
  });

  it("shows an open split view the oblast recorded, naming both heads, and fails with exit 1", async () => {
    // The district's key signs another root at the size the oblast holds: two heads of one size, signed by the origin.
    const key = readNodeKey(`${district.dbPath}.key`);
    const forged = Either.getOrThrow(
      signTlogCheckpoint({ origin: tlogOrigin("novopskovskyi"), size: pushed, rootHash: Buffer.alloc(32, 7), extensions: [] }, [
        ed25519NoteSigner(tlogOrigin("novopskovskyi"), key.privateKey),
      ]),
    );
    const refused = await api<{ code: string }>(oblast, "POST", "/federation/v1/witness", { _tag: "WitnessRequest", note: forged, proof: [] });
    expect([refused.status, refused.body.code]).toEqual([409, "SplitView"]);
    const run = await audit("verify", "--db", oblast.dbPath);
    expect(run.stdout).toMatch(
      new RegExp(
        `✗ РОЗБІЖНЕ БАЧЕННЯ / SPLIT VIEW — novopskovskyi: розмір / size ${pushed} \\(корінь / root [0-9a-f]{12}…\\) і / and розмір / size ${pushed} ` +
          "\\(корінь / root 070707070707…\\), виявлено / detected \\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d UTC \\(witness\\); прийом від novopskovskyi зупинено",
      ),
    );
    // Every log itself is intact: the split view alone makes the exit 1.
    expect(run.stdout).toContain("Усі журнали цілі / all logs intact");
    expect(run.code).toBe(1);
    const json = JSON.parse((await audit("verify", "--json", "--db", oblast.dbPath)).stdout);
    expect([json.intact, json.witnesses.splitViews.length, json.witnesses.splitViews[0].conclusive]).toEqual([false, 1, true]);
    // Lifted by an admin: shown as lifted, and the audit holds again.
    const lifted = await api<{ lifted: number }>(oblast, "POST", "/federation/v1/split-views/lift", { origin: "novopskovskyi", reason: "перевірено / checked" });
    expect([lifted.status, lifted.body.lifted]).toEqual([200, 1]);
    const after = await audit("verify", "--db", oblast.dbPath);
    expect(after.stdout).toContain("розбіжне бачення знято / split view lifted — novopskovskyi");
    expect(after.code).toBe(0);
  });
});
