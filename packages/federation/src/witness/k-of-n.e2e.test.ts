import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ed25519CosignatureVerifier,
  ed25519NoteVerifier,
  openTlogCheckpoint,
  readNodeDatabase,
  readNodeKey,
  tlogOrigin,
} from "@planledger/event-store";
import { Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditWitnesses } from "../audit/witness-audit.js";
import { api, type NodeProcess, repoRoot, startNodeProcess } from "../testing/node-process.js";
import { tempDir } from "../testing/test-nodes.js";

let temp: ReturnType<typeof tempDir>;
let luhanska: NodeProcess;
let volynska: NodeProcess;
let district: NodeProcess;

const keyOf = (node: NodeProcess): string => readNodeKey(`${node.dbPath}.key`).publicKey;

beforeAll(async () => {
  temp = tempDir();
  [luhanska, volynska, district] = await Promise.all([
    startNodeProcess(temp.dir, { nodeId: "luhanska", level: "oblast" }),
    startNodeProcess(temp.dir, { nodeId: "volynska", level: "oblast" }),
    startNodeProcess(temp.dir, { nodeId: "novopskovskyi", level: "district" }),
  ]);
  const invitation = await api<{ token: string }>(luhanska, "POST", "/federation/v1/invitations", { nodeId: "novopskovskyi", level: "district" });
  expect((await api(district, "POST", "/federation/v1/join", { parentUrl: luhanska.url, token: invitation.body.token })).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await Promise.all([luhanska?.kill(), volynska?.kill(), district?.kill()]);
  temp?.remove();
});

type Round = { witnessed: boolean; cosigned: number; quorum: number; size: number; results: Array<{ witness: string; outcome: string }> };
type Cosigned = { treeSize: number; note: string; cosignatures: Array<{ witness: string }> };

const adopt = async (file: string) =>
  expect((await api(district, "POST", "/api/v1/plans", readFileSync(join(repoRoot, "fixtures/plans", file), "utf8"))).status).toBe(201);

describe("k of n named witnesses", () => {
  it("the parent and a sibling oblast both cosign the district's checkpoint; with k = 2 it counts as witnessed", async () => {
    // Only the parent by default.
    const byDefault = await api<{ quorum: number; witnesses: Array<{ nodeId: string }> }>(district, "GET", "/federation/v1/witnesses");
    expect([byDefault.body.quorum, byDefault.body.witnesses.map((w) => w.nodeId)]).toEqual([1, ["luhanska"]]);
    // k greater than the witnesses named (and the parent) is refused, saying so.
    const tooMany = await api<{ code: string; errors: Array<{ message: string }> }>(district, "POST", "/federation/v1/witnesses", {
      quorum: 3,
      witnesses: [{ nodeId: "volynska", publicKey: keyOf(volynska), url: volynska.url }],
    });
    expect([tooMany.status, tooMany.body.code]).toEqual([400, "ParseError"]);
    // The district names volynska, k = 2; volynska agrees to witness for the district's log (its key, given by its admin).
    const policy = await api<{ quorum: number; witnesses: Array<{ nodeId: string }> }>(district, "POST", "/federation/v1/witnesses", {
      quorum: 2,
      witnesses: [{ nodeId: "volynska", publicKey: keyOf(volynska), url: volynska.url }],
    });
    expect([policy.status, policy.body.quorum, policy.body.witnesses.map((w) => w.nodeId)]).toEqual([200, 2, ["luhanska", "volynska"]]);
    expect((await api(volynska, "POST", "/federation/v1/witness/logs", { nodeId: "novopskovskyi", publicKey: keyOf(district) })).status).toBe(200);

    await adopt("002_d9322476a2055758.txt");
    // One sync round: the push (the parent cosigns) and then the named witnesses are asked.
    expect((await api<{ error: string | null }>(district, "POST", "/federation/v1/sync")).body.error).toBeNull();
    const first = (await api<Cosigned>(district, "GET", "/federation/v1/checkpoint?origin=novopskovskyi")).body;
    // The checkpoint is the district's own at its head; the parent's and the sibling's lines are under it.
    expect(first.cosignatures.map((c) => c.witness).sort()).toEqual(["luhanska", "volynska"]);
    const opened = openTlogCheckpoint(first.note, {
      log: ed25519NoteVerifier(tlogOrigin("novopskovskyi"), keyOf(district)),
      cosigners: [ed25519CosignatureVerifier(tlogOrigin("luhanska"), keyOf(luhanska)), ed25519CosignatureVerifier(tlogOrigin("volynska"), keyOf(volynska))],
    });
    expect(Either.isRight(opened) && opened.right.cosignatures.map((c) => c.name).sort()).toEqual(["planledger/luhanska", "planledger/volynska"]);

    const asked = await api<Round>(district, "POST", "/federation/v1/witnesses/ask");
    expect([asked.body.witnessed, asked.body.cosigned, asked.body.quorum, asked.body.size]).toEqual([true, 2, 2, first.treeSize]);

    // The log grows: the next round brings the sibling a consistency proof from the size it cosigned, and it cosigns again.
    await adopt("000_9d8a7f6d078db2f4.txt");
    expect((await api<{ error: string | null }>(district, "POST", "/federation/v1/sync")).body.error).toBeNull();
    const second = (await api<Cosigned>(district, "GET", "/federation/v1/checkpoint?origin=novopskovskyi")).body;
    expect(second.treeSize).toBeGreaterThan(first.treeSize);
    expect(second.cosignatures.map((c) => c.witness).sort()).toEqual(["luhanska", "volynska"]);
    // The node API's own checkpoint (what an outside transparency client reads) carries the same lines.
    const viaApi = await api<{ note: string; treeSize: number }>(district, "GET", `/api/v1/checkpoint?size=${second.treeSize}`);
    expect([viaApi.status, viaApi.body.note]).toEqual([200, second.note]);
    // volynska keeps the district's note and its cosignature, and serves them.
    const atSibling = (await api<Cosigned>(volynska, "GET", "/federation/v1/checkpoint?origin=novopskovskyi")).body;
    expect([atSibling.treeSize, atSibling.cosignatures.map((c) => c.witness)]).toEqual([second.treeSize, ["volynska"]]);

    // `audit verify`'s witness part counts k of n over the district's file.
    const audit = readNodeDatabase(district.dbPath, ({ sqlite }) => auditWitnesses(sqlite));
    expect(audit._tag).toBe("Read");
    if (audit._tag === "Read") {
      expect(audit.value.findings).toEqual([]);
      expect(audit.value.quorum).toMatchObject({ quorum: 2, witnesses: ["luhanska", "volynska"], witnessedSize: second.treeSize });
      expect([...(audit.value.quorum?.cosignedBy ?? [])].sort()).toEqual(["luhanska", "volynska"]);
    }
  }, 180_000);
});
