/**
 * @module `pnpm --filter @planledger/bench run append:commands`: what the command handler's per-stream state
 * cache saves. A plan stream already holding `LENGTH` events (a large plan), then commands appended to it one at a
 * time through the handler, with the cache and without (every command reads and decodes the whole stream),
 * alternated round by round so both run under the same machine load.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir } from "node:os";
import { join } from "node:path";
import { type Decider, makePlanId, makeSectionId, NodeId, SectionAdded } from "@planledger/domain";
import { commandHandler, EventStore, toNewEvents } from "@planledger/event-store";
import { Effect, Either, ManagedRuntime } from "effect";

const LENGTHS = [100, 1_000] as const;
const COMMANDS = 200;
const ROUNDS = 3;

const planId = makePlanId({ ownerNode: NodeId.make("luhanska"), order: { number: "1003", date: "2018-12-12" } });
const title = "Забезпечення функціонування мережі служб підтримки сімей з дітьми, які перебувають у складних життєвих обставинах";

/** One section per command, numbered after the stream's: the decision needs the whole fold. */
const sections: Decider<{ readonly title: string }, SectionAdded, number, never> = {
  initialState: 0,
  decide: (command, n) =>
    Either.right([new SectionAdded({ sectionId: makeSectionId(planId, n + 1), label: `${n + 1}.`, ordinal: n + 1, title: command.title })]),
  evolve: (n) => n + 1,
};

const dir = mkdtempSync(join(tmpdir(), "planledger-bench-"));
let files = 0;

/** µs per command on a fresh file whose stream holds `length` events before the timed commands. */
const run = async (length: number, cache: boolean): Promise<number> => {
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path: join(dir, `c-${++files}.db`), nodeId: "luhanska" }));
  const stream = `plan:${planId}:${files}`;
  const handler = commandHandler(sections, { cache });
  await runtime.runPromise(
    Effect.gen(function* () {
      const store = yield* EventStore;
      const events = Array.from({ length }, (_, i) => Either.getOrThrow(sections.decide({ title }, i))[0] as SectionAdded);
      for (let i = 0; i < length; i += 500) {
        yield* store.append(stream, toNewEvents(events.slice(i, i + 500)), { actor: "bench", expectedVersion: i === 0 ? "noStream" : i });
      }
    }),
  );
  const started = process.hrtime.bigint();
  await runtime.runPromise(
    Effect.gen(function* () {
      for (let i = 0; i < COMMANDS; i++) yield* handler.handle(stream, { title }, { expected: "current", actor: "bench" });
    }),
  );
  const micros = Number(process.hrtime.bigint() - started) / 1000 / COMMANDS;
  await runtime.dispose();
  return micros;
};

console.log(`${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${platform()} ${release()}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
console.log("stream events | µs/command cached | µs/command uncached | uncached ÷ cached");
for (const length of LENGTHS) {
  const cached: number[] = [];
  const uncached: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    cached.push(await run(length, true));
    uncached.push(await run(length, false));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const [c, u] = [median(cached), median(uncached)];
  console.log(`${length} | ${c.toFixed(0)} | ${u.toFixed(0)} | ${(u / c).toFixed(1)}×`);
}
rmSync(dir, { recursive: true, force: true });
