import {
  cosignaturesOf,
  ed25519CosignatureVerifier,
  ed25519NoteVerifier,
  openTlogCheckpoint,
  parseVerifierKey,
  tlogOrigin,
  verifierKey,
} from "@planledger/event-store";
import { Effect, Either, Schema as S } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSyncClient } from "../client/sync-client.js";
import { EnrollRequest, PushBatch } from "../protocol/messages.js";
import { verifyWitness } from "../protocol/witness.js";
import { checkpointOf, makeOrigin, record } from "../testing/test-chain.js";
import { loopbackFetch, openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";

let temp: ReturnType<typeof tempDir>;
let oblast: TestNode;
let district: TestNode;

beforeEach(async () => {
  temp = tempDir();
  oblast = await openTestNode(temp.dir, "luhanska", "oblast");
  district = await openTestNode(temp.dir, "novopskovskyi", "district");
});

afterEach(async () => {
  for (const n of [oblast, district]) await n.close();
  temp.remove();
});

/** A fetch to the oblast that rewrites push bodies and answers, as a node of another version would send or read them. */
const rewriting =
  (rewrite: { readonly push?: (body: Record<string, unknown>) => void; readonly answer?: (body: Record<string, unknown>) => void }): typeof fetch =>
  async (input, init) => {
    let request = new Request(input, init);
    const direct = loopbackFetch([oblast]);
    if (!request.url.endsWith("/push")) return direct(request);
    if (rewrite.push !== undefined) {
      const body = (await request.json()) as Record<string, unknown>;
      rewrite.push(body);
      request = new Request(request.url, { method: "POST", headers: { ...Object.fromEntries(request.headers), "content-encoding": "identity" }, body: JSON.stringify(body) });
    }
    const response = await direct(request);
    if (rewrite.answer === undefined || response.status !== 200) return response;
    const answer = (await response.json()) as Record<string, unknown>;
    rewrite.answer(answer);
    return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
  };

const join = async (doFetch: typeof fetch) => {
  const { token } = Effect.runSync(oblast.node.invite({ nodeId: district.nodeId, level: "district" }));
  const client = makeSyncClient(district.node, { fetch: doFetch, batchSize: 4, compress: false });
  await client.join(`http://${oblast.nodeId}`, token);
  return client;
};

/** Opens a C2SP note as an outside verifier: the district's log key and the oblast's cosigner key, from verifier keys. */
const openAsOutsider = (note: string) =>
  openTlogCheckpoint(note, {
    log: ed25519NoteVerifier(tlogOrigin("novopskovskyi"), district.node.publicKey),
    cosigners: [ed25519CosignatureVerifier(tlogOrigin("luhanska"), oblast.node.publicKey)],
    origin: tlogOrigin("novopskovskyi"),
  });

describe("C2SP cosignatures with each push", () => {
  it("the parent cosigns each batch's tree head; the child keeps the line, and its checkpoint carries it", async () => {
    const client = await join(loopbackFetch([oblast]));
    await district.record(10);
    const report = await client.syncOnce();
    expect(report.error).toBeNull();
    // The child's own checkpoint at each pushed size carries the parent's tlog-cosignature/v1 line.
    for (const size of [4, 8, 10]) {
      const cp = Effect.runSync(district.node.cosignedCheckpoint("novopskovskyi", size));
      expect(cp?.cosignatures.map((c) => c.witness)).toEqual(["luhanska"]);
      const opened = openAsOutsider(cp?.note ?? "");
      expect(Either.isRight(opened)).toBe(true);
      if (Either.isRight(opened)) {
        expect(opened.right.checkpoint.size).toBe(size);
        expect(Buffer.from(opened.right.checkpoint.rootHash).toString("hex")).toBe(await Effect.runPromise(district.store.treeHead("novopskovskyi", size)));
        expect(cosignaturesOf(opened.right.note).map((c) => c.name)).toEqual(["planledger/luhanska"]);
      }
    }
    // The parent keeps the child's note as it signed it, with its own line under it, and serves the same text.
    const atParent = Effect.runSync(oblast.node.cosignedCheckpoint("novopskovskyi"));
    expect(atParent?.treeSize).toBe(10);
    expect(atParent?.note).toBe(Effect.runSync(district.node.cosignedCheckpoint("novopskovskyi", 10))?.note);
    // The legacy JSON witness still comes with every batch.
    expect(Effect.runSync(district.node.witnesses("novopskovskyi")).map((w) => w.seq)).toEqual([4, 8, 10]);
    // The parent's cosigner key as a C2SP verifier key string (what an outside client is given) opens the note too.
    const vkey = Either.getOrThrow(parseVerifierKey(verifierKey(ed25519CosignatureVerifier(tlogOrigin("luhanska"), oblast.node.publicKey))));
    const byVkey = openTlogCheckpoint(Effect.runSync(district.node.cosignedCheckpoint("novopskovskyi", 10))?.note ?? "", {
      log: ed25519NoteVerifier(tlogOrigin("novopskovskyi"), district.node.publicKey),
      cosigners: [vkey],
    });
    expect(Either.isRight(byVkey) && byVkey.right.cosignatures.map((c) => c.key)).toEqual([`planledger/luhanska+${vkey.keyId.toString(16).padStart(8, "0")}`]);
  });

  it("a cosignature that does not verify stops the round with BadCosignature and is not kept", async () => {
    const client = await join(
      rewriting({
        answer: (a) => {
          const line = String(a.cosignature);
          // One byte of the signature changed.
          const [dash, name, sig] = line.trim().split(" ");
          const bytes = Buffer.from(String(sig), "base64");
          bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
          a.cosignature = `${dash} ${name} ${bytes.toString("base64")}\n`;
        },
      }),
    );
    await district.record(3);
    const report = await client.syncOnce();
    expect(report.error).toBe("BadCosignature");
    expect(Effect.runSync(district.node.cosignedCheckpoint("novopskovskyi", 3))?.cosignatures).toEqual([]);
  });

  it("a relayed origin's note travels up with its batches: the grandparent cosigns the hromada's tree head too", async () => {
    const hromada = await openTestNode(temp.dir, "novopskovska", "hromada");
    try {
      const nodes = [oblast, district, hromada];
      const toOblast = await join(loopbackFetch(nodes));
      const { token } = Effect.runSync(district.node.invite({ nodeId: "novopskovska", level: "hromada" }));
      const toDistrict = makeSyncClient(hromada.node, { fetch: loopbackFetch(nodes), batchSize: 4, compress: false });
      await toDistrict.join(`http://${district.nodeId}`, token);
      await hromada.record(6);
      expect((await toDistrict.syncOnce()).error).toBeNull();
      expect((await toOblast.syncOnce()).error).toBeNull();
      // At the oblast: the hromada's own note (as the hromada signed it, relayed by the district) with the oblast's line.
      const atOblast = Effect.runSync(oblast.node.cosignedCheckpoint("novopskovska"));
      expect(atOblast?.treeSize).toBe(6);
      expect(atOblast?.cosignatures.map((c) => c.witness)).toEqual(["luhanska"]);
      const opened = openTlogCheckpoint(atOblast?.note ?? "", {
        log: ed25519NoteVerifier(tlogOrigin("novopskovska"), hromada.node.publicKey),
        cosigners: [ed25519CosignatureVerifier(tlogOrigin("luhanska"), oblast.node.publicKey)],
      });
      expect(Either.isRight(opened)).toBe(true);
      // The district kept the oblast's cosignature of the hromada's head beside its own (it cosigned that head first).
      expect(Effect.runSync(district.node.cosignedCheckpoint("novopskovska", 6))?.cosignatures.map((c) => c.witness)).toEqual(["luhanska", "novopskovskyi"]);
      expect(Effect.runSync(hromada.node.cosignedCheckpoint("novopskovska", 6))?.cosignatures.map((c) => c.witness)).toEqual(["novopskovskyi"]);
    } finally {
      await hromada.close();
    }
  });

  it("another history whose checkpoint the origin did not sign is refused as before, and is no split view", async () => {
    const peer = makeOrigin("svativskyi");
    const { token } = Effect.runSync(oblast.node.invite({ nodeId: "svativskyi", level: "district" }));
    expect(Either.isRight(Effect.runSync(Effect.either(oblast.node.enroll(new EnrollRequest({ child: { nodeId: "svativskyi", level: "district", publicKey: peer.publicKey }, token })))))).toBe(true);
    record(peer, 4);
    const batch = (events: typeof peer.events, checkpoint = checkpointOf(peer)) =>
      new PushBatch({ sender: "svativskyi", origin: "svativskyi", events, checkpoint, members: [] });
    expect(Either.isRight(Effect.runSync(Effect.either(oblast.node.receivePush("svativskyi", batch(peer.events)))))).toBe(true);
    const other = { ...peer, events: [] as typeof peer.events };
    record(other, 4, "інше");
    // Closed by a checkpoint under another key: only a sender's word, not the origin's.
    const forged = Effect.runSync(Effect.either(oblast.node.receivePush("svativskyi", batch(other.events, checkpointOf(other, 4, makeOrigin("x").key)))));
    expect(Either.isLeft(forged) && forged.left._tag).toBe("ConflictingHistory");
    expect(Effect.runSync(oblast.node.splitViews())).toEqual([]);
    // Closed by the origin's own signature: the origin signed two histories.
    const signed = Effect.runSync(Effect.either(oblast.node.receivePush("svativskyi", batch(other.events, checkpointOf(other)))));
    expect(Either.isLeft(signed) && signed.left._tag).toBe("SplitView");
    expect(Effect.runSync(oblast.node.splitViews()).map((v) => [v.origin, v.source, v.heldSize, v.presentedSize])).toEqual([["svativskyi", "push", 4, 4]]);
  });

  describe("transition: nodes of the version before C2SP checkpoints", () => {
    it("a child that sends no note and reads no cosignature (today's JSON witness only) still syncs, and the parent still cosigns", async () => {
      // The legacy child's view of the answer: the schema it was built with, without `cosignature`.
      const LegacyPushAccepted = S.Struct({ _tag: S.Literal("PushAccepted"), witnessed: S.Unknown, cursor: S.Unknown, stored: S.Int });
      const answers: unknown[] = [];
      const client = await join(
        rewriting({
          push: (b) => {
            expect(typeof b.note).toBe("string");
            delete b.note;
          },
          answer: (a) => {
            expect(Either.isRight(S.decodeUnknownEither(LegacyPushAccepted)(a))).toBe(true);
            answers.push(a.cosignature);
            delete a.cosignature;
          },
        }),
      );
      await district.record(6);
      const report = await client.syncOnce();
      expect(report.error).toBeNull();
      expect(Effect.runSync(oblast.node.cursorOf("novopskovskyi")).seq).toBe(6);
      // The JSON countersignature keeps the old child whole.
      const witnesses = Effect.runSync(district.node.witnesses("novopskovskyi"));
      expect(witnesses.map((w) => w.seq)).toEqual([4, 6]);
      expect(witnesses.every((w) => verifyWitness(w, oblast.node.publicKey))).toBe(true);
      // The parent cosigned the tree heads (its own tree) though no note came, and kept the lines.
      expect(answers.every((a) => typeof a === "string")).toBe(true);
      expect(Effect.runSync(oblast.node.witness.store.cosignatures("novopskovskyi")).map((c) => c.size)).toEqual([4, 6]);
      // Without the child's note the parent has no note of it to serve; the child has no cosignature.
      expect(Effect.runSync(oblast.node.cosignedCheckpoint("novopskovskyi"))).toBeNull();
      expect(Effect.runSync(district.node.cosignedCheckpoint("novopskovskyi", 6))?.cosignatures).toEqual([]);
    });

    it("a current child pushing to a parent that answers without a cosignature syncs as before", async () => {
      const client = await join(rewriting({ answer: (a) => delete a.cosignature }));
      await district.record(5);
      const report = await client.syncOnce();
      expect(report.error).toBeNull();
      expect(Effect.runSync(oblast.node.cursorOf("novopskovskyi")).seq).toBe(5);
      expect(Effect.runSync(district.node.witnesses("novopskovskyi")).map((w) => w.seq)).toEqual([4, 5]);
      expect(Effect.runSync(district.node.cosignedCheckpoint("novopskovskyi", 5))?.cosignatures).toEqual([]);
    });
  });
});
