/**
 * @module A child process for the concurrent-appenders test on PostgreSQL: opens the store on a shared database,
 * says "ready", waits for "go" on stdin, then appends COUNT batches of one to three events as this node as fast as
 * it can — to a stream the other appender writes too and to streams of its own, at any version — and prints the
 * ids of every event whose append was acknowledged.
 */
import { Effect } from "effect";
import { EventStore } from "./event-store.js";

const [url, keyFile, nodeId, label, count] = process.argv.slice(2);
if (url === undefined || keyFile === undefined || nodeId === undefined || label === undefined || count === undefined) {
  process.stderr.write("usage: concurrent-appenders.postgres.child.ts URL KEY_FILE NODE LABEL COUNT\n");
  process.exit(2);
}

const go = new Promise<void>((resolve) => {
  process.stdin.on("data", (chunk) => {
    if (String(chunk).includes("go")) resolve();
  });
});

const program = Effect.gen(function* () {
  const store = yield* EventStore;
  process.stdout.write("ready\n");
  yield* Effect.promise(() => go);
  const acknowledged: Array<string> = [];
  for (let i = 0; i < Number(count); i++) {
    const stream = i % 2 === 0 ? "plan:shared" : `plan:${label}-${i % 7}`;
    const events = Array.from({ length: 1 + (i % 3) }, (_, j) => ({ type: "SectionAdded", data: { by: label, append: i, event: j } }));
    const result = yield* store.append(stream, events, { actor: label, expectedVersion: "any" });
    for (const event of result.events) acknowledged.push(event.eventId);
  }
  return { label, acknowledged };
}).pipe(Effect.provide(EventStore.postgres({ url, nodeId, key: keyFile })));

Effect.runPromise(program).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
