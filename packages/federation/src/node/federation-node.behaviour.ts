import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyWitness } from "../protocol/witness.js";
import { makeSyncClient } from "../client/sync-client.js";
import { childClient, loopbackFetch, type EngineTestNode, type OpenTestNode, tempDir } from "../testing/test-nodes.js";
import { toWireTuple } from "../protocol/wire-events.js";

/**
 * The federation's behaviour between nodes wired in-process through the federation handler, run on each engine by
 * `federation-node.int.test.ts` (SQLite files) and `federation-node.postgres.int.test.ts` (a PostgreSQL schema per node).
 *
 * @example
 * federationNodeBehaviour("SQLite", openTestNode)
 */
export const federationNodeBehaviour = (engine: string, openTestNode: OpenTestNode): void => {
  let temp: ReturnType<typeof tempDir>;
  let oblast: EngineTestNode;
  let district: EngineTestNode;
  let hromada: EngineTestNode;
  let volyn: EngineTestNode;

  beforeEach(async () => {
    temp = tempDir();
    oblast = await openTestNode(temp.dir, "luhanska", "oblast");
    district = await openTestNode(temp.dir, "novopskovskyi", "district");
    hromada = await openTestNode(temp.dir, "novopskovska", "hromada");
    volyn = await openTestNode(temp.dir, "volynska", "oblast");
  });

  afterEach(async () => {
    for (const n of [oblast, district, hromada, volyn]) await n.close();
    temp.remove();
  });

  const enroll = async (parent: EngineTestNode, child: EngineTestNode, nodes: EngineTestNode[]) => {
    const { token } = await Effect.runPromise(parent.node.invite({ nodeId: child.nodeId, level: child.node.self.level }));
    const client = childClient(child, nodes, { batchSize: 4 });
    await client.join(`http://${parent.nodeId}`, token);
    return client;
  };

  const heldSeq = async (node: EngineTestNode, origin: string) => (await Effect.runPromise(node.node.cursorOf(origin))).seq;

  describe(`federation between ${engine} nodes (in-process HTTP)`, () => {
    it("enrolls a child, pushes its log in batches, and the parent countersigns each checkpoint", async () => {
      const client = await enroll(oblast, district, [oblast, district]);
      await district.record(10);
      const report = await client.syncOnce();
      expect(report.error).toBeNull();
      expect(report.pushed).toEqual([{ origin: "novopskovskyi", batches: 3, stored: 10, skipped: 0, cursor: 10 }]);
      expect(await heldSeq(oblast, "novopskovskyi")).toBe(10);
      const witnesses = await Effect.runPromise(district.node.witnesses("novopskovskyi"));
      expect(witnesses.map((w) => w.seq)).toEqual([4, 8, 10]);
      expect(witnesses.every((w) => verifyWitness(w, oblast.node.publicKey))).toBe(true);
      const audit = await Effect.runPromise(oblast.store.verify());
      expect(audit.every((r) => r.broken === null)).toBe(true);
      const status = await Effect.runPromise(oblast.node.status());
      expect(status.children.map((c) => [c.nodeId, c.events, c.lastCheckpoint?.seq])).toEqual([["novopskovskyi", 10, 10]]);
    });

    it("keeps two batches in flight; one that overtakes the batch ahead of it waits at the parent and both are stored once", async () => {
      const { token } = await Effect.runPromise(oblast.node.invite({ nodeId: district.nodeId, level: "district" }));
      const direct = loopbackFetch([oblast]);
      let pushes = 0;
      const answers: string[] = [];
      // The first push is held back until the second is already at the oblast, so the second arrives first.
      let releaseFirst: () => void = () => undefined;
      const firstHeld = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      const overtaking: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        if (!request.url.endsWith("/push")) return direct(request);
        const n = ++pushes;
        if (n === 1) await firstHeld;
        const answered = direct(request).then((response) => {
          answers.push(`${n}:${response.status}`);
          return response;
        });
        if (n === 2) setTimeout(releaseFirst, 50);
        return answered;
      };
      const client = makeSyncClient(district.node, { fetch: overtaking, batchSize: 4, pushWindow: 2 });
      await client.join("http://luhanska", token);
      await district.record(10);
      const report = await client.syncOnce();
      expect(report.error).toBeNull();
      expect(answers.slice(0, 2)).toEqual(["1:200", "2:200"]);
      expect(report.pushed).toEqual([{ origin: "novopskovskyi", batches: 3, stored: 10, skipped: 0, cursor: 10 }]);
      expect((await Effect.runPromise(district.node.witnesses("novopskovskyi"))).map((w) => w.seq)).toEqual([4, 8, 10]);
      const audit = await Effect.runPromise(oblast.store.verify());
      expect(audit.map((r) => [r.origin, r.events, r.broken])).toContainEqual(["novopskovskyi", 10, null]);
    });

    it("sends a batch again from the parent's cursor when it was refused for a gap it overtook", async () => {
      const { token } = await Effect.runPromise(oblast.node.invite({ nodeId: district.nodeId, level: "district" }));
      const direct = loopbackFetch([oblast]);
      let pushes = 0;
      const seen: string[] = [];
      // The second push is answered as a parent whose wait for the first ran out: 409 SequenceGap, nothing stored.
      const impatient: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        if (!request.url.endsWith("/push")) return direct(request);
        const n = ++pushes;
        seen.push(`${n}`);
        if (n === 2) {
          return new Response(JSON.stringify({ type: "urn:planledger:federation:SequenceGap", status: 409, reason: "SequenceGap" }), {
            status: 409,
            headers: { "content-type": "application/problem+json" },
          });
        }
        return direct(request);
      };
      const client = makeSyncClient(district.node, { fetch: impatient, batchSize: 4, pushWindow: 2 });
      await client.join("http://luhanska", token);
      await district.record(10);
      const report = await client.syncOnce();
      expect(report.error).toBeNull();
      expect(report.pushed).toEqual([{ origin: "novopskovskyi", batches: 3, stored: 10, skipped: 0, cursor: 10 }]);
      // Batch 2 again, and whatever was in flight behind it; nothing twice.
      expect(pushes).toBeGreaterThanOrEqual(4);
      expect(await heldSeq(oblast, "novopskovskyi")).toBe(10);
    });

    it("resumes from the parent's cursor: a second sync sends only what is new, a third sends nothing", async () => {
      const client = await enroll(oblast, district, [oblast, district]);
      await district.record(5);
      await client.syncOnce();
      await district.record(3);
      const second = await client.syncOnce();
      expect(second.pushed[0]).toMatchObject({ stored: 3, skipped: 0, cursor: 8 });
      const third = await client.syncOnce();
      expect(third.pushed[0]).toMatchObject({ batches: 0, stored: 0 });
      expect(await heldSeq(oblast, "novopskovskyi")).toBe(8);
    });

    it("keeps working while the parent is down and catches up in one sync when it is back", async () => {
      const nodes = [oblast, district];
      const client = await enroll(oblast, district, nodes);
      nodes.splice(0, 1);
      await district.record(7);
      const offline = await client.syncOnce();
      expect(offline.error).toMatch(/luhanska is down/);
      expect((await Effect.runPromise(district.node.status())).parent?.lastError).toMatch(/down/);
      nodes.push(oblast);
      const back = await client.syncOnce();
      expect([back.error, await heldSeq(oblast, "novopskovskyi")]).toEqual([null, 7]);
    });

    it("relays a grandchild's log: the oblast accepts the hromada's events through the district", async () => {
      const nodes = [oblast, district, hromada];
      const districtClient = await enroll(oblast, district, nodes);
      const hromadaClient = await enroll(district, hromada, nodes);
      await hromada.record(6);
      await hromadaClient.syncOnce();
      expect(await heldSeq(district, "novopskovska")).toBe(6);
      await district.record(2);
      const report = await districtClient.syncOnce();
      expect(report.error).toBeNull();
      expect([await heldSeq(oblast, "novopskovskyi"), await heldSeq(oblast, "novopskovska")]).toEqual([2, 6]);
      expect((await Effect.runPromise(oblast.node.status())).children.map((c) => c.nodeId)).toEqual(["novopskovska", "novopskovskyi"]);
    });

    it("a refused relayed batch registers none of the members it carried", async () => {
      const nodes = [oblast, district, hromada];
      await enroll(oblast, district, nodes);
      await enroll(district, hromada, nodes);
      await hromada.record(2);
      const batch = await Effect.runPromise(hromada.node.nextBatch("novopskovska", 0, 10));
      const forged = {
        ...batch,
        events: batch?.events.map(toWireTuple),
        checkpoint: { ...batch?.checkpoint, signature: Buffer.alloc(64, 1).toString("base64") },
      };
      const response = await oblast.handler(
        new Request("http://luhanska/federation/v1/push", {
          method: "POST",
          headers: { authorization: `Bearer ${(await Effect.runPromise(district.node.uplink()))?.token}`, "content-type": "application/json" },
          body: JSON.stringify({ _tag: "PushBatch", sender: "novopskovskyi", members: await Effect.runPromise(district.node.members()), ...forged }),
        }),
      );
      expect([response.status, ((await response.json()) as { reason: string }).reason]).toEqual([422, "BadSignature"]);
      expect((await Effect.runPromise(oblast.node.status())).children.map((c) => c.nodeId)).toEqual(["novopskovskyi"]);
    });

    it("pulls the parent's own log down, verified against the parent's key", async () => {
      const client = await enroll(oblast, district, [oblast, district]);
      await oblast.record(5, "plan:luhanska-1003");
      const report = await client.syncOnce();
      expect(report.pulled).toEqual([{ origin: "luhanska", batches: 1, stored: 5, skipped: 0, cursor: 5 }]);
      const plan = await Effect.runPromise(district.store.readStream("plan:luhanska-1003"));
      expect(plan.map((e) => e.origin)).toEqual(Array(5).fill("luhanska"));
    });

    it("signs one checkpoint per seq of its own log: pulls ending at the same seq are served the stored one", async () => {
      await enroll(oblast, district, [oblast, district]);
      await oblast.record(5, "plan:luhanska-1003");
      const pulls = [await Effect.runPromise(Effect.either(oblast.node.servePull("luhanska", 0, 3))), await Effect.runPromise(Effect.either(oblast.node.servePull("luhanska", 0, 3))), await Effect.runPromise(Effect.either(oblast.node.servePull("luhanska", 3, 10)))];
      const checkpoints = pulls.map((pull) => (pull._tag === "Right" ? pull.right.checkpoint : null));
      expect(checkpoints.map((cp) => cp?.seq)).toEqual([3, 3, 5]);
      expect(checkpoints[1]).toEqual(checkpoints[0]);
      const kept = await Effect.runPromise(oblast.store.checkpoints("luhanska"));
      expect(kept.filter((cp) => cp.seq === 3).map((cp) => cp.signature)).toEqual([checkpoints[0]?.signature]);
      expect(kept.map((cp) => cp.seq)).toEqual([3, 5]);
    });

    it("refuses a push with an origin outside the sender's subtree and stores nothing", async () => {
      const nodes = [oblast, district, volyn];
      await enroll(oblast, district, nodes);
      await volyn.record(3);
      const up = await Effect.runPromise(district.node.uplink());
      const foreign = await Effect.runPromise(volyn.node.nextBatch("volynska", 0, 10));
      const response = await oblast.handler(
        new Request("http://luhanska/federation/v1/push", {
          method: "POST",
          headers: { authorization: `Bearer ${up?.token}`, "content-type": "application/json" },
          body: JSON.stringify({ _tag: "PushBatch", sender: "novopskovskyi", ...foreign, events: foreign?.events.map(toWireTuple) }),
        }),
      );
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ reason: "OriginOutsideSubtree", origin: "volynska" });
      expect(await heldSeq(oblast, "volynska")).toBe(0);
    });

    it("a child moved under another parent pulls only from its new ancestors", async () => {
      const nodes = [oblast, district, volyn];
      await enroll(oblast, district, nodes);
      expect(await Effect.runPromise(district.node.originsToPull())).toEqual(["luhanska"]);
      const client = await enroll(volyn, district, nodes);
      expect(await Effect.runPromise(district.node.originsToPull())).toEqual(["volynska"]);
      await volyn.record(2, "plan:volynska-1");
      const report = await client.syncOnce();
      expect([report.error, report.pulled.map((p) => p.origin)]).toEqual([null, ["volynska"]]);
    });

    it("learns ancestors the parent enrolled with later, and pulls their logs through the parent", async () => {
      const national = await openTestNode(temp.dir, "ukraine", "national");
      try {
        const nodes = [national, oblast, district];
        const districtClient = await enroll(oblast, district, nodes);
        expect(await Effect.runPromise(district.node.originsToPull())).toEqual(["luhanska"]);
        const oblastClient = await enroll(national, oblast, nodes);
        await national.record(3, "plan:ukraine-526");
        await oblastClient.syncOnce();
        const report = await districtClient.syncOnce();
        expect(report.error).toBeNull();
        expect(report.pulled.map((p) => [p.origin, p.cursor])).toEqual([
          ["luhanska", 0],
          ["ukraine", 3],
        ]);
        expect(await heldSeq(district, "ukraine")).toBe(3);
      } finally {
        await national.close();
      }
    });

    it("does not keep a countersignature that is not the parent's over the checkpoint sent", async () => {
      const { token } = await Effect.runPromise(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }));
      const honest = loopbackFetch([oblast, district]);
      const forging: typeof fetch = async (input, init) => {
        const res = await honest(input, init);
        if (!String(input).endsWith("/push")) return res;
        const body = (await res.json()) as { witnessed: { witness: { signature: string } } };
        body.witnessed.witness.signature = Buffer.alloc(64, 7).toString("base64");
        return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
      };
      const client = makeSyncClient(district.node, { fetch: forging });
      await client.join("http://luhanska", token);
      await district.record(2);
      const report = await client.syncOnce();
      expect(report.error).toBe("BadWitness");
      expect(await Effect.runPromise(district.node.witnesses())).toEqual([]);
    });

    it("refuses an unknown credential and a wrong invitation token", async () => {
      const push = await oblast.handler(
        new Request("http://luhanska/federation/v1/cursors", { headers: { authorization: "Bearer nope" } }),
      );
      expect([push.status, ((await push.json()) as { reason: string }).reason]).toEqual([401, "UnknownSender"]);
      await Effect.runPromise(oblast.node.invite({ nodeId: "novopskovskyi", level: "district" }, "right-token"));
      await expect(childClient(district, [oblast, district]).join("http://luhanska", "wrong-token")).rejects.toMatchObject({
        reason: "EnrollmentRefused",
      });
    });
  });
};
