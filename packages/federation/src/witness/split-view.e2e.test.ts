import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  ed25519NoteSigner,
  eventLeafHash,
  MerkleTree,
  readNodeDatabase,
  signTlogCheckpoint,
  sqliteLogReader,
  tlogOrigin,
} from "@planledger/event-store";
import { Effect, Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplicatedEvent } from "../protocol/replicated-event.js";
import { toWireTuple } from "../protocol/wire-events.js";
import { api, type NodeProcess, repoRoot, startNodeProcess } from "../testing/node-process.js";
import { checkpointOf, makeOrigin, record, type TestOrigin } from "../testing/test-chain.js";
import { tempDir } from "../testing/test-nodes.js";
import { verifyCosignatureLine } from "./cosignature-line.js";

let temp: ReturnType<typeof tempDir>;
let luhanska: NodeProcess;
let volynska: NodeProcess;

beforeAll(async () => {
  temp = tempDir();
  [luhanska, volynska] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }),
    startNodeProcess(temp.dir, { nodeId: "volynska", level: "oblast" }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([luhanska?.kill(), volynska?.kill()]);
  temp?.remove();
});

/** The Merkle tree of an in-memory origin log, as every node builds it (RFC 9162 over the event leaves). */
const treeOf = (events: ReadonlyArray<ReplicatedEvent>): MerkleTree => {
  const tree = MerkleTree.empty();
  for (const e of events) tree.appendLeafHash(eventLeafHash(e));
  return tree;
};

/** The origin's own C2SP checkpoint of its log at `size`, signed with its key. */
const noteOf = (origin: TestOrigin, size = origin.events.length): string =>
  Either.getOrThrow(
    signTlogCheckpoint(
      { origin: tlogOrigin(origin.nodeId), size, rootHash: Either.getOrThrow(treeOf(origin.events).rootAt(size)), extensions: [] },
      [ed25519NoteSigner(tlogOrigin(origin.nodeId), origin.key.privateKey)],
    ),
  );

/** Each parent's public key, as an enrolling child learns it. */
const parentKeys = new Map<string, string>();

const enroll = async (parent: NodeProcess, origin: TestOrigin): Promise<string> => {
  const { token } = (await api<{ token: string }>(parent, "POST", "/federation/v1/invitations", { nodeId: origin.nodeId, level: "district" })).body;
  const enrolled = await fetch(`${parent.url}/federation/v1/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ _tag: "EnrollRequest", child: { nodeId: origin.nodeId, level: "district", publicKey: origin.publicKey }, token }),
  });
  expect(enrolled.status).toBe(200);
  parentKeys.set(parent.nodeId, ((await enrolled.json()) as { parent: { publicKey: string } }).parent.publicKey);
  return token;
};

const push = (parent: NodeProcess, token: string, origin: TestOrigin, events: ReadonlyArray<ReplicatedEvent>, note?: string) =>
  fetch(`${parent.url}/federation/v1/push`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      _tag: "PushBatch",
      sender: origin.nodeId,
      origin: origin.nodeId,
      events: events.map(toWireTuple),
      checkpoint: checkpointOf(origin, events[events.length - 1]?.seq ?? 0),
      ...(note === undefined ? {} : { note }),
    }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

const askWitness = (witness: NodeProcess, note: string, proof: ReadonlyArray<Buffer> = []) =>
  fetch(`${witness.url}/federation/v1/witness`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ _tag: "WitnessRequest", note, proof: proof.map((p) => p.toString("hex")) }),
  }).then(async (r) => ({ status: r.status, type: r.headers.get("content-type"), body: (await r.json()) as Record<string, unknown> }));

type SplitViewList = { views: Array<{ origin: string; source: string; conclusive: boolean; heldSize: number; presentedSize: number; heldRoot: string; presentedRoot: string; eventId: string | null; liftedAt: string | null; evidence: { held: { note: string | null }; presented: { note: string | null } } }> };

const run = promisify(execFile);
/** `planledger …` as an operator runs it; its standard output. */
const planledger = async (args: ReadonlyArray<string>): Promise<string> =>
  (await run(process.execPath, ["--import", "tsx", join(repoRoot, "apps/cli/src/main.ts"), ...args], { cwd: repoRoot })).stdout;

/** The node's audit page (`/audit`) as an auditor sees it: an account made with the CLI, signed in through the form. */
const auditorSees = async (node: NodeProcess): Promise<string> => {
  const password = "довгий пароль аудитора 2026";
  // Run without blocking this process: a synchronous child would stall the event loop past the node's keep-alive
  // timeout, and the next fetch would go out on a socket the node had already closed ("other side closed").
  const adding = run(process.execPath, ["--import", "tsx", join(repoRoot, "apps/cli/src/main.ts"), "users", "add", "--db", node.dbPath, "--login", "auditor", "--role", "auditor", "--password-stdin"], { cwd: repoRoot });
  adding.child.stdin?.end(`${password}\n`);
  await adding;
  const form = await fetch(`${node.url}/sign-in`);
  const csrf = /pl_csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1] ?? "";
  const signedIn = await fetch(`${node.url}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `pl_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, login: "auditor", password, next: "/audit" }).toString(),
  });
  const session = /pl_session=([^;]+)/.exec(signedIn.headers.get("set-cookie") ?? "")?.[1] ?? "";
  const page = await fetch(`${node.url}/audit`, { headers: { cookie: `pl_session=${session}` } });
  expect(page.status).toBe(200);
  return page.text();
};

/** The events of a stream in the node's own log, read from its database file (read-only, beside the running node). */
const streamEvents = (node: NodeProcess, stream: string) => {
  const read = readNodeDatabase(node.dbPath, ({ sqlite }) => Effect.runSync(sqliteLogReader(sqlite).readStream(stream, 1)));
  return read._tag === "Read" ? read.value : [];
};

describe("split views between real node processes", () => {
  it("a child shows a different fork to each of two parents: the second sees it as a witness, records it and refuses the child", async () => {
    const forkA = makeOrigin("svativskyi");
    // The same origin key, another history of the same length.
    const forkB: TestOrigin = { ...forkA, events: [] };
    record(forkA, 6, "виконано");
    record(forkB, 6, "не виконано");
    const [tokenL, tokenV] = [await enroll(luhanska, forkA), await enroll(volynska, forkA)];
    const [toL, toV] = [await push(luhanska, tokenL, forkA, forkA.events, noteOf(forkA)), await push(volynska, tokenV, forkB, forkB.events, noteOf(forkB))];
    expect([toL.status, toV.status]).toEqual([200, 200]);
    // Each parent cosigned the fork it was shown (its own tree root at size 6).
    expect(typeof toL.body.cosignature).toBe("string");

    // luhanska's checkpoint of the child, its cosignature under it, presented to volynska as a witness request.
    const heldByL = await fetch(`${luhanska.url}/federation/v1/checkpoint?origin=svativskyi`).then((r) => r.json() as Promise<{ note: string; treeSize: number }>);
    expect(heldByL.treeSize).toBe(6);
    expect(heldByL.note).toContain("— planledger/luhanska ");
    const asked = await askWitness(volynska, heldByL.note);
    expect([asked.status, asked.type, asked.body.code]).toEqual([409, "application/problem+json", "SplitView"]);
    expect(String(asked.body.detail)).toMatch(/^розбіжне бачення журналу svativskyi: розмір 6 .* розмір 6 .* \/ split view of svativskyi's log/);

    // Recorded: the row with both signed checkpoints as evidence, and the event in volynska's own log.
    const list = (await api<SplitViewList>(volynska, "GET", "/federation/v1/split-views")).body.views;
    expect(list).toHaveLength(1);
    const split = list[0] as SplitViewList["views"][number];
    expect([split.origin, split.source, split.heldSize, split.presentedSize, split.liftedAt]).toEqual(["svativskyi", "witness", 6, 6, null]);
    expect(split.heldRoot).not.toBe(split.presentedRoot);
    expect(split.evidence.presented.note).toBe(heldByL.note);
    expect(split.evidence.held.note).toContain(noteOf(forkB).split("\n\n")[0] as string);
    const events = streamEvents(volynska, "witness:volynska");
    expect(events.map((e) => e.type)).toEqual(["SplitViewDetected"]);
    expect(events[0]?.eventId).toBe(split.eventId);
    expect((events[0]?.data as { presented: { note: string } } | undefined)?.presented.note).toBe(heldByL.note);

    // Refused from now on, pushes and witness requests alike, naming the origin and the sizes.
    record(forkB, 2, "не виконано");
    const refused = await push(volynska, tokenV, forkB, forkB.events.slice(6), noteOf(forkB));
    expect([refused.status, refused.body.code, refused.body.origin, refused.body.heldSize, refused.body.presentedSize]).toEqual([409, "SplitView", "svativskyi", 6, 6]);
    expect((await askWitness(volynska, noteOf(forkB))).status).toBe(409);

    // The auditor page of the node shows it: the origin, both sizes, and that it is refused.
    const auditPage = await auditorSees(volynska);
    expect(auditPage).toContain('data-split-origin="svativskyi" data-lifted="false"');
    expect(auditPage).toContain("прийом від svativskyi зупинено");
    expect(auditPage).toContain('data-intact="false"');

    // An admin acts with the CLI: sees it, then lifts the block (an event says who and why); pushes are taken again.
    const shown = await planledger(["sync", "--split-views", "--admin-token-file", volynska.tokenFile, "--url", volynska.url]);
    expect(shown).toMatch(/^✗ svativskyi: розмір \/ size 6 ↔ 6 \(witness\), .*прийом зупинено \/ refused$/m);
    const lifted = await planledger([
      "sync", "--lift-split", "svativskyi", "--reason", "розбіжність з'ясовано з районом / settled with the district",
      "--admin-token-file", volynska.tokenFile, "--url", volynska.url,
    ]);
    expect(lifted).toBe("знято / lifted: 1; прийом від svativskyi відновлено / svativskyi is taken again\n");
    expect(streamEvents(volynska, "witness:volynska").map((e) => e.type)).toEqual(["SplitViewDetected", "SplitViewLifted"]);
    expect((await push(volynska, tokenV, forkB, forkB.events.slice(6), noteOf(forkB))).status).toBe(200);

    // The other fork pushed to luhanska, which holds fork A: another history under the origin's own signature.
    const pushedFork = await push(luhanska, tokenL, forkB, forkB.events.slice(0, 6), noteOf(forkB, 6));
    expect([pushedFork.status, pushedFork.body.code, pushedFork.body.heldSize, pushedFork.body.presentedSize]).toEqual([409, "SplitView", 6, 6]);
    const atL = (await api<SplitViewList>(luhanska, "GET", "/federation/v1/split-views")).body.views;
    expect(atL.map((v) => [v.origin, v.source])).toEqual([["svativskyi", "push"]]);
    expect(streamEvents(luhanska, "witness:luhanska").map((e) => e.type)).toEqual(["SplitViewDetected"]);
    // Even fork A's own next batch is refused now.
    record(forkA, 1);
    expect((await push(luhanska, tokenL, forkA, forkA.events.slice(6), noteOf(forkA))).status).toBe(409);
  }, 120_000);

  it("a log re-chained and re-signed with its own key after the witness saw it: the witness refuses to cosign and records it", async () => {
    const origin = makeOrigin("starobilskyi");
    record(origin, 5);
    // volynska knows the origin's key (enrolled) but holds none of its events: it checks by consistency proofs alone.
    await enroll(volynska, origin);
    const first = await askWitness(volynska, noteOf(origin));
    expect(first.status).toBe(200);
    // The line is volynska's tlog-cosignature/v1 over the origin's checkpoint body, under volynska's key.
    expect(first.body.size).toBe(5);
    expect(String(first.body.cosignature)).toMatch(/^— planledger\/volynska [A-Za-z0-9+/=]+\n$/);
    const body = `${noteOf(origin).split("\n\n")[0]}\n`;
    expect(verifyCosignatureLine(String(first.body.cosignature), body, "volynska", parentKeys.get("volynska") as string)).toBeGreaterThan(1_700_000_000);
    expect(verifyCosignatureLine(String(first.body.cosignature), body, "volynska", origin.publicKey)).toBeNull();

    // The log grows: cosigned again with the consistency proof from 5.
    record(origin, 3);
    const grown = await askWitness(volynska, noteOf(origin), Either.getOrThrow(treeOf(origin.events).consistencyProof(5, 8)));
    expect([grown.status, grown.body.size]).toEqual([200, 8]);
    // Without a proof, a larger size is refused, saying where the proof must start.
    record(origin, 1);
    const noProof = await askWitness(volynska, noteOf(origin));
    expect([noProof.status, noProof.body.code, noProof.body.reasonCode, noProof.body.fromSize]).toEqual([422, "WitnessRefused", "ConsistencyProofRequired", 8]);

    // The origin rewrites its log from seq 3 on, re-chains it and re-signs it with its own key: a well-formed log.
    const rewritten: TestOrigin = { ...origin, events: origin.events.slice(0, 2) };
    record(rewritten, 8, "переписано");
    const rewrittenProof = Either.getOrThrow(treeOf(rewritten.events).consistencyProof(8, 10));
    const refused = await askWitness(volynska, noteOf(rewritten), rewrittenProof);
    expect([refused.status, refused.body.code, refused.body.origin, refused.body.heldSize, refused.body.presentedSize]).toEqual([409, "SplitView", "starobilskyi", 8, 10]);
    const splits = async () => (await api<SplitViewList>(volynska, "GET", "/federation/v1/split-views")).body.views.filter((v) => v.origin === "starobilskyi");
    const [split] = await splits();
    expect(split?.evidence.presented.note).toBe(noteOf(rewritten));
    expect(split?.evidence.held.note).toBe(noteOf(origin, 8));
    // A failed proof could be anyone's: recorded and refused, but it does not stop the origin by itself.
    expect(split?.conclusive).toBe(false);
    const detected = () =>
      streamEvents(volynska, "witness:volynska").filter((e) => e.type === "SplitViewDetected" && (e.data as { origin: string }).origin === "starobilskyi");
    expect(detected()).toHaveLength(1);
    // Brought again, the same head is refused again and not recorded twice.
    expect((await askWitness(volynska, noteOf(rewritten), rewrittenProof)).status).toBe(409);
    expect(detected()).toHaveLength(1);
    // The rewritten log at the size already cosigned: two heads of one size signed by the origin — proof by itself.
    const sameSize = await askWitness(volynska, noteOf(rewritten, 8));
    expect([sameSize.status, sameSize.body.code, sameSize.body.heldSize, sameSize.body.presentedSize]).toEqual([409, "SplitView", 8, 8]);
    expect((await splits()).map((v) => v.conclusive)).toEqual([false, true]);
    expect(detected()).toHaveLength(2);
    // The origin is stopped now: even its consistent next head is refused until an admin acts.
    expect((await askWitness(volynska, noteOf(origin), Either.getOrThrow(treeOf(origin.events).consistencyProof(8, 9)))).status).toBe(409);
  }, 60_000);

});
