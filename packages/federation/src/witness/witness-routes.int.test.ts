import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { federationHandler } from "../http/federation-handler.js";
import { openTestNode, type TestNode, tempDir } from "../testing/test-nodes.js";

let temp: ReturnType<typeof tempDir>;
let oblast: TestNode;

beforeEach(async () => {
  temp = tempDir();
  oblast = await openTestNode(temp.dir, "luhanska", "oblast");
  await oblast.record(3);
});

afterEach(async () => {
  await oblast.close();
  temp.remove();
});

const ADMIN = "admin-secret";

describe("the witness routes with input nobody should send", () => {
  const handler = () => federationHandler(oblast.node, { isAdmin: (r) => r.headers.get("authorization") === `Bearer ${ADMIN}` });
  const post = (path: string, body: unknown, admin = false) =>
    handler()(
      new Request(`http://luhanska/federation/v1${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(admin ? { authorization: `Bearer ${ADMIN}` } : {}) },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
  const get = (path: string, admin = false) =>
    handler()(new Request(`http://luhanska/federation/v1${path}`, { headers: admin ? { authorization: `Bearer ${ADMIN}` } : {} }));

  it("answers a problem naming the reason, never a 5xx", async () => {
    const notes = [
      "",
      "x",
      "planledger/luhanska\n3\nAAAA\n\n— planledger/luhanska AAAA\n",
      "planledger/nobody\n1\nWhxaHFocWhxaHFocWhxaHFocWhxaHFocWhxaHFocWhw=\n\n— planledger/nobody AAAAAAAA\n",
      "planledger/a b\n1\nWhxaHFocWhxaHFocWhxaHFocWhxaHFocWhxaHFocWhw=\n\n— x AAAAAAAA\n",
      "planledger/luhanska\n99999999999999999999\nWhxaHFocWhxaHFocWhxaHFocWhxaHFocWhxaHFocWhw=\n\n— planledger/luhanska AAAAAAAA\n",
      "\u0000\n\n— \n",
    ];
    const answers = [];
    for (const note of notes) answers.push((await post("/witness", { _tag: "WitnessRequest", note, proof: [] })).status);
    answers.push((await post("/witness", { _tag: "WitnessRequest", note: notes[2], proof: ["zz"] })).status);
    answers.push((await post("/witness", "{")).status);
    expect(answers).toEqual([400, 422, 422, 422, 422, 422, 422, 400, 400]);
    const unknown = (await (await post("/witness", { _tag: "WitnessRequest", note: notes[3] })).json()) as Record<string, unknown>;
    expect([unknown.code, unknown.reasonCode]).toEqual(["WitnessRefused", "UnknownOrigin"]);
    expect(String(unknown.detail)).toMatch(/^ключа вузла nobody тут немає \/ no public key of nobody is held here$/);
    const statuses = [
      (await get("/checkpoint")).status,
      (await get("/checkpoint?origin=nobody")).status,
      (await get("/checkpoint?origin=luhanska&size=9999999999999999")).status,
      (await get("/checkpoint?origin=luhanska&size=0")).status,
      (await get("/checkpoint?origin=luhanska")).status,
      (await get("/split-views")).status,
      (await post("/split-views/lift", { origin: "x", reason: "" }, true)).status,
      (await post("/witnesses", { quorum: 0, witnesses: [] }, true)).status,
      (await post("/witness/logs", { nodeId: "luhanska", publicKey: "M".repeat(44) }, true)).status,
      (await post("/witnesses/ask", {}, true)).status,
    ];
    expect(statuses).toEqual([400, 404, 404, 400, 200, 401, 400, 400, 403, 409]);
    // Its own log's checkpoint, at its head, as a signed note.
    const own = (await (await get("/checkpoint?origin=luhanska")).json()) as { treeSize: number; note: string; cosignatures: unknown[] };
    expect([own.treeSize, own.note.startsWith("planledger/luhanska\n3\n"), own.cosignatures]).toEqual([3, true, []]);
  });
});
