/**
 * @module Loaded with `--import` ahead of `apps/cli/src/main.ts serve …` by the kill campaign's spare processes:
 * loads the module that the verb will load (`CHAOS_PRELOAD`, the `serve` command's file), says so on stdout, and
 * holds the process there until a line arrives on stdin. Only then does `main.ts` run, find its modules loaded,
 * open the database and listen. So a node killed by the campaign is replaced in well under a second by a process
 * that has done nothing yet but load code — the same command, arguments and database as a cold start, without
 * the ~3 CPU-seconds of module loading (mostly tsx's hooks) on the path between a kill and the next.
 */
export {};

const preload = process.env.CHAOS_PRELOAD;
if (preload !== undefined && preload !== "") await import(preload);
process.stdout.write("chaos-gate ready\n");
await new Promise<void>((resolve) => {
  process.stdin.once("data", () => resolve());
  process.stdin.once("end", () => process.exit(0));
});
// The node's own handles keep it alive from here; stdin must not (a SIGTERM ends the node once it has closed).
process.stdin.destroy();
