/**
 * @module A child process for the competing-commands test: opens the store on a shared file, reads the stream
 * through the command handler, says "ready", waits for "go" on stdin, then appends at the version it read — so
 * every contender's first append carries the same expected version — retrying a stale one as the handler allows.
 */
import { Effect, Either } from "effect";
import { commandHandler } from "./command-handler.js";
import { titlesDecider } from "./command-handler.fixtures.js";
import { EventStore } from "./event-store.js";

const [path, nodeId, stream, label, retries] = process.argv.slice(2);
if (path === undefined || nodeId === undefined || stream === undefined || label === undefined || retries === undefined) {
  process.stderr.write("usage: competing-command.child.ts PATH NODE STREAM LABEL RETRIES\n");
  process.exit(2);
}

const go = new Promise<void>((resolve) => {
  process.stdin.on("data", (chunk) => {
    if (String(chunk).includes("go")) resolve();
  });
});

let attempts = 0;
const program = Effect.gen(function* () {
  const outcome = yield* Effect.either(
    commandHandler(titlesDecider).handleWith(
      stream,
      () =>
        Effect.promise(async () => {
          if (attempts++ === 0) {
            process.stdout.write("ready\n");
            await go;
          }
          return { title: label };
        }),
      { expected: "current", actor: label, retries: Number(retries) },
    ),
  );
  return Either.isRight(outcome)
    ? { label, won: true, version: outcome.right.version, attempts }
    : { label, won: false, error: outcome.left._tag, attempts };
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
