/**
 * @module A child process for the competing-appends test: opens the store on a shared file, says "ready",
 * waits for "go" on stdin, appends one event with `expectedVersion: "noStream"` and prints the outcome.
 */
import { Effect, Either } from "effect";
import { EventStore } from "./event-store.js";

const [path, nodeId, stream, label] = process.argv.slice(2);
if (path === undefined || nodeId === undefined || stream === undefined || label === undefined) {
  process.stderr.write("usage: competing-append.child.ts PATH NODE STREAM LABEL\n");
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
  const outcome = yield* Effect.either(
    store.append(stream, [{ type: "PlanAdopted", data: { planId: stream, by: label } }], { actor: label, expectedVersion: "noStream" }),
  );
  const other = yield* store.append(`plan:${label}`, [{ type: "PlanAdopted", data: { planId: label } }], {
    actor: label,
    expectedVersion: "noStream",
  });
  return Either.isRight(outcome)
    ? { label, won: true, seq: outcome.right.firstSeq, otherSeq: other.firstSeq }
    : { label, won: false, error: outcome.left._tag, otherSeq: other.firstSeq };
}).pipe(Effect.provide(EventStore.sqlite({ path, nodeId })));

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
