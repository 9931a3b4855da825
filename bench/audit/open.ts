/**
 * @module `pnpm --filter @planledger/bench run audit:open`: how long a node takes to open its database, and how
 * long `planledger audit verify` takes on it, as the log grows (issue #16, "Start-up without re-reading
 * everything"). Two shapes, each written straight into a temp SQLite file with real hashes and signatures:
 * - a federation's log of EVENTS events over 25 origins, each origin checkpointed (signed by its own key) every
 *   200 events, as pushes leave it (default 100,000 and 1,000,000);
 * - one origin that pushed in batches of one: as many checkpoints as events (default 1,000, 16,000, 64,000).
 * For each it prints the first open (a database never opened by this version) twice, side by side on copies of one
 * file: with every tail walked before the store opens, and with the walk behind the open store (`VERIFY_BEFORE_OPEN`;
 * when it opened, and when the walk ended); then the next open, and the audit's full walk, each in a fresh child
 * process (wall time of the open itself, not of starting Node), and the machine.
 * Sizes: `EVENTS=100000,1000000 CHECKPOINTS=1000,16000,64000`.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENESIS_HASH, canonicalJson, checkpointPayload, envelopeHash, openSqlite } from "@planledger/event-store";

const sizes = (name: string, fallback: string): number[] =>
  (process.env[name] ?? fallback)
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);

const self = fileURLToPath(import.meta.url);

interface Origin {
  readonly id: string;
  readonly privateKey: ReturnType<typeof generateKeyPairSync>["privateKey"];
  readonly publicKey: string;
  seq: number;
  hash: string;
}

const originOf = (id: string): Origin => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { id, privateKey, publicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"), seq: 0, hash: GENESIS_HASH };
};

/**
 * Writes a node database for `nodeId` (its key file beside it) holding `total` events over `origins`, each origin
 * checkpointed every `every` events. Only the tables the event store creates are written; the store migrates
 * the file first so the layout is exactly the product's.
 */
const generate = (path: string, nodeId: string, originIds: ReadonlyArray<string>, total: number, every: number): void => {
  const origins = originIds.map(originOf);
  const node = origins.find((o) => o.id === nodeId) ?? originOf(nodeId);
  writeFileSync(`${path}.key`, node.privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
  // Let the store create its tables (and check the key file's form) by opening the file once, empty.
  execFileSync(process.execPath, [...process.execArgv, self, "open", path, nodeId], { stdio: ["ignore", "ignore", "inherit"] });
  const { sqlite } = openSqlite(path);
  const insert = sqlite.prepare(
    `INSERT INTO events (event_id, origin, seq, stream, stream_version, type, data, actor, recorded_at, causation_id,
       correlation_id, prev_hash, hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
  );
  const insertCheckpoint = sqlite.prepare(
    "INSERT INTO checkpoints (origin, seq, hash, signed_at, signature) VALUES (?, ?, ?, ?, ?)",
  );
  const putKey = sqlite.prepare("INSERT OR REPLACE INTO node_keys (origin, public_key, is_self) VALUES (?, ?, ?)");
  const versions = new Map<string, number>();
  sqlite.transaction(() => {
    for (const o of origins) putKey.run(o.id, o.publicKey, o.id === nodeId ? 1 : 0);
  })();
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const origin = origins[i % origins.length] as Origin;
      const stream = `report:${origin.id}.${Math.floor(origin.seq / 50)}`;
      const version = (versions.get(stream) ?? 0) + 1;
      versions.set(stream, version);
      const recordedAt = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
      const dataJson = canonicalJson({ measureId: `m-${origin.seq % 100}`, actual: origin.seq, note: "виконано" });
      const fields = {
        eventId: `${origin.id}-${origin.seq + 1}`,
        origin: origin.id,
        seq: origin.seq + 1,
        stream,
        streamVersion: version,
        type: "ProgressRecorded",
        actor: "bench",
        recordedAt,
        causationId: null,
        correlationId: null,
        prevHash: origin.hash,
      };
      const hash = envelopeHash(fields, dataJson);
      insert.run(fields.eventId, origin.id, fields.seq, stream, version, fields.type, dataJson, "bench", recordedAt, origin.hash, hash, recordedAt);
      origin.seq = fields.seq;
      origin.hash = hash;
      if (origin.seq % every === 0) {
        const cp = { origin: origin.id, seq: origin.seq, hash, signedAt: recordedAt };
        insertCheckpoint.run(origin.id, origin.seq, hash, recordedAt, sign(null, checkpointPayload(cp), origin.privateKey).toString("base64"));
      }
    }
  });
  for (let from = 0; from < total; from += 50_000) batch(from, Math.min(total, from + 50_000));
  sqlite.close();
};

/** Runs one measured step in a fresh process and returns its milliseconds (two for "open": opened, then verified). */
const timed = (step: "open" | "open-inline" | "audit", path: string, nodeId: string): number[] => {
  const out = execFileSync(process.execPath, [...process.execArgv, self, step, path, nodeId], { encoding: "utf8" });
  return (out.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
};

const child = async (step: string, path: string, nodeId: string): Promise<void> => {
  const { EventStore, auditDatabase } = await import("@planledger/event-store");
  const { Effect, Layer, Context } = await import("effect");
  const started = performance.now();
  if (step === "open" || step === "open-inline") {
    // "open-inline": every tail walked before the store opens (as before the walk behind the open node).
    const verifyBeforeOpen = step === "open-inline" ? Number.POSITIVE_INFINITY : undefined;
    const times = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const store = Context.get(yield* Layer.build(EventStore.sqlite({ path, nodeId, verifyBeforeOpen })), EventStore);
          const opened = performance.now() - started;
          while (store.verification().state === "verifying") yield* Effect.sleep(5);
          if (store.verification().state !== "verified") throw new Error(`not verified: ${JSON.stringify(store.verification())}`);
          return [opened, performance.now() - started];
        }),
      ),
    );
    console.log(times.join(" "));
  } else {
    const outcome = auditDatabase(path);
    if (outcome._tag !== "Checked" || outcome.origins.some((o) => o.broken !== null))
      throw new Error(`audit did not pass: ${JSON.stringify(outcome).slice(0, 400)}`);
    console.log(performance.now() - started);
  }
};

const main = (): void => {
  const dir = mkdtempSync(join(tmpdir(), "planledger-bench-open-"));
  const [load1] = loadavg();
  console.log(
    `machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}; load ${load1?.toFixed(2)}`,
  );
  const row = (label: string, path: string, nodeId: string): void => {
    if (process.env.KEEP !== undefined) execFileSync("cp", [path, `${path}.key`, process.env.KEEP]);
    // The same file twice, side by side: every tail walked before opening, and walked behind the open store.
    const twin = `${path}.twin.db`;
    copyFileSync(path, twin);
    copyFileSync(`${path}.key`, `${twin}.key`);
    const [inline = Number.NaN] = timed("open-inline", twin, nodeId);
    const [opened = Number.NaN, verified = Number.NaN] = timed("open", path, nodeId);
    const [next = Number.NaN] = timed("open", path, nodeId);
    const [audit = Number.NaN] = timed("audit", path, nodeId);
    rmSync(twin, { force: true });
    rmSync(`${twin}.key`, { force: true });
    const mib = statSync(path).size / 2 ** 20;
    const s = (ms: number) => `${(ms / 1000).toFixed(2).padStart(7)} s`;
    console.log(
      `${label.padEnd(44)} file ${mib.toFixed(0).padStart(5)} MiB   first open: walked before ${s(inline)}, walked behind: open ${s(opened)}, verified ${s(verified)}   next open ${s(next)}   audit verify ${s(audit)}`,
    );
  };
  try {
    const origins = ["luhanska", ...Array.from({ length: 24 }, (_, i) => `district-${i + 1}`)];
    for (const total of sizes("EVENTS", "100000,1000000")) {
      const path = join(dir, `federation-${total}.db`);
      generate(path, "luhanska", origins, total, 200);
      row(`${total.toLocaleString("en")} events, 25 origins, cp every 200`, path, "luhanska");
      rmSync(path, { force: true });
    }
    for (const count of sizes("CHECKPOINTS", "1000,16000,64000")) {
      const path = join(dir, `pushed-${count}.db`);
      generate(path, "luhanska", ["district-1"], count, 1);
      row(`one origin with ${count.toLocaleString("en")} checkpoints`, path, "luhanska");
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const [step, path, nodeId] = process.argv.slice(2);
if (step !== undefined && path !== undefined && nodeId !== undefined) await child(step, path, nodeId);
else main();
