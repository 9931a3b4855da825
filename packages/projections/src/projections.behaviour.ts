/**
 * @module The projections' behaviour on a node database, one suite for every engine (`projections.sqlite.int.test.ts`,
 * `projections.postgres.int.test.ts`): rows and checkpoint written together, a failed write never moving the
 * checkpoint, a restart catching up from the cached rows, a rebuild, and as-of views. An engine gives a fresh node
 * database per test, the layers a node process opens on it, and the few SQL statements that differ between engines.
 */
import { EventStore, toReplica } from "@planledger/event-store";
import { Context, Effect, type Layer } from "effect";
import { type Kysely, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LoggedEvent } from "./model/logged-event.js";
import { Projections } from "./projections.service.js";
import { appendOwn } from "./testing/append-own.js";
import { LogBuilder, deadline } from "./testing/log-builder.js";

/** The node database's own connection (Kysely), for reading and spoiling the cached rows behind the service's back. */
export class NodeSql extends Context.Tag("@planledger/projections/test/NodeSql")<
  NodeSql,
  // biome-ignore lint/suspicious/noExplicitAny: the tests name the read-model tables in raw SQL.
  Kysely<any>
>() {}

/** One node database, fresh for one test. */
export interface TestNodeDatabase {
  /** The node process: its store (receiving at `receivedAt`), projections over it, and the raw connection. */
  readonly node: (options: {
    readonly receivedAt: string;
    readonly now: () => Date;
  }) => Layer.Layer<Projections | EventStore | NodeSql, unknown>;
  /** The store alone (the node down, its log still growing), with the raw connection. */
  readonly storeOnly: () => Layer.Layer<EventStore | NodeSql, unknown>;
  readonly close: () => Promise<void>;
}

export interface ProjectionsEngine {
  readonly name: string;
  readonly open: () => Promise<TestNodeDatabase>;
  /** Statements that make every write of a report row fail ("disk full"), and the ones that undo them. */
  readonly failReportWrites: ReadonlyArray<string>;
  readonly allowReportWrites: ReadonlyArray<string>;
  /** A statement that overwrites the title in plan `$1`'s cached document with «зіпсовано». */
  readonly spoilTitle: (planId: string) => string;
}

const O = "luhanska.1003.2018-12-12";
const D = "novopskovskyi.328.2019-10-16";
const id = (plan: string, m: string) => `${plan}.s1.t1.${m}`;
const term = deadline("2026-12-31");
const today = () => new Date("2024-07-20T12:00:00.000Z");

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

/** The first column of the first row of a query on the node database (a count, a position). */
const scalar = (query: string, ...parameters: ReadonlyArray<unknown>) =>
  Effect.flatMap(NodeSql, (db) =>
    Effect.promise(async () => {
      const parts = query.split("?");
      const built = sql.join(
        parts.map((part, i) => (i === 0 ? sql.raw(part) : sql`${parameters[i - 1]}${sql.raw(part)}`)),
        sql.raw(""),
      );
      const { rows } = await built.execute(db);
      const first = rows[0] as Record<string, unknown> | undefined;
      return first === undefined ? undefined : Object.values(first)[0];
    }),
  );
const exec = (statements: ReadonlyArray<string>) =>
  Effect.flatMap(NodeSql, (db) =>
    Effect.promise(async () => {
      for (const statement of statements) await sql.raw(statement).execute(db);
    }),
  );
const countRows = (table: string) => scalar(`SELECT CAST(count(*) AS integer) FROM ${table}`);
const ledgerCheckpoint = () => scalar("SELECT position FROM proj_checkpoint WHERE projection = 'ledger'");

/**
 * @example
 * projectionsBehaviour({ name: "SQLite", open: async () => …, failReportWrites: [...], allowReportWrites: [...], spoilTitle });
 */
export const projectionsBehaviour = (engine: ProjectionsEngine): void => {
  describe(`projections on a ${engine.name} node database`, () => {
    let database: TestNodeDatabase;
    beforeEach(async () => {
      database = await engine.open();
    });
    afterEach(() => database.close());

    /** Runs `body` on the oblast node's database, as a node process would between start and stop. */
    const onNode = <A, E>(
      body: Effect.Effect<A, E, Projections | EventStore | NodeSql>,
      receivedAt = "2024-07-20T12:00:00.000Z",
    ): Promise<A> =>
      Effect.runPromise(
        body.pipe(Effect.provide(database.node({ receivedAt, now: today })), Effect.scoped) as Effect.Effect<A, E>,
      );

    it("keeps rows and checkpoint together and folds replicated child logs", async () => {
      const result = await onNode(
        Effect.gen(function* () {
          yield* appendOwn(oblast().events);
          yield* replicateFrom("novopskovskyi", district().events);
          const p = yield* Projections;
          const rollup = yield* p.rollup(O);
          const checkpoint = yield* ledgerCheckpoint();
          const last = yield* (yield* EventStore).reader.lastPosition();
          return { rollup, checkpoint, last, plans: yield* countRows("proj_plan"), reports: yield* countRows("proj_report") };
        }),
      );
      expect(result.last).toBeGreaterThan(0);
      expect(result.checkpoint).toBe(result.last);
      expect(result.plans).toBe(2);
      expect(result.reports).toBe(1);
      const m1 = result.rollup.measures[0];
      const lastSeqOf = (origin: string) => result.rollup.freshness.find((f) => f.origin === origin)?.lastSeq;
      expect(m1?.children.map((c) => [c.node, c.own.actuals[0]?.value, lastSeqOf(c.origin)])).toEqual([
        ["novopskovskyi", 9, district().events.length],
      ]);
      expect(m1?.combined.targets[0]).toMatchObject({ value: 9, target: 115 });
    });

    it("shows the newest checkpoint of each child log in a roll-up's freshness", async () => {
      const freshness = await onNode(
        Effect.gen(function* () {
          yield* appendOwn(oblast().events);
          const p = yield* Projections;
          const before = (yield* p.rollup(O)).measures[0]?.children.length;
          const child = yield* Effect.provide(
            Effect.gen(function* () {
              const store = yield* EventStore;
              for (const e of district().events)
                yield* store.append(e.stream, [{ eventId: e.eventId, type: e.type, data: e.data }], {
                  expectedVersion: "any",
                  actor: "district",
                  recordedAt: e.recordedAt,
                });
              return {
                events: yield* store.readAll({ fromPosition: 1, limit: 10_000 }),
                checkpoint: yield* store.checkpoint(),
                publicKey: store.publicKey,
              };
            }),
            EventStore.inMemory({ nodeId: "novopskovskyi" }),
          );
          const store = yield* EventStore;
          yield* store.registerNodeKey("novopskovskyi", child.publicKey);
          yield* store.appendReplicated(child.events.map(toReplica));
          yield* store.appendReplicatedCheckpoint(child.checkpoint);
          const rollup = yield* p.rollup(O);
          const origin = rollup.measures[0]?.children[0]?.origin;
          return { before, after: rollup.freshness.find((f) => f.origin === origin), checkpoint: child.checkpoint };
        }),
      );
      expect(freshness.before).toBe(0);
      expect(freshness.after?.checkpoint).toEqual({
        seq: freshness.checkpoint.seq,
        hash: freshness.checkpoint.hash,
        signedAt: freshness.checkpoint.signedAt,
      });
      expect(freshness.after?.lastSeq).toBe(freshness.checkpoint.seq);
    });

    it("never moves the checkpoint past rows that failed to write", async () => {
      const outcome = await onNode(
        Effect.gen(function* () {
          const p = yield* Projections;
          yield* appendOwn(oblast().events);
          yield* p.catchUp();
          const before = yield* ledgerCheckpoint();
          yield* exec(engine.failReportWrites);
          yield* replicateFrom("novopskovskyi", district().events);
          const failed = yield* Effect.either(Effect.suspend(() => p.catchUp()).pipe(Effect.catchAllDefect(Effect.fail)));
          const after = yield* ledgerCheckpoint();
          const districtRows = yield* scalar("SELECT CAST(count(*) AS integer) FROM proj_plan WHERE plan_id = ?", D);
          yield* exec(engine.allowReportWrites);
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
          yield* exec([engine.spoilTitle(O)]);
        }).pipe(Effect.provide(database.storeOnly()), Effect.scoped) as Effect.Effect<void>,
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
          return { tree: yield* p.planTree(D), rollup: yield* p.rollup(O), report: yield* p.report(`${D}.2024-q1`) };
        }),
      );
      expect(third.tree).toEqual(second.treeAfter);
      expect(third.rollup).toEqual(second.rollupAfter);
      expect(third.report?.progress.map((m) => m.entry.actuals)).toEqual([[{ value: 9, unit: "прийомних сімей" }]]);
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

    it("lets concurrent reads wait for one catch-up instead of folding twice", async () => {
      const result = await onNode(
        Effect.gen(function* () {
          const p = yield* Projections;
          yield* appendOwn(oblast().events);
          yield* replicateFrom("novopskovskyi", district().events);
          const views = yield* Effect.all(
            [p.rollup(O), p.planTree(D), p.listPlans(), p.catchUp(), p.rollup(O), p.report(`${D}.2024-q1`)],
            { concurrency: "unbounded" },
          );
          const applied = (yield* p.catchUp()).applied;
          const counted = yield* scalar("SELECT events_applied FROM proj_checkpoint WHERE projection = 'ledger'");
          const rebuilt = yield* p.rebuild();
          return {
            views,
            applied,
            counted,
            rebuilt,
            checkpoint: yield* ledgerCheckpoint(),
            last: yield* p.position(),
            rollupAfter: yield* p.rollup(O),
          };
        }),
      );
      const [first, , plans, , second, report] = result.views;
      expect(second).toEqual(first);
      // Each event folded once: the count kept with the checkpoint is the log's, and a refold gives the same roll-up.
      expect(result.counted).toBe(result.last);
      expect(result.rebuilt.events).toBe(result.last);
      expect(result.rollupAfter).toEqual(first);
      expect(plans).toHaveLength(2);
      expect(report?.progress[0]?.entry.actuals).toEqual([{ value: 9, unit: "прийомних сімей" }]);
      expect(result.applied).toBe(0);
      expect(result.checkpoint).toBe(result.last);
    });
  });
};
