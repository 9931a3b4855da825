import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Effect } from "effect";
import { afterAll, describe, expect, it } from "vitest";
import { EventStore } from "./event-store.js";
import { GENESIS_HASH } from "./hash-chain.js";
import { loadOrCreateNodeKey } from "./node-key.js";
import type { StoredEvent } from "./stored-event.js";
import { freshPostgresUrl } from "./test-postgres.js";

const child = fileURLToPath(new URL("./concurrent-appenders.postgres.child.ts", import.meta.url));
const APPENDERS = 2;
const APPENDS = 150;

const dir = mkdtempSync(join(tmpdir(), "planledger-appenders-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The child's stdout line by line; its stderr kept for the failure message. */
const lines = (proc: ChildProcessWithoutNullStreams): { next: () => Promise<string> } => {
  const queue: Array<string> = [];
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  let buffer = "";
  let stderr = "";
  proc.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  proc.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const waiter = waiting.shift();
      if (waiter) waiter.resolve(line);
      else queue.push(line);
    }
  });
  proc.on("exit", (code) => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`appender exited with ${code}: ${stderr.trim()}`));
  });
  return {
    next: () => {
      const line = queue.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (proc.exitCode !== null) return Promise.reject(new Error(`appender exited with ${proc.exitCode}: ${stderr.trim()}`));
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
};

describe("concurrent appenders on one PostgreSQL database", () => {
  it("gives one chain: every acknowledged event in it once, seq gap-free, the chain verifying", { timeout: 180_000 }, async () => {
    const url = await freshPostgresUrl();
    const keyFile = join(dir, "luhanska.key");
    loadOrCreateNodeKey(keyFile);
    // Both open a database nobody has opened yet: they race to create the tables and register the key, too.
    const procs = Array.from({ length: APPENDERS }, (_, i) =>
      spawn(process.execPath, ["--import", "tsx", child, url, keyFile, "luhanska", `p${i}`, String(APPENDS)], { stdio: "pipe" }),
    );
    const readers = procs.map(lines);
    expect(await Promise.all(readers.map((r) => r.next()))).toEqual(procs.map(() => "ready"));
    for (const proc of procs) proc.stdin.write("go\n");
    const results = (await Promise.all(readers.map((r) => r.next()))).map((line) => JSON.parse(line) as { label: string; acknowledged: Array<string> });

    const stored = await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* EventStore;
        const all: Array<StoredEvent> = [];
        for (let page = yield* store.readAll({ limit: 500 }); page.length > 0; page = yield* store.readAll({ fromPosition: (page.at(-1)?.position ?? 0) + 1, limit: 500 }))
          all.push(...page);
        return { all, heads: yield* store.heads(), shared: yield* store.readStream("plan:shared"), reports: yield* store.verify() };
      }).pipe(Effect.provide(EventStore.postgres({ url, nodeId: "luhanska", key: keyFile }))),
    );

    const acknowledged = results.flatMap((r) => r.acknowledged);
    expect(acknowledged.length).toBe(APPENDERS * APPENDS * 2);
    const { all } = stored;
    // One chain: one origin, seq 1…n with nothing missing or twice, each event linked to the one before.
    expect(stored.heads.map((h) => [h.origin, h.seq])).toEqual([["luhanska", acknowledged.length]]);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: acknowledged.length }, (_, i) => i + 1));
    expect(all.map((e) => e.position)).toEqual(all.map((e) => e.seq));
    expect(all.every((e, i) => e.prevHash === (i === 0 ? GENESIS_HASH : all[i - 1]?.hash))).toBe(true);
    // Every acknowledged event exactly once, and nothing that was not acknowledged.
    expect([...all.map((e) => e.eventId)].sort()).toEqual([...acknowledged].sort());
    expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
    // The shared stream's versions follow one another too, whoever wrote them.
    expect(stored.shared.map((e) => e.streamVersion)).toEqual(stored.shared.map((_, i) => i + 1));
    expect(new Set(stored.shared.map((e) => e.actor))).toEqual(new Set(results.map((r) => r.label)));
    expect(stored.reports.map((r) => [r.origin, r.events, r.broken])).toEqual([["luhanska", acknowledged.length, null]]);
    // The appenders did run at once: the chain passes from one to the other many times.
    const turns = all.filter((e, i) => i > 0 && e.actor !== all[i - 1]?.actor).length;
    expect(turns).toBeGreaterThan(10);
  });
});
