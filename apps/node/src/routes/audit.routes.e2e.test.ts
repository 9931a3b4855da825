/**
 * An auditor reads a parent node through `/api/v1/audit/…` with an auditor token alone (no enrollment) and checks
 * what it read with node:crypto only, written here from docs/audit.md and docs/event-store.md, independent of the
 * product's verifier: every event hash, every prevHash link, the Merkle root, every checkpoint signature under its
 * origin's key, every witness countersignature under the parent's key.
 */
import { execFile } from "node:child_process";
import { createHash, createPublicKey, verify } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type NodeProcess, adoptDistrictPlan, api, repoRoot, startNodeProcess, tempDir } from "@planledger/federation/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedText } from "../testing/test-node.js";

type Checkpoint = {
  origin: string;
  seq: number;
  hash: string;
  signedAt: string;
  signature: string;
  witness: { node: string; signedAt: string; signature: string } | null;
};
type Key = { publicKey: string; verifierKey: string | null; since: { seq: number; recordedAt: string | null }; until: unknown };
type Origin = {
  origin: string;
  own: boolean;
  keys: Key[];
  head: { seq: number; hash: string };
  tree: { size: number; root: string };
  lastCheckpoint: Checkpoint | null;
};
type OriginNote = { treeSize: number; root: string; note: string; cosignatures: Array<{ witness: string; cosignedAt: number }> };
type Wire = [string, string, number, string, number, string, string, string, string | null, string | null, string, string, string];
type LogPage = { origin: string; from: number; headSeq: number; events: Wire[]; checkpoints: Checkpoint[]; next: number | null };

/** Sorted-key JSON without whitespace; `raw` values are inserted as the JSON text they already are. */
const canonical = (value: unknown, raw: Record<string, string> = {}): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(",")}]`;
  const entries = { ...(value as Record<string, unknown>), ...raw };
  return `{${Object.keys(entries)
    .filter((k) => entries[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${k in raw ? raw[k] : canonical(entries[k])}`)
    .join(",")}}`;
};
const sha256 = (bytes: string | Buffer): Buffer => createHash("sha256").update(bytes).digest();
const keyOf = (spki: string) => createPublicKey({ key: Buffer.from(spki, "base64"), format: "der", type: "spki" });
const verifies = (spki: string, message: string, signature: string): boolean =>
  verify(null, Buffer.from(message, "utf8"), keyOf(spki), Buffer.from(signature, "base64"));

/** RFC 9162 §2.1.1 Merkle tree hash. */
const treeHash = (leaves: ReadonlyArray<Buffer>): Buffer => {
  if (leaves.length === 0) return sha256(Buffer.alloc(0));
  if (leaves.length === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Buffer.concat([Buffer.of(1), treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k))]));
};

/**
 * The standalone verifier run as an auditor runs it, without blocking the test's event loop (a blocked loop can hand
 * the next fetch a keep-alive socket the node has already closed).
 */
const runVerifier = (cwd: string, file: string) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["planledger-verify.mjs", file], { cwd, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ status: code, stdout, stderr });
    });
  });

let temp: ReturnType<typeof tempDir>;
let oblast: NodeProcess;
let districts: NodeProcess[] = [];
const tokens: Record<"auditor" | "viewer" | "reporter", string> = { auditor: "", viewer: "", reporter: "" };
const as = (role: keyof typeof tokens) => ({ url: oblast.url, adminToken: tokens[role] });

beforeAll(async () => {
  temp = tempDir();
  [oblast, ...districts] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }),
    startNodeProcess(temp.dir, { nodeId: "starobilskyi", level: "district" }),
  ]);
  // The parent's own log holds a plan too (a seed document), so its own hash chain and tree are checked as well.
  expect((await api(oblast, "POST", "/api/v1/plans", seedText("000"))).status).toBe(201);
  for (const district of districts) {
    const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: district.nodeId, level: "district" });
    expect((await api(district, "POST", "/federation/v1/join", { parentUrl: oblast.url, token: invitation.body.token })).status).toBe(200);
    await adoptDistrictPlan(district);
    expect((await api(district, "POST", "/federation/v1/sync")).status).toBe(200);
  }
  for (const role of Object.keys(tokens) as Array<keyof typeof tokens>) {
    const issued = await api<{ token: string }>(oblast, "POST", "/api/v1/tokens", { name: `${role}-1`, role });
    expect(issued.status).toBe(201);
    tokens[role] = issued.body.token;
  }
}, 300_000);

afterAll(async () => {
  await Promise.all([oblast, ...districts].map((n) => n?.kill()));
  temp?.remove();
});

describe("an auditor reads a node without enrolling", () => {
  it("lists every origin with its key, head, tree and witnessed checkpoint, and each log checks out with node:crypto alone", async () => {
    const { status, body } = await api<{ node: string; origins: Origin[] }>(as("auditor"), "GET", "/api/v1/audit/origins");
    expect(status).toBe(200);
    expect(body.node).toBe("luhanska");
    expect(body.origins.map((o) => o.origin).sort()).toEqual(["luhanska", "novopskovskyi", "starobilskyi"]);
    const own = body.origins.find((o) => o.own);
    expect(own?.origin).toBe("luhanska");
    expect(own?.head.seq).toBeGreaterThan(0);
    const parentKey = own?.keys[0]?.publicKey ?? "";
    expect(parentKey).not.toBe("");

    let witnessed = 0;
    for (const origin of body.origins) {
      const [key, ...more] = origin.keys;
      expect(more).toEqual([]);
      if (key === undefined) throw new Error(`no key for ${origin.origin}`);
      // The C2SP verifier key names the same Ed25519 key: name+hex(SHA-256(name ‖ \n ‖ 0x01 ‖ key)[0..4])+base64(0x01 ‖ key).
      const raw = Buffer.from(keyOf(key.publicKey).export({ format: "jwk" }).x as string, "base64url");
      const name = `planledger/${origin.origin}`;
      const keyId = sha256(Buffer.concat([Buffer.from(`${name}\n`), Buffer.of(1), raw])).subarray(0, 4).toString("hex");
      expect(key.verifierKey).toBe(`${name}+${keyId}+${Buffer.concat([Buffer.of(1), raw]).toString("base64")}`);
      expect(key.until).toBeNull();

      // The whole log, in pages of 20, through the `next` cursor.
      const events: Wire[] = [];
      const checkpoints: Checkpoint[] = [];
      for (let from: number | null = 1; from !== null; ) {
        const page: { status: number; body: LogPage } = await api<LogPage>(
          as("auditor"),
          "GET",
          `/api/v1/audit/origins/${origin.origin}/log?from=${from}&limit=20`,
        );
        expect(page.status).toBe(200);
        expect(page.body.events.length).toBeLessThanOrEqual(20);
        for (const cp of page.body.checkpoints) expect(cp.seq >= from && cp.seq < from + 20).toBe(true);
        events.push(...page.body.events);
        checkpoints.push(...page.body.checkpoints);
        from = page.body.next;
      }
      expect(events.length).toBe(origin.head.seq);
      if (origin.head.seq > 0) expect(key.since).toEqual({ seq: 1, recordedAt: events[0]?.[7] });

      let prev = "0".repeat(64);
      const hashes = new Map<number, string>();
      for (const [i, e] of events.entries()) {
        const [eventId, o, seq, stream, streamVersion, type, actor, recordedAt, causationId, correlationId, prevHash, hash, dataJson] = e;
        expect(o).toBe(origin.origin);
        expect(seq).toBe(i + 1);
        expect(prevHash).toBe(prev);
        const encoded = canonical({ actor, causationId, correlationId, eventId, origin: o, prevHash, recordedAt, seq, stream, streamVersion, type }, { data: dataJson });
        expect(sha256(encoded).toString("hex")).toBe(hash);
        hashes.set(seq, hash);
        prev = hash;
      }
      expect(origin.head.hash).toBe(prev);
      // RFC 9162 tree over the leaves `planledger-event/v1\n<origin>\n<seq>\n<eventId>\n<hash>\n`.
      const leaves = events.map(([eventId, o, seq, , , , , , , , , hash]) =>
        sha256(Buffer.concat([Buffer.of(0), Buffer.from(`planledger-event/v1\n${o}\n${seq}\n${eventId}\n${hash}\n`)])),
      );
      expect(origin.tree).toEqual({ size: events.length, root: treeHash(leaves).toString("hex") });

      for (const cp of checkpoints) {
        expect(cp.hash).toBe(hashes.get(cp.seq));
        const payload = canonical({ hash: cp.hash, origin: cp.origin, seq: cp.seq, signedAt: cp.signedAt });
        expect(verifies(key.publicKey, payload, cp.signature)).toBe(true);
        expect(verifies(key.publicKey, payload.replace(cp.hash, "f".repeat(64)), cp.signature)).toBe(false);
        if (cp.witness !== null) {
          expect(cp.witness.node).toBe("luhanska");
          const { witness, ...signed } = cp;
          const message = canonical({ checkpoint: signed, signedAt: witness.signedAt, witness: witness.node });
          expect(verifies(parentKey, message, witness.signature)).toBe(true);
          witnessed++;
        }
      }
      if (!origin.own) {
        expect(checkpoints.length).toBeGreaterThan(0);
        expect(origin.lastCheckpoint).toEqual(checkpoints.at(-1));
        expect(origin.lastCheckpoint?.witness?.node).toBe("luhanska");
      }
    }
    // Each child's pushed checkpoint was countersigned by the parent.
    expect(witnessed).toBeGreaterThanOrEqual(2);
  });

  it("gives each origin's C2SP checkpoint note with its cosignature lines, each verifying with node:crypto alone", async () => {
    const { body } = await api<{ origins: Array<Origin & { checkpoint: OriginNote | null }> }>(as("auditor"), "GET", "/api/v1/audit/origins");
    const parentKey = body.origins.find((o) => o.own)?.keys[0]?.publicKey ?? "";
    for (const origin of body.origins) {
      const note = origin.checkpoint;
      if (note === null) throw new Error(`no note for ${origin.origin}`);
      // The note states the tree held here: the districts pushed their head and nothing since.
      expect([note.treeSize, note.root]).toEqual([origin.tree.size, origin.tree.root]);
      const [text, lines] = [note.note.slice(0, note.note.lastIndexOf("\n\n") + 1), note.note.slice(note.note.lastIndexOf("\n\n") + 2, -1).split("\n")];
      expect(text).toBe(`planledger/${origin.origin}\n${note.treeSize}\n${Buffer.from(note.root, "hex").toString("base64")}\n`);
      const [own, ...cosigned] = lines.map((l) => l.split(" ")) as Array<[string, string, string]>;
      // The origin's own Ed25519 line over the text (key ID ‖ signature)…
      expect(own?.[1]).toBe(`planledger/${origin.origin}`);
      expect(verifies(origin.keys[0]?.publicKey ?? "", text, Buffer.from(own?.[2] ?? "", "base64").subarray(4).toString("base64"))).toBe(true);
      // …then one tlog-cosignature/v1 line per witness listed: "cosignature/v1\ntime <t>\n" + text, key ID ‖ u64 t ‖ signature.
      expect(cosigned.map((l) => l[1])).toEqual(note.cosignatures.map((c) => `planledger/${c.witness}`));
      for (const [, , b64] of cosigned) {
        const bytes = Buffer.from(b64, "base64");
        const time = bytes.readBigUInt64BE(4);
        expect(note.cosignatures.map((c) => BigInt(c.cosignedAt))).toContain(time);
        expect(verifies(parentKey, `cosignature/v1\ntime ${time}\n${text}`, bytes.subarray(12).toString("base64"))).toBe(true);
        expect(verifies(parentKey, `cosignature/v1\ntime ${time + 1n}\n${text}`, bytes.subarray(12).toString("base64"))).toBe(false);
      }
      // Each district's note carries its parent's cosignature; the oblast's own log has no parent to cosign it.
      expect(note.cosignatures.map((c) => c.witness)).toEqual(origin.own ? [] : ["luhanska"]);
    }
  });

  it("serves the standalone verifier byte for byte, and it checks a bundle fetched from the same node", async () => {
    // No token: the script is public, as the proofs are.
    const served = await fetch(`${oblast.url}/api/v1/audit/verifier.mjs`);
    expect([served.status, served.headers.get("content-type")]).toEqual([200, "text/javascript; charset=utf-8"]);
    const script = Buffer.from(await served.arrayBuffer());
    expect(script.equals(readFileSync(join(repoRoot, "packages/event-store/verifier/planledger-verify.mjs")))).toBe(true);
    const plans = await api<{ plans: Array<{ id: string; owner: string }> }>(as("auditor"), "GET", "/api/v1/plans");
    const plan = plans.body.plans.find((p) => p.owner === "novopskovskyi");
    if (plan === undefined) throw new Error("no district plan on the oblast");
    const bundle = await fetch(`${oblast.url}/api/v1/plans/${encodeURIComponent(plan.id)}/proof-bundle`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
    expect(bundle.status).toBe(200);
    const text = await bundle.text();
    writeFileSync(join(temp.dir, "planledger-verify.mjs"), script);
    writeFileSync(join(temp.dir, "bundle.json"), text);
    const run = (file: string) => runVerifier(temp.dir, file);
    const ok = await run("bundle.json");
    expect([ok.status, ok.stderr]).toEqual([0, ""]);
    expect(ok.stdout).toContain("root cosigned by planledger/luhanska");
    expect(ok.stdout).toContain("ALL CHECKS HOLD");
    // The same bundle with one event's recorded time changed: the served script names it and fails.
    const altered = JSON.parse(text) as { events: Array<{ recordedAt: string }> };
    (altered.events[1] as { recordedAt: string }).recordedAt = "2020-01-01T00:00:00.000Z";
    writeFileSync(join(temp.dir, "altered.json"), JSON.stringify(altered));
    const bad = await run("altered.json");
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("the event's content does not give its hash");
  });

  it("gives a district's own bundle with its parent's cosignature line under the note, as GET /api/v1/checkpoint serves it", async () => {
    const district = districts[0] as NodeProcess;
    const auditor = await api<{ token: string }>(district, "POST", "/api/v1/tokens", { name: "auditor-d", role: "auditor" });
    expect(auditor.status).toBe(201);
    const plans = await api<{ plans: Array<{ id: string; owner: string }> }>({ url: district.url, adminToken: auditor.body.token }, "GET", "/api/v1/plans");
    const plan = plans.body.plans.find((p) => p.owner === district.nodeId);
    if (plan === undefined) throw new Error("no plan on the district");
    const fetched = await fetch(`${district.url}/api/v1/plans/${encodeURIComponent(plan.id)}/proof-bundle`, { headers: { authorization: `Bearer ${auditor.body.token}` } });
    expect(fetched.status).toBe(200);
    const bundle = (await fetched.json()) as { logs: Array<{ treeSize: number; checkpoint: string }>; witnesses: string[] };
    const [log] = bundle.logs;
    const served = await api<{ note: string }>(district, "GET", `/api/v1/checkpoint?size=${log?.treeSize}`);
    expect(log?.checkpoint).toBe(served.body.note);
    expect(log?.checkpoint).toMatch(/\n— planledger\/novopskovskyi \S+\n— planledger\/luhanska \S+\n$/);
    writeFileSync(join(temp.dir, "district-bundle.json"), JSON.stringify(bundle));
    writeFileSync(join(temp.dir, "planledger-verify.mjs"), readFileSync(join(repoRoot, "packages/event-store/verifier/planledger-verify.mjs")));
    const ok = await runVerifier(temp.dir, "district-bundle.json");
    expect([ok.status, ok.stderr]).toEqual([0, ""]);
    // The parent is a registered node of the district: its key is listed, so its line is checked, not set aside.
    expect(bundle.witnesses).toHaveLength(1);
    expect(ok.stdout).toMatch(/log novopskovskyi@\d+: checkpoint signed by the log's key; cosigned by planledger\/luhanska \(/);
  });

  it("lists an origin's streams, and their history carries prevHash, correlationId, seq and origin", async () => {
    const { status, body } = await api<{ origin: string; streams: { stream: string; events: number; firstSeq: number; lastSeq: number }[] }>(
      as("auditor"),
      "GET",
      "/api/v1/audit/origins/novopskovskyi/streams",
    );
    expect(status).toBe(200);
    const origins = await api<{ origins: Origin[] }>(as("auditor"), "GET", "/api/v1/audit/origins");
    const head = origins.body.origins.find((o) => o.origin === "novopskovskyi")?.head.seq;
    expect(body.streams.reduce((n, s) => n + s.events, 0)).toBe(head);
    const plan = body.streams.find((s) => s.stream.startsWith("plan:"));
    if (plan === undefined) throw new Error(`no plan stream in ${JSON.stringify(body.streams)}`);
    expect(plan.firstSeq).toBe(1);

    const history = await api<{ events: { seq: number; origin: string; prevHash: string; hash: string; correlationId: string | null }[] }>(
      as("auditor"),
      "GET",
      `/api/v1/streams/${encodeURIComponent(plan.stream)}/history`,
    );
    expect(history.status).toBe(200);
    expect(history.body.events).toHaveLength(plan.events);
    const log = await api<LogPage>(as("auditor"), "GET", `/api/v1/audit/origins/novopskovskyi/log?from=1&limit=5000`);
    const bySeq = new Map(log.body.events.map((e) => [e[2], e]));
    for (const e of history.body.events) {
      expect(e.origin).toBe("novopskovskyi");
      const wire = bySeq.get(e.seq);
      expect([e.prevHash, e.hash, e.correlationId]).toEqual([wire?.[10], wire?.[11], wire?.[9]]);
    }
  });

  it("refuses a viewer and a reporter (403) and anyone without a token (401)", async () => {
    for (const path of ["/api/v1/audit/origins", "/api/v1/audit/origins/novopskovskyi/log", "/api/v1/audit/origins/novopskovskyi/streams"]) {
      expect((await api(as("viewer"), "GET", path)).status).toBe(403);
      expect((await api(as("reporter"), "GET", path)).status).toBe(403);
      expect((await fetch(`${oblast.url}${path}`)).status).toBe(401);
    }
  });

  it("answers 404 for an origin it does not hold and 400 naming a bad parameter", async () => {
    const unknown = await api<{ status: number }>(as("auditor"), "GET", "/api/v1/audit/origins/kharkivska/log");
    expect(unknown.status).toBe(404);
    expect((await api(as("auditor"), "GET", "/api/v1/audit/origins/kharkivska/streams")).status).toBe(404);
    for (const [query, parameter] of [["limit=0", "limit"], ["limit=5001", "limit"], ["from=abc", "from"], ["from=0", "from"], ["size=3", "size"]]) {
      const bad = await api<{ detail?: string; title: string }>(as("auditor"), "GET", `/api/v1/audit/origins/novopskovskyi/log?${query}`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(`«${parameter}»`);
    }
  });
});
