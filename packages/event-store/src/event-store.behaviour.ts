/**
 * @module The behaviour every `EventStore` layer must show; run against the in-memory and the SQLite store.
 */
import { Deferred, Effect, Either, Exit, type Layer, Option, Ref, type Scope } from "effect";
import { describe, expect, it } from "vitest";
import { verifyCheckpoint } from "./checkpoint.js";
import { EventStore } from "./event-store.js";
import { GENESIS_HASH, envelopeHash, toReplica } from "./hash-chain.js";
import { canonicalJson } from "./canonical-json.js";
import { type LogEntry, WIRE_EVENT_FIELDS } from "./log-reader.js";
import { verifyConsistency, verifyInclusion } from "./merkle/proof-verify.js";
import { emptyRoot, leafHash, merkleTreeHash } from "./merkle/tree-hash.js";
import { openTlogCheckpoint } from "./merkle/tlog-checkpoint.js";
import { parseVerifierKey } from "./merkle/verifier-key.js";
import type { ReplicaEvent } from "./hash-chain.js";
import type { StoredEvent } from "./stored-event.js";

export type MakeStoreLayer = (nodeId: string, now?: () => string) => Layer.Layer<EventStore>;

const adopted = (planId: string) => ({
  type: "PlanAdopted",
  data: { planId, ownerNode: "luhanska", title: "План заходів", order: { number: "1003", date: "2018-12-12" } },
});
const section = (n: number) => ({ type: "SectionAdded", data: { sectionId: `s${n}`, label: "I", ordinal: n, title: `Розділ ${n}` } });
const byActor = { actor: "ivanenko" } as const;

const recomputed = (e: StoredEvent): string => envelopeHash(e, canonicalJson(e.data));

/** An event's leaf entry written out here by hand from its fields, as an auditor would (not through `leafEntry`). */
const naiveEntry = (e: Pick<StoredEvent, "origin" | "seq" | "eventId" | "hash">): Buffer =>
  Buffer.from(`planledger-event/v1\n${e.origin}\n${e.seq}\n${e.eventId}\n${e.hash}\n`, "utf8");
/** The root of the tree over these events by RFC 9162's recursive definition (every node hashed afresh). */
const naiveRoot = (events: ReadonlyArray<StoredEvent>): string => merkleTreeHash(events.map(naiveEntry)).toString("hex");
const fromHex = (hex: string): Buffer => Buffer.from(hex, "hex");

/** A child's log (in memory, its own node) as replicas, with the child's tree heads at every size. */
const childLog = (nodeId: string, plans: ReadonlyArray<[string, number]>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      for (const [planId, sections] of plans)
        yield* store.append(`plan:${planId}`, [adopted(planId), ...Array.from({ length: sections }, (_, i) => section(i + 1))], {
          actor: "petrenko",
          expectedVersion: "noStream",
        });
      const events = yield* store.readAll();
      const heads: Array<string> = [];
      for (let n = 0; n <= events.length; n++) heads.push(yield* store.treeHead(nodeId, n));
      const proofs = yield* Effect.forEach(events, (e) => store.inclusionProof(e.eventId));
      return {
        replicas: events.map(({ position: _p, receivedAt: _r, ...envelope }): ReplicaEvent => toReplica(envelope)),
        heads,
        proofs,
        checkpoint: yield* store.checkpoint(),
        publicKey: store.publicKey,
      };
    }).pipe(Effect.provide(EventStore.inMemory({ nodeId }))),
  );

/**
 * Registers the suite under `name`; `makeLayer` must give a fresh, empty store on every call.
 *
 * @example
 * eventStoreBehaviour("in-memory", (nodeId) => EventStore.inMemory({ nodeId }));
 */
export const eventStoreBehaviour = (name: string, makeLayer: MakeStoreLayer): void => {
  const run = <A, E>(program: Effect.Effect<A, E, EventStore | Scope.Scope>, nodeId = "luhanska", now?: () => string) =>
    Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(makeLayer(nodeId, now))));

  describe(`EventStore behaviour: ${name}`, () => {
    it("appends a batch as one chained, gap-free run with stream versions from 1", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          const first = yield* store.append("plan:p1", [adopted("p1"), section(1)], { ...byActor, expectedVersion: "noStream" });
          const second = yield* store.append("plan:p2", [adopted("p2")], { ...byActor, expectedVersion: "noStream" });
          expect([first.streamVersion, first.firstSeq, first.lastSeq]).toEqual([2, 1, 2]);
          expect([second.streamVersion, second.firstSeq, second.lastSeq]).toEqual([1, 3, 3]);
          const all = yield* store.readAll();
          expect(all.map((e) => [e.seq, e.stream, e.streamVersion, e.position])).toEqual([
            [1, "plan:p1", 1, 1],
            [2, "plan:p1", 2, 2],
            [3, "plan:p2", 1, 3],
          ]);
          expect(all[0]?.prevHash).toBe(GENESIS_HASH);
          expect(all[1]?.prevHash).toBe(all[0]?.hash);
          expect(all[2]?.prevHash).toBe(all[1]?.hash);
          for (const e of all) expect(e.hash).toBe(recomputed(e));
          expect(all.every((e) => e.origin === "luhanska" && e.actor === "ivanenko")).toBe(true);
          expect(all[0]?.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          expect(all[1]?.data).toEqual(section(1).data);
          expect(yield* store.head()).toMatchObject({ origin: "luhanska", seq: 3, hash: all[2]?.hash, lastPosition: 3 });
        }),
      ));

    it("refuses a stale expected version and writes nothing", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.append("plan:p1", [adopted("p1")], { ...byActor, expectedVersion: "noStream" });
          const before = yield* store.head();
          const again = yield* Effect.either(store.append("plan:p1", [adopted("p1")], { ...byActor, expectedVersion: "noStream" }));
          const stale = yield* Effect.either(store.append("plan:p1", [section(1), section(2)], { ...byActor, expectedVersion: 0 }));
          const ahead = yield* Effect.either(store.append("plan:p1", [section(1)], { ...byActor, expectedVersion: 2 }));
          for (const outcome of [again, stale, ahead]) {
            expect(Either.isLeft(outcome) && outcome.left._tag).toBe("ConcurrencyError");
            expect(Either.isLeft(outcome) && outcome.left._tag === "ConcurrencyError" && outcome.left.actualVersion).toBe(1);
          }
          expect(yield* store.head()).toEqual(before);
          expect((yield* store.readStream("plan:p1")).length).toBe(1);
          const exact = yield* store.append("plan:p1", [section(1)], { ...byActor, expectedVersion: 1 });
          const any = yield* store.append("plan:p1", [section(2)], { ...byActor, expectedVersion: "any" });
          expect([exact.streamVersion, any.streamVersion, any.lastSeq]).toEqual([2, 3, 3]);
        }),
      ));

    it("answers a retried append with the original result and stores nothing twice", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          const ids = ["0190a0e1-0000-7000-8000-000000000001", "0190a0e1-0000-7000-8000-000000000002"];
          const batch = [
            { ...adopted("p1"), eventId: ids[0] },
            { ...section(1), eventId: ids[1] },
          ];
          const first = yield* store.append("plan:p1", batch, { ...byActor, expectedVersion: "noStream" });
          yield* store.append("plan:p1", [section(2)], { ...byActor, expectedVersion: 2 });
          const retry = yield* store.append("plan:p1", batch, { ...byActor, expectedVersion: "noStream" });
          expect(retry).toEqual(first);
          expect((yield* store.readAll()).length).toBe(3);
          const partial = yield* Effect.either(
            store.append("plan:p1", [{ ...section(3), eventId: ids[1] }, section(4)], { ...byActor, expectedVersion: "any" }),
          );
          expect(Either.isLeft(partial) && partial.left._tag).toBe("IdempotencyConflictError");
          const elsewhere = yield* Effect.either(store.append("plan:p9", batch, { ...byActor, expectedVersion: "any" }));
          expect(Either.isLeft(elsewhere) && elsewhere.left._tag).toBe("IdempotencyConflictError");
          expect((yield* store.readAll()).length).toBe(3);
        }),
      ));

    it("carries causation and correlation per append and per event", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          const amendment = "0190a0e1-0000-7000-8000-00000000000a";
          const result = yield* store.append(
            "plan:p1",
            [{ ...adopted("p1"), eventId: amendment, causationId: null }, { ...section(1), causationId: amendment }],
            { ...byActor, expectedVersion: "any", causationId: "cmd-1", correlationId: "import-7" },
          );
          expect(result.events.map((e) => [e.causationId, e.correlationId])).toEqual([
            [null, "import-7"],
            [amendment, "import-7"],
          ]);
        }),
      ));

    it("reads a stream from a version, the log in pages, by origin, and as of a time", () => {
      let clock = Date.parse("2026-04-05T09:00:00.000Z");
      const now = () => new Date(clock).toISOString();
      return run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.append("plan:p1", [adopted("p1"), section(1), section(2)], { ...byActor, expectedVersion: "noStream" });
          clock += 86_400_000;
          yield* store.append("plan:p2", [adopted("p2")], { ...byActor, expectedVersion: "noStream" });
          yield* store.append("plan:p1", [section(3)], { ...byActor, expectedVersion: 3 });
          expect((yield* store.readStream("plan:p1", 3)).map((e) => e.streamVersion)).toEqual([3, 4]);
          expect((yield* store.readStream("plan:none")).length).toBe(0);
          const page1 = yield* store.readAll({ fromPosition: 1, limit: 2 });
          const page2 = yield* store.readAll({ fromPosition: (page1.at(-1)?.position ?? 0) + 1, limit: 2 });
          const page3 = yield* store.readAll({ fromPosition: (page2.at(-1)?.position ?? 0) + 1, limit: 2 });
          expect([...page1, ...page2, ...page3].map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
          expect((yield* store.readAll({ origin: "volynska" })).length).toBe(0);
          const asOf = yield* store.readAsOf("2026-04-05T23:59:59Z");
          expect(asOf.map((e) => e.seq)).toEqual([1, 2, 3]);
          expect(asOf[0]?.recordedAt).toBe("2026-04-05T09:00:00.000Z");
        }),
        "luhanska",
        now,
      );
    });

    it("reads through its reader: streams eager or lazy, pages, scans from a position, entries, data, hashes, heads", () => {
      let clock = Date.parse("2026-04-05T09:00:00.000Z");
      const now = () => new Date(clock).toISOString();
      return run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          const { reader } = store;
          expect(yield* reader.lastPosition()).toBe(0);
          expect(yield* reader.heads()).toEqual([]);
          yield* store.append("plan:p1", [adopted("p1"), section(1)], { ...byActor, expectedVersion: "noStream", causationId: "cmd-1" });
          clock += 86_400_000;
          const amended = "0190a0e1-0000-7000-8000-00000000000b";
          yield* store.append("plan:p1", [{ type: "PlanAmended", data: { planId: "p1" }, eventId: amended }], { ...byActor, expectedVersion: 2 });
          yield* store.append("report:p1:2026-Q1", [
            { type: "ProgressRecorded", data: { reportId: "r1", measureId: "m1", status: "done" } },
            { type: "ProgressRecorded", data: { reportId: "r1", measureId: { nested: true } } },
          ], { ...byActor, expectedVersion: "noStream" });
          const all = yield* store.readAll();

          const eager = yield* reader.readStream("plan:p1", 2);
          const lazy = yield* reader.readStream("plan:p1", 2, { data: "lazy" });
          expect(eager.map((e) => [e.streamVersion, e.data])).toEqual([[2, section(1).data], [3, { planId: "p1" }]]);
          expect(lazy).toEqual(eager);
          expect(yield* store.readStream("plan:p1")).toEqual(all.slice(0, 3));
          expect(yield* reader.readAll({ fromPosition: 2, limit: 2, data: "eager" })).toEqual(all.slice(1, 3));

          const visited: Array<LogEntry> = [];
          const count = yield* reader.scan({ fromPosition: 2, limit: 10 }, (e) => visited.push(e));
          expect(count).toBe(4);
          expect(visited.map((e) => [e.position, e.type, e.eventId, e.dataJson])).toEqual(
            all.slice(1).map((e) => [e.position, e.type, e.eventId, canonicalJson(e.data)]),
          );
          expect(visited[0]).toMatchObject({ origin: "luhanska", seq: 2, stream: "plan:p1", causationId: "cmd-1", picked: undefined });
          expect(visited[0]?.recordedAt).toBe("2026-04-05T09:00:00.000Z");
          expect(visited[1]?.receivedAt).toBe("2026-04-06T09:00:00.000Z");

          const lean: Array<LogEntry> = [];
          yield* reader.scan(
            { fromPosition: 1, limit: 3, pick: { type: "ProgressRecorded", fields: ["reportId", "measureId"] }, eventIdsOf: ["PlanAmended"] },
            (e) => lean.push(e),
          );
          yield* reader.scan(
            { fromPosition: 4, limit: 3, pick: { type: "ProgressRecorded", fields: ["reportId", "measureId"] }, eventIdsOf: ["PlanAmended"] },
            (e) => lean.push(e),
          );
          expect(lean.map((e) => [e.position, e.type, e.eventId, e.picked, e.dataJson === undefined])).toEqual([
            [1, "PlanAdopted", undefined, undefined, false],
            [2, "SectionAdded", undefined, undefined, false],
            [3, "PlanAmended", amended, undefined, false],
            [4, "ProgressRecorded", undefined, { reportId: "r1", measureId: "m1" }, true],
            // A picked field that is not a string: the event comes with its text as any other.
            [5, "ProgressRecorded", undefined, undefined, false],
          ]);
          expect(yield* reader.dataAt(4)).toBe(canonicalJson({ reportId: "r1", measureId: "m1", status: "done" }));
          expect(yield* reader.dataAt(99)).toBeUndefined();

          const recorded: Array<number> = [];
          yield* reader.scan({ fromPosition: 1, limit: 10, recordedBy: "2026-04-05T23:59:59.999Z" }, (e) => recorded.push(e.position));
          expect(recorded).toEqual([1, 2]);
          const received: Array<number> = [];
          yield* reader.scan({ fromPosition: 1, limit: 10, recordedBy: "2026-04-07T00:00:00.000Z", receivedBy: "2026-04-05T23:59:59.999Z" }, (e) =>
            received.push(e.position),
          );
          expect(received).toEqual([1, 2]);

          const entries = yield* reader.entriesAt([4, 1, 42]);
          expect(entries.map((e) => [e.position, e.type, e.recordedAt, e.dataJson])).toEqual([
            [4, "ProgressRecorded", "2026-04-06T09:00:00.000Z", undefined],
            [1, "PlanAdopted", "2026-04-05T09:00:00.000Z", undefined],
          ]);
          expect(entries.map((e) => e.actor)).toEqual([all[3]?.actor, all[0]?.actor]);
          const withData = yield* reader.entriesAt([4, 42, 1], { data: true });
          expect(withData.map((e) => [e.position, e.dataJson])).toEqual([
            [4, yield* reader.dataAt(4)],
            [1, yield* reader.dataAt(1)],
          ]);
          expect(withData[0]?.dataJson).toContain('"measureId"');

          expect(yield* reader.hashAt("luhanska", 3)).toBe(all[2]?.hash);
          expect(yield* reader.hashAt("luhanska", 6)).toBeUndefined();
          expect(yield* reader.lastPosition()).toBe(5);
          expect(yield* reader.heads()).toEqual([{ origin: "luhanska", seq: 5, hash: all[4]?.hash, position: 5 }]);
          expect(yield* reader.headsOf(["volynska", "luhanska"])).toEqual([{ origin: "luhanska", seq: 5, hash: all[4]?.hash, position: 5 }]);
          expect(yield* reader.headsOf([])).toEqual([]);
          expect(yield* reader.readStreamsPrefixed("plan:")).toEqual(all.slice(0, 3));
          expect(yield* reader.readStreamsPrefixed("report:", { data: "lazy" })).toEqual(all.slice(3));
          expect(yield* reader.readStreamsPrefixed("plan:p2")).toEqual([]);
          expect(yield* reader.nodeKey("luhanska")).toBe(store.publicKey);
          expect(yield* reader.nodeKey("volynska")).toBeUndefined();
        }),
        "luhanska",
        now,
      );
    });

    it("reads the streams whose names begin with a prefix in one read, by stream then version, nothing past the prefix", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          const named = (stream: string, n: number) =>
            store.append(stream, Array.from({ length: n }, (_, i) => ({ type: "SuccessorNamed", data: { node: stream, i } })), {
              ...byActor,
              expectedVersion: "noStream",
            });
          // Written out of order, and names on both sides of the prefix's range: "succession" and "succession;" (the
          // first name after every "succession:…") are not in it, "succession:" itself and a longer name are.
          for (const [stream, n] of [["succession:b", 2], ["succession;", 1], ["succession:a", 1], ["succession", 1], ["succession:", 1], ["succession:a:1", 1]] as const)
            yield* named(stream, n);
          const found = yield* store.reader.readStreamsPrefixed("succession:");
          expect(found.map((e) => [e.stream, e.streamVersion])).toEqual([
            ["succession:", 1],
            ["succession:a", 1],
            ["succession:a:1", 1],
            ["succession:b", 1],
            ["succession:b", 2],
          ]);
          expect(found[3]?.data).toEqual({ node: "succession:b", i: 0 });
          expect((yield* store.reader.readStreamsPrefixed("succession:a")).map((e) => e.stream)).toEqual(["succession:a", "succession:a:1"]);
          expect(yield* store.reader.readStreamsPrefixed("successor")).toEqual([]);
        }),
      ));

    it("gives an origin's events in wire form between two seqs, and its checkpoints by seq", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          const { reader } = store;
          yield* store.append("plan:p1", [adopted("p1"), section(1)], { ...byActor, expectedVersion: "noStream" });
          const cp2 = yield* store.checkpoint();
          yield* store.append("plan:p1", [section(2), section(3)], { ...byActor, expectedVersion: 2 });
          const cp4 = yield* store.checkpoint();
          const all = yield* store.readAll();
          const wire = yield* reader.readWire("luhanska", 1, 3);
          expect(wire).toEqual(
            all.slice(1, 3).map((e) => WIRE_EVENT_FIELDS.map((f) => (f === "data" ? canonicalJson(e.data) : e[f]))),
          );
          expect(yield* reader.readWire("luhanska", 4, 10)).toEqual([]);
          expect(yield* reader.readWire("volynska", 0, 10)).toEqual([]);

          expect(yield* reader.checkpointAt("luhanska", 2)).toEqual(cp2);
          expect(yield* reader.checkpointAt("luhanska", 3)).toBeUndefined();
          expect(yield* reader.lastCheckpointWithin("luhanska", 0, 3)).toEqual(cp2);
          expect(yield* reader.lastCheckpointWithin("luhanska", 0, 10)).toEqual(cp4);
          expect(yield* reader.lastCheckpointWithin("luhanska", 2, 3)).toBeUndefined();
          expect(yield* reader.firstCheckpointAfter("luhanska", 0)).toEqual(cp2);
          expect(yield* reader.firstCheckpointAfter("luhanska", 2)).toEqual(cp4);
          expect(yield* reader.firstCheckpointAfter("luhanska", 4)).toBeUndefined();
          expect(yield* reader.checkpoints("luhanska")).toEqual([cp2, cp4]);
        }),
      ));

    it("delivers stored and then live events to a subscriber, in order and once", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.append("plan:p1", [adopted("p1"), section(1)], { ...byActor, expectedVersion: "noStream" });
          const seen = yield* Ref.make<ReadonlyArray<number>>([]);
          const done = yield* Deferred.make<void>();
          yield* store.subscribe(2, (events) =>
            Ref.updateAndGet(seen, (xs) => [...xs, ...events.map((e) => e.position)]).pipe(
              Effect.flatMap((xs) => (xs.length >= 4 ? Deferred.succeed(done, undefined) : Effect.void)),
            ),
          );
          yield* store.append("plan:p1", [section(2), section(3)], { ...byActor, expectedVersion: 2 });
          const retried = (yield* store.readStream("plan:p1", 3)).map((e) => ({ eventId: e.eventId, type: e.type, data: e.data }));
          yield* store.append("plan:p1", retried, { ...byActor, expectedVersion: 2 });
          yield* store.append("plan:p2", [adopted("p2")], { ...byActor, expectedVersion: "noStream" });
          yield* Deferred.await(done).pipe(Effect.timeout("5 seconds"));
          expect(yield* Ref.get(seen)).toEqual([2, 3, 4, 5]);
        }),
      ));

    it("stores its data as a copy: later changes to the caller's object do not reach the log", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          const data = { planId: "p1", title: "Турбота", when: new Date("2021-01-01T00:00:00Z"), gone: undefined };
          yield* store.append("plan:p1", [{ type: "PlanAdopted", data }], { ...byActor, expectedVersion: "noStream" });
          data.title = "змінено";
          expect((yield* store.readStream("plan:p1"))[0]?.data).toEqual({ planId: "p1", title: "Турбота", when: "2021-01-01T00:00:00.000Z" });
        }),
      ));

    it("signs checkpoints of its head that verify with its public key", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          const empty = yield* store.checkpoint();
          expect([empty.seq, empty.hash]).toEqual([0, GENESIS_HASH]);
          const { events } = yield* store.append("plan:p1", [adopted("p1"), section(1)], { ...byActor, expectedVersion: "noStream" });
          const cp = yield* store.checkpoint();
          expect([cp.origin, cp.seq, cp.hash]).toEqual(["luhanska", 2, events[1]?.hash]);
          expect(yield* store.checkpoint()).toEqual(cp);
          expect(verifyCheckpoint(store.publicKey, cp)).toBe(true);
          expect(verifyCheckpoint(store.publicKey, { ...cp, seq: 1 })).toBe(false);
          expect((yield* store.checkpoints("luhanska")).map((c) => c.seq)).toEqual([0, 2]);
          // An earlier seq is signed once, over the hash stored there, and served as stored ever after.
          const earlier = yield* store.checkpoint(1);
          expect([earlier.seq, earlier.hash, verifyCheckpoint(store.publicKey, earlier)]).toEqual([1, events[0]?.hash, true]);
          expect(yield* store.checkpoint(1)).toEqual(earlier);
          expect((yield* store.checkpoints("luhanska")).map((c) => c.seq)).toEqual([0, 1, 2]);
          expect(Exit.isFailure(yield* Effect.exit(store.checkpoint(3)))).toBe(true);
          expect(yield* store.nodeKey("luhanska")).toEqual(Option.some(store.publicKey));
          const [report] = yield* store.verify();
          expect(report).toMatchObject({ origin: "luhanska", events: 2, lastSeq: 2, checkpoints: 3, broken: null });
        }),
      ));

    it("stores a foreign origin's log verbatim and refuses anything that does not continue it", async () => {
      const child = await Effect.runPromise(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.append("plan:n328", [adopted("n328"), section(1)], { actor: "petrenko", expectedVersion: "noStream" });
          yield* store.append("report:n328:2026-Q1", [{ type: "ReportDrafted", data: { reportId: "r1" } }], {
            actor: "petrenko",
            expectedVersion: "noStream",
          });
          const events = yield* store.readAll();
          return { events, checkpoint: yield* store.checkpoint(), publicKey: store.publicKey };
        }).pipe(Effect.provide(EventStore.inMemory({ nodeId: "novopskovskyi" }))),
      );
      const envelopes = child.events.map(({ position: _p, receivedAt: _r, ...envelope }) => envelope);
      const [e1, e2, e3] = envelopes.map(toReplica);
      if (e1 === undefined || e2 === undefined || e3 === undefined) throw new Error("the child log has three events");

      await run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.append("plan:p1", [adopted("p1")], { ...byActor, expectedVersion: "noStream" });
          const reason = (outcome: Either.Either<unknown, { readonly _tag: string; readonly reason?: string }>) =>
            Either.isLeft(outcome) ? `${outcome.left._tag}: ${outcome.left.reason}` : "accepted";

          expect(reason(yield* Effect.either(store.appendReplicated([e2])))).toMatch(/ReplicationRejectedError: seq 2 does not follow/);
          const tampered = { ...e2, dataJson: canonicalJson({ ...JSON.parse(e2.dataJson), title: "інше" }) };
          expect(reason(yield* Effect.either(store.appendReplicated([e1, tampered])))).toMatch(/hash does not match/);
          expect(reason(yield* Effect.either(store.appendReplicated([{ ...e1, origin: "luhanska" }])))).toMatch(/own log/);
          const [local] = yield* store.readAll();
          const reused = { ...e1, eventId: local?.eventId ?? "" };
          const reusedId = { ...reused, hash: envelopeHash(reused, reused.dataJson) };
          expect(reason(yield* Effect.either(store.appendReplicated([reusedId])))).toMatch(/event id .* is stored already/);
          expect((yield* store.heads()).map((h) => h.origin)).toEqual(["luhanska"]);

          const first = yield* store.appendReplicated([e1, e2]);
          const second = yield* store.appendReplicated([e1, e2, e3]);
          expect([first.stored.length, first.skipped, second.stored.length, second.skipped]).toEqual([2, 0, 1, 2]);
          const held = yield* store.readAll({ origin: "novopskovskyi" });
          expect(held.map(({ position: _p, receivedAt: _r, ...envelope }) => envelope)).toEqual(envelopes);
          expect(held.map((e) => e.position)).toEqual([2, 3, 4]);
          expect(reason(yield* Effect.either(store.appendReplicated([{ ...e3, hash: e2.hash }])))).toMatch(/forked/);

          const foreign = yield* Effect.either(store.append("plan:n328", [section(2)], { ...byActor, expectedVersion: 2 }));
          expect(Either.isLeft(foreign) && foreign.left._tag).toBe("ForeignStreamError");

          expect(reason(yield* Effect.either(store.appendReplicatedCheckpoint(child.checkpoint)))).toMatch(/no public key/);
          yield* store.registerNodeKey("novopskovskyi", child.publicKey);
          expect(yield* store.appendReplicatedCheckpoint(child.checkpoint)).toBe(true);
          expect(yield* store.appendReplicatedCheckpoint(child.checkpoint)).toBe(false);
          const forged = { ...child.checkpoint, hash: e1.hash };
          expect(reason(yield* Effect.either(store.appendReplicatedCheckpoint(forged)))).toMatch(/signature is not valid/);
          expect(reason(yield* Effect.either(store.registerNodeKey("novopskovskyi", store.publicKey)))).toMatch(/different public key/);

          const reports = yield* store.verify();
          expect(reports.map((r) => [r.origin, r.events, r.lastSeq, r.checkpoints, r.broken])).toEqual([
            ["luhanska", 1, 1, 0, null],
            ["novopskovskyi", 3, 3, 1, null],
          ]);
        }),
      );
    });

    it("commits what `alongside` writes with the replicated events, and stores neither when it throws", async () => {
      const child = await Effect.runPromise(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.append("plan:n328", [adopted("n328"), section(1)], { actor: "petrenko", expectedVersion: "noStream" });
          const events = yield* store.readAll();
          return { events, checkpoint: yield* store.checkpoint(), publicKey: store.publicKey };
        }).pipe(Effect.provide(EventStore.inMemory({ nodeId: "novopskovskyi" }))),
      );
      const replicas = child.events.map(({ position: _p, receivedAt: _r, ...envelope }) => toReplica(envelope));

      await run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.registerNodeKey("novopskovskyi", child.publicKey);
          const failed = yield* Effect.exit(
            store.appendReplicated(
              replicas,
              Effect.zipRight(
                Effect.orDie(store.appendReplicatedCheckpoint(child.checkpoint)),
                Effect.die(new Error("the receipt could not be written")),
              ),
            ),
          );
          expect(failed._tag).toBe("Failure");
          expect(yield* store.readAll()).toEqual([]);
          expect(yield* store.heads()).toEqual([]);
          expect(yield* store.checkpoints("novopskovskyi")).toEqual([]);

          // Nothing of the failed attempt lingers, in the database or in what the store remembers of heads.
          let ran = 0;
          const stored = yield* store.appendReplicated(
            replicas,
            Effect.map(Effect.orDie(store.appendReplicatedCheckpoint(child.checkpoint)), (held) => {
              ran += 1;
              expect(held).toBe(true);
            }),
          );
          expect([ran, stored.stored.length]).toEqual([1, 2]);
          expect((yield* store.heads()).map((h) => [h.origin, h.seq])).toEqual([["novopskovskyi", 2]]);
          expect((yield* store.checkpoints("novopskovskyi")).map((c) => c.seq)).toEqual([2]);
        }),
      );
    });

    it("keeps its own log's Merkle tree in step: roots as RFC 9162 defines them, inclusion and consistency proofs that verify", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          expect(yield* store.treeHead("luhanska")).toBe(emptyRoot().toString("hex"));
          // Batches of several sizes, so that appends start and end at every kind of frontier.
          let version = 0;
          for (const size of [1, 2, 1, 4, 3, 1, 5, 1]) {
            const batch = Array.from({ length: size }, (_, i) => (version + i === 0 ? adopted("p1") : section(version + i)));
            yield* store.append("plan:p1", batch, { ...byActor, expectedVersion: version === 0 ? "noStream" : version });
            version += size;
            const events = yield* store.readAll();
            expect(yield* store.treeHead("luhanska")).toBe(naiveRoot(events));
          }
          const events = yield* store.readAll();
          const n = events.length;
          expect(n).toBe(18);
          const heads = [emptyRoot().toString("hex")];
          for (let size = 1; size <= n; size++) {
            heads.push(yield* store.treeHead("luhanska", size));
            expect(heads[size]).toBe(naiveRoot(events.slice(0, size)));
          }

          for (const event of events) {
            const p = yield* store.inclusionProof(event.eventId);
            expect(p.entry.equals(naiveEntry(event))).toBe(true);
            expect([p.origin, p.leafIndex, p.treeSize, p.root]).toEqual(["luhanska", event.seq - 1, n, heads[n]]);
            expect(Either.isRight(verifyInclusion(p.leafIndex, p.treeSize, leafHash(p.entry), p.proof.map(fromHex), fromHex(heads[n] as string)))).toBe(true);
            // At every earlier size that holds it too, against that size's head.
            for (const size of [event.seq, Math.ceil((event.seq + n) / 2)]) {
              const earlier = yield* store.inclusionProof(event.eventId, size);
              expect(earlier.root).toBe(heads[size]);
              expect(Either.isRight(verifyInclusion(earlier.leafIndex, size, leafHash(earlier.entry), earlier.proof.map(fromHex), fromHex(heads[size] as string)))).toBe(true);
            }
          }
          for (let from = 1; from <= n; from++)
            for (let to = from; to <= n; to++) {
              const c = yield* store.consistencyProof("luhanska", from, to);
              expect([c.fromSize, c.toSize, c.fromRoot, c.toRoot]).toEqual([from, to, heads[from], heads[to]]);
              expect(Either.isRight(verifyConsistency(from, to, c.proof.map(fromHex), fromHex(heads[from] as string), fromHex(heads[to] as string)))).toBe(true);
            }

          const tag = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
            Effect.map(Effect.flip(effect), (e) => e._tag);
          expect(yield* tag(store.inclusionProof("0190a0e1-0000-7000-8000-0000000000ff"))).toBe("UnknownEventError");
          expect(yield* tag(store.inclusionProof(events[4]?.eventId as string, 4))).toBe("TreeSizeError");
          expect(yield* tag(store.inclusionProof(events[4]?.eventId as string, n + 1))).toBe("TreeSizeError");
          expect(yield* tag(store.treeHead("luhanska", n + 1))).toBe("TreeSizeError");
          expect(yield* tag(store.treeHead("luhanska", -1))).toBe("TreeSizeError");
          expect(yield* tag(store.consistencyProof("luhanska", 0, 3))).toBe("TreeSizeError");
          expect(yield* tag(store.consistencyProof("luhanska", 5, 3))).toBe("TreeSizeError");
          expect(yield* tag(store.consistencyProof("luhanska", 3, n + 1))).toBe("TreeSizeError");
          expect(yield* tag(store.consistencyProof("volynska", 1, 1))).toBe("TreeSizeError");
          expect(yield* store.treeHead("volynska")).toBe(emptyRoot().toString("hex"));

          const [report] = yield* store.verify();
          expect(report).toMatchObject({ origin: "luhanska", broken: null, treeRoot: heads[n] });
        }),
      ));

    it("signs its own tree heads as C2SP checkpoints under planledger/<node id>, the same note for the same size", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.append("plan:p1", [adopted("p1"), section(1), section(2)], { ...byActor, expectedVersion: "noStream" });
          const cp = yield* store.tlogCheckpoint();
          expect([cp.origin, cp.treeSize, cp.root]).toEqual(["planledger/luhanska", 3, yield* store.treeHead("luhanska")]);
          expect(cp.note.startsWith(`planledger/luhanska\n3\n${fromHex(cp.root).toString("base64")}\n\n— planledger/luhanska `)).toBe(true);
          expect(cp.verifierKey).toMatch(/^planledger\/luhanska\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
          const opened = openTlogCheckpoint(cp.note, { log: Either.getOrThrow(parseVerifierKey(cp.verifierKey)), origin: "planledger/luhanska" });
          expect(Either.isRight(opened) && [opened.right.checkpoint.size, Buffer.from(opened.right.checkpoint.rootHash).toString("hex")]).toEqual([3, cp.root]);
          expect(yield* store.tlogCheckpoint(3)).toEqual(cp);
          const first = yield* store.tlogCheckpoint(1);
          expect([first.treeSize, first.root]).toEqual([1, yield* store.treeHead("luhanska", 1)]);
          expect((yield* store.tlogCheckpoint(0)).root).toBe(emptyRoot().toString("hex"));
          expect((yield* Effect.flip(store.tlogCheckpoint(4)))._tag).toBe("TreeSizeError");
          // The JSON checkpoints federation speaks are as they were.
          expect((yield* store.checkpoint()).seq).toBe(3);
        }),
      ));

    it("keeps each replicated origin's tree identical to its origin's own, batch by batch, several origins in one batch", async () => {
      const district = await childLog("novopskovskyi", [["n328", 2], ["n329", 3]]);
      const other = await childLog("bilovodskyi", [["b1", 4]]);
      const [d1, d2, d3] = district.replicas;
      if (d1 === undefined || d2 === undefined || d3 === undefined) throw new Error("the district log has seven events");
      await run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.append("plan:p1", [adopted("p1")], { ...byActor, expectedVersion: "noStream" });
          yield* store.appendReplicated([d1, d2, d3]);
          expect(yield* store.treeHead("novopskovskyi")).toBe(district.heads[3]);
          // Held events again, the rest of the district and another origin, interleaved: one write.
          yield* store.appendReplicated([...district.replicas.slice(0, 5), ...other.replicas, ...district.replicas.slice(5)]);
          for (const [origin, log] of [["novopskovskyi", district], ["bilovodskyi", other]] as const) {
            const n = log.replicas.length;
            for (let size = 0; size <= n; size++) expect(yield* store.treeHead(origin, size)).toBe(log.heads[size]);
            for (const [i, replica] of log.replicas.entries()) {
              const held = yield* store.inclusionProof(replica.eventId);
              expect({ ...held, entry: held.entry.toString("base64") }).toEqual({ ...log.proofs[i], entry: log.proofs[i]?.entry.toString("base64") });
            }
            const c = yield* store.consistencyProof(origin, 2, n);
            expect(Either.isRight(verifyConsistency(2, n, c.proof.map(fromHex), fromHex(log.heads[2] as string), fromHex(log.heads[n] as string)))).toBe(true);
          }
          // The own log's tree is its own: the replicas did not touch it.
          expect(yield* store.treeHead("luhanska")).toBe(naiveRoot(yield* store.readAll({ origin: "luhanska" })));
          const reports = yield* store.verify();
          expect(reports.map((r) => [r.origin, r.broken, r.treeRoot])).toEqual([
            ["bilovodskyi", null, other.heads.at(-1)],
            ["luhanska", null, yield* store.treeHead("luhanska")],
            ["novopskovskyi", null, district.heads.at(-1)],
          ]);
        }),
      );
    });

    it("leaves no tree node behind when a replicated write is rolled back after its nodes were written", async () => {
      const district = await childLog("novopskovskyi", [["n328", 4]]);
      await run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.appendReplicated(district.replicas.slice(0, 2));
          // `alongside` runs after the events and their tree nodes are written; its failure rolls all of it back.
          const failed = yield* Effect.exit(store.appendReplicated(district.replicas, Effect.die(new Error("the receipt could not be written"))));
          expect(failed._tag).toBe("Failure");
          expect((yield* store.heads()).map((h) => [h.origin, h.seq])).toEqual([["novopskovskyi", 2]]);
          expect(yield* store.treeHead("novopskovskyi")).toBe(district.heads[2]);
          expect((yield* store.verify())[0]).toMatchObject({ broken: null, treeRoot: district.heads[2] });
          // Nothing lingers that the same write, done again, would collide with.
          yield* store.appendReplicated(district.replicas);
          expect(yield* store.treeHead("novopskovskyi")).toBe(district.heads[5]);
          expect((yield* store.verify())[0]).toMatchObject({ broken: null, treeRoot: district.heads[5] });
        }),
      );
    });
  });
};
