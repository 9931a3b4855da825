import { createHash, createPublicKey, verify } from "node:crypto";
import { Effect, Either } from "effect";
import { leafHash, verifyConsistency, verifyInclusion } from "@planledger/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptSeed, replicate, send, testNode } from "../testing/test-node.js";

const node = testNode("novopskovskyi", { level: "district" });
const oblast = testNode("luhanska");
afterAll(async () => {
  await node.runtime.dispose();
  await oblast.runtime.dispose();
});

let eventIds: string[] = [];
beforeAll(async () => {
  await adoptSeed(node, "002");
  const store = await node.store();
  eventIds = (await Effect.runPromise(store.readAll({ origin: "novopskovskyi", limit: 1_000 }))).map((e) => e.eventId);
});

const get = async <T>(path: string) => {
  const res = await send(node, "GET", path);
  return { status: res.status, body: (await res.json()) as T };
};
const bytes = (hex: string) => Buffer.from(hex, "hex");

type Checkpoint = { origin: string; treeSize: number; root: string; note: string; verifierKey: string };

/**
 * What an outside verifier does with the note alone, following C2SP signed-note: the body up to the blank line,
 * then the signature line `— <name> <base64(keyID ‖ sig)>`, checked with the Ed25519 key in the verifier key.
 */
const noteHolds = (cp: Checkpoint): boolean => {
  const [body, signatures] = cp.note.split("\n\n") as [string, string];
  // `name+hash+base64`: the base64 may itself hold "+", so only the first two separate.
  const [name, hash] = cp.verifierKey.split("+") as [string, string];
  const keyB64 = cp.verifierKey.slice(name.length + hash.length + 2);
  const raw = Buffer.from(keyB64, "base64").subarray(1);
  const key = createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]), format: "der", type: "spki" });
  const line = signatures.split("\n").find((l) => l.startsWith(`— ${name} `)) as string;
  const signature = Buffer.from(line.slice(`— ${name} `.length), "base64").subarray(4);
  const [origin, size, root] = body.split("\n");
  return (
    origin === cp.origin &&
    Number(size) === cp.treeSize &&
    Buffer.from(root as string, "base64").toString("hex") === cp.root &&
    verify(null, Buffer.from(`${body}\n`), key, signature)
  );
};

describe("Merkle proofs over HTTP, public like the plans", () => {
  it("proves an event of the node's own log: the leaf names it, the path reaches the root the node signed", async () => {
    const eventId = eventIds[3] as string;
    const { status, body } = await get<{
      origin: string;
      entry: string;
      leafIndex: number;
      treeSize: number;
      proof: string[];
      root: string;
      checkpoint: Checkpoint;
    }>(`/api/v1/proof/inclusion?event=${eventId}`);
    expect(status).toBe(200);
    const entry = Buffer.from(body.entry, "base64");
    expect(entry.toString("utf8")).toContain(`\n${eventId}\n`);
    expect([body.origin, body.leafIndex, body.treeSize]).toEqual(["novopskovskyi", 3, eventIds.length]);
    expect(Either.isRight(verifyInclusion(body.leafIndex, body.treeSize, leafHash(entry), body.proof.map(bytes), bytes(body.root)))).toBe(true);
    // The same leaf hash by hand: SHA-256(0x00 ‖ entry).
    expect(createHash("sha256").update(Buffer.concat([Buffer.from([0]), entry])).digest("hex")).toBe(leafHash(entry).toString("hex"));
    expect(body.checkpoint).toMatchObject({ origin: "planledger/novopskovskyi", treeSize: eventIds.length, root: body.root });
    expect(noteHolds(body.checkpoint)).toBe(true);
    expect(noteHolds({ ...body.checkpoint, root: "00".repeat(32) })).toBe(false);
  });

  it("proves that a later tree extends an earlier one, with both signed checkpoints", async () => {
    const { status, body } = await get<{ fromSize: number; toSize: number; proof: string[]; fromRoot: string; toRoot: string; fromCheckpoint: Checkpoint; toCheckpoint: Checkpoint }>(
      `/api/v1/proof/consistency?origin=novopskovskyi&from=3&to=${eventIds.length}`,
    );
    expect(status).toBe(200);
    expect(Either.isRight(verifyConsistency(3, body.toSize, body.proof.map(bytes), bytes(body.fromRoot), bytes(body.toRoot)))).toBe(true);
    expect([noteHolds(body.fromCheckpoint), noteHolds(body.toCheckpoint), body.fromCheckpoint.treeSize]).toEqual([true, true, 3]);
  });

  it("serves the node's own signed checkpoint, now or at a size", async () => {
    const now = await get<Checkpoint>("/api/v1/checkpoint");
    expect([now.status, now.body.treeSize, noteHolds(now.body)]).toEqual([200, eventIds.length, true]);
    expect((await get<Checkpoint>("/api/v1/checkpoint?size=2")).body.treeSize).toBe(2);
  });

  it("proves a replicated event against its origin's tree, whose root only its origin signs", async () => {
    await replicate(node, oblast);
    const res = await send(oblast, "GET", `/api/v1/proof/inclusion?event=${eventIds[0]}`);
    const body = (await res.json()) as { origin: string; checkpoint: null; root: string };
    expect([res.status, body.origin, body.checkpoint]).toEqual([200, "novopskovskyi", null]);
    const own = (await (await send(node, "GET", "/api/v1/checkpoint")).json()) as Checkpoint;
    expect(body.root).toBe(own.root);
  });

  it("answers 404 for an unknown event or origin, 400 naming the size it cannot answer for", async () => {
    expect((await get("/api/v1/proof/inclusion?event=no-such-event")).status).toBe(404);
    expect((await get("/api/v1/proof/consistency?origin=nobody&from=1&to=2")).status).toBe(404);
    const tooBig = await get<{ errors: { path: string }[] }>(`/api/v1/proof/inclusion?event=${eventIds[0]}&treeSize=${eventIds.length + 5}`);
    expect([tooBig.status, tooBig.body.errors[0]?.path]).toEqual([400, "treeSize"]);
    const backwards = await get<{ errors: { path: string }[] }>("/api/v1/proof/consistency?origin=novopskovskyi&from=5&to=3");
    expect(backwards.status).toBe(400);
    expect((await get("/api/v1/proof/consistency?origin=novopskovskyi&from=x&to=3")).status).toBe(400);
    expect((await get(`/api/v1/checkpoint?size=${eventIds.length + 1}`)).status).toBe(400);
  });
});
