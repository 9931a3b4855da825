/**
 * @module Receiver-side CPU cost of pushed batches, without HTTP sockets: a district store encodes its push
 * bodies (as the client does) and an oblast's federation handler receives them in-process, timed with
 * `process.cpuUsage`. For profiling (`node --cpu-prof --import tsx bench/sync/receive-profile.ts`).
 * `--events N --batch B`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { EventStore, EventStoreDatabase, loadOrCreateNodeKey } from "@planledger/event-store";
import { EnrollRequest, federationHandler, openFederationNode } from "@planledger/federation";
import { Effect, Either, ManagedRuntime } from "effect";
import { progress } from "./progress-events.js";

const { values } = parseArgs({ args: process.argv.slice(2), options: { events: { type: "string" }, batch: { type: "string" }, profile: { type: "string" } } });
const total = Number(values.events ?? 50_000);
const batchSize = Number(values.batch ?? 1000);
const dir = mkdtempSync(join(tmpdir(), "planledger-receive-"));

const open = async (nodeId: string) => {
  const path = join(dir, `${nodeId}.db`);
  const runtime = ManagedRuntime.make(EventStore.sqlite({ path, nodeId }));
  const [store, database] = await runtime.runPromise(Effect.all([EventStore, EventStoreDatabase]));
  return { runtime, store, database, key: loadOrCreateNodeKey(`${path}.key`) };
};

const main = async () => {
  const d = await open("novopskovskyi");
  for (let done = 0; done < total; done += 1000) {
    const n = Math.min(1000, total - done);
    await Effect.runPromise(
      d.store.append("report:novopskovskyi-load", Array.from({ length: n }, (_, i) => progress(done + i)), { expectedVersion: "any", actor: "bench" }),
    );
  }
  const o = await open("luhanska");
  const district = await openFederationNode({ self: { nodeId: "novopskovskyi", level: "district" }, store: d.store, database: d.database, key: d.key });
  const oblast = await openFederationNode({ self: { nodeId: "luhanska", level: "oblast" }, store: o.store, database: o.database, key: o.key });
  const { token } = Effect.runSync(oblast.invite({ nodeId: "novopskovskyi", level: "district" }));
  const accepted = Effect.runSync(Effect.either(oblast.enroll(new EnrollRequest({ child: { nodeId: "novopskovskyi", level: "district", publicKey: district.publicKey }, token }))));
  if (Either.isLeft(accepted)) throw accepted.left;
  Effect.runSync(district.rememberParent("http://oblast.invalid", token, accepted.right));
  const handler = federationHandler(oblast);

  const members = Effect.runSync(district.members());
  let encodeCpu = 0;
  let receiveCpu = 0;
  let bytes = 0;
  let after = 0;
  const session = values.profile === undefined ? null : new Session();
  if (session !== null) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const wall = performance.now();
  for (;;) {
    let c = process.cpuUsage();
    const next = Effect.runSync(district.nextBatchBody("novopskovskyi", after, batchSize, total, members));
    encodeCpu += process.cpuUsage(c).user + process.cpuUsage(c).system;
    if (next === null) break;
    bytes += Buffer.byteLength(next.body);
    c = process.cpuUsage();
    const response = await handler(
      new Request("http://oblast.invalid/federation/v1/push", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: next.body,
      }),
    );
    const answer = (await response.json()) as { cursor: { seq: number } };
    const used = process.cpuUsage(c);
    receiveCpu += used.user + used.system;
    if (response.status !== 200) throw new Error(JSON.stringify(answer));
    after = answer.cursor.seq;
  }
  if (session !== null) {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(values.profile as string, JSON.stringify(profile));
  }
  process.stdout.write(
    `events ${total} batch ${batchSize}: receive ${(receiveCpu / total).toFixed(1)} µs CPU/event (${Math.round(total / (receiveCpu / 1e6))} ev/CPU-s), ` +
      `encode ${(encodeCpu / total).toFixed(1)} µs/event, ${(bytes / total).toFixed(0)} B/event, wall ${((performance.now() - wall) / 1000).toFixed(1)} s\n`,
  );
  await d.runtime.dispose();
  await o.runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
};

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = 1;
});
