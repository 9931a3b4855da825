/**
 * @module `pnpm bench:rollup [N …]` (default 100 800 1600): the size and cost of `GET /api/v1/plans/{id}/rollup` for
 * one regional plan as more district plans link to it (issue #17, "Roll-ups that stay small and current"). In one
 * real SQLite node database it imports the Luhansk oblast plan № 1003 (fixtures/plans/003_…) through the importer,
 * then adds N district logs, hash-chained per origin as a district's log arrives: a plan of as many measures as the
 * Novopskov plan № 328 links to № 1003 (50, onto 46 of its measures: packages/matching's checked links), each
 * measure linked upwards, two submitted quarterly reports with progress on every measure, and a signed checkpoint.
 * For each N, through the real projections (`Projections.sqlite`): the catch-up, the roll-up's compute time (first
 * and warm), and the JSON bytes raw and gzipped (level 6, as the node caches it) and the time to serialise each of:
 * the answer of `GET …/rollup` (its default page of children), the roll-up with every child listed, and a page of
 * 1,000 children of one measure.
 * Then, as a person meets it: for each N it starts a real node on that file (`planledger serve`, which is
 * `startNode` of @planledger/node, in its own process on 127.0.0.1 and a free port) and asks `GET …/rollup` cold (the
 * first request after the start), after a write through the API (a report drafted and a measure's progress recorded
 * on № 1003), and as of a past date (`?asOf=`), while a probe asks `GET /health` over HTTP every 10 ms: per case the
 * answer's time, and the longest and p99 wait for `/health` (issue #17: no roll-up work blocks the event loop for more
 * than 50 ms).
 * A benchmark, not a test: it prints its figures and the machine.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { NodeId } from "@planledger/domain";
import { EventStore, EventStoreDatabase, GENESIS_HASH, canonicalJson, envelopeHash, signCheckpoint } from "@planledger/event-store";
import { importPlanDocument, parseText } from "@planledger/importer";
import { Projections, ROLLUP_CHILDREN_LIMIT, type Rollup, type RollupPage } from "@planledger/projections";
import { repoRoot, spawnNode } from "@planledger/testing";
import { Effect, Either, Layer, ManagedRuntime } from "effect";

const SIZES = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const NS = SIZES.length > 0 ? SIZES : [100, 800, 1600];
/** Measures of the Novopskov plan № 328 linked to № 1003, and how many of № 1003's they link to. */
const DISTRICT_MEASURES = 50;
const LINKED_OBLAST_MEASURES = 46;
/** Warm roll-ups per N after the first; the median is printed. */
const WARM_RUNS = 5;
const QUARTERS = [
  { year: 2024, quarter: 1, at: "2024-04-02T08:00:00.000Z" },
  { year: 2024, quarter: 2, at: "2024-07-02T08:00:00.000Z" },
] as const;
const DISTRICT_PLAN_TITLE =
  "План заходів щодо реформування інституційного догляду та виховання дітей у районі на 2019–2026 роки (на виконання розпорядження голови облдержадміністрації № 1003)";

/** How often the probe asks `/health` while a roll-up is being answered. */
const PROBE_MS = 10;
/** The report the write case drafts on № 1003 for the i-th N: III кв. 2024, then the quarters after it. */
const writeQuarter = (i: number): { year: number; quarter: number } => {
  const k = 2024 * 4 + 2 + i;
  return { year: Math.floor(k / 4), quarter: (k % 4) + 1 };
};

const loadLine = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");
const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const kb = (bytes: number): string => `${(bytes / 1024).toLocaleString("en", { maximumFractionDigits: 0 })} KB`;
const timed = <A>(body: () => A): { result: A; ms: number } => {
  const t0 = performance.now();
  const result = body();
  return { result, ms: performance.now() - t0 };
};
const timedAsync = async <A>(body: () => Promise<A>): Promise<{ result: A; ms: number }> => {
  const t0 = performance.now();
  const result = await body();
  return { result, ms: performance.now() - t0 };
};

interface MeasureAddedData {
  readonly measureId: string;
  readonly taskId: string;
  readonly [field: string]: unknown;
}
interface Target {
  readonly value: number;
  readonly unit: string;
}

const percentile = (xs: ReadonlyArray<number>, p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

interface Stall {
  readonly answerMs: number;
  readonly status: number;
  readonly bytes: number;
  readonly probes: number;
  /** Probes answered with an error or a reset connection (counted in the waits). */
  readonly failed: number;
  readonly longestMs: number;
  readonly p99Ms: number;
}

/**
 * Runs `request` while a probe asks `GET /health` every {@link PROBE_MS} ms, one at a time (a probe that waits is
 * followed by the next at once): how long `request` took, and how long the node kept `/health` waiting. The node is
 * another process, so this process's event loop is free to send the probes and time them.
 */
const probed = async (url: string, request: () => Promise<Response>): Promise<Stall> => {
  const waits: number[] = [];
  let failed = 0;
  let running = true;
  const probe = (async () => {
    while (running) {
      const t0 = performance.now();
      // A connection the node held idle past its keep-alive timeout while it was busy is reset when it wakes: that
      // probe waited too, and counts.
      const ok = await fetch(`${url}/health`).then(
        async (res) => (await res.arrayBuffer(), res.status === 200),
        () => false,
      );
      const wait = performance.now() - t0;
      waits.push(wait);
      if (!ok) failed++;
      if (wait < PROBE_MS) await new Promise((resolve) => setTimeout(resolve, PROBE_MS - wait));
    }
  })();
  // A few probes first, so that the roll-up's work starts while the probe is running.
  await new Promise((resolve) => setTimeout(resolve, 5 * PROBE_MS));
  const t0 = performance.now();
  const res = await request();
  const body = await res.arrayBuffer();
  const answerMs = performance.now() - t0;
  running = false;
  await probe;
  return { answerMs, status: res.status, bytes: body.byteLength, probes: waits.length, failed, longestMs: Math.max(...waits), p99Ms: percentile(waits, 99) };
};

/** Child entries of a roll-up answer, whatever its shape: every object under a `children` array, recursively. */
const childEntries = (value: unknown): unknown[] => {
  const out: unknown[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        if (k === "children" && Array.isArray(x)) out.push(...x);
        walk(x);
      }
  };
  walk(value);
  return out;
};

const main = async (): Promise<void> => {
  const cpu = cpus();
  console.log("Plan Ledger — bench:rollup");
  console.log(`машина / machine: ${cpu[0]?.model ?? "?"}, ${cpu.length} ядер / cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
  console.log(`node ${process.version}, ${platform()} ${release()}; SQLite WAL, synchronous=NORMAL; load at start ${loadLine()}`);
  const dir = mkdtempSync(join(tmpdir(), "planledger-rollup-"));
  const dbPath = join(dir, "luhanska.db");
  const tokenFile = join(dir, "luhanska.token");
  const runtime = ManagedRuntime.make(Layer.provideMerge(Projections.sqlite(), EventStore.sqlite({ path: dbPath, nodeId: "luhanska" })));
  try {
    const parsed = parseText(readFileSync(join(repoRoot, "fixtures/plans/003_b52cafefab6c56ab.txt"), "utf8"));
    if (Either.isLeft(parsed)) throw new Error(`№ 1003 did not parse: ${JSON.stringify(parsed.left)}`);
    const imported = await runtime.runPromise(
      importPlanDocument(parsed.right.document, { ownerNode: NodeId.make("luhanska"), actor: "bench", at: "2019-01-10T09:00:00.000Z" as never }),
    );
    const oblastPlan = imported.planId;
    const db = await runtime.runPromise(EventStoreDatabase);
    const oblastMeasures = (
      db.sqlite.prepare("SELECT data FROM events WHERE stream = ? AND type = 'MeasureAdded' ORDER BY position").pluck().all(`plan:${oblastPlan}`) as string[]
    ).map((text) => JSON.parse(text) as MeasureAddedData);
    // Spread over the plan as № 328's links are (its sections mirror the oblast's), some oblast measures twice.
    const linkedTo = Array.from(
      { length: DISTRICT_MEASURES },
      (_, i) => oblastMeasures[Math.floor(((i % LINKED_OBLAST_MEASURES) * oblastMeasures.length) / LINKED_OBLAST_MEASURES)] as MeasureAddedData,
    );
    console.log(
      `№ 1003: ${oblastPlan}, ${oblastMeasures.length} measures; each district plan: ${DISTRICT_MEASURES} measures linked to ${LINKED_OBLAST_MEASURES} of them, ${QUARTERS.length} submitted quarterly reports`,
    );

    const insert = db.sqlite.prepare(
      `INSERT INTO events (event_id, origin, seq, stream, stream_version, type, data, actor, recorded_at, causation_id,
         correlation_id, prev_hash, hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
    );
    // A checkpoint as a district's push leaves it, signed by the district's own key (registered as a push registers
    // it): the roll-up shows its seq, hash and time, and a node opening the file checks its signature.
    const checkpoint = db.sqlite.prepare("INSERT INTO checkpoints (origin, seq, hash, signed_at, signature) VALUES (?, ?, ?, ?, ?)");
    const nodeKey = db.sqlite.prepare("INSERT OR REPLACE INTO node_keys (origin, public_key, is_self) VALUES (?, ?, 0)");
    const writeDistrict = db.sqlite.transaction((n: number) => {
      const origin = `district-${String(n).padStart(4, "0")}`;
      const planId = `${origin}.328.2019-10-16`;
      let seq = 0;
      let prev = GENESIS_HASH;
      const versions = new Map<string, number>();
      const receivedAt = "2024-07-03T10:00:00.000Z";
      const emit = (stream: string, type: string, data: unknown, recordedAt: string): void => {
        const version = (versions.get(stream) ?? 0) + 1;
        versions.set(stream, version);
        const dataJson = canonicalJson(data);
        seq++;
        const fields = {
          eventId: `${origin}-${seq}`,
          origin,
          seq,
          stream,
          streamVersion: version,
          type,
          actor: "bench",
          recordedAt,
          causationId: null,
          correlationId: null,
          prevHash: prev,
        };
        const hash = envelopeHash(fields, dataJson);
        insert.run(fields.eventId, origin, seq, stream, version, type, dataJson, "bench", recordedAt, prev, hash, receivedAt);
        prev = hash;
      };
      const stream = `plan:${planId}`;
      const at = "2019-10-20T09:00:00.000Z";
      emit(stream, "PlanAdopted", {
        planId,
        ownerNode: origin,
        title: DISTRICT_PLAN_TITLE,
        issuer: "Районна державна адміністрація",
        order: { number: "328", date: "2019-10-16" },
        period: { from: 2019, to: 2026 },
        parentPlanId: oblastPlan,
      }, at);
      const sections = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
      sections.forEach((label, s) => {
        emit(stream, "SectionAdded", { sectionId: `${planId}.s${s + 1}`, label, ordinal: s + 1, title: `Розділ ${label}` }, at);
        emit(stream, "TaskAdded", { taskId: `${planId}.s${s + 1}.t1`, sectionId: `${planId}.s${s + 1}`, label: "1.", ordinal: 1, title: `Завдання розділу ${label}` }, at);
      });
      const ids = linkedTo.map((parent, i) => {
        const measureId = `${planId}.m${i + 1}`;
        const taskId = `${planId}.s${Math.floor((i * sections.length) / DISTRICT_MEASURES) + 1}.t1`;
        emit(stream, "MeasureAdded", { ...parent, measureId, taskId, label: `${i + 1})`, ordinal: i + 1 }, at);
        emit(stream, "MeasureLinked", { measureId, parent: { node: "luhanska", planId: oblastPlan, measureId: parent.measureId } }, at);
        return { measureId, targets: ((parent.indicator as { targets?: Target[] } | undefined)?.targets ?? []) as Target[] };
      });
      for (const q of QUARTERS) {
        const reportId = `${planId}.${q.year}-q${q.quarter}`;
        const rstream = `report:${planId}:${q.year}-Q${q.quarter}`;
        emit(rstream, "ReportDrafted", { reportId, planId, year: q.year, quarter: q.quarter }, q.at);
        ids.forEach(({ measureId, targets }, i) =>
          emit(rstream, "ProgressRecorded", {
            reportId,
            measureId,
            status: (i + n + q.quarter) % 7 === 0 ? "done" : "inProgress",
            // Cumulative at the quarter's end: a share of the oblast's target per district.
            actuals: targets.map((t) => ({ value: Math.max(1, Math.round(t.value / 20)) * q.quarter, unit: t.unit })),
            spent: [{ source: "місцеві бюджети", amount: 2.5 }],
            narrative: "Проведено заходи відповідно до плану",
          }, q.at),
        );
        emit(rstream, "ReportSubmitted", { reportId }, q.at);
      }
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      nodeKey.run(origin, publicKey.export({ format: "der", type: "spki" }).toString("base64"));
      const signed = signCheckpoint(privateKey, { origin, seq, hash: prev, signedAt: receivedAt });
      checkpoint.run(origin, seq, prev, receivedAt, signed.signature);
      return seq;
    });

    const service = await runtime.runPromise(Projections);
    const rollupOf = (page?: RollupPage) => Effect.runPromise(service.rollup(oblastPlan, page === undefined ? {} : { page }));
    let districts = 0;
    let events = 0;
    const rows: string[] = [];
    const stallRows: string[] = [];
    /** Sizes and serialising cost of one answer, as the node encodes a current view (views/view-cache.ts): JSON, then gzip level 6. */
    const encoded = (answer: Rollup) => {
      const json = timed(() => Buffer.from(JSON.stringify(answer), "utf8"));
      const gzip = timed(() => gzipSync(json.result, { level: 6 }));
      return { raw: json.result.length, gzip: gzip.result.length, stringifyMs: json.ms, gzipMs: gzip.ms };
    };
    for (const n of NS) {
      const generated = timed(() => {
        while (districts < n) events += writeDistrict(++districts);
      });
      const caught = await timedAsync(() => Effect.runPromise(service.catchUp()));
      // What `GET …/rollup` answers (its default page of children), then every child listed (what the pages and the
      // district export read in-process), then one page of the busiest measure's children (`?measure=…&limit=1000`).
      const first = await timedAsync(() => rollupOf({ limit: ROLLUP_CHILDREN_LIMIT }));
      const warm: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) warm.push((await timedAsync(() => rollupOf({ limit: ROLLUP_CHILDREN_LIMIT }))).ms);
      const whole = await timedAsync(() => rollupOf());
      const busiest = [...whole.result.measures].sort((a, b) => b.childCount - a.childCount)[0];
      const paged = await rollupOf({ measure: busiest?.measureId, limit: 1000 });
      const children = childEntries(whole.result);
      const repeated = children.reduce<number>((sum, c) => {
        const { freshness, planTitle } = c as { freshness?: unknown; planTitle?: unknown };
        return sum + (freshness === undefined ? 0 : Buffer.byteLength(JSON.stringify(freshness)) + 12) + (planTitle === undefined ? 0 : Buffer.byteLength(JSON.stringify(planTitle)) + 12);
      }, 0);
      const linked = whole.result.measures.filter((m) => m.childCount > 0).length;
      // A check that the generated progress is read as such: every district reported every measure.
      const reported = children.filter((c) => (c as { own?: { reported?: boolean } }).own?.reported === true).length;
      console.log(
        `\nN = ${n}: ${districts} district logs, ${events.toLocaleString("en")} district events (written in ${(generated.ms / 1000).toFixed(1)} s), catch-up ${caught.ms.toFixed(0)} ms`,
      );
      console.log(
        `  roll-up of № 1003: ${whole.result.measures.length} measures (${linked} with linked children), ${children.length.toLocaleString("en")} child entries in all (${reported.toLocaleString("en")} reported), ${whole.result.freshness.length} origins in rollup.freshness, ${whole.result.plans.length} child plans`,
      );
      const answers = [
        { name: `GET …/rollup (${ROLLUP_CHILDREN_LIMIT} children per list)`, answer: first.result, warm: median(warm), first: first.ms },
        { name: "every child listed (in-process)", answer: whole.result, warm: whole.ms, first: whole.ms },
        { name: "?measure=<busiest>&limit=1000", answer: paged, warm: Number.NaN, first: Number.NaN },
      ];
      for (const a of answers) {
        const e = encoded(a.answer);
        console.log(
          `  ${a.name}: ${childEntries(a.answer).length.toLocaleString("en")} child entries; JSON ${e.raw.toLocaleString("en")} bytes (${kb(e.raw)}), gzip ${e.gzip.toLocaleString("en")} bytes (${kb(e.gzip)}); stringify ${e.stringifyMs.toFixed(0)} ms, gzip ${e.gzipMs.toFixed(0)} ms`,
        );
        rows.push(
          `| ${n} | ${a.name} | ${Number.isNaN(a.warm) ? "" : a.warm.toFixed(0)} | ${Number.isNaN(a.first) ? "" : a.first.toFixed(0)} | ${e.raw.toLocaleString("en")} | ${e.gzip.toLocaleString("en")} | ${e.stringifyMs.toFixed(0)} | ${e.gzipMs.toFixed(0)} |`,
        );
      }
      console.log(`  compute (GET …/rollup): first ${first.ms.toFixed(0)} ms, warm median of ${WARM_RUNS} ${median(warm).toFixed(0)} ms`);
      if (repeated > 0) console.log(`  freshness objects and plan titles repeated per child: ${repeated.toLocaleString("en")} bytes`);

      // As a person meets it: a node serving the file, and /health asked every 10 ms while it answers the roll-up.
      const started = await timedAsync(() =>
        spawnNode({ nodeId: "luhanska", level: "oblast", dbPath, adminTokenFile: tokenFile, env: { PLANLEDGER_SYNC_INTERVAL_MS: "0" } }),
      );
      const node = started.result;
      try {
        const auth = { authorization: `Bearer ${readFileSync(tokenFile, "utf8").trim()}` };
        const rollupUrl = `${node.url}/api/v1/plans/${oblastPlan}/rollup`;
        const get = (query = "") => () => fetch(`${rollupUrl}${query}`, { headers: { "accept-encoding": "gzip" } });
        const post = async (path: string, body: unknown, headers: Record<string, string>, status: number): Promise<Response> => {
          const res = await fetch(`${node.url}${path}`, { method: "POST", headers: { ...auth, ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
          if (res.status !== status) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
          return res;
        };
        const cold = await probed(node.url, get());
        // The as-of case asks the roll-up as it was just before the write (№ 1003 is imported into this file today):
        // a replay of the whole log up to that moment.
        const beforeWrite = new Date().toISOString();
        // Any event invalidates the current roll-up: a report drafted on № 1003 and one measure's progress in it.
        const drafted = await post(`/api/v1/plans/${oblastPlan}/reports`, writeQuarter(NS.indexOf(n)), {}, 201);
        const { reportId } = (await drafted.json()) as { reportId: string };
        await post(
          `/api/v1/reports/${reportId}/progress`,
          { measureId: oblastMeasures[0]?.measureId, status: "inProgress", actuals: [], spent: [], narrative: "Проведено нараду" },
          { "if-match": drafted.headers.get("etag") ?? "" },
          200,
        );
        const afterWrite = await probed(node.url, get());
        const asOf = await probed(node.url, get(`?asOf=${beforeWrite}`));
        console.log(`  node (planledger serve) listening after ${started.ms.toFixed(0)} ms; GET …/rollup with GET /health every ${PROBE_MS} ms:`);
        for (const [name, stall] of [
          ["cold (first after start)", cold],
          ["after a write", afterWrite],
          ["?asOf=<before the write>", asOf],
        ] as const) {
          if (stall.status !== 200) throw new Error(`GET …/rollup ${name}: ${stall.status}`);
          console.log(
            `    ${name}: answer ${stall.answerMs.toFixed(0)} ms (${kb(stall.bytes)}); /health longest wait ${stall.longestMs.toFixed(0)} ms, p99 ${stall.p99Ms.toFixed(0)} ms (${stall.probes} probes${stall.failed > 0 ? `, ${stall.failed} reset` : ""})`,
          );
          stallRows.push(`| ${n} | ${name} | ${stall.answerMs.toFixed(0)} | ${stall.longestMs.toFixed(0)} | ${stall.p99Ms.toFixed(0)} | ${stall.probes}${stall.failed > 0 ? ` (${stall.failed} reset)` : ""} |`);
        }
      } finally {
        await node.stop();
      }
    }
    console.log(`\nload at end ${loadLine()}`);
    console.log("\n| N | answer | compute ms (warm) | compute ms (first) | JSON bytes | gzip bytes | stringify ms | gzip ms |");
    console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const row of rows) console.log(row);
    console.log(`\n| N | GET …/rollup on a node | answer ms | longest /health wait ms | p99 /health wait ms | probes |`);
    console.log("| ---: | --- | ---: | ---: | ---: | ---: |");
    for (const row of stallRows) console.log(row);
  } finally {
    await runtime.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
