import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { EventStore } from "./event-store.js";
import { tempDatabasePath } from "./test-database.js";

const child = fileURLToPath(new URL("./competing-append.child.ts", import.meta.url));
const commandChild = fileURLToPath(new URL("./competing-command.child.ts", import.meta.url));
const CONTENDERS = 3;

const lines = (proc: ChildProcessWithoutNullStreams): { next: () => Promise<string> } => {
  const queue: Array<string> = [];
  const waiting: Array<(line: string) => void> = [];
  let buffer = "";
  proc.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else queue.push(line);
    }
  });
  return {
    next: () => {
      const line = queue.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
    },
  };
};

describe("competing appends from separate processes on one file", () => {
  it("stores exactly one of several appends racing with the same expected version, with seq gap-free", { timeout: 120_000 }, async () => {
    const path = tempDatabasePath();
    // The first start creates the schema and the key, so the racers only race on the append.
    await Effect.runPromise(Effect.provide(EventStore, EventStore.sqlite({ path, nodeId: "luhanska" })).pipe(Effect.asVoid));
    const procs = Array.from({ length: CONTENDERS }, (_, i) =>
      spawn(process.execPath, ["--import", "tsx", child, path, "luhanska", "plan:contested", `p${i}`], { stdio: "pipe" }),
    );
    const readers = procs.map(lines);
    expect(await Promise.all(readers.map((r) => r.next()))).toEqual(procs.map(() => "ready"));
    for (const proc of procs) proc.stdin.write("go\n");
    const results = (await Promise.all(readers.map((r) => r.next()))).map(
      (line) => JSON.parse(line) as { label: string; won: boolean; error?: string; otherSeq: number },
    );

    expect(results.filter((r) => r.won).length).toBe(1);
    expect(results.filter((r) => !r.won).map((r) => r.error)).toEqual(Array(CONTENDERS - 1).fill("ConcurrencyError"));
    const winner = results.find((r) => r.won)?.label;
    const stored = await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* EventStore;
        return { contested: yield* store.readStream("plan:contested"), all: yield* store.readAll() };
      }).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: "luhanska" }))),
    );
    expect(stored.contested.map((e) => e.actor)).toEqual([winner]);
    expect(stored.all.map((e) => e.seq)).toEqual(Array.from({ length: CONTENDERS + 1 }, (_, i) => i + 1));
    expect(stored.all.every((e, i) => i === 0 || e.prevHash === stored.all[i - 1]?.hash)).toBe(true);
  });
});

describe("competing commands from separate processes on one file", () => {
  /** Starts the contenders, lets each read the stream, then lets them all append at the version they read. */
  const race = async (retries: number) => {
    const path = tempDatabasePath();
    await Effect.runPromise(Effect.provide(EventStore, EventStore.sqlite({ path, nodeId: "luhanska" })).pipe(Effect.asVoid));
    const stream = "plan:luhanska.1003.2018-12-12";
    const procs = Array.from({ length: CONTENDERS }, (_, i) =>
      spawn(process.execPath, ["--import", "tsx", commandChild, path, "luhanska", stream, `p${i}`, String(retries)], { stdio: "pipe" }),
    );
    const readers = procs.map(lines);
    expect(await Promise.all(readers.map((r) => r.next()))).toEqual(procs.map(() => "ready"));
    for (const proc of procs) proc.stdin.write("go\n");
    const results = (await Promise.all(readers.map((r) => r.next()))).map(
      (line) => JSON.parse(line) as { label: string; won: boolean; error?: string; version?: number; attempts: number },
    );
    const stored = await Effect.runPromise(
      Effect.flatMap(EventStore, (store) => store.readStream(stream)).pipe(Effect.provide(EventStore.sqlite({ path, nodeId: "luhanska" }))),
    );
    return { results, stored };
  };

  it("lets every contender through when the command allows retries, each deciding on the stream as it found it", { timeout: 120_000 }, async () => {
    const { results, stored } = await race(CONTENDERS);
    expect(results.every((r) => r.won)).toBe(true);
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3]);
    // Every loser of a round read again and numbered its section after the winner's.
    expect(stored.map((e) => (e.data as { ordinal: number }).ordinal)).toEqual([1, 2, 3]);
    expect(stored.map((e) => e.actor).sort()).toEqual(results.map((r) => r.label).sort());
    expect(results.reduce((n, r) => n + r.attempts, 0)).toBeGreaterThan(CONTENDERS);
  });

  it("stores one contender and refuses the others with ConcurrencyError when the command allows no retry", { timeout: 120_000 }, async () => {
    const { results, stored } = await race(0);
    expect(results.filter((r) => r.won).length).toBe(1);
    expect(results.filter((r) => !r.won).map((r) => r.error)).toEqual(Array(CONTENDERS - 1).fill("ConcurrencyError"));
    expect(stored).toHaveLength(1);
  });
});
