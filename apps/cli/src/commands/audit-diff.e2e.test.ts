import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AddMeasure, AmendMeasure, AmendPlan, type Instant, IsoDate, MeasureId, NodeId, PlanId, TaskId, planDecider, planStream } from "@planledger/domain";
import {
  EventStore,
  commandHandler,
  ed25519NoteVerifier,
  leafHash,
  openTlogCheckpoint,
  readNodeKey,
  verifyInclusion,
} from "@planledger/event-store";
import { Effect, Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "planledger-audit-diff-"));
const db = join(dir, "novopskovskyi.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", ...args], { cwd: root, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

const planId = PlanId.make("novopskovskyi.328.2019-10-16");
const task = TaskId.make(`${planId}.s2.t2`);
const amended = MeasureId.make(`${task}.m4`);
const added = MeasureId.make(`${task}.m7`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let adoptedAt = "";
let between = "";
let after = "";
let amendment: { eventId: string; recordedAt: string; events: ReadonlyArray<{ eventId: string; type: string }> };

beforeAll(async () => {
  // № 328 from the seed, as an operator records it.
  const imported = cli("import", "fixtures/plans/002_d9322476a2055758.txt", "--db", db, "--node", "novopskovskyi", "--create", "--actor", "kovalenko@novopskovskyi");
  expect(imported.code, imported.stderr).toBe(0);
  adoptedAt = new Date().toISOString();
  await pause(20);
  between = new Date().toISOString();
  await pause(20);
  // Order № 112 of 30.11.2026 amends measure II.2.4) and adds II.2.7), in one amendment.
  const at = new Date().toISOString() as Instant;
  const meta = { actor: "petrenko@novopskovskyi", node: NodeId.make("novopskovskyi"), at };
  const done = await Effect.runPromise(
    commandHandler(planDecider)
      .handle(
        planStream(planId),
        new AmendPlan({
          meta,
          planId,
          order: { number: "112", date: IsoDate.make("2026-11-30") },
          note: "оновлення строків і мобільна бригада",
          changes: [
            new AmendMeasure({
              meta,
              planId,
              measureId: amended,
              term: { kind: "deadline", text: "до 31.12.2025", date: IsoDate.make("2025-12-31") },
              executors: [
                { name: "КНП «Новопсковський центр первинної медико-санітарної допомоги»", byConsent: true },
                { name: "Новопсковська селищна рада", byConsent: true },
              ],
            }),
            new AddMeasure({
              meta,
              planId,
              measureId: added,
              taskId: task,
              label: "7)",
              ordinal: 7,
              title: "створення мобільної бригади паліативної допомоги дітям",
              term: { kind: "interval", text: "2027-2028 роки", from: IsoDate.make("2027-01-01"), to: IsoDate.make("2028-12-31") },
              executors: [{ name: "КНП «Новопсковський центр первинної медико-санітарної допомоги»", byConsent: false }],
              indicator: { text: "створено 1 мобільну бригаду", targets: [{ value: 1, unit: "бригада" }] },
              budget: [{ executor: "КНП «Новопсковський ЦПМСД»", source: "місцевий бюджет", total: 120, byYear: { "2027": 60, "2028": 60 } }],
            }),
          ],
        }),
        { expected: "current", actor: "petrenko@novopskovskyi" },
      )
      .pipe(Effect.provide(EventStore.sqlite({ path: db, nodeId: "novopskovskyi" }))),
  );
  const first = done.events[0] as { eventId: string; recordedAt: string };
  amendment = { eventId: first.eventId, recordedAt: first.recordedAt, events: done.events };
  await pause(20);
  after = new Date().toISOString();
}, 120_000);

type Proved = {
  planId: string;
  origin: string;
  existedAtFrom: boolean;
  orders: Array<{ kind: string; number: string; date: string; eventId: string }>;
  changes: Array<{ target: string; id: string; where: string; change: string; field: string | null; before: unknown; after: unknown; eventId: string; actor: string; basis: { number: string; date: string; eventId: string } | null }>;
  events: Array<{ eventId: string; type: string; seq: number; actor: string; basis: { eventId: string } | null; proof: { entry: string; leafIndex: number; treeSize: number; proof: string[]; root: string } }>;
  checkpoint: { origin: string; treeSize: number; root: string; note: string; verifierKey: string; remark: string | null };
};

describe("planledger audit diff on a real database with № 328 amended by order № 112", () => {
  it("gives exactly what the order changed, by whom, under which order, each event with a proof that verifies", () => {
    const r = cli("audit", "diff", "--db", db, "--plan", planId, "--from", between, "--to", after, "--json");
    expect(r.code, r.stderr).toBe(0);
    const diff = JSON.parse(r.stdout) as Proved;
    const basis = { kind: "amendment", number: "112", date: "2026-11-30", note: "оновлення строків і мобільна бригада", eventId: amendment.eventId };
    expect(diff.existedAtFrom).toBe(true);
    expect(diff.orders).toEqual([basis]);
    expect(diff.events.map((e) => e.type)).toEqual(["PlanAmended", "MeasureAmended", "MeasureAdded"]);
    expect(diff.events.map((e) => e.eventId)).toEqual(amendment.events.map((e) => e.eventId));
    const [, amendedEvent, addedEvent] = amendment.events as [unknown, { eventId: string }, { eventId: string }];
    const by = { actor: "petrenko@novopskovskyi", basis, recordedAt: amendment.recordedAt };
    expect(diff.changes).toEqual([
      {
        target: "measure",
        id: amended,
        where: "II.2.4)",
        change: "amended",
        field: "term",
        before: { kind: "interval", text: "2019-2026 роки", from: "2019-01-01", to: "2026-12-31" },
        after: { kind: "deadline", text: "до 31.12.2025", date: "2025-12-31" },
        eventId: amendedEvent.eventId,
        ...by,
      },
      {
        target: "measure",
        id: amended,
        where: "II.2.4)",
        change: "amended",
        field: "executors",
        // The seed's parser reads this executor as taking part by consent.
        before: [{ name: "КНП «Новопсковський центр первинної медико-санітарної допомоги»", byConsent: true }],
        after: [
          { name: "КНП «Новопсковський центр первинної медико-санітарної допомоги»", byConsent: true },
          { name: "Новопсковська селищна рада", byConsent: true },
        ],
        eventId: amendedEvent.eventId,
        ...by,
      },
      {
        target: "measure",
        id: added,
        where: "II.2.7)",
        change: "added",
        field: null,
        before: null,
        after: expect.objectContaining({ label: "7)", title: "створення мобільної бригади паліативної допомоги дітям", parent: null }),
        eventId: addedEvent.eventId,
        ...by,
      },
    ]);

    // Each proof, checked as an auditor would: the leaf names the event, the path leads to the root, and the root
    // is the one the node signed — under the key the auditor holds (the node's key file), not one from the output.
    const nodeKey = readNodeKey(`${db}.key`).publicKey;
    const opened = openTlogCheckpoint(diff.checkpoint.note, { log: ed25519NoteVerifier("planledger/novopskovskyi", nodeKey), origin: "planledger/novopskovskyi" });
    expect(Either.isRight(opened)).toBe(true);
    const signed = Either.getOrThrow(opened).checkpoint;
    expect(signed.size).toBe(diff.checkpoint.treeSize);
    expect(Buffer.from(signed.rootHash).toString("hex")).toBe(diff.checkpoint.root);
    for (const event of diff.events) {
      const entry = Buffer.from(event.proof.entry, "base64");
      expect(entry.toString("utf8").split("\n").slice(0, 4)).toEqual(["planledger-event/v1", "novopskovskyi", String(event.seq), event.eventId]);
      expect(event.proof.treeSize).toBe(signed.size);
      const path = event.proof.proof.map((h) => Buffer.from(h, "hex"));
      expect(Either.isRight(verifyInclusion(event.seq - 1, signed.size, leafHash(entry), path, Buffer.from(signed.rootHash)))).toBe(true);
      // One altered byte of the leaf and it no longer verifies.
      const altered = Buffer.from(entry);
      altered[altered.length - 2] = (altered[altered.length - 2] as number) ^ 1;
      expect(Either.isRight(verifyInclusion(event.seq - 1, signed.size, leafHash(altered), path, Buffer.from(signed.rootHash)))).toBe(false);
    }
  });

  it("prints a Ukrainian-first table: date дд.мм.рррр, change, where, field before → after, actor, order, event", () => {
    const r = cli("audit", "diff", "--db", db, "--plan", planId, "--from", between, "--to", after);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^Що змінилося в плані \/ what changed in plan novopskovskyi\.328\.2019-10-16 «План розвитку/);
    expect(r.stdout).toContain(`Розпорядження / orders: № 112 від 30.11.2026 «оновлення строків і мобільна бригада» (подія / event ${amendment.eventId})`);
    const day = new Intl.DateTimeFormat("uk-UA", { timeZone: "Europe/Kyiv", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(amendment.recordedAt));
    const row = (text: string) => lines.find((l) => l.includes(text)) ?? "";
    expect(row("термін / term")).toMatch(
      new RegExp(`^${day.replace(/\./g, "\\.")}\\s+змінено / amended\\s+захід II\\.2\\.4\\)\\s+термін / term\\s+2019-2026 роки → до 31\\.12\\.2025\\s+petrenko@novopskovskyi\\s+№ 112 від 30\\.11\\.2026\\s+[0-9a-f-]{36}$`),
    );
    expect(row("виконавці / executors")).toMatch(/виконавці \/ executors\s+\+ Новопсковська селищна рада \(за згодою\)\s+petrenko@novopskovskyi/);
    expect(row("додано / added")).toMatch(/захід II\.2\.7\)\s+—\s+7\) створення мобільної бригади паліативної допомоги дітям\s+petrenko@novopskovskyi\s+№ 112 від 30\.11\.2026/);
    expect(r.stdout).toMatch(/Подій \/ events: 3 \(журнал \/ log novopskovskyi, seq \d+–\d+\); доказ включення кожної — до підписаної контрольної точки/);
  });

  it("reads dates as the end of that day in Kyiv: from a day before the import, the plan shows as adopted under № 328", () => {
    const yesterday = new Date(Date.parse(adoptedAt) - 36 * 3600_000).toISOString().slice(0, 10);
    const r = cli("audit", "diff", "--db", db, "--plan", planId, "--from", yesterday.split("-").reverse().join("."), "--to", after, "--json");
    expect(r.code, r.stderr).toBe(0);
    const diff = JSON.parse(r.stdout) as Proved;
    expect(diff.existedAtFrom).toBe(false);
    expect(diff.changes.map((c) => `${c.change} ${c.where}`)).toEqual([
      `adopted ${planId}`,
      "amended II.2.4)",
      "amended II.2.4)",
      "added II.2.7)",
    ]);
    expect(diff.changes[0]).toMatchObject({ actor: "kovalenko@novopskovskyi", basis: { number: "328", date: "2019-10-16" } });
    expect(diff.orders.map((o) => `${o.kind} ${o.number}`)).toEqual(["adoption 328", "amendment 112"]);
  });

  it("refuses bad input with exit 2 and one line naming the parameter, Ukrainian first", () => {
    const cases: Array<[ReadonlyArray<string>, RegExp]> = [
      [["--plan", "novopskovskyi.999.2020-01-01", "--from", "01.01.2020", "--to", after], /^planledger audit diff: --plan novopskovskyi\.999\.2020-01-01: План «.*» не знайдено на цьому вузлі \/ plan .* not held/],
      [["--plan", planId, "--from", after, "--to", between], /^planledger audit diff: --from .* пізніше за --to .* \/ --from is after --to/],
      [["--plan", planId, "--from", "31.02.2026", "--to", after], /^planledger audit diff: --from: «31\.02\.2026» — такого дня немає; очікується дд\.мм\.рррр/],
      [["--plan", planId, "--from", between, "--to", "завтра"], /^planledger audit diff: --to: «завтра» — не дата; .* \/ --to: "завтра" — not a date/],
      [["--plan", planId, "--from", "01.01.2000", "--to", "31.12.2000"], /^planledger audit diff: --plan .*: to: план «.*» ще не було затверджено на 31\.12\.2000/],
      [["--plan", planId, "--to", after], /^planledger audit diff: потрібен --from T1 \/ --from T1 is required/],
    ];
    for (const [args, message] of cases) {
      const r = cli("audit", "diff", "--db", db, ...args);
      expect([r.code, r.stdout], args.join(" ")).toEqual([2, ""]);
      expect(r.stderr).toMatch(message);
    }
    const missing = cli("audit", "diff", "--db", join(dir, "none.db"), "--plan", planId, "--from", between, "--to", after);
    expect([missing.code, missing.stderr]).toEqual([2, `planledger audit diff: --db: файлу ${join(dir, "none.db")} немає / no such file ${join(dir, "none.db")}\n`]);
  });
});
