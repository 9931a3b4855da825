/**
 * @module The command handler's behaviour, given/when/then, on any `EventStore` layer (run on the in-memory
 * and the SQLite store). A small decider of section titles over real domain events stands in for an aggregate,
 * so that events go through the domain's registry as the real ones do.
 */
import { Cause, Deferred, Effect, Either, Exit, type Layer, Option, Ref } from "effect";
import { describe, expect, it } from "vitest";
import { commandHandler, type HandleOptions, StaleStreamVersion } from "./command-handler.js";
import { EventStore } from "./event-store.js";
import { toNewEvents } from "./new-events.js";
import { EmptyTitle, stream, titlesDecider } from "./command-handler.fixtures.js";

export type MakeStoreLayer = (nodeId: string) => Layer.Layer<EventStore>;

const given = (...titles: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const store = yield* EventStore;
    let version = 0;
    for (const title of titles) {
      const events = Either.getOrThrow(titlesDecider.decide({ title }, { titles: Array.from({ length: version }, () => "") }));
      version = (yield* store.append(stream, toNewEvents(events), { actor: "given", expectedVersion: version === 0 ? "noStream" : version })).streamVersion;
    }
  });

const storedTitles = Effect.flatMap(EventStore, (store) => store.readStream(stream)).pipe(
  Effect.map((events) => events.map((e) => (e.data as { title: string }).title)),
);

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined;

/**
 * Registers the suite under `name`; `makeLayer` must give a fresh, empty store on every call.
 *
 * @example commandHandlerBehaviour("in-memory", (nodeId) => EventStore.inMemory({ nodeId }))
 */
export const commandHandlerBehaviour = (name: string, makeLayer: MakeStoreLayer): void => {
  const run = <A, E>(program: Effect.Effect<A, E, EventStore>) => Effect.runPromise(program.pipe(Effect.provide(makeLayer("luhanska"))));

  /**
   * Two writers that both read the stream before either appends: each builds its command, then waits until the
   * other has read too, so their appends carry the same expected version and one of them goes stale.
   */
  const racing = (options: HandleOptions, cache: boolean) =>
    Effect.gen(function* () {
      const handler = commandHandler(titlesDecider, { cache });
      const bothRead = yield* Deferred.make<void>();
      const reads = yield* Ref.make(0);
      const built = yield* Ref.make<ReadonlyArray<string>>([]);
      const writer = (title: string) =>
        Effect.exit(
          handler.handleWith(
            stream,
            (current) =>
              Effect.gen(function* () {
                yield* Ref.update(built, (b) => [...b, `${title}@${current.version}`]);
                if ((yield* Ref.updateAndGet(reads, (n) => n + 1)) === 2) yield* Deferred.succeed(bothRead, undefined);
                yield* Deferred.await(bothRead);
                return { title };
              }),
            options,
          ),
        );
      const [a, b] = yield* Effect.all([writer("a"), writer("b")], { concurrency: 2 });
      return { a, b, built: yield* Ref.get(built), titles: yield* storedTitles };
    });

  describe(`command handler: ${name}`, () => {
    it("given no stream, when a command creates it, then its events are appended at version 1", () =>
      run(
        Effect.gen(function* () {
          const done = yield* commandHandler(titlesDecider).handle(stream, { title: "Освіта" }, { expected: "noStream", actor: "olena" });
          expect(done).toMatchObject({ stream, version: 1, command: { title: "Освіта" } });
          expect(done.events.map((e) => [e.type, e.actor, e.streamVersion])).toEqual([["SectionAdded", "olena", 1]]);
          expect(yield* commandHandler(titlesDecider).state(stream)).toEqual({ state: { titles: ["Освіта"] }, version: 1 });
        }),
      ));

    it("given events, when a command at the version the writer saw, then the decider sees them all", () =>
      run(
        Effect.gen(function* () {
          yield* given("Освіта", "Охорона здоров'я");
          const done = yield* commandHandler(titlesDecider).handle(stream, { title: "Культура" }, { expected: 2, actor: "olena" });
          expect(done.version).toBe(3);
          expect(done.events[0]?.data).toMatchObject({ ordinal: 3 });
          expect(yield* storedTitles).toEqual(["Освіта", "Охорона здоров'я", "Культура"]);
        }),
      ));

    it("given events, when a command expects another version, then it fails with StaleStreamVersion before deciding", () =>
      run(
        Effect.gen(function* () {
          yield* given("Освіта", "Охорона здоров'я");
          const decided = yield* Ref.make(0);
          const exit = yield* Effect.exit(
            commandHandler(titlesDecider).handleWith(stream, () => Effect.as(Ref.update(decided, (n) => n + 1), { title: "Культура" }), {
              expected: 1,
              actor: "olena",
              retries: 3,
            }),
          );
          expect(failureOf(exit)).toEqual(new StaleStreamVersion({ stream, expected: 1, actual: 2 }));
          expect(yield* Ref.get(decided)).toBe(0);
          expect(yield* storedTitles).toEqual(["Освіта", "Охорона здоров'я"]);
        }),
      ));

    it("when the decider refuses, then its error is the failure and nothing is appended", () =>
      run(
        Effect.gen(function* () {
          yield* given("Освіта");
          const exit = yield* Effect.exit(commandHandler(titlesDecider).handle(stream, { title: "" }, { expected: "current", actor: "olena" }));
          expect(failureOf(exit)).toEqual(new EmptyTitle());
          expect(yield* storedTitles).toEqual(["Освіта"]);
        }),
      ));

    it("when the command built from the state is null, then nothing is appended and the version is the one read", () =>
      run(
        Effect.gen(function* () {
          yield* given("Освіта");
          const done = yield* commandHandler(titlesDecider).handleWith(stream, () => Effect.succeed(null), { expected: "current", actor: "olena" });
          expect(done).toEqual({ stream, version: 1, events: [], command: null });
        }),
      ));

    it("given a stream, when creating it again, then the append refuses with ConcurrencyError", () =>
      run(
        Effect.gen(function* () {
          yield* given("Освіта");
          const exit = yield* Effect.exit(commandHandler(titlesDecider).handle(stream, { title: "Культура" }, { expected: "noStream", actor: "olena" }));
          expect(failureOf(exit)).toMatchObject({ _tag: "ConcurrencyError", expectedVersion: "noStream", actualVersion: 1 });
        }),
      ));

    for (const cache of [true, false]) {
      it(`retries a stale "current" version by reading and deciding again when allowed (cache ${cache})`, () =>
        run(
          Effect.gen(function* () {
            yield* given("Освіта");
            const { a, b, built, titles } = yield* racing({ expected: "current", actor: "olena", retries: 2 }, cache);
            expect(Exit.isSuccess(a) && Exit.isSuccess(b)).toBe(true);
            // Both built their command at version 1; the loser built it again at version 2 and numbered its section 3.
            expect(built.slice(0, 2).sort()).toEqual(["a@1", "b@1"]);
            expect(built).toHaveLength(3);
            expect(built[2]).toMatch(/^[ab]@2$/);
            expect([...titles].slice(1).sort()).toEqual(["a", "b"]);
            const versions = [a, b].map((exit) => (Exit.isSuccess(exit) ? exit.value.version : 0)).sort();
            expect(versions).toEqual([2, 3]);
            expect(yield* commandHandler(titlesDecider, { cache }).state(stream)).toMatchObject({ version: 3 });
          }),
        ));
    }

    it("refuses a stale version with ConcurrencyError when the command does not allow a retry", () =>
      run(
        Effect.gen(function* () {
          yield* given("Освіта");
          const { a, b, built, titles } = yield* racing({ expected: "current", actor: "olena" }, true);
          const failures = [a, b].map(failureOf).filter((e) => e !== undefined);
          expect(failures).toHaveLength(1);
          expect(failures[0]).toMatchObject({ _tag: "ConcurrencyError", expectedVersion: 1, actualVersion: 2 });
          expect(built).toHaveLength(2);
          expect(titles).toHaveLength(2);
        }),
      ));

    it("never retries a version the writer gave (If-Match), even with retries allowed", () =>
      run(
        Effect.gen(function* () {
          yield* given("Освіта");
          const { a, b } = yield* racing({ expected: 1, actor: "olena", retries: 5 }, true);
          expect([a, b].map(failureOf).filter((e) => e !== undefined)).toMatchObject([{ _tag: "ConcurrencyError" }]);
        }),
      ));

    it("keeps a cached state in step with appends made past the handler", () =>
      run(
        Effect.gen(function* () {
          const handler = commandHandler(titlesDecider);
          yield* handler.handle(stream, { title: "Освіта" }, { expected: "noStream", actor: "olena" });
          expect((yield* handler.state(stream)).version).toBe(1);
          const store = yield* EventStore;
          const past = Either.getOrThrow(titlesDecider.decide({ title: "Культура" }, { titles: ["Освіта"] }));
          yield* store.append(stream, toNewEvents(past), { actor: "other", expectedVersion: 1 });
          expect(yield* handler.state(stream)).toEqual({ state: { titles: ["Освіта", "Культура"] }, version: 2 });
          const done = yield* handler.handle(stream, { title: "Спорт" }, { expected: 2, actor: "olena" });
          expect(done.events[0]?.data).toMatchObject({ ordinal: 3 });
        }),
      ));

    it("treats an event the domain cannot decode as a defect", () =>
      run(
        Effect.gen(function* () {
          const store = yield* EventStore;
          yield* store.append(stream, [{ type: "SectionAdded", data: { title: 7 } }], { actor: "other", expectedVersion: "noStream" });
          const exit = yield* Effect.exit(commandHandler(titlesDecider).state(stream));
          expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true);
        }),
      ));
  });
};
