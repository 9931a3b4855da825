import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventStore, EventStoreDatabase, toReplica } from "@planledger/event-store";
import { Effect, Layer } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LoggedEvent } from "./model/logged-event.js";
import { Projections } from "./projections.service.js";
import { appendOwn } from "./testing/append-own.js";
import { LogBuilder, deadline } from "./testing/log-builder.js";

const O = "luhanska.1003.2018-12-12";
const D = "novopskovskyi.328.2019-10-16";
const id = (plan: string, m: string) => `${plan}.s1.t1.${m}`;
const term = deadline("2026-12-31");
const today = () => new Date("2024-07-20T12:00:00.000Z");

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "projections-int-"));
  path = join(dir, "luhanska.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `body` on the oblast node's database file, as a node process would between start and stop. */
const onNode = <A, E>(
  body: Effect.Effect<A, E, Projections | EventStore | EventStoreDatabase>,
  receivedAt = "2024-07-20T12:00:00.000Z",
): Promise<A> =>
  Effect.runPromise(
    body.pipe(
      Effect.provide(
        Layer.provideMerge(Projections.sqlite({ now: today }), EventStore.sqlite({ path, nodeId: "luhanska", now: () => receivedAt })),
      ),
      Effect.scoped,
    ) as Effect.Effect<A, E>,
  );

/** Writes a child's events on its own (in-memory) node and replicates its log into this one, as sync does. */
const replicateFrom = (origin: string, events: ReadonlyArray<LoggedEvent>) =>
  Effect.gen(function* () {
    const child = yield* Effect.provide(
      Effect.gen(function* () {
        const store = yield* EventStore;
        for (const e of events)
          yield* store.append(e.stream, [{ eventId: e.eventId, type: e.type, data: e.data }], {
            expectedVersion: "any",
            actor: "district",
            recordedAt: e.recordedAt,
          });
        return yield* store.readAll({ fromPosition: 1, limit: 10_000 });
      }),
      EventStore.inMemory({ nodeId: origin }),
    );
    const store = yield* EventStore;
    yield* store.appendReplicated(child.map(toReplica));
  });

const oblast = (): LogBuilder =>
  new LogBuilder().plan("luhanska", O, { orderDate: "2018-12-12", period: { from: 2018, to: 2026 } }, [
    { id: "m1", term, targets: [{ value: 115, unit: "прийомних сімей" }] },
  ], "2024-01-10T00:00:00.000Z");

const district = (): LogBuilder => {
  const b = new LogBuilder().plan("novopskovskyi", D, { orderDate: "2019-10-16", period: { from: 2019, to: 2026 }, parentPlanId: O }, [
    { id: "m1", term, targets: [{ value: 20, unit: "прийомних сімей" }] },
  ], "2024-01-11T00:00:00.000Z");
  b.add("novopskovskyi", `plan:${D}`, "MeasureLinked", {
    measureId: id(D, "m1"),
    parent: { node: "luhanska", planId: O, measureId: id(O, "m1") },
  }, "2024-01-11T00:00:00.000Z");
  b.report("novopskovskyi", D, 2024, 1, [{ measure: "m1", status: "inProgress", actuals: [{ value: 9, unit: "прийомних сімей" }] }],
    "2024-04-02T00:00:00.000Z");
  return b;
};

const countRows = (table: string) =>
  Effect.map(EventStoreDatabase, (db) => (db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number));

describe("projections on a SQLite node database", () => {
  it("keeps rows and checkpoint together and folds replicated child logs", async () => {
    const result = await onNode(
      Effect.gen(function* () {
        yield* appendOwn(oblast().events);
        yield* replicateFrom("novopskovskyi", district().events);
        const p = yield* Projections;
        const rollup = yield* p.rollup(O);
        const db = yield* EventStoreDatabase;
        const checkpoint = db.sqlite.prepare("SELECT position FROM proj_checkpoint WHERE projection = 'ledger'").pluck().get();
        const last = yield* (yield* EventStore).reader.lastPosition();
        return { rollup, checkpoint, last, plans: yield* countRows("proj_plan"), reports: yield* countRows("proj_report") };
      }),
    );
    expect(result.last).toBeGreaterThan(0);
    expect(result.checkpoint).toBe(result.last);
    expect(result.plans).toBe(2);
    expect(result.reports).toBe(1);
    const m1 = result.rollup.measures[0];
    expect(m1?.children.map((c) => [c.node, c.own.actuals[0]?.value, c.freshness.lastSeq])).toEqual([
      ["novopskovskyi", 9, district().events.length],
    ]);
    expect(m1?.combined.targets[0]).toMatchObject({ value: 9, target: 115 });
  });

  it("never moves the checkpoint past rows that failed to write", async () => {
    const outcome = await onNode(
      Effect.gen(function* () {
        const p = yield* Projections;
        yield* appendOwn(oblast().events);
        yield* p.catchUp();
        const db = yield* EventStoreDatabase;
        const before = db.sqlite.prepare("SELECT position FROM proj_checkpoint").pluck().get();
        db.sqlite.exec(`CREATE TRIGGER fail_report BEFORE INSERT ON proj_report BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
        yield* replicateFrom("novopskovskyi", district().events);
        const failed = yield* Effect.either(Effect.suspend(() => p.catchUp()).pipe(Effect.catchAllDefect(Effect.fail)));
        const after = db.sqlite.prepare("SELECT position FROM proj_checkpoint").pluck().get();
        const districtRows = db.sqlite.prepare("SELECT count(*) FROM proj_plan WHERE plan_id = ?").pluck().get(D);
        db.sqlite.exec("DROP TRIGGER fail_report");
        return { before, failed: failed._tag, after, districtRows };
      }),
    );
    expect(outcome.failed).toBe("Left");
    expect(outcome.after).toBe(outcome.before);
    expect(outcome.districtRows).toBe(0);
  });

  it("catches up after a restart from its cached rows, and a rebuild refolds the log into the same views", async () => {
    const first = await onNode(
      Effect.gen(function* () {
        yield* appendOwn(oblast().events);
        return yield* (yield* Projections).position();
      }),
    );
    // The node is down while the district's log arrives; someone also scribbles on a cached row.
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* replicateFrom("novopskovskyi", district().events);
        const db = yield* EventStoreDatabase;
        db.sqlite.prepare("UPDATE proj_plan SET doc = json_set(doc, '$.title', 'зіпсовано') WHERE plan_id = ?").run(O);
      }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: "luhanska" })), Effect.scoped),
    );
    const second = await onNode(
      Effect.gen(function* () {
        const p = yield* Projections;
        const position = yield* p.position();
        const oblastTree = yield* p.planTree(O);
        const tree = yield* p.planTree(D);
        const rollup = yield* p.rollup(O);
        const rebuilt = yield* p.rebuild();
        return {
          position,
          cachedTitle: oblastTree.title,
          tree,
          rollup,
          rebuilt,
          titleAfter: (yield* p.planTree(O)).title,
          treeAfter: yield* p.planTree(D),
          rollupAfter: yield* p.rollup(O),
        };
      }),
    );
    // A third start has nothing to fold: every view comes from the cached rows, progress rows included.
    const third = await onNode(
      Effect.gen(function* () {
        const p = yield* Projections;
        return { tree: yield* p.planTree(D), rollup: yield* p.rollup(O) };
      }),
    );
    expect(third.tree).toEqual(second.treeAfter);
    expect(third.rollup).toEqual(second.rollupAfter);
    const all = oblast().events.length + district().events.length;
    expect(first).toBe(oblast().events.length);
    expect(second.position).toBe(all);
    // Only the district's events were folded on start: the oblast plan came from its cached row.
    expect(second.cachedTitle).toBe("зіпсовано");
    expect(second.tree.sections[0]?.tasks[0]?.measures[0]?.progress[0]).toMatchObject({ actual: 9, target: 20 });
    expect(second.rebuilt.events).toBe(all);
    expect(second.titleAfter).toBe(`План ${O}`);
    expect(second.treeAfter).toEqual(second.tree);
    expect(second.rollupAfter.measures).toEqual(second.rollup.measures);
  });

  it("answers as of an earlier day from the log", async () => {
    const views = await onNode(
      Effect.gen(function* () {
        yield* appendOwn(oblast().events);
        yield* replicateFrom("novopskovskyi", district().events);
        const p = yield* Projections;
        return {
          before: yield* p.rollup(O, { asOf: "2024-03-31", byReceipt: false }),
          after: yield* p.rollup(O, { asOf: "2024-04-05", byReceipt: false }),
          // Everything reached this node on 20 July: by receipt, on 5 April it had seen nothing.
          seen: yield* p.listPlans({ asOf: "2024-04-05" }),
          now: yield* p.listPlans(),
        };
      }),
    );
    expect(views.before.measures[0]?.children[0]?.own.actuals).toEqual([]);
    expect(views.after.measures[0]?.combined.targets[0]?.value).toBe(9);
    expect(views.seen).toEqual([]);
    expect(views.now.map((p) => [p.id, p.owner, p.replica])).toEqual([
      [O, "luhanska", false],
      [D, "novopskovskyi", true],
    ]);
  });
});
