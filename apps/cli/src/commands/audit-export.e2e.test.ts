import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventStore, ed25519CosignatureVerifier, ed25519Cosigner, cosignTlogCheckpoint, generateNodeKey, verifierKey } from "@planledger/event-store";
import type { ProofBundle } from "@planledger/event-store";
import { createApp, inMemoryTokenBackend, makeTokenStore, newToken, parsePlanText } from "@planledger/node";
import { Projections } from "@planledger/projections";
import { Effect, Either, Layer, ManagedRuntime } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const script = join(root, "packages/event-store/verifier/planledger-verify.mjs");
const dir = mkdtempSync(join(tmpdir(), "planledger-audit-export-"));
const oblastDb = join(dir, "luhanska.db");
const districtDb = join(dir, "novopskovskyi.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const planledger = (...args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", ...args], { cwd: root, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** The verifier as an auditor runs it: a plain `node` process in another directory, on a file. */
const verifyFile = (...args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
let n = 0;
const verifyBundle = (bundle: unknown, ...args: ReadonlyArray<string>) => {
  const file = join(dir, `bundle-${++n}.json`);
  writeFileSync(file, JSON.stringify(bundle));
  return verifyFile(file, ...args);
};
const exported = (...args: ReadonlyArray<string>): ProofBundle => {
  const { code, stdout, stderr } = planledger("audit", "export", ...args);
  if (code !== 0) throw new Error(`audit export ${args.join(" ")}: ${code} ${stderr}`);
  return JSON.parse(stdout) as ProofBundle;
};

const seeds = join(root, "fixtures/plans");
const seed = (name: string) => readFileSync(join(seeds, name), "utf8");

/** A node over a real SQLite file, driven through its HTTP API as people drive it. */
const sqliteNode = (path: string, nodeId: string, level: "oblast" | "district") => {
  const runtime = ManagedRuntime.make(Layer.provideMerge(Projections.inMemory(), EventStore.sqlite({ path, nodeId })));
  // Made before the store, so that the node is ready without awaiting (issuing is asynchronous).
  const issued = { editor: newToken(nodeId, "editor-1", "editor", new Date()), reporter: newToken(nodeId, "reporter-1", "reporter", new Date()) };
  const tokens = makeTokenStore(nodeId, inMemoryTokenBackend([issued.editor.record, issued.reporter.record]));
  const bearer = { editor: issued.editor.token, reporter: issued.reporter.token };
  const app = createApp({ identity: { nodeId, level, displayName: nodeId, parentUrl: null }, runtime, tokens, parsePlanText, dbPath: path });
  const send = async (method: string, url: string, role: "editor" | "reporter", body?: unknown, ifMatch?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer[role]}` };
    if (typeof body === "string") headers["content-type"] = "text/plain; charset=utf-8";
    else if (body !== undefined) headers["content-type"] = "application/json";
    if (ifMatch !== undefined) headers["if-match"] = ifMatch;
    const res = await app.request(url, { method, headers, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return { body: (await res.json()) as Record<string, unknown>, etag: res.headers.get("etag") ?? "" };
  };
  const fileReport = async (planId: string, year: number, quarter: number) => {
    const drafted = await send("POST", `/api/v1/plans/${planId}/reports`, "reporter", { year, quarter });
    const reportId = drafted.body.reportId as string;
    const recorded = await send(
      "POST",
      `/api/v1/reports/${reportId}/progress`,
      "reporter",
      { measureId: `${planId}.s1.t1.m1`, status: "inProgress", actuals: [{ value: 3, unit: "сімей" }], spent: [{ source: "місцевий бюджет", amount: 4.2 }], narrative: "Триває." },
      drafted.etag,
    );
    await send("POST", `/api/v1/reports/${reportId}/submit`, "reporter", undefined, recorded.etag);
    return reportId;
  };
  const store = () => runtime.runPromise(EventStore);
  const append = async (streams: ReadonlyArray<string>) => {
    const s = await store();
    for (const stream of streams) await Effect.runPromise(s.append(stream, [{ type: "PlanAdopted", data: { planId: stream } }], { actor: "test", expectedVersion: "noStream" }));
  };
  return { send, fileReport, store, append, dispose: () => runtime.dispose() };
};

let oblastPlan = "";
let districtPlan = "";
let districtReport = "";

beforeAll(async () => {
  // The district adopts № 328 and reports on it; its log is replicated to the oblast with its checkpoint.
  const district = sqliteNode(districtDb, "novopskovskyi", "district");
  districtPlan = (await district.send("POST", "/api/v1/plans", "editor", seed("002_d9322476a2055758.txt"))).body.planId as string;
  districtReport = await district.fileReport(districtPlan, 2020, 1);
  const d = await district.store();
  const districtEvents = await Effect.runPromise(d.readAll({ limit: 1_000_000, data: "eager" }));
  const districtCheckpoint = await Effect.runPromise(d.checkpoint());
  const districtKey = d.publicKey;
  await district.dispose();

  // The oblast adopts № 852, reports on it, receives the district's log and accepts the district's report.
  const oblast = sqliteNode(oblastDb, "luhanska", "oblast");
  oblastPlan = (await oblast.send("POST", "/api/v1/plans", "editor", seed("000_9d8a7f6d078db2f4.txt"))).body.planId as string;
  await oblast.fileReport(oblastPlan, 2021, 2);
  const o = await oblast.store();
  const { toReplica } = await import("@planledger/event-store");
  await Effect.runPromise(o.registerNodeKey("novopskovskyi", districtKey));
  await Effect.runPromise(o.appendReplicated(districtEvents.map(toReplica)));
  await Effect.runPromise(o.appendReplicatedCheckpoint(districtCheckpoint));
  await oblast.send("POST", `/api/v1/reports/${districtReport}/accept`, "editor");
  await oblast.dispose();
}, 300_000);

describe("planledger audit export and planledger-verify.mjs", { timeout: 300_000 }, () => {
  let bundle: ProofBundle;
  let oldCheckpoint = "";

  it("exports the oblast's plan with its report, and the verifier, run apart from the repository, confirms every event", () => {
    const out = join(dir, "plan-852.json");
    const written = planledger("audit", "export", "--db", oblastDb, "--plan", oblastPlan, "--out", out);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe("");
    bundle = JSON.parse(readFileSync(out, "utf8")) as ProofBundle;
    expect(bundle.format).toBe("planledger-proof-bundle/v1");
    expect(bundle.streams).toEqual([`plan:${oblastPlan}`, `report:${oblastPlan}:2021-Q2`]);
    expect(bundle.logs.map((l) => [l.origin, l.logOrigin])).toEqual([["luhanska", "planledger/luhanska"]]);
    expect(bundle.events.map((e) => e.type).slice(-3)).toEqual(["ReportDrafted", "ProgressRecorded", "ReportSubmitted"]);
    const first = bundle.events[0] as ProofBundle["events"][number];
    expect(Buffer.from(first.leaf.entry, "base64").toString()).toBe(`planledger-event/v1\nluhanska\n1\n${first.eventId}\n${first.hash}\n`);

    const { code, stdout } = verifyFile(out);
    expect(code).toBe(0);
    expect(stdout).toContain("✓ журнал luhanska@");
    expect(stdout).toContain(`✓ plan:${oblastPlan}: подій ${bundle.events.length - 3}`);
    expect(stdout).toContain(`✓ report:${oblastPlan}:2021-Q2: подій 3 — листки, хеші й докази включення збігаються`);
    expect(stdout).toContain(`ALL CHECKS HOLD: ${bundle.events.length} events, 1 logs`);
    // The auditor's own copy of the key: with it, no warning that the keys came from the bundle.
    const log = bundle.logs[0] as ProofBundle["logs"][number];
    const pinned = verifyFile(out, "--key", log.verifierKey as string);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).not.toContain("keys taken from the bundle itself");
    const other = verifierKey({ name: "planledger/luhanska", type: 1, publicKey: Buffer.alloc(32, 7) });
    const wrong = verifyFile(out, "--key", other);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("matches no --key");
    oldCheckpoint = join(dir, "kept-checkpoint.txt");
    writeFileSync(oldCheckpoint, log.checkpoint as string);
  });

  it("exports a district's plan from the oblast: the district's log cosigned by the oblast, the review in the oblast's own", () => {
    const replica = exported("--db", oblastDb, "--plan", districtPlan);
    expect(replica.streams).toEqual([`plan:${districtPlan}`, `report:${districtPlan}:2020-Q1`, `review:luhanska:${districtReport}`]);
    expect(replica.logs.map((l) => l.origin)).toEqual(["novopskovskyi", "luhanska"]);
    expect(replica.witnesses).toHaveLength(1);
    const { code, stdout } = verifyBundle(replica);
    expect(code).toBe(0);
    expect(stdout).toContain("✓ журнал novopskovskyi@");
    expect(stdout).toContain("root cosigned by planledger/luhanska");
    expect(stdout).toContain(`✓ review:luhanska:${districtReport}: подій 1`);
    const submitted = replica.events.find((e) => e.type === "ReportSubmitted") as ProofBundle["events"][number];
    expect(stdout).toContain(`reviewed exactly the submission novopskovskyi@${submitted.seq} (ReportSubmitted) in the bundle`);

    // The cosignature altered in one byte of its signature: named, exit 1.
    const log = replica.logs[0] as ProofBundle["logs"][number];
    const lines = (log.checkpoint as string).split("\n");
    const sigLine = lines.findIndex((l) => l.startsWith("— planledger/luhanska "));
    const [dash, name, b64] = (lines[sigLine] as string).split(" ");
    const bytes = Buffer.from(b64 as string, "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    lines[sigLine] = `${dash} ${name} ${bytes.toString("base64")}`;
    const tampered = { ...replica, logs: [{ ...log, checkpoint: lines.join("\n") }, ...replica.logs.slice(1)] };
    const run = verifyBundle(tampered);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`the signature by planledger/luhanska+${bytes.subarray(0, 4).toString("hex")} on the checkpoint does NOT verify`);

    // The same plan from the district itself: its own log, signed by its own key.
    const own = exported("--db", districtDb, "--plan", districtPlan);
    expect(own.logs.map((l) => l.origin)).toEqual(["novopskovskyi"]);
    expect(verifyBundle(own).code).toBe(0);
  });

  it("checks any witness's cosignature line (tlog-cosignature/v1) on the log's checkpoint", () => {
    const witness = generateNodeKey();
    const log = bundle.logs[0] as ProofBundle["logs"][number];
    const cosigned = Either.getOrThrow(cosignTlogCheckpoint(log.checkpoint as string, ed25519Cosigner("witness.example/w1", witness.privateKey, 1_764_900_000)));
    const withWitness = { ...bundle, logs: [{ ...log, checkpoint: cosigned }], witnesses: [verifierKey(ed25519CosignatureVerifier("witness.example/w1", witness.publicKey))] };
    const ok = verifyBundle(withWitness);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("cosigned by witness.example/w1 (05.12.2025 02:00 UTC)");
    const forged = cosigned.replace(/(— witness\.example\/w1 )(\S+)/, (_, head: string, b64: string) => {
      const bytes = Buffer.from(b64, "base64");
      bytes[6] = (bytes[6] as number) ^ 1; // the timestamp: the signature no longer covers it
      return `${head}${bytes.toString("base64")}`;
    });
    const bad = verifyBundle({ ...withWitness, logs: [{ ...log, checkpoint: forged }] });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/the signature by witness\.example\/w1\+[0-9a-f]{8} on the checkpoint does NOT verify/);
  });

  it("fails, naming the event and the problem, for each kind of tampering", () => {
    const events = bundle.events;
    const k = events.length - 2; // the ProgressRecorded of the report
    const at = (i: number) => events[i] as ProofBundle["events"][number];
    const withEvent = (i: number, event: ProofBundle["events"][number]) => ({ ...bundle, events: events.map((e, j) => (j === i ? event : e)) });
    const log = bundle.logs[0] as ProofBundle["logs"][number];
    const cases: ReadonlyArray<[string, unknown, string]> = [
      [
        "one byte of a leaf",
        (() => {
          const entry = Buffer.from(at(k).leaf.entry, "base64");
          entry[entry.length - 2] = (entry[entry.length - 2] as number) ^ 1;
          return withEvent(k, { ...at(k), leaf: { ...at(k).leaf, entry: entry.toString("base64") } });
        })(),
        `event #${k + 1} ${at(k).eventId} (report:${oblastPlan}:2021-Q2 v2): the leaf's hash is not the event's`,
      ],
      [
        "a proof node",
        withEvent(k, { ...at(k), leaf: { ...at(k).leaf, proof: [`${(at(k).leaf.proof[0] as string).slice(0, -1)}${(at(k).leaf.proof[0] as string).endsWith("0") ? "1" : "0"}`, ...at(k).leaf.proof.slice(1)] } }),
        `event #${k + 1} ${at(k).eventId} (report:${oblastPlan}:2021-Q2 v2): the inclusion proof does not lead to the root of luhanska@`,
      ],
      [
        "the event's data",
        withEvent(k, { ...at(k), data: { ...(at(k).data as object), narrative: "Виконано повністю." } }),
        `event #${k + 1} ${at(k).eventId} (report:${oblastPlan}:2021-Q2 v2): the event's content does not give its hash (the event was altered)`,
      ],
      [
        "two events' leaves swapped",
        { ...bundle, events: events.map((e, j) => (j === k ? { ...e, leaf: at(k + 1).leaf } : j === k + 1 ? { ...e, leaf: at(k).leaf } : e)) },
        `event #${k + 1} ${at(k).eventId} (report:${oblastPlan}:2021-Q2 v2): the leaf names another event (${at(k + 1).eventId})`,
      ],
      [
        "the root in the bundle",
        { ...bundle, logs: [{ ...log, root: "00".repeat(32) }] },
        `log luhanska@${log.treeSize}: the checkpoint says planledger/luhanska@${log.treeSize} and a different root, not the bundle's tree`,
      ],
      [
        "the root in the checkpoint note",
        {
          ...bundle,
          logs: [{ ...log, checkpoint: (log.checkpoint as string).replace(/\n([A-Za-z0-9+/]{43}=)\n/, (_, r: string) => `\n${r[0] === "A" ? "B" : "A"}${r.slice(1)}\n`) }],
        },
        "on the checkpoint does NOT verify",
      ],
      [
        "the log's signature",
        { ...bundle, logs: [{ ...log, checkpoint: (log.checkpoint as string).replace(/(— planledger\/luhanska \S{10})(\S)/, (_, h: string, c: string) => `${h}${c === "A" ? "B" : "A"}`) }] },
        "on the checkpoint does NOT verify",
      ],
    ];
    for (const [what, tampered, expected] of cases) {
      const { code, stdout } = verifyBundle(tampered);
      expect([what, code]).toEqual([what, 1]);
      expect(stdout, what).toContain(expected);
      expect(stdout, what).toContain("CHECKS FAILED");
    }
    const unusable = verifyBundle({ format: "something-else" });
    expect(unusable.code).toBe(2);
    expect(unusable.stderr).toContain("not a planledger-proof-bundle/v1 bundle");
  });

  it("checks that a checkpoint kept from earlier is consistent with a later bundle, and catches a forked log", async () => {
    const kept = (bundle.logs[0] as ProofBundle["logs"][number]).treeSize;
    // A copy of the database at that moment, with the same key, that goes on with another history: a fork.
    const forkDb = join(dir, "fork.db");
    copyFileSync(oblastDb, forkDb);
    copyFileSync(`${oblastDb}.key`, `${forkDb}.key`);
    const fork = sqliteNode(forkDb, "luhanska", "oblast");
    await fork.append(["plan:fork-1", "plan:fork-2"]);
    await fork.dispose();
    const oblast = sqliteNode(oblastDb, "luhanska", "oblast");
    await oblast.append(["plan:later-1", "plan:later-2", "plan:later-3"]);
    await oblast.dispose();

    const later = exported("--db", oblastDb, "--plan", oblastPlan, "--since-size", String(kept));
    const log = later.logs[0] as ProofBundle["logs"][number];
    expect([log.treeSize, log.consistency?.fromSize]).toEqual([kept + 3, kept]);
    const grown = verifyBundle(later, "--since", oldCheckpoint);
    expect(grown.code).toBe(0);
    expect(grown.stdout).toContain(`kept-checkpoint.txt (planledger/luhanska@${kept}): the log only grew since, to ${kept + 3} (consistency proof)`);

    // Without the proof from that size the bundle cannot answer: unusable input, and what to ask for.
    const plain = exported("--db", oblastDb, "--plan", oblastPlan);
    const missing = verifyBundle(plain, "--since", oldCheckpoint);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--since-size luhanska:${kept}`);

    const forked = exported("--db", forkDb, "--plan", oblastPlan);
    const forkedCheckpoint = join(dir, "forked-checkpoint.txt");
    writeFileSync(forkedCheckpoint, (forked.logs[0] as ProofBundle["logs"][number]).checkpoint as string);
    const fromFork = exported("--db", oblastDb, "--plan", oblastPlan, "--since-size", `luhanska:${kept + 2}`);
    const split = verifyBundle(fromFork, "--since", forkedCheckpoint);
    expect(split.code).toBe(1);
    expect(split.stdout).toContain(`forked-checkpoint.txt (planledger/luhanska@${kept + 2}): NOT consistent with planledger/luhanska@${kept + 3}: the log was rewritten or forked`);
  });

  it("refuses an unknown plan or a bad size with one line and exit 2", () => {
    const unknown = planledger("audit", "export", "--db", oblastDb, "--plan", "luhanska.0.2000-01-01");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no plan luhanska.0.2000-01-01 on this node");
    const bad = planledger("audit", "export", "--db", oblastDb, "--plan", oblastPlan, "--since-size", "zero");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected N or ORIGIN:N");
  });

  it("the verifier imports nothing but Node's own modules", () => {
    const source = readFileSync(script, "utf8");
    const imports = [...source.matchAll(/^\s*import\b[^;]*?from\s+"([^"]+)"/gm), ...source.matchAll(/\bimport\(\s*"([^"]+)"/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((m) => m?.startsWith("node:"))).toBe(true);
    expect(source).not.toMatch(/\brequire\(/);
  });
});
