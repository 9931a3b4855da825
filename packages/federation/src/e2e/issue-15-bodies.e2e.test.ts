/**
 * Issue #15 at a real `planledger serve` process. Finding 1: bodies refused from their declared length before they
 * are read, on the routes with no credential (enroll) and behind the admin's (invitations, join) as on the API.
 * "Deep payloads inside valid batches": a push whose batch is well formed, hashed, chained and signed
 * by an enrolled child — except that one event's payload carries what the node's own API refuses at its door
 * (nesting 10,000 deep, a number that parses to Infinity, NUL, a lone surrogate). The oblast is a real
 * `planledger serve` process; the child is this test, holding its own Ed25519 key, so it can sign anything.
 * Each such batch must be refused with a problem naming the event and its `data`, Ukrainian first, nothing of the
 * batch stored (the oblast's cursor for the child and its event count unchanged), and the oblast must go on
 * taking the child's next valid batch.
 */
import { request } from "node:http";
import { canonicalJson, generateNodeKey, signCheckpoint } from "@planledger/event-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Checkpoint, ReplicatedEvent } from "../protocol/replicated-event.js";
import { toWireTuple } from "../protocol/wire-events.js";
import { api, type NodeProcess, startNodeProcess } from "../testing/node-process.js";
import { tempDir } from "../testing/test-nodes.js";
import { liveChainCrypto } from "../verify/live-chain-crypto.js";

const CHILD = "markivska";
const key = generateNodeKey();
/** The child's log as this test has pushed it so far (what the oblast must hold). */
const log: ReplicatedEvent[] = [];

let temp: ReturnType<typeof tempDir>;
let oblast: NodeProcess;
let credential = "";

/** Events after `from` (the child's log so far), chained and hashed as the event store does, one per data text. */
const chain = (from: ReadonlyArray<ReplicatedEvent>, dataTexts: ReadonlyArray<string>): ReplicatedEvent[] => {
  const out: ReplicatedEvent[] = [];
  for (const dataJson of dataTexts) {
    const prev = out[out.length - 1] ?? from[from.length - 1];
    const seq = (prev?.seq ?? 0) + 1;
    const draft: ReplicatedEvent = {
      eventId: `${CHILD}-deep-${seq}`,
      origin: CHILD,
      seq,
      stream: `report:${CHILD}.7.2025-01-10.2025-q${seq % 4 === 0 ? 4 : seq % 4}-${seq}`,
      streamVersion: 1,
      type: "ProgressRecorded",
      dataJson,
      actor: "reporter@markivska",
      recordedAt: new Date(Date.UTC(2025, 3, 1, 0, 0, seq)).toISOString(),
      causationId: null,
      correlationId: null,
      prevHash: prev?.hash ?? liveChainCrypto.genesisHash,
      hash: "",
    };
    out.push({ ...draft, hash: liveChainCrypto.hashOf(draft) });
  }
  return out;
};

const checkpointAt = (last: ReplicatedEvent): Checkpoint =>
  signCheckpoint(key.privateKey, { origin: CHILD, seq: last.seq, hash: last.hash, signedAt: new Date().toISOString() });

const progress = (narrative: string, value = 3): string =>
  canonicalJson({ measureId: `${CHILD}.7.2025-01-10.s1.t1.m1`, status: "inProgress", actuals: [{ value, unit: "осіб" }], spent: [], narrative });

/** Stands in the body for a value too deep for `JSON.stringify` (whose recursion overflows the stack), spliced in after. */
const DEEP = "\u0001deep";

/**
 * POSTs a push as the enrolled child; `events` are wire arrays (an event's values may be replaced to misbehave).
 * A value equal to {@link DEEP} is sent as arrays nested `deep` levels.
 */
const push = async (events: ReadonlyArray<unknown>, checkpoint: Checkpoint, deep = 0) => {
  const body = JSON.stringify({ _tag: "PushBatch", sender: CHILD, origin: CHILD, events, checkpoint, members: [] });
  const res = await fetch(`${oblast.url}/federation/v1/push`, {
    method: "POST",
    headers: { authorization: `Bearer ${credential}`, "content-type": "application/json" },
    body: deep === 0 ? body : body.replace(JSON.stringify(DEEP), `${"[".repeat(deep)}${"]".repeat(deep)}`),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), body: JSON.parse(text) as Record<string, unknown>, text };
};

/** What the oblast holds: its event count (/health) and how far it holds the child's log (its cursors answer). */
const held = async () => {
  const health = await api<{ events: number }>(oblast, "GET", "/health");
  expect(health.status).toBe(200);
  const res = await fetch(`${oblast.url}/federation/v1/cursors`, { headers: { authorization: `Bearer ${credential}` } });
  expect(res.status).toBe(200);
  const { cursors } = (await res.json()) as { cursors: { origin: string; seq: number; hash: string | null }[] };
  return { events: health.body.events, child: cursors.find((c) => c.origin === CHILD) };
};

beforeAll(async () => {
  temp = tempDir();
  oblast = await startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" });
  const invitation = await api<{ token: string }>(oblast, "POST", "/federation/v1/invitations", { nodeId: CHILD, level: "district" });
  expect(invitation.status).toBe(201);
  credential = invitation.body.token;
  const enrolled = await api(oblast, "POST", "/federation/v1/enroll", {
    _tag: "EnrollRequest",
    child: { nodeId: CHILD, level: "district", publicKey: key.publicKey },
    token: credential,
  });
  expect(enrolled.status).toBe(200);
  // Two good events first: the oblast takes this child's well-signed batches, so a refusal below is about the payload.
  const first = chain(log, [progress("Триває."), progress("Триває далі.")]);
  const accepted = await push(first.map(toWireTuple), checkpointAt(first[1] as ReplicatedEvent));
  expect([accepted.status, accepted.body._tag, accepted.body.stored]).toEqual([200, "PushAccepted", 2]);
  log.push(...first);
}, 120_000);

afterAll(async () => {
  await oblast?.kill();
  temp?.remove();
});

/**
 * Pushes [good, bad, good] after the log so far and checks the refusal: status, a problem whose title reads
 * Ukrainian then English, `errors` naming `events.1.…` (the bad event) with its `data` slot, and nothing stored;
 * then the same two good events without the bad one are taken, so the node is answering and not stuck.
 */
const refusedBatch = async (badBatch: () => { wire: unknown[]; last: ReplicatedEvent; deep?: number }) => {
  const before = await held();
  expect(before.child).toMatchObject({ seq: log.length, hash: log[log.length - 1]?.hash });
  const { wire, last, deep } = badBatch();
  const answer = await push(wire, checkpointAt(last), deep);
  const after = await held();
  expect(after).toEqual(before);
  // Taken once the bad event is gone: the chain goes on from what the oblast holds.
  const clean = chain(log, [progress("Виправлено.")]);
  const retried = await push(clean.map(toWireTuple), checkpointAt(clean[0] as ReplicatedEvent));
  expect([retried.status, retried.body.stored]).toEqual([200, 1]);
  log.push(...clean);
  expect((await held()).events).toBe(before.events + 1);
  return answer;
};

/** The bad event sits in the middle of three, its data text as given, hashed and signed like the others. */
const withBadText = (badText: string) => () => {
  const events = chain(log, [progress("До поганої події."), badText, progress("Після поганої події.")]);
  return { wire: events.map(toWireTuple), last: events[2] as ReplicatedEvent };
};

const expectNamesData = (answer: Awaited<ReturnType<typeof push>>) => {
  expect([400, 413, 422]).toContain(answer.status);
  expect(answer.type).toBe("application/problem+json");
  expect(answer.body.title).toMatch(/^[А-ЯІЇЄҐа-яіїєґ'’ ,()-]+ \/ [A-Za-z]/);
  const errors = answer.body.errors as { path: string; message: string }[] | undefined;
  expect(errors?.[0]?.path, answer.text.slice(0, 400)).toBe("events.1.12");
  expect(errors?.[0]?.message).toMatch(/data/);
  return errors?.[0]?.message ?? "";
};

describe("a valid batch with one event's payload that the API would refuse", { timeout: 60_000 }, () => {
  it("data nested 10,000 deep (as its JSON text) → 400 naming events.1 data; nothing stored; the next batch taken", async () => {
    const answer = await refusedBatch(withBadText(`{"measureId":${"[".repeat(10_000)}${"]".repeat(10_000)}}`));
    expectNamesData(answer);
  });

  it("data nested 10,000 deep as a value in the event's data slot → 400 naming events.1 data, not a dropped connection", async () => {
    const answer = await refusedBatch(() => {
      const events = chain(log, [progress("До поганої події."), progress("замінено"), progress("Після поганої події.")]);
      const wire = events.map(toWireTuple) as unknown[][];
      (wire[1] as unknown[])[12] = DEEP;
      return { wire, last: events[2] as ReplicatedEvent, deep: 10_000 };
    });
    expectNamesData(answer);
  });

  it("a number literal that parses to Infinity (1e400) in data → refused naming events.1 data", async () => {
    const text = progress("Число.", 7).replace('"value":7', '"value":1e400');
    expect(text).toContain("1e400");
    const message = expectNamesData(await refusedBatch(withBadText(text)));
    expect(message).toMatch(/скінчен|finite/);
  });

  it("NUL in data (as \\u0000 in its JSON text) → refused naming events.1 data", async () => {
    const text = progress("Рядок\u0000обірвано.");
    expect(text).toContain("\\u0000");
    const message = expectNamesData(await refusedBatch(withBadText(text)));
    expect(message).toMatch(/NUL/);
  });

  it("a lone surrogate in data (as \\ud800 in its JSON text) → refused naming events.1 data", async () => {
    const text = progress("Зламаний \ud800 символ.");
    expect(text).toContain("\\ud800");
    const message = expectNamesData(await refusedBatch(withBadText(text)));
    expect(message).toMatch(/сурогат|surrogate/);
  });

  it("holds every good event pushed: the oblast's cursor is the child's head", async () => {
    expect(log.length).toBe(7);
    expect((await held()).child).toMatchObject({ seq: 7, hash: log[6]?.hash });
  });
});

/**
 * Sends only the head of a request that declares `declared` bytes (and 16 of them), and resolves with the answer's
 * status and problem once it comes — which it must while the rest has not been sent.
 */
const declaredOnly = (path: string, declared: number, token?: string) =>
  new Promise<{ status: number; body: Record<string, unknown>; ms: number }>((resolve, reject) => {
    const started = Date.now();
    const req = request(
      `${oblast.url}${path}`,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(declared), ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        res.once("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown>, ms: Date.now() - started });
        });
      },
    );
    req.on("error", () => undefined);
    setTimeout(() => {
      req.destroy();
      reject(new Error(`${path}: no answer to a declared ${declared} bytes within 10 s`));
    }, 10_000).unref();
    req.write('{"_tag":"Enroll"');
  });

describe("finding 1: bodies refused from their declared length, before they are read", { timeout: 60_000 }, () => {
  it("a declared 100 MiB → 413 at once on enroll (no credential), invitations and join (admin) and the API", async () => {
    const before = await held();
    for (const [path, token, limit] of [
      ["/federation/v1/enroll", undefined, 64 * 1024],
      ["/federation/v1/invitations", oblast.adminToken, 64 * 1024],
      ["/federation/v1/join", oblast.adminToken, 64 * 1024],
      ["/api/v1/plans", oblast.adminToken, 1024 * 1024],
    ] as const) {
      const answer = await declaredOnly(path, 100 * 1024 * 1024, token);
      expect([path, answer.status, answer.body.code, answer.body.maxBytes]).toEqual([path, 413, "PayloadTooLarge", limit]);
      expect(answer.body.title).toMatch(/^Завеликий запит \/ /);
    }
    expect(await held()).toEqual(before);
  });

  it("invitations and join, behind the admin's token, read at most 64 KiB as enroll does (200 KB → 413)", async () => {
    for (const path of ["/federation/v1/invitations", "/federation/v1/join"]) {
      const res = await api<{ code: string; maxBytes: number }>(oblast, "POST", path, { nodeId: "x", level: "district", pad: "ж".repeat(100_000) });
      expect([path, res.status, res.body.code, res.body.maxBytes]).toEqual([path, 413, "PayloadTooLarge", 64 * 1024]);
    }
    expect((await api(oblast, "GET", "/health")).status).toBe(200);
  });
});
