/**
 * Restoring a lost node, in process over real SQLite files: what a holder states (`GET /restore`), the restoring
 * node's checks of it (each forged part refused at its own step, with a reason), and a restore read from the
 * grandparent — a node that holds a relayed replica and a checkpoint it witnessed itself — with the parent authorising
 * the key. Between real processes: `node-restore.e2e.test.ts`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  auditDatabase,
  ed25519NoteSigner,
  formatSignedNote,
  generateNodeKey,
  readNodeKey,
  signNote,
  tlogOrigin,
} from "@planledger/event-store";
import { Effect, Either } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { federationHandler } from "../http/federation-handler.js";
import { logView } from "../node/log-view.js";
import { toWireTuple } from "../protocol/wire-events.js";
import { childClient, openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";
import { checkpointBody, cosignatureLine } from "../witness/cosignature-line.js";
import type { RestoreSource } from "./restore-messages.js";
import { restoreNode } from "./restore-node.js";
import { verifyRestore } from "./verify-restore.js";

let temp: ReturnType<typeof tempDir>;
let national: TestNode;
let oblast: TestNode;
let district: TestNode;

const ADMIN = "Bearer admin";

/**
 * Routes a URL to the in-process node named by its host: `/federation/v1/*` to its handler (with an admin), and the
 * auditor's log route (the node app's, `GET /api/v1/audit/origins/{o}/log`) to the same store read it makes.
 */
const fetchFor =
  (nodes: ReadonlyArray<TestNode>): typeof fetch =>
  async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const target = nodes.find((n) => n.nodeId === url.hostname);
    if (target === undefined) throw new TypeError(`fetch failed: ${url.hostname} is down`);
    const log = /^\/api\/v1\/audit\/origins\/([^/]+)\/log$/.exec(url.pathname);
    if (log !== null) {
      if (request.headers.get("authorization") !== ADMIN) return new Response("{}", { status: 401 });
      const from = Number(url.searchParams.get("from") ?? 1);
      const limit = Number(url.searchParams.get("limit") ?? 500);
      const events = Effect.runSync(logView(target.store).eventsAfter(decodeURIComponent(log[1] as string), from - 1, from - 1 + limit)).map(toWireTuple);
      return Response.json({ events });
    }
    return federationHandler(target.node, { isAdmin: (r) => r.headers.get("authorization") === ADMIN })(request);
  };

const enroll = async (parent: TestNode, child: TestNode) => {
  const { token } = Effect.runSync(parent.node.invite({ nodeId: child.nodeId, level: child.node.self.level }));
  const client = childClient(child, [national, oblast, district]);
  await client.join(`http://${parent.nodeId}`, token);
  return client;
};

const sourceOf = (holder: TestNode): RestoreSource => {
  const answer = Effect.runSync(Effect.either(holder.node.restoreSource("novopskovskyi")));
  if (Either.isLeft(answer)) throw new Error(answer.left._tag);
  return answer.right;
};

beforeEach(async () => {
  temp = tempDir();
  national = await openTestNode(temp.dir, "ukraine", "national");
  oblast = await openTestNode(temp.dir, "luhanska", "oblast");
  district = await openTestNode(temp.dir, "novopskovskyi", "district");
  const up = await enroll(national, oblast);
  const client = await enroll(oblast, district);
  await district.record(30);
  expect((await client.syncOnce()).error).toBeNull();
  expect((await up.syncOnce()).error).toBeNull();
});

afterEach(async () => {
  for (const n of [national, oblast, district]) await n.close();
  temp.remove();
});

describe("what the restoring node checks", () => {
  it("takes the parent's word when all of it holds: 30 events, the witnessed checkpoint, the cosigned root", () => {
    const source = sourceOf(oblast);
    const events = Effect.runSync(logView(oblast.store).eventsAfter("novopskovskyi", 0, 30));
    const verified = verifyRestore(source, events, { nodeId: "novopskovskyi" });
    expect(Either.isRight(verified) && [verified.right.seq, verified.right.holder.nodeId]).toEqual([30, "luhanska"]);
  });

  it("refuses each forged part at its own step, with a reason", () => {
    const source = sourceOf(oblast);
    const events = Effect.runSync(logView(oblast.store).eventsAfter("novopskovskyi", 0, 30));
    const step = (s: RestoreSource, e = events, pins = {}) => {
      const r = verifyRestore(s, e, { nodeId: "novopskovskyi", pins });
      return Either.isLeft(r) ? [r.left.step, r.left.detail] : ["passed", ""];
    };
    // An event altered on the way.
    const altered = events.map((e) => (e.seq === 17 ? { ...e, dataJson: e.dataJson.replace("виконано", "не виконано") } : e));
    expect(step(source, altered)).toEqual(["chain", expect.stringContaining("seq 17")]);
    // Events missing at the end: the checkpoint is at 30.
    expect(step(source, events.slice(0, 29))[0]).toBe("chain");
    // A countersignature that is not the holder's.
    const cp = source.checkpoint;
    const forgedWitness = { ...source, checkpoint: { ...cp, witness: { ...(cp.witness as NonNullable<typeof cp.witness>), signedAt: "2020-07-17T00:00:00.000Z" } } };
    expect(step(forgedWitness)[0]).toBe("witness");
    // Keys the operator knows from elsewhere, and the answer's do not match them.
    expect(step(source, events, { nodeKey: oblast.node.publicKey })[0]).toBe("pin");
    // The note without the holder's cosignature.
    const bare = `${source.note.split("\n\n")[0]}\n\n${source.note.split("\n\n")[1]?.split("\n")[0]}\n`;
    expect(step({ ...source, note: bare })[0]).toBe("cosignature");
    // The district's own key signed another root at 30 (a split view of its own), cosigned by the holder: only the
    // Merkle root of the events shows the log is not the one witnessed.
    const districtKey = readNodeKey(`${district.path}.key`);
    const oblastKey = readNodeKey(`${oblast.path}.key`);
    const body = checkpointBody("novopskovskyi", 30, "ab".repeat(32));
    const signed = formatSignedNote(Either.getOrThrow(signNote(body, [ed25519NoteSigner(tlogOrigin("novopskovskyi"), districtKey.privateKey)])));
    const otherRoot = `${signed}${cosignatureLine(body, "luhanska", oblastKey.privateKey, 1_764_936_000)}`;
    expect(step({ ...source, note: otherRoot })).toEqual(["merkle", expect.stringContaining("differs from what was witnessed")]);
  });
});

describe("a restore read from the grandparent", () => {
  it("verifies the grandparent's relayed replica and witnessed checkpoint; the parent authorises the key", async () => {
    const source = sourceOf(national);
    expect([source.source.nodeId, source.node.child, source.checkpoint.seq, source.checkpoint.witness?.node]).toEqual(["ukraine", false, 30, "ukraine"]);
    // Only the parent authorises: the grandparent refuses, naming who can.
    const refused = Effect.runSync(Effect.either(national.node.authoriseRestore({ nodeId: "novopskovskyi", seq: 30, hash: source.checkpoint.hash, publicKey: oblast.node.publicKey }, "admin@ukraine")));
    expect(Either.isLeft(refused) && refused.left._tag).toBe("NoSuchChild");

    await district.close();
    const dbPath = join(temp.dir, "novopskovskyi-restored.db");
    const outcome = await restoreNode({
      parentUrl: "http://luhanska",
      holderUrl: "http://ukraine",
      token: "admin",
      holderToken: "admin",
      nodeId: "novopskovskyi",
      dbPath,
      fetch: fetchFor([national, oblast]),
    });
    if (Either.isLeft(outcome)) throw new Error(outcome.left.detail);
    expect([outcome.right.holder, outcome.right.parent, outcome.right.recoveredSeq, outcome.right.fromSeq, outcome.right.lost]).toEqual([
      "ukraine",
      "luhanska",
      30,
      31,
      null,
    ]);
    expect(existsSync(dbPath) && existsSync(`${dbPath}.key`)).toBe(true);
    const audit = auditDatabase(dbPath);
    expect(audit._tag).toBe("Checked");
    if (audit._tag === "Checked") expect(audit.origins.map((o) => [o.origin, o.events, o.broken])).toContainEqual(["novopskovskyi", 31, null]);
  });

  it("a second restore, after the first wrote nothing, takes another key (the parent still holds seq 30 only)", async () => {
    const source = sourceOf(oblast);
    const first = Effect.runSync(Effect.either(oblast.node.authoriseRestore({ nodeId: "novopskovskyi", seq: 30, hash: source.checkpoint.hash, publicKey: generateNodeKey().publicKey }, "admin@luhanska")));
    expect(Either.isRight(first)).toBe(true);
    const again = Effect.runSync(Effect.either(oblast.node.authoriseRestore({ nodeId: "novopskovskyi", seq: 30, hash: source.checkpoint.hash, publicKey: generateNodeKey().publicKey }, "admin@luhanska")));
    expect(Either.isLeft(again) ? again.left : "authorised").toBe("authorised");
  });
});
